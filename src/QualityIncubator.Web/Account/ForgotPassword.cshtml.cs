using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Notifications;

namespace QualityIncubator.Web.Account;

/// <summary>
/// Asks for a password-reset link by email. The answer never tells whether the account exists (no account enumeration); the link
/// carries Identity's data-protection token, valid for <c>Security:PasswordResetMinutes</c> and only until the password changes. Nor does
/// its timing: the answer waits until <c>Security:ForgotPasswordAnswerMilliseconds</c> after the request, whatever was found.
/// </summary>
[EnableRateLimiting("login")]
public sealed class ForgotPasswordModel(UserManager<AppUser> users, AppDbContext db, Notifier notifier, IOptions<SecurityOptions> options, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ForgotInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public int Minutes => (int)options.Value.PasswordResetLifespan.TotalMinutes;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var arrived = Stopwatch.GetTimestamp();
        var identifier = Input.UserNameOrEmail!.Trim();
        var normalized = users.NormalizeName(identifier);
        // A user name, or an email address (several accounts may share one: each gets its own link).
        var accounts = await db.Users.Where(u => u.NormalizedUserName == normalized).ToListAsync(ct);
        if (accounts.Count == 0 && identifier.Contains('@', StringComparison.Ordinal))
        {
            var email = users.NormalizeEmail(identifier);
            accounts = await db.Users.Where(u => u.NormalizedEmail == email).OrderBy(u => u.UserName).Take(5).ToListAsync(ct);
        }
        var shown = identifier.Length > 100 ? identifier[..100] : identifier;
        if (accounts.Count == 0)
        {
            db.Audit(AuditActions.PasswordResetRequested, nameof(AppUser), null, null, new { Identifier = shown, Result = "账号不存在" });
        }
        foreach (var user in accounts)
        {
            var (sent, result) = await SendLinkAsync(user, ct);
            db.Audit(AuditActions.PasswordResetRequested, nameof(AppUser), user.Id, null, new { Identifier = shown, user.UserName, Sent = sent, Result = result });
        }
        await db.SaveChangesAsync(ct);
        // the same answer at the same moment for every identifier (wall time, not the app's clock: it is what a caller measures)
        // (a loop: a timer rounds to whole milliseconds and the coarse clock it runs on, and may fire a little early)
        var answerAt = TimeSpan.FromMilliseconds(options.Value.ForgotPasswordAnswerMilliseconds);
        for (var rest = answerAt - Stopwatch.GetElapsedTime(arrived); rest > TimeSpan.Zero; rest = answerAt - Stopwatch.GetElapsedTime(arrived))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(rest.TotalMilliseconds)), ct);
        }
        Message = $"如果该账号存在且登记了电子邮箱，重置密码的链接已发送到该邮箱，{Minutes}分钟内有效，只能使用一次。请查收邮件（也请查看垃圾邮件）。如未收到，请联系区评审办。";
        return RedirectToPage();
    }

    /// <summary>Queues the email when the account may reset its password; returns what happened, for the audit trail (never the token).</summary>
    private async Task<(bool Sent, string Result)> SendLinkAsync(AppUser user, CancellationToken ct)
    {
        if (user.IsDisabled)
        {
            return (false, "账号已停用，未发送");
        }
        if (string.IsNullOrWhiteSpace(user.Email))
        {
            return (false, "未登记电子邮箱，未发送");
        }
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var recent = await db.AuditEvents.CountAsync(a => a.Action == AuditActions.PasswordResetRequested && a.EntityType == nameof(AppUser)
            && a.EntityId == user.Id && a.OccurredAt >= since && a.After != null && a.After.Contains(SentMarker), ct);
        if (recent >= options.Value.PasswordResetEmailsPerHour)
        {
            return (false, "一小时内申请过多，未发送");
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var path = Url.Page("/Account/ResetPassword", pageHandler: null, values: new { u = user.Id, t = token })!;
        var origin = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? $"{Request.Scheme}://{Request.Host}" : options.Value.PublicBaseUrl.TrimEnd('/');
        notifier.QueueEmail(user.Email, "重置密码", $"""
            {user.DisplayName}，您好：

            有人（可能是您本人）申请重置松江区政府质量奖培育孵化平台账号“{user.UserName}”的密码。请在{Minutes}分钟内打开以下链接设置新密码，链接只能使用一次：

            {origin}{path}

            如果不是您本人申请，请忽略本邮件，您的密码不会改变；如多次收到此类邮件，请联系区评审办。
            """);
        return (true, "已发送重置邮件");
    }

    // How a request that sent an email reads in the audit event's JSON (user input there is a quoted string, so cannot fake it).
    private const string SentMarker = "\"Sent\":true";

    public sealed class ForgotInput
    {
        [Display(Name = "用户名或电子邮箱")]
        [Required(ErrorMessage = "请填写用户名或电子邮箱")]
        [StringLength(256, ErrorMessage = "用户名或电子邮箱过长")]
        public string? UserNameOrEmail { get; set; }
    }
}
