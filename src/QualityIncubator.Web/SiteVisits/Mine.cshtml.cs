using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>An organization's own visits (4.6.2): it confirms who of its responsible persons attends and prepares the checklist. Only its own visits.</summary>
[Authorize(Roles = Roles.Organization)]
public sealed class MineModel(AppDbContext db, SiteVisitWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public Guid? ErrorVisitId { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";
    public List<SiteVisitQueries.Details> Visits { get; private set; } = [];

    /// <summary>Why the organization no longer acts in this programme (it left the pool), or null: the visits are then shown read-only.</summary>
    public string? Closed { get; private set; }

    private Guid OrganizationId => ResourceAccess.OrganizationOf(User) ?? Guid.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostConfirmAsync(Guid visitId, List<Guid> attending, long version, CancellationToken ct) =>
        await DoneAsync(visitId, await work.ConfirmAttendeesAsync(visitId, OrganizationId, attending, version, ct), "已确认出席人员。", ct);

    public async Task<IActionResult> OnPostItemAsync(Guid visitId, Guid itemId, bool done, string? note, long version, CancellationToken ct) =>
        await DoneAsync(visitId, await work.TickChecklistAsync(visitId, OrganizationId, itemId, done, note, version, ct), "准备事项已更新。", ct);

    private async Task<IActionResult> DoneAsync(Guid visitId, string? error, string message, CancellationToken ct)
    {
        if (error is null)
        {
            Message = message;
            return Redirect($"/SiteVisits/Mine/{ProgrammeId}");
        }
        if (error == "现场扶优不存在" || error == "准备事项不存在")
        {
            return NotFound();
        }
        db.ChangeTracker.Clear();
        Error = error;
        ErrorVisitId = visitId;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var title = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && c.OrganizationId == OrganizationId).Select(c => c.Programme!.Title).FirstOrDefaultAsync(ct);
        if (title is null)
        {
            return false;
        }
        ProgrammeTitle = title;
        Closed = await Platform.Workflow.ClosedCases.RefusalAsync(db, User, ProgrammeId, ct);
        // the own visits with their people, checklists and histories in four queries, however many visits there were
        Visits = await SiteVisitQueries.DetailsAsync(db, db.Set<SiteVisit>().Where(v => v.ProgrammeId == ProgrammeId && v.OrganizationId == OrganizationId)
            .OrderByDescending(v => v.StartsAt), ct);
        return true;
    }
}
