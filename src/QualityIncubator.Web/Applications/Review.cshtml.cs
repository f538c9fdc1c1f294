using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Applications;

/// <summary>The Office reads an application, sees the eligibility verdict with reasons, decides or returns it (4.1.2–4.1.3).</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class ReviewModel(AppDbContext db, ApplicationWork work, FileStore files) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }
    public Application? Application { get; private set; }
    public AppendixAData? Document { get; private set; }
    public EligibilityVerdict? Verdict { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";
    public IReadOnlyList<Attachment> Attachments { get; private set; } = [];
    public EligibilityDecision? DecisionInput { get; private set; }
    public string? ReasonInput { get; private set; }
    public string? LeadershipInput { get; private set; }
    public string? CommentInput { get; private set; }
    private IReadOnlyList<FieldError> _errors = [];

    public string? FieldError(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDecideAsync(long version, EligibilityDecision? decision, string? reason, string? leadershipJudgement, CancellationToken ct)
    {
        var result = await work.DecideAsync(Id, version, decision ?? EligibilityDecision.Pending, reason, leadershipJudgement, ct);
        if (result.Succeeded)
        {
            Message = $"已确认资格审查结论：{ApplicationLabels.Decision(decision!.Value)}，并已通知申报组织。";
            return Redirect($"/Applications/Review/{Id}");
        }
        (DecisionInput, ReasonInput, LeadershipInput) = (decision, reason, leadershipJudgement);
        return await FailAsync(result, ct);
    }

    public async Task<IActionResult> OnPostReturnAsync(long version, string? comment, CancellationToken ct)
    {
        var result = await work.ReturnAsync(Id, version, comment, ct);
        if (result.Succeeded)
        {
            Message = "申请书已退回修改，并已通知申报组织。";
            return Redirect($"/Applications/Review/{Id}");
        }
        CommentInput = comment;
        return await FailAsync(result, ct);
    }

    private async Task<IActionResult> FailAsync(ApplicationResult result, CancellationToken ct)
    {
        _errors = result.Errors;
        Error = result.Message ?? "请按提示修改后重新提交。";
        db.ChangeTracker.Clear();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Application = await db.Applications.AsNoTracking().Include(a => a.Certifications).Include(a => a.Honours).FirstOrDefaultAsync(a => a.Id == Id, ct);
        if (Application is null || Application.Status == ApplicationStatus.Draft)
        {
            return false;
        }
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == Application.ProgrammeId).Select(p => new { p.Title, p.IsDemo }).FirstAsync(ct);
        ProgrammeTitle = programme.Title;
        var book = await CodeBook.LoadAsync(db, ct);
        Document = Application.ToAppendixA(book, programme.Title, programme.IsDemo);
        Verdict = await work.VerdictAsync(Application, ct);
        Attachments = await files.ListAsync(nameof(Applications.Application), Id, ct);
        return true;
    }
}
