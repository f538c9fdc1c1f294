using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Assessment;

/// <summary>The Office follows the quality analysis of a programme (4.4.3): penalties per organization, status written, fed back, acknowledged.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class QualityListModel(AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }

    /// <summary>all / pending (未反馈) / unacknowledged (已反馈未确认) / acknowledged (已确认)</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public string ProgrammeTitle { get; private set; } = "";
    public PagedList<Row> List { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public (int Pending, int Unacknowledged, int Acknowledged) Counts { get; private set; }

    public sealed record Row(Guid CaseId, Guid OrganizationId, string Name, CaseState State, bool StatusWritten, DateTime? FedBackAt, DateTime? AcknowledgedAt,
        int Penalties, decimal TotalYuan);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var title = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => p.Title).FirstOrDefaultAsync(ct);
        if (title is null)
        {
            return NotFound();
        }
        ProgrammeTitle = title;
        var states = QualityWork.Involved.ToList();
        var rows = db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && states.Contains(c.State))
            .Select(c => new
            {
                c.Id, c.OrganizationId, c.Organization!.Name, c.State,
                Analysis = db.Set<QualityAnalysis>().Where(q => q.ProgrammeId == ProgrammeId && q.OrganizationId == c.OrganizationId)
                    .Select(q => new { q.Status, q.FedBackAt, q.AcknowledgedAt }).FirstOrDefault(),
            });
        Counts = (await rows.CountAsync(r => r.Analysis == null || r.Analysis.FedBackAt == null, ct),
            await rows.CountAsync(r => r.Analysis != null && r.Analysis.FedBackAt != null && r.Analysis.AcknowledgedAt == null, ct),
            await rows.CountAsync(r => r.Analysis != null && r.Analysis.AcknowledgedAt != null, ct));
        rows = Show switch
        {
            "pending" => rows.Where(r => r.Analysis == null || r.Analysis.FedBackAt == null),
            "unacknowledged" => rows.Where(r => r.Analysis != null && r.Analysis.FedBackAt != null && r.Analysis.AcknowledgedAt == null),
            "acknowledged" => rows.Where(r => r.Analysis != null && r.Analysis.AcknowledgedAt != null),
            _ => rows,
        };
        // the penalties are counted and summed in the same query, as the pool's cohort does (PoolQueries.CohortAsync)
        List = await rows.OrderBy(r => r.Name)
            .Select(r => new Row(r.Id, r.OrganizationId, r.Name, r.State, r.Analysis != null && r.Analysis.Status != null,
                r.Analysis == null ? null : r.Analysis.FedBackAt, r.Analysis == null ? null : r.Analysis.AcknowledgedAt,
                db.Set<AdministrativePenalty>().Count(p => p.ProgrammeId == ProgrammeId && p.OrganizationId == r.OrganizationId),
                db.Set<AdministrativePenalty>().Where(p => p.ProgrammeId == ProgrammeId && p.OrganizationId == r.OrganizationId).Sum(p => (decimal?)p.AmountYuan) ?? 0m))
            .ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
        return Page();
    }
}
