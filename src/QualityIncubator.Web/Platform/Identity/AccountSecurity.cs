using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Platform.Identity;

/// <summary>The <c>Security</c> section of the configuration.</summary>
public sealed class SecurityOptions
{
    /// <summary>How long an emailed password-reset link stays valid.</summary>
    public int PasswordResetMinutes { get; set; } = 60;

    /// <summary>When true, an Office user without two-factor authentication can do nothing but set it up.</summary>
    public bool RequireTwoFactorForOffice { get; set; }

    /// <summary>
    /// The site's public origin (<c>https://host[:port]</c>) for links in emails. Empty: taken from the request, which is only safe
    /// when the proxy or <c>AllowedHosts</c> fixes the Host header.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>At most this many reset emails per account and hour, so the form cannot be used to flood someone's mailbox.</summary>
    public int PasswordResetEmailsPerHour { get; set; } = 3;

    /// <summary>
    /// The "忘记密码" form answers no sooner than this after the request arrived, whether the account exists or not: an existing one
    /// costs a token and an email besides the look-up, and the difference would tell an account that exists from one that does not.
    /// </summary>
    public int ForgotPasswordAnswerMilliseconds { get; set; } = 500;

    public TimeSpan PasswordResetLifespan => TimeSpan.FromMinutes(Math.Max(1, PasswordResetMinutes));
}

/// <summary>
/// <c>Security:RequireTwoFactorForOffice</c>: an Office user signed in without two-factor authentication is sent to the set-up page
/// (pages) or refused (API) until it is enabled.
/// </summary>
public static class TwoFactorRequirement
{
    public const string SetupPage = "/Account/TwoFactor";

    // What such a user may still reach: the set-up page itself, signing out, and the pages every visitor sees.
    private static readonly string[] Open =
    [
        SetupPage, "/Account/Logout", "/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/AccessDenied",
        "/Account/ForgotPassword", "/Account/ResetPassword", "/Error", "/healthz", "/api/v1/antiforgery",
    ];

    public static IApplicationBuilder UseTwoFactorRequirement(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.IsInRole(Roles.Office)
            && context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.RequireTwoFactorForOffice
            && !Open.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && !await HasTwoFactorAsync(context))
        {
            if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"))
            {
                await Results.Problem(title: "区评审办账号须先启用双重验证", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            }
            else
            {
                context.Response.Redirect(SetupPage);
            }
            return;
        }
        await next(context);
    });

    private static async Task<bool> HasTwoFactorAsync(HttpContext context)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var db = context.RequestServices.GetRequiredService<AppDbContext>();
        return await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).FirstOrDefaultAsync(context.RequestAborted);
    }
}
