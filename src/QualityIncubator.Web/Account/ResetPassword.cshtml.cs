using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Account;

/// <summary>
/// Sets a new password from an emailed link (<c>?u={userId}&amp;t={token}</c>). Identity checks the token's age and the security stamp
/// it carries; the reset changes the stamp, so the link works once and every session of the account ends at its next stamp check.
/// </summary>
[EnableRateLimiting("login")]
public sealed class ResetPasswordModel(UserManager<AppUser> users, AppDbContext db) : PageModel
{
    public const string InvalidLink = "该重置链接无效、已使用或已过期，请重新申请。";

    [BindProperty(SupportsGet = true, Name = "u")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "t")]
    public string? Token { get; set; }

    [BindProperty]
    public ResetInput Input { get; set; } = new();

    /// <summary>Whether the link can still be used; the form is shown only then.</summary>
    public bool LinkValid { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync() => LinkValid = await FindUserAsync() is { } user && await IsTokenValidAsync(user);

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await FindUserAsync();
        if (user is null || !await IsTokenValidAsync(user))
        {
            ModelState.AddModelError("", InvalidLink);
            return Page();
        }
        LinkValid = true;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, Token!, Input.NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? "" : "Input.NewPassword", error.Description);
            }
            LinkValid = !result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
            return Page();
        }
        // Proving control of the mailbox also ends a lockout.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        var evt = db.Audit(AuditActions.PasswordReset, nameof(AppUser), user.Id, null, new { user.UserName });
        evt.ActorId = user.Id;
        evt.ActorName = $"{user.DisplayName}（{user.UserName}）";
        await db.SaveChangesAsync();
        Message = "密码已重置，请用新密码登录。";
        return RedirectToPage("/Account/Login");
    }

    private async Task<AppUser?> FindUserAsync() =>
        string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Token) || UserId.Length > 64 || Token.Length > 2048
            ? null
            : await users.FindByIdAsync(UserId) is { IsDisabled: false } user ? user : null;

    private Task<bool> IsTokenValidAsync(AppUser user) =>
        users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, Token!);

    public sealed class ResetInput
    {
        [Display(Name = "新密码")]
        [Required(ErrorMessage = "请填写新密码")]
        [StringLength(128, MinimumLength = 10, ErrorMessage = "新密码应为10至128个字符")]
        public string? NewPassword { get; set; }

        [Display(Name = "确认新密码")]
        [Required(ErrorMessage = "请再次填写新密码")]
        [Compare(nameof(NewPassword), ErrorMessage = "两次填写的新密码不一致")]
        public string? ConfirmPassword { get; set; }
    }
}
