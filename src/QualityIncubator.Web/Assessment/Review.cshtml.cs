using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Assessment;

/// <summary>
/// A report reviewer reads the self-evaluation and writes and scores their review (4.4.2), independently: the others' reviews
/// appear only after submitting their own. Only through an assignment and the confidentiality gate (4.2.3); every opening audited.
/// </summary>
[Authorize(Policy = PlatformSetup.ExpertPolicy)]
public sealed class ReviewModel(AppDbContext db, ReviewWork work, SelfEvaluationWork selfEvaluations) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid AssignmentId { get; set; }
    [BindProperty(Name = nameof(Parts))] public Dictionary<ReviewPart, string?> Parts { get; set; } = [];
    [BindProperty(Name = nameof(Scores))] public Dictionary<string, string?> Scores { get; set; } = [];
    [BindProperty] public long Version { get; set; }
    [TempData] public string? Message { get; set; }

    public string? Refusal { get; private set; }
    public bool NeedsPledge { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public Guid ProgrammeId { get; private set; }
    public string OrganizationName { get; private set; } = "";
    public SelfEvaluationMaterial? Material { get; private set; }
    public ExpertReview? Own { get; private set; }
    public IReadOnlyList<SubmittedReview> Others { get; private set; } = [];
    public bool ConsensusRecorded { get; private set; }

    public bool Editable => Own?.Status != ReviewStatus.Submitted && !ConsensusRecorded && Material?.Status == SelfEvaluationStatus.Submitted;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await LoadAsync(ct);
        if (result is not null)
        {
            return result;
        }
        if (Own is not null)
        {
            Parts = Enum.GetValues<ReviewPart>().ToDictionary(p => p, Own.Part);
            Scores = ScoreInputs.FromPercentages(Own.Scores());
            Version = Own.Version;
        }
        db.Audit(Platform.Audit.AuditActions.MaterialOpened, nameof(SelfEvaluation), null, null, new { AssignmentId }, ProgrammeId);
        await db.SaveChangesAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(false, ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => SaveAsync(true, ct);

    private async Task<IActionResult> SaveAsync(bool submit, CancellationToken ct)
    {
        var result = await LoadAsync(ct);
        if (result is not null)
        {
            return result;
        }
        var saved = await work.SaveAsync(User, AssignmentId, Parts, Scores, Version, submit, ct);
        if (!saved.Succeeded)
        {
            Errors = saved.Errors;
            Error = saved.Message ?? "评价有未完成或填写有误的内容，请按提示修改（已填写的内容均已保留）。";
            return Page();
        }
        Message = submit ? "评价已提交。区评审办将汇总各位专家的评价并确定一致意见。" : "已保存草稿。";
        return Redirect($"/Assessment/Review/{AssignmentId}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var (assignment, refusal) = await work.OpenAsync(User, AssignmentId, ct);
        if (assignment is null)
        {
            return NotFound();
        }
        ProgrammeId = assignment.ProgrammeId;
        if (refusal is not null)
        {
            Refusal = refusal;
            NeedsPledge = refusal.Contains("承诺书", StringComparison.Ordinal);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        OrganizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == assignment.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        Material = await selfEvaluations.MaterialAsync(assignment.ProgrammeId, assignment.OrganizationId, ct);
        Own = await work.OwnAsync(AssignmentId, ct);
        Others = [.. (await work.SubmittedAsync(assignment.ProgrammeId, assignment.OrganizationId, AssignmentId, ct)).Where(r => r.Review.AssignmentId != AssignmentId)];
        ConsensusRecorded = (await work.ConsensusAsync(assignment.ProgrammeId, assignment.OrganizationId, ct))?.RecordedAt is not null;
        return null;
    }
}
