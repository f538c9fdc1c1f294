using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Account;

public sealed class LogoutModel(SignInManager<AppUser> signIn, AppDbContext db) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        db.Audit(AuditActions.SignedOut, nameof(AppUser), User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
        await db.SaveChangesAsync();
        await signIn.SignOutAsync();
        return Redirect("/Account/Login");
    }
}
