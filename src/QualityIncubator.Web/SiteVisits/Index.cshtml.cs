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
        // every figure of a row is a subquery of the one paged query: filtered, ordered and paged in the database
        var pool = CaseTransitions.PoolStates.ToList();
        var cases = db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && pool.Contains(c.State));
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            cases = cases.Where(c => c.Organization!.Name.Contains(term));
        }
        var coaches = db.ExpertAssignments.Where(a => a.ProgrammeId == ProgrammeId && a.Role == AssignmentRole.SiteCoach && a.Status == AssignmentStatus.Active);
        var visits = db.Set<SiteVisit>().Where(v => v.ProgrammeId == ProgrammeId);
        var rows = cases.Select(c => new
        {
            c.OrganizationId, c.Organization!.Name, c.State,
            TeamSize = coaches.Count(a => a.OrganizationId == c.OrganizationId),
            HasLead = coaches.Any(a => a.OrganizationId == c.OrganizationId && a.IsLead),
            Visits = visits.Count(v => v.OrganizationId == c.OrganizationId),
            // the visit that matters: a planned one first (the earliest), else the latest
            Current = visits.Where(v => v.OrganizationId == c.OrganizationId)
                .OrderByDescending(v => v.Status == SiteVisitStatus.Planned)
                .ThenBy(v => v.Status == SiteVisitStatus.Planned ? v.StartsAt : (DateTime?)null)
                .ThenByDescending(v => v.CreatedAt)
                .Select(v => new { v.Id, v.Status, v.StartsAt, v.EndsAt }).FirstOrDefault(),
        });
        rows = Status switch
        {
            NoVisit => rows.Where(r => r.Current == null),
            _ when Enum.TryParse<SiteVisitStatus>(Status, out var s) => rows.Where(r => r.Current != null && r.Current.Status == s),
            _ => rows,
        };
        List = await rows.OrderBy(r => r.Current == null).ThenBy(r => r.Current!.StartsAt).ThenBy(r => r.Name).ThenBy(r => r.OrganizationId)
            .Select(r => new Row(r.OrganizationId, r.Name, r.State, r.TeamSize, r.HasLead, r.Current == null ? null : r.Current.Id,
                r.Current == null ? null : r.Current.Status, r.Current == null ? null : r.Current.StartsAt, r.Current == null ? null : r.Current.EndsAt, r.Visits))
            .ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
        return Page();
    }
}
