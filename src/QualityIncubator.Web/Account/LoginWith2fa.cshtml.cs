using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Account;

/// <summary>The second sign-in step for an account with two-factor authentication: the authenticator app's 6-digit code.</summary>
[EnableRateLimiting("login")]
public sealed class LoginWith2faModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AppDbContext db) : PageModel
{
    public const string Expired = "登录已超时，请重新输入用户名和密码。";
    public const string LockedOut = "连续验证失败次数过多，账号已被暂时锁定，请15分钟后再试。";

    [BindProperty]
    public CodeInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>A password was accepted in this browser within the last minutes and waits for its second factor.</summary>
    public bool Pending { get; private set; }

    public async Task OnGetAsync() => Pending = await signIn.GetTwoFactorAuthenticationUserAsync() is not null;

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null || user.IsDisabled)
        {
            ModelState.AddModelError("", Expired);
            return Page();
        }
        Pending = true;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var code = Input.Code!.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        // A wrong code counts toward the lockout like a wrong password.
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            SignInAudit.Succeeded(db, user, SignInAudit.Authenticator);
            await db.SaveChangesAsync();
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        if (result.IsLockedOut || await users.IsLockedOutAsync(user))
        {
            SignInAudit.Failed(db, user, SignInAudit.Authenticator, "账号已锁定");
            ModelState.AddModelError("", LockedOut);
        }
        else
        {
            SignInAudit.Failed(db, user, SignInAudit.Authenticator, "动态验证码错误");
            ModelState.AddModelError("Input.Code", "验证码错误，请核对后重试（验证码每30秒更新一次）。");
        }
        await db.SaveChangesAsync();
        return Page();
    }

    public sealed class CodeInput
    {
        [Display(Name = "6位动态验证码")]
        [Required(ErrorMessage = "请填写身份验证器应用显示的6位验证码")]
        [RegularExpression(@"^\s*\d{3}[\s-]?\d{3}\s*$", ErrorMessage = "验证码应为6位数字")]
        public string? Code { get; set; }
    }
}
