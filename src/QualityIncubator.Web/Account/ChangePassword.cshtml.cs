using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Notifications;

namespace QualityIncubator.Web.Account;

public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AppDbContext db, Notifier notifier) : PageModel
{
    [BindProperty]
    public ChangePasswordInput Input { get; set; } = new();

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
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var result = await users.ChangePasswordAsync(user, Input.OldPassword!, Input.NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "Input.OldPassword" : "Input.NewPassword", error.Description);
            }
            return Page();
        }
        db.Audit(AuditActions.PasswordChanged, nameof(AppUser), user.Id);
        notifier.QueueAccountNotice(user, "修改了登录密码");
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        Message = "密码已修改。";
        return RedirectToPage();
    }

    public sealed class ChangePasswordInput
    {
        [Display(Name = "当前密码")]
        [Required(ErrorMessage = "请填写当前密码")]
        public string? OldPassword { get; set; }

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
