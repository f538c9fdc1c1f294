using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Assessment;

/// <summary>The organization reads its fed-back quality analysis (4.4.3.3) and confirms receipt; only its own, and only after the feedback.</summary>
[Authorize(Roles = Roles.Organization)]
public sealed class QualityMineModel(AppDbContext db, QualityWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";
    public QualityAnalysis? Analysis { get; private set; }
    public List<AdministrativePenalty> Penalties { get; private set; } = [];

    public bool FedBack => Analysis?.FedBackAt is not null;

    /// <summary>Why the organization no longer acts in this programme (withdrawn or exited), or null: it still reads the analysis.</summary>
    public string? Closed { get; private set; }

    public Guid OrganizationId => ResourceAccess.OrganizationOf(User) ?? Guid.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcknowledgeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Error = await work.AcknowledgeAsync(ProgrammeId, OrganizationId, ct);
        if (Error is not null)
        {
            return Page();
        }
        Message = "已确认收到质量分析结果。";
        return Redirect($"/Assessment/Quality/Mine/{ProgrammeId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var title = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && c.OrganizationId == OrganizationId)
            .Select(c => c.Programme!.Title).FirstOrDefaultAsync(ct);
        if (title is null || OrganizationId == Guid.Empty)
        {
            return false;
        }
        ProgrammeTitle = title;
        Closed = await Platform.Workflow.ClosedCases.RefusalAsync(db, User, ProgrammeId, ct);
        var analysis = await work.FindAsync(ProgrammeId, OrganizationId, ct);
        // nothing of the analysis is shown before it is fed back: the Office may still be changing it
        Analysis = analysis?.FedBackAt is null ? null : analysis;
        Penalties = Analysis is null ? [] : await work.PenaltiesAsync(ProgrammeId, OrganizationId, ct);
        return true;
    }
}
