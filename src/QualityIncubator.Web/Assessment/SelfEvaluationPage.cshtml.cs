using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Assessment;

/// <summary>The organization fills Appendix B and uploads its self-evaluation report (4.4.1); only its own.</summary>
[Authorize(Roles = Roles.Organization)]
public sealed class SelfEvaluationPageModel(AppDbContext db, SelfEvaluationWork work, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }

    /// <summary>Baseline (4.4.1) unless <c>?kind=Final</c>: the final Appendix B of the showcase's before/after (4.7.2).</summary>
    [BindProperty(SupportsGet = true)] public SelfEvaluationKind Kind { get; set; }
    [BindProperty(Name = nameof(Answers))] public Dictionary<string, string?> Answers { get; set; } = [];
    [BindProperty] public List<string> CourseNeeds { get; set; } = [];

    /// <summary>The report written here, by GB/T 19580 category code.</summary>
    [BindProperty(Name = nameof(Sections))] public Dictionary<string, string?> Sections { get; set; } = [];
    [BindProperty] public long Version { get; set; }
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string ProgrammeTitle { get; private set; } = "";
    public CaseState State { get; private set; }
    public SelfEvaluationStatus? Status { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public Guid? FormId { get; private set; }
    public List<Attachment> Files { get; private set; } = [];
    public DateOnly? DueOn { get; private set; }
    public DateOnly? ExtendedTo { get; private set; }
    public string? DeadlineRefusal { get; private set; }

    public ProgrammeStage Stage { get; private set; }

    /// <summary>Why the final Appendix B cannot be filled now (final only).</summary>
    public string? FinalRefusal { get; private set; }

    public bool IsFinal => Kind == SelfEvaluationKind.Final;

    public bool Editable => IsFinal
        ? FinalRefusal is null && Status != SelfEvaluationStatus.Submitted
        : State == CaseState.Continuing && Status != SelfEvaluationStatus.Submitted && DeadlineRefusal is null;

    /// <summary>This page's own address, keeping the kind.</summary>
    public string Self => IsFinal ? $"/Assessment/SelfEvaluation/{ProgrammeId}?kind={nameof(SelfEvaluationKind.Final)}" : $"/Assessment/SelfEvaluation/{ProgrammeId}";

    public Guid OrganizationId => ResourceAccess.OrganizationOf(User) ?? Guid.Empty;

    public string? ErrorFor(string code) => Errors.FirstOrDefault(e => e.Field == code)?.Message;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (FormId is not null)
        {
            var form = await work.FindAsync(ProgrammeId, OrganizationId, Kind, ct);
            Answers = form!.Answers();
            Sections = form.ReportSections().ToDictionary(s => s.Key, s => (string?)s.Value);
            CourseNeeds = [.. AppendixB.SplitChoices(Answers.GetValueOrDefault(AppendixB.CourseNeedsCode))];
            Version = form.Version;
        }
        else if (IsFinal && await work.FindAsync(ProgrammeId, OrganizationId, SelfEvaluationKind.Baseline, ct) is { } baseline)
        {
            // 4.7.2 the final form starts from the baseline answers: the organization changes what has changed since
            Answers = baseline.Answers();
            CourseNeeds = [.. AppendixB.SplitChoices(Answers.GetValueOrDefault(AppendixB.CourseNeedsCode))];
        }
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(false, ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => SaveAsync(true, ct);

    private async Task<IActionResult> SaveAsync(bool submit, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Answers[AppendixB.CourseNeedsCode] = CourseNeeds.Count == 0 ? null : string.Join(",", CourseNeeds);
        var (errors, message) = await work.SaveAsync(ProgrammeId, OrganizationId, Kind, Answers, Sections, Version, submit, ct);
        if (errors.Count > 0 || message is not null)
        {
            Errors = errors;
            Error = message ?? "自评表有未完成或填写有误的项目，请按提示修改（已填写的内容均已保留）。";
            await LoadAsync(ct);
            return Page();
        }
        Message = !submit ? "已保存草稿。"
            : IsFinal ? "最终自评表已提交，将用于培育孵化前后比对（4.7.2）。" : "自评表和自评报告已提交，区评审办将组织专家评价（4.4.2）。";
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? upload, string? purpose, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (upload is null || !Editable)
        {
            Error = upload is null ? "请选择要上传的文件。" : "当前不能上传。";
            return Page();
        }
        await using var stream = upload.OpenReadStream();
        Error = await work.UploadAsync(ProgrammeId, OrganizationId, Kind, stream, upload.FileName,
            purpose == SelfEvaluationWork.EvidencePurpose ? SelfEvaluationWork.EvidencePurpose : SelfEvaluationWork.ReportPurpose, ct);
        if (Error is not null)
        {
            return Page();
        }
        Message = $"已上传“{upload.FileName}”。";
        return Redirect(Self);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && c.OrganizationId == OrganizationId)
            .Select(c => new { c.State, c.Programme!.Title, c.Programme.SelfEvaluationDueOn, c.Programme.Stage }).FirstOrDefaultAsync(ct);
        if (c is null || OrganizationId == Guid.Empty)
        {
            return false;
        }
        (State, ProgrammeTitle, Stage) = (c.State, c.Title, c.Stage);
        var form = await work.FindAsync(ProgrammeId, OrganizationId, Kind, ct);
        (FormId, Status, SubmittedAt) = (form?.Id, form?.Status, form?.SubmittedAt);
        if (IsFinal)
        {
            FinalRefusal = SelfEvaluationWork.FinalRefusal(State, Stage);
        }
        else
        {
            (DueOn, ExtendedTo) = (c.SelfEvaluationDueOn, form?.ExtendedTo);
            DeadlineRefusal = Status == SelfEvaluationStatus.Submitted ? null : SelfEvaluationDeadline.Refusal(DueOn, ExtendedTo, ChinaTime.Today(clock));
        }
        Files = form is null ? [] : await db.Attachments.AsNoTracking().Where(a => a.OwnerType == nameof(SelfEvaluation) && a.OwnerId == form.Id).OrderBy(a => a.UploadedAt).ToListAsync(ct);
        return true;
    }
}
