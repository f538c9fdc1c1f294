using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Applications;

/// <summary>An organization's users; its administrator invites colleagues.</summary>
[Authorize(Policy = PlatformSetup.OrganizationPolicy)]
public sealed class MembersModel(AppDbContext db, UserManager<AppUser> users, TimeProvider clock) : PageModel
{
    [BindProperty]
    public InviteInput Input { get; set; } = new();

    public IReadOnlyList<AppUser> Members { get; private set; } = [];
    public bool IsAdmin { get; private set; }
    public string? CreatedUserName { get; private set; }
    public string? CreatedPassword { get; private set; }

    private Guid OrganizationId => ResourceAccess.OrganizationOf(User) ?? Guid.Empty;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!IsAdmin)
        {
            return Forbid();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var password = AdminBootstrap.GeneratePassword();
        var user = new AppUser
        {
            UserName = Input.UserName!.Trim(), DisplayName = Input.DisplayName!.Trim(), Email = Input.Email?.Trim(),
            OrganizationId = OrganizationId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError(e.Code.Contains("UserName", StringComparison.Ordinal) ? "Input.UserName" : "", e.Description);
            }
            return Page();
        }
        await users.AddToRoleAsync(user, Roles.Organization);
        (CreatedUserName, CreatedPassword) = (user.UserName, password);
        ModelState.Clear();
        Input = new InviteInput();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Members = await db.Users.AsNoTracking().Where(u => u.OrganizationId == OrganizationId).OrderByDescending(u => u.IsOrganizationAdmin).ThenBy(u => u.UserName).ToListAsync(ct);
        IsAdmin = Members.Any(m => m.UserName == User.Identity?.Name && m.IsOrganizationAdmin);
    }

    public sealed class InviteInput
    {
        [Display(Name = "用户名")]
        [Required(ErrorMessage = "请填写用户名")]
        [RegularExpression(@"^[A-Za-z0-9._@\-]{3,64}$", ErrorMessage = "用户名为3至64位字母、数字或 . _ @ -")]
        public string? UserName { get; set; }

        [Display(Name = "姓名")]
        [Required(ErrorMessage = "请填写姓名")]
        [StringLength(100, ErrorMessage = "姓名不能超过100个字")]
        public string? DisplayName { get; set; }

        [Display(Name = "电子邮件")]
        [EmailAddress(ErrorMessage = "电子邮件格式不正确")]
        [StringLength(256, ErrorMessage = "电子邮件过长")]
        public string? Email { get; set; }
    }
}
