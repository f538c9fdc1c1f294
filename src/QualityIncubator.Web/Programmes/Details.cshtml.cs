using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Programmes;

public sealed class DetailsModel(AppDbContext db, CaseWorkflow workflow, TimeProvider clock, Review.ImprovementWork improvements) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public CaseState? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    [BindProperty]
    public RegisterInput Register { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public ProgrammeDetail? Programme { get; private set; }

    public IReadOnlyDictionary<string, int> ApplicationCounts { get; private set; } = new Dictionary<string, int>();

    /// <summary>4.3: awareness courses and decisions; 4.5.3: the attendance rate of the mandatory theory series.</summary>
    public (int Courses, int Continuing, int Withdrawn, int Undecided, double? AttendanceRate, int WithGaps)? CourseSummary { get; private set; }

    public PagedList<CaseRow> Cases { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    /// <summary>5.3.1 the open improvement actions of earlier programmes not yet carried forward, offered to this programme's planning.</summary>
    public IReadOnlyList<Review.CarryCandidate> CarryCandidates { get; private set; } = [];

    /// <summary>Why actions cannot be carried into this programme now (its stage); null when they can.</summary>
    public string? CarryRefusal { get; private set; }

    public sealed record CaseRow(Guid Id, string OrganizationName, string CreditCode, CaseState State, DateTime UpdatedAt);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAdvanceAsync(ProgrammeStage currentStage, long version, CancellationToken ct)
    {
        var result = await workflow.AdvanceProgrammeAsync(Id, currentStage, version, ct);
        if (result.Succeeded)
        {
            Message = "已推进到下一阶段。";
            return Redirect($"/Programmes/Details/{Id}");
        }
        ModelState.Clear();
        Error = result.Error;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    /// <summary>5.3.1 纳入本计划: a new action of this programme continues an open one of an earlier programme (which stays as it was).</summary>
    public async Task<IActionResult> OnPostCarryImprovementAsync(Guid actionId, CancellationToken ct)
    {
        var result = await improvements.CarryAsync(Id, actionId, ct);
        if (result.Succeeded)
        {
            Message = "已将该改进措施纳入本计划。";
            return Redirect($"/Programmes/Details/{Id}#carry-over");
        }
        ModelState.Clear();
        Error = result.Message;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == Id, ct);
        if (programme is null)
        {
            return NotFound();
        }
        if (CreditCode.Validate(Register.CreditCode) is { } codeError)
        {
            ModelState.AddModelError("Register.CreditCode", codeError);
        }
        if (programme.Stage > ProgrammeStage.Mobilization)
        {
            ModelState.AddModelError("", "组织发动阶段已结束，不能再登记申报组织。");
        }
        if (!ModelState.IsValid)
        {
            return await LoadAsync(ct) ? Page() : NotFound();
        }
        var code = CreditCode.Normalize(Register.CreditCode);
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.CreditCode == code, ct);
        if (organization is not null && await db.Cases.AnyAsync(c => c.ProgrammeId == Id && c.OrganizationId == organization.Id, ct))
        {
            ModelState.AddModelError("Register.CreditCode", $"“{organization.Name}”已在本计划中，不能重复登记。");
            return await LoadAsync(ct) ? Page() : NotFound();
        }
        organization ??= db.Organizations.Add(new Organization { Name = Register.Name!.Trim(), CreditCode = code, CreatedAt = clock.GetUtcNow().UtcDateTime }).Entity;
        workflow.Open(Id, organization.Id, "区评审办登记线下申请书");
        await db.SaveChangesAsync(ct);
        Message = $"已登记“{organization.Name}”。";
        return Redirect($"/Programmes/Details/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Programme = await ProgrammeQueries.DetailAsync(db, Id, ct);
        if (Programme is null)
        {
            return false;
        }
        ApplicationCounts = await Applications.ApplicationQueries.CountsAsync(db, Id, ct);
        CarryRefusal = Review.ReviewStage.CarryRefusal(Programme.Stage);
        CarryCandidates = await improvements.CarryCandidatesAsync(Id, ct);
        if (await db.Set<Courses.Course>().AnyAsync(c => c.ProgrammeId == Id, ct))
        {
            var awareness = await Courses.CourseQueries.AwarenessCountsAsync(db, Id, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var theory = await Courses.CourseQueries.TheoryFiguresAsync(db, Id, now, await Courses.CourseQueries.HeldMandatorySessionsAsync(db, Id, now, ct), ct);
            CourseSummary = (awareness.CourseCount, awareness.Continuing, awareness.Withdrawn, awareness.Undecided, theory.Rate, theory.WithMissing);
        }
        var q = db.Cases.AsNoTracking().Where(c => c.ProgrammeId == Id);
        if (State is { } s)
        {
            q = q.Where(c => c.State == s);
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            var code = CreditCode.Normalize(term);
            q = q.Where(c => c.Organization!.Name.Contains(term) || c.Organization.CreditCode == code);
        }
        Cases = await q.OrderBy(c => c.Organization!.Name)
            .Select(c => new CaseRow(c.Id, c.Organization!.Name, c.Organization.CreditCode, c.State, c.UpdatedAt))
            .ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
        return true;
    }

    public sealed class RegisterInput
    {
        [Display(Name = "组织名称")]
        [Required(ErrorMessage = "请填写组织名称")]
        [StringLength(200, ErrorMessage = "组织名称不能超过200个字")]
        public string? Name { get; set; }

        [Display(Name = "统一社会信用代码")]
        [Required(ErrorMessage = "请填写统一社会信用代码")]
        [StringLength(30, ErrorMessage = "统一社会信用代码应为18位")]
        public string? CreditCode { get; set; }
    }
}
