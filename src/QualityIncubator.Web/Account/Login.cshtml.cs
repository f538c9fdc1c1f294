using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Account;

[EnableRateLimiting("login")]
public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AppDbContext db) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [TempData]
    public string? Message { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var userName = Input.UserName!.Trim();
        var user = await users.FindByNameAsync(userName);
        if (user is { IsDisabled: true })
        {
            await RecordFailureAsync(userName, "账号已停用");
            ModelState.AddModelError("", "该账号已停用，请联系区评审办。");
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(userName, Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            db.Audit(AuditActions.SignedIn, nameof(AppUser), user!.Id, null, new { user.UserName });
            await db.SaveChangesAsync();
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        if (result.RequiresTwoFactor)
        {
            // The password was right; the session starts only after the authenticator code (or a recovery code).
            return RedirectToPage("/Account/LoginWith2fa", new { ReturnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null });
        }
        if (result.IsLockedOut)
        {
            await RecordFailureAsync(userName, "账号已锁定");
            ModelState.AddModelError("", "连续登录失败次数过多，账号已被暂时锁定，请15分钟后再试。");
            return Page();
        }
        await RecordFailureAsync(userName, "用户名或密码错误");
        ModelState.AddModelError("", "用户名或密码错误。");
        return Page();
    }

    private async Task RecordFailureAsync(string userName, string reason)
    {
        db.Audit(AuditActions.SignInFailed, nameof(AppUser), null, null, new { UserName = userName.Length > 100 ? userName[..100] : userName, Reason = reason });
        await db.SaveChangesAsync();
    }

    public sealed class LoginInput
    {
        [Display(Name = "用户名")]
        [Required(ErrorMessage = "请填写用户名")]
        [StringLength(256, ErrorMessage = "用户名过长")]
        public string? UserName { get; set; }

        [Display(Name = "密码")]
        [Required(ErrorMessage = "请填写密码")]
        [StringLength(256, ErrorMessage = "密码过长")]
        public string? Password { get; set; }
    }
}
