using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Account;

/// <summary>The second sign-in step with one of the account's recovery codes instead of the authenticator; each code works once.</summary>
[EnableRateLimiting("login")]
public sealed class LoginWithRecoveryCodeModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AppDbContext db) : PageModel
{
    [BindProperty]
    public RecoveryInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Pending { get; private set; }

    public async Task OnGetAsync() => Pending = await signIn.GetTwoFactorAuthenticationUserAsync() is not null;

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null || user.IsDisabled)
        {
            ModelState.AddModelError("", LoginWith2faModel.Expired);
            return Page();
        }
        Pending = true;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // Identity's recovery-code sign-in neither checks nor counts toward the lockout: both are done here.
        if (await users.IsLockedOutAsync(user))
        {
            SignInAudit.Failed(db, user, SignInAudit.RecoveryCode, "账号已锁定");
            await db.SaveChangesAsync();
            ModelState.AddModelError("", LoginWith2faModel.LockedOut);
            return Page();
        }
        var code = Input.RecoveryCode!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            SignInAudit.Succeeded(db, user, SignInAudit.RecoveryCode,
                new { user.UserName, Method = SignInAudit.RecoveryCode, RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user) });
            await db.SaveChangesAsync();
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        await users.AccessFailedAsync(user);
        if (await users.IsLockedOutAsync(user))
        {
            SignInAudit.Failed(db, user, SignInAudit.RecoveryCode, "账号已锁定");
            ModelState.AddModelError("", LoginWith2faModel.LockedOut);
        }
        else
        {
            SignInAudit.Failed(db, user, SignInAudit.RecoveryCode, "恢复码无效或已使用");
            ModelState.AddModelError("Input.RecoveryCode", "恢复码无效或已使用。");
        }
        await db.SaveChangesAsync();
        return Page();
    }

    public sealed class RecoveryInput
    {
        [Display(Name = "恢复码")]
        [Required(ErrorMessage = "请填写一个恢复码")]
        [StringLength(32, ErrorMessage = "恢复码过长")]
        public string? RecoveryCode { get; set; }
    }
}
