using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>The organization reads its site-visit opinion summaries (4.6.4–4.6.6) once the Office released them, and only its own.</summary>
[Authorize(Roles = Roles.Organization)]
public sealed class OpinionMineModel(AppDbContext db, OpinionWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    public string ProgrammeTitle { get; private set; } = "";
    public IReadOnlyList<OpinionView> Released { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var organizationId = ResourceAccess.OrganizationOf(User);
        var title = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && c.OrganizationId == organizationId)
            .Select(c => c.Programme!.Title).FirstOrDefaultAsync(ct);
        if (title is null || organizationId is null)
        {
            return NotFound();
        }
        ProgrammeTitle = title;
        Released = await work.ReleasedAsync(ProgrammeId, organizationId.Value, ct);
        return Page();
    }
}
