using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace QualityIncubator.Web.Platform.Identity;

/// <summary>
/// Whether a session's security stamp is due for its check, decided as <see cref="SecurityStampValidator{TUser}"/> decides it: when the
/// cookie carries no issue time, or it was issued more than <see cref="SecurityStampValidatorOptions.ValidationInterval"/> ago.
/// Between checks the validator does nothing, but making it costs a SignInManager, a UserManager and a user store per request
/// (bench/README.md: 3–4 % of the application list's processor time), so the cookie's event asks this first.
/// </summary>
public static class SecurityStampCheck
{
    public static bool IsDue(CookieValidatePrincipalContext context)
    {
        if (context.Properties.IssuedUtc is not { } issued)
        {
            return true;
        }
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        return now - issued > options.ValidationInterval;
    }
}
