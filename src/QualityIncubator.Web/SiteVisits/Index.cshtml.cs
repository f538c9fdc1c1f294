using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>The Office's overview of on-site coaching (4.6.1): every pool member with its latest visit and the size of its coaching team.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    /// <summary>Filter values: none (no visit yet), or a visit status.</summary>
    public const string NoVisit = "None";

    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [TempData] public string? Message { get; set; }
    public string ProgrammeTitle { get; private set; } = "";
    public ProgrammeStage Stage { get; private set; }
    public PagedList<Row> List { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    public sealed record Row(Guid OrganizationId, string Name, CaseState State, int TeamSize, bool HasLead, Guid? VisitId, SiteVisitStatus? VisitStatus, DateTime? StartsAt, DateTime? EndsAt, int Visits);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => new { p.Title, p.Stage }).FirstOrDefaultAsync(ct);
        if (programme is null)
        {
            return NotFound();
        }
        ProgrammeTitle = programme.Title;
        Stage = programme.Stage;
        var pool = CaseTransitions.PoolStates.ToList();
        var members = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && pool.Contains(c.State))
            .Where(c => string.IsNullOrWhiteSpace(Q) || c.Organization!.Name.Contains(Q.Trim()))
            .Select(c => new { c.OrganizationId, c.Organization!.Name, c.State }).ToListAsync(ct);
        var teams = await db.ExpertAssignments.AsNoTracking()
            .Where(a => a.ProgrammeId == ProgrammeId && a.Role == AssignmentRole.SiteCoach && a.Status == AssignmentStatus.Active)
            .Select(a => new { a.OrganizationId, a.IsLead }).ToListAsync(ct);
        var visits = await db.Set<SiteVisit>().AsNoTracking().Where(v => v.ProgrammeId == ProgrammeId)
            .Select(v => new { v.Id, v.OrganizationId, v.Status, v.StartsAt, v.EndsAt, v.CreatedAt }).ToListAsync(ct);
        var rows = members.Select(m =>
        {
            var own = visits.Where(v => v.OrganizationId == m.OrganizationId).ToList();
            // the visit that matters: a planned one first, else the latest
            var current = own.Where(v => v.Status == SiteVisitStatus.Planned).OrderBy(v => v.StartsAt).FirstOrDefault() ?? own.OrderByDescending(v => v.CreatedAt).FirstOrDefault();
            var team = teams.Where(t => t.OrganizationId == m.OrganizationId).ToList();
            return new Row(m.OrganizationId, m.Name, m.State, team.Count, team.Any(t => t.IsLead), current?.Id, current?.Status, current?.StartsAt, current?.EndsAt, own.Count);
        });
        rows = Status switch
        {
            NoVisit => rows.Where(r => r.VisitStatus is null),
            _ when Enum.TryParse<SiteVisitStatus>(Status, out var s) => rows.Where(r => r.VisitStatus == s),
            _ => rows,
        };
        List = rows.OrderBy(r => r.StartsAt ?? DateTime.MaxValue).ThenBy(r => r.Name, StringComparer.Ordinal).ToList().ToPaged(PageNumber, Paging.DefaultPageSize);
        return Page();
    }
}
