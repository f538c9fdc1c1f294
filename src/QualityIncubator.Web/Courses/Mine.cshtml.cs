using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Courses;

/// <summary>
/// An organization's own courses in a programme: awareness self-study and the continuation decision (4.3.4–4.3.5),
/// responsible persons, electives and its attendance of the mandatory series (4.5.3–4.5.5). Only its own data.
/// </summary>
[Authorize(Roles = Roles.Organization)]
public sealed class MineModel(AppDbContext db, CourseWork work, Assessment.SelfEvaluationWork selfEvaluations, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty] public List<ResponsiblePersonInput> Persons { get; set; } = [];
    [TempData] public string? Message { get; set; }
    public List<string> Errors { get; private set; } = [];
    public string ProgrammeTitle { get; private set; } = "";
    public Guid CaseId { get; private set; }
    public long CaseVersion { get; private set; }
    public CaseState State { get; private set; }
    public string? ClosingReason { get; private set; }
    public List<CourseQueries.CourseRow> Awareness { get; private set; } = [];
    public List<CourseQueries.CourseRow> Mandatory { get; private set; } = [];
    public List<CourseQueries.CourseRow> Electives { get; private set; } = [];
    public HashSet<Guid> Studied { get; private set; } = [];
    public HashSet<Guid> Chosen { get; private set; } = [];
    public CourseQueries.ComplianceRow? Compliance { get; private set; }

    /// <summary>Appendix B 专项课程培育需求 of this organization: guides its elective choice (4.5.5).</summary>
    public IReadOnlyList<string> CourseNeeds { get; private set; } = [];

    public bool InAwareness => State is CaseState.Eligible or CaseState.Awareness;
    public bool InPool => CourseEnrolment.PoolStates.Contains(State);
    /// <summary>Awareness materials open from eligibility on and close when the organization withdraws or leaves the pool.</summary>
    public bool MaterialsOpen => CoursesSetup.MayOpen(CourseStage.Awareness, State);

    public bool SeesAwareness => InAwareness || State is CaseState.Continuing or CaseState.Withdrawn || InPool || State is CaseState.SelfEvaluated or CaseState.Reviewed or CaseState.Analysed or CaseState.NotSelected;

    private Guid OrganizationId => ResourceAccess.OrganizationOf(User) ?? Guid.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStudiedAsync(Guid courseId, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (await work.MarkStudiedAsync(ProgrammeId, OrganizationId, courseId, ct) is { } error)
        {
            Errors.Add(error);
            return await LoadAsync(ct) ? Page() : NotFound();
        }
        Message = "已记录学习。";
        return Redirect($"/Courses/Mine/{ProgrammeId}");
    }

    public async Task<IActionResult> OnPostDecideAsync(ContinuationChoice choice, string? reason, long caseVersion, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var result = await work.DecideAsync(ProgrammeId, OrganizationId, choice, reason, caseVersion, ct);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Error!.Split('；'));
            return await LoadAsync(ct) ? Page() : NotFound();
        }
        Message = choice == ContinuationChoice.Continue
            ? "已确认继续参与培育孵化，请按区评审办安排开展自评（4.4.1）。"
            : "已退出本期培育孵化。本组织的资料予以保留。";
        return Redirect($"/Courses/Mine/{ProgrammeId}");
    }

    public async Task<IActionResult> OnPostPersonsAsync(CancellationToken ct)
    {
        var typed = Persons;
        if (!await LoadAsync(ct) || !InPool)
        {
            return NotFound();
        }
        var errors = await work.SaveResponsiblePersonsAsync(ProgrammeId, OrganizationId, typed, ct);
        if (errors.Count > 0)
        {
            Errors.AddRange(errors);
            Persons = typed; // nothing typed is lost
            return Page();
        }
        Message = "相关负责人已保存。";
        return Redirect($"/Courses/Mine/{ProgrammeId}");
    }

    public async Task<IActionResult> OnPostElectivesAsync(List<Guid> courseIds, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var decision = await work.ChooseElectivesAsync(ProgrammeId, OrganizationId, courseIds, ct);
        if (!decision.Allowed)
        {
            Errors.AddRange(decision.Reasons);
            await LoadAsync(ct);
            Chosen = [.. courseIds];
            return Page();
        }
        Message = "辅助课程选择已保存。";
        return Redirect($"/Courses/Mine/{ProgrammeId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var own = OrganizationId == Guid.Empty ? null : await CourseQueries.OwnAsync(db, ProgrammeId, OrganizationId, clock.GetUtcNow().UtcDateTime, ct);
        if (own is null)
        {
            return false;
        }
        (CaseId, CaseVersion, State, Studied, Chosen, Compliance) = (own.CaseId, own.CaseVersion, own.State, [.. own.Studied], [.. own.Electives], own.Attendance);
        (ClosingReason, ProgrammeTitle) = await db.Cases.AsNoTracking().Where(c => c.Id == CaseId).Select(c => new ValueTuple<string?, string>(c.ClosingReason, c.Programme!.Title)).FirstAsync(ct);
        var catalogue = await CourseQueries.CatalogueAsync(db, ProgrammeId, ct);
        Awareness = [.. catalogue.Where(x => x.Stage == CourseStage.Awareness)];
        Mandatory = [.. catalogue.Where(x => x.Stage == CourseStage.Theory && x.Kind == CourseKind.Mandatory)];
        Electives = [.. catalogue.Where(x => x.Stage == CourseStage.Theory && x.Kind == CourseKind.Elective)];
        if (InPool)
        {
            CourseNeeds = await selfEvaluations.CourseNeedsAsync(ProgrammeId, OrganizationId, ct);
            Persons = [.. (await db.Set<ResponsiblePerson>().AsNoTracking().Where(p => p.ProgrammeId == ProgrammeId && p.OrganizationId == OrganizationId && !p.Removed)
                .OrderBy(p => p.Name).ToListAsync(ct)).Select(p => new ResponsiblePersonInput { Id = p.Id, Name = p.Name, Title = p.Title, Phone = p.Phone })];
            while (Persons.Count < 3)
            {
                Persons.Add(new ResponsiblePersonInput());
            }
        }
        return true;
    }
}
