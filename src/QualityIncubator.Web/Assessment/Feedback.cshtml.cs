using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Assessment;

/// <summary>The organization reads the experts' review of its self-evaluation (4.4.2) once the Office has released it, and only its own.</summary>
[Authorize(Roles = Roles.Organization)]
public sealed class FeedbackModel(AppDbContext db, ReviewWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    public string ProgrammeTitle { get; private set; } = "";

    /// <summary>The released consensus; null while the Office has not released it (nothing of the review is shown before).</summary>
    public ReviewConsensus? Review { get; private set; }

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
        var consensus = await work.ConsensusAsync(ProgrammeId, organizationId.Value, ct);
        Review = consensus?.ReleasedAt is null ? null : consensus;
        return Page();
    }
}
