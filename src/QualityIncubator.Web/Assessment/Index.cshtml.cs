using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Assessment;

/// <summary>The Office follows the self-evaluations of a programme (4.4.1): who has submitted Appendix B and the report, with the files.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class IndexModel(AppDbContext db, ReviewWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }

    /// <summary>all / submitted / pending</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public string ProgrammeTitle { get; private set; } = "";
    public PagedList<Row> List { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public (int Submitted, int Pending) Counts { get; private set; }
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public long ProgrammeVersion { get; private set; }
    public DateOnly? DueOn { get; private set; }
    public int Threshold { get; private set; }

    public sealed record Row(Guid CaseId, Guid OrganizationId, string Name, CaseState State, SelfEvaluationStatus? Status, DateTime? SubmittedAt, int Reports, int Evidence,
        DateOnly? ExtendedTo, int Reviewers, int Reviewed, decimal? ConsensusTotal, bool ConsensusRecorded, bool Released);

    /// <summary>4.4.1 due date and 4.4.2.1 spread threshold.</summary>
    public async Task<IActionResult> OnPostSettingsAsync(DateOnly? dueOn, int threshold, long programmeVersion, CancellationToken ct)
    {
        Error = await work.SaveSettingsAsync(ProgrammeId, dueOn, threshold, programmeVersion, ct);
        if (Error is not null)
        {
            return await OnGetAsync(ct);
        }
        Message = "已保存摸底评估设置。";
        return RedirectToPage();
    }

    private static readonly CaseState[] Involved =
        [CaseState.Continuing, CaseState.SelfEvaluated, CaseState.Reviewed, CaseState.Analysed, CaseState.InPool, CaseState.NotSelected];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId)
            .Select(p => new { p.Title, p.Version, p.SelfEvaluationDueOn, p.ReviewSpreadThreshold }).FirstOrDefaultAsync(ct);
        if (programme is null)
        {
            return NotFound();
        }
        (ProgrammeTitle, ProgrammeVersion, DueOn, Threshold) = (programme.Title, programme.Version, programme.SelfEvaluationDueOn, programme.ReviewSpreadThreshold);
        var states = Involved.ToList();
        var cases = db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && states.Contains(c.State));
        // one baseline form per organization (unique index), so "has a submitted one" is "its form is submitted"
        var submittedForms = db.Set<SelfEvaluation>().Where(s => s.ProgrammeId == ProgrammeId && s.Kind == SelfEvaluationKind.Baseline && s.Status == SelfEvaluationStatus.Submitted);
        var all = await cases.CountAsync(ct);
        var submitted = await cases.CountAsync(c => submittedForms.Any(s => s.OrganizationId == c.OrganizationId), ct);
        Counts = (submitted, all - submitted);
        var (shown, total) = Show switch
        {
            "submitted" => (cases.Where(c => submittedForms.Any(s => s.OrganizationId == c.OrganizationId)), submitted),
            "pending" => (cases.Where(c => !submittedForms.Any(s => s.OrganizationId == c.OrganizationId)), all - submitted),
            _ => (cases, all),
        };
        List = await Paging.PageAsync(PageNumber, Paging.DefaultPageSize, total, (skip, take) => RowsAsync(shown, skip, take, ct));
        return Page();
    }

    private Task<List<Row>> RowsAsync(IQueryable<Case> shown, int skip, int take, CancellationToken ct)
    {
        // the page's cases first, by name, and their forms, files, reviews and consensus looked up for those 20 only (sorting the rows
        // with their lookups, SQLite computed every case's six lookups before it sorted: 2,000 cases on the city data)
        var pageIds = shown.OrderBy(c => c.Organization!.Name).ThenBy(c => c.Id).Skip(skip).Take(take).Select(c => c.Id);
        return db.Cases.AsNoTracking().Where(c => pageIds.Contains(c.Id))
            .Select(c => new
            {
                c.Id, c.OrganizationId, c.Organization!.Name, c.State,
                Form = db.Set<SelfEvaluation>().Where(s => s.ProgrammeId == ProgrammeId && s.OrganizationId == c.OrganizationId && s.Kind == SelfEvaluationKind.Baseline)
                    .Select(s => new { s.Id, s.Status, s.SubmittedAt, s.ExtendedTo }).FirstOrDefault(),
                Consensus = db.Set<ReviewConsensus>().Where(r => r.ProgrammeId == ProgrammeId && r.OrganizationId == c.OrganizationId)
                    .Select(r => new { r.Total, r.RecordedAt, r.ReleasedAt }).FirstOrDefault(),
            })
            .OrderBy(r => r.Name).ThenBy(r => r.Id)
            .Select(r => new Row(r.Id, r.OrganizationId, r.Name, r.State, r.Form == null ? null : r.Form.Status, r.Form == null ? null : r.Form.SubmittedAt,
                db.Attachments.Count(a => r.Form != null && a.OwnerType == nameof(SelfEvaluation) && a.OwnerId == r.Form.Id && a.Purpose == SelfEvaluationWork.ReportPurpose),
                db.Attachments.Count(a => r.Form != null && a.OwnerType == nameof(SelfEvaluation) && a.OwnerId == r.Form.Id && a.Purpose == SelfEvaluationWork.EvidencePurpose),
                r.Form == null ? null : r.Form.ExtendedTo,
                db.ExpertAssignments.Count(a => a.ProgrammeId == ProgrammeId && a.OrganizationId == r.OrganizationId && a.Role == Experts.AssignmentRole.ReportReviewer && a.Status == Experts.AssignmentStatus.Active),
                db.Set<ExpertReview>().Count(x => x.ProgrammeId == ProgrammeId && x.OrganizationId == r.OrganizationId && x.Status == ReviewStatus.Submitted),
                r.Consensus == null ? null : r.Consensus.Total,
                r.Consensus != null && r.Consensus.RecordedAt != null,
                r.Consensus != null && r.Consensus.ReleasedAt != null))
            .ToListAsync(ct);
    }
}
