using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Experts;

/// <summary>The Office assigns experts to organizations (4.4.2 reviewers, 4.6.1 coaches); every change is checked and audited.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class AssignmentsModel(AppDbContext db, ExpertWork work, ExpertProposals proposals, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public AssignmentRole? Role { get; set; }
    [BindProperty(SupportsGet = true)] public AssignmentStatus? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    /// <summary>Narrows the manual assignment's organization choices (name or credit code).</summary>
    [BindProperty(SupportsGet = true)] public string? OrgQ { get; set; }

    /// <summary>Narrows the manual assignment's expert choices (name or employer).</summary>
    [BindProperty(SupportsGet = true)] public string? ExpertQ { get; set; }

    [TempData] public string? Message { get; set; }

    public string? Error { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";

    /// <summary>The programme's per-expert limit (4.2), the default of the proposal form.</summary>
    public int AssignmentLimit { get; private set; } = ExpertProposals.DefaultMaxPerExpert;
    public PagedList<AssignmentRow> List { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    /// <summary>The manual assignment offers at most this many organizations and experts; the search fields narrow them.</summary>
    public const int ChoiceLimit = 50;

    public IReadOnlyList<(Guid Id, string Name)> Organizations { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name, string Roles)> Experts { get; private set; } = [];

    /// <summary>More organizations (experts) match than the form offers: the page asks to narrow the search.</summary>
    public bool MoreOrganizations { get; private set; }

    public bool MoreExperts { get; private set; }

    public ExpertProposals.Proposal? Proposal { get; private set; }
    public AssignmentRole ProposalRole { get; private set; }

    public sealed record ProposedPair(Guid OrganizationId, Guid ExpertId, bool Lead, string? Explanation);

    /// <summary>The engine's proposal (4.4.2 / 4.6.1), shown with a reason per pair and what cannot be covered; nothing is saved yet.</summary>
    public async Task<IActionResult> OnPostProposeAsync(AssignmentRole role, int perOrganization, int? maxPerExpert, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        ProposalRole = role;
        Proposal = await proposals.ProposeAsync(ProgrammeId, role, Math.Clamp(perOrganization, 1, ExpertProposals.MaxPerOrganization),
            Math.Clamp(maxPerExpert ?? AssignmentLimit, 1, ExpertProposals.MaxLoadPerExpert), ct);
        return Page();
    }

    /// <summary>Accepting goes pair by pair through the same checks as a manual assignment.</summary>
    public async Task<IActionResult> OnPostAcceptAsync(AssignmentRole role, List<ProposedPair> pairs, CancellationToken ct)
    {
        var refusals = new List<string>();
        foreach (var pair in pairs)
        {
            if (await work.AssignAsync(ProgrammeId, pair.ExpertId, pair.OrganizationId, role, pair.Lead, pair.Explanation, ct) is { } refusal)
            {
                refusals.Add(refusal);
            }
        }
        if (refusals.Count == 0)
        {
            Message = $"已按建议分配 {pairs.Count} 项任务。";
            return Redirect($"/Experts/Assignments/{ProgrammeId}");
        }
        Error = $"已分配 {pairs.Count - refusals.Count} 项，{refusals.Count} 项未分配：" + string.Join("；", refusals);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAssignAsync(Guid organizationId, Guid expertId, AssignmentRole role, bool isLead, string? note, CancellationToken ct)
    {
        Error = await work.AssignAsync(ProgrammeId, expertId, organizationId, role, isLead, note, ct);
        if (Error is null)
        {
            Message = "已分配。";
            return Redirect($"/Experts/Assignments/{ProgrammeId}");
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEndAsync(Guid assignmentId, CancellationToken ct)
    {
        var assignment = await db.ExpertAssignments.FirstOrDefaultAsync(a => a.Id == assignmentId && a.ProgrammeId == ProgrammeId && a.Status == AssignmentStatus.Active, ct);
        if (assignment is null)
        {
            return NotFound();
        }
        assignment.Status = AssignmentStatus.Ended;
        assignment.EndedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        Message = "任务已结束。";
        return Redirect($"/Experts/Assignments/{ProgrammeId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => new { p.Title, p.ExpertAssignmentLimit }).FirstOrDefaultAsync(ct);
        if (programme is null)
        {
            return false;
        }
        ProgrammeTitle = programme.Title;
        AssignmentLimit = programme.ExpertAssignmentLimit;
        List = await work.Assignments(ProgrammeId, Role, Status)
            .ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
        // the choices of the manual assignment: one page of each, narrowed by the search fields (a programme has thousands of organizations)
        var cases = db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId);
        if (!string.IsNullOrWhiteSpace(OrgQ))
        {
            var term = OrgQ.Trim();
            var code = Applications.CreditCode.Normalize(term);
            cases = cases.Where(c => c.Organization!.Name.Contains(term) || c.Organization.CreditCode == code);
        }
        var organizations = await cases.OrderBy(c => c.Organization!.Name).Take(ChoiceLimit + 1)
            .Select(c => new { c.OrganizationId, c.Organization!.Name }).ToListAsync(ct);
        MoreOrganizations = organizations.Count > ChoiceLimit;
        Organizations = [.. organizations.Take(ChoiceLimit).Select(o => (o.OrganizationId, o.Name))];
        var experts = db.Experts.AsNoTracking().Where(e => e.Status == ExpertStatus.Active);
        if (!string.IsNullOrWhiteSpace(ExpertQ))
        {
            var term = ExpertQ.Trim();
            experts = experts.Where(e => e.Name.Contains(term) || (e.Employer != null && e.Employer.Contains(term)));
        }
        var found = await experts.OrderBy(e => e.Name).Take(ChoiceLimit + 1)
            .Select(e => new { e.Id, e.Name, e.IsLecturer, e.IsReportReviewer, e.IsSiteCoach, e.SuspendedRoles }).ToListAsync(ct);
        MoreExperts = found.Count > ChoiceLimit;
        Experts = [.. found.Take(ChoiceLimit).Select(e => (e.Id, e.Name, ExpertRoles.Text(ExpertRoles.Of(e.IsLecturer, e.IsReportReviewer, e.IsSiteCoach, e.SuspendedRoles))))];
        return true;
    }
}
