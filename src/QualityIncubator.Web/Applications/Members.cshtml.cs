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
    public NewAccountInput Input { get; set; } = new();

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
        var (password, errors) = await NewAccounts.CreateAsync(db, users, Input, Roles.Organization, OrganizationId, clock.GetUtcNow().UtcDateTime);
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field, message);
        }
        if (password is null)
        {
            return Page();
        }
        (CreatedUserName, CreatedPassword) = (Input.UserName!.Trim(), password);
        ModelState.Clear();
        Input = new NewAccountInput();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Members = await db.Users.AsNoTracking().Where(u => u.OrganizationId == OrganizationId).OrderByDescending(u => u.IsOrganizationAdmin).ThenBy(u => u.UserName).ToListAsync(ct);
        IsAdmin = Members.Any(m => m.UserName == User.Identity?.Name && m.IsOrganizationAdmin);
    }
}
