using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Review;

/// <summary>
/// The Office's programme summary (5.1): the facts the product drafts from every stage (5.1.2), the Office's evaluation of the procedure
/// (5.1.1, 5.1.3, 5.3.1) and suggestions (5.1.2); save, approve (freezes the facts), reopen with a reason. Printable; Word via /Review/SummaryDocx.
/// </summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class SummaryModel(SummaryWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [BindProperty(SupportsGet = true)] public int? PageSize { get; set; }
    [BindProperty] public TextsInput Input { get; set; } = new();
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [TempData] public string? Message { get; set; }

    public string? Error { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public SummaryView View { get; private set; } = null!;

    /// <summary>After a stale save: the texts someone else saved, shown beside the user's own.</summary>
    public SummaryTexts? Latest { get; private set; }

    /// <summary>The texts were posted and refused: the form stays, with what was typed.</summary>
    public bool Posted { get; private set; }

    public bool Editable => View.EditRefusal is null && View.Summary?.Status != SummaryStatus.Approved;
    public bool ShowForm => Editable || Posted;
    public bool CanReopen => View.Summary?.Status == SummaryStatus.Approved && View.Stage == ProgrammeStage.Review;

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    /// <summary>The six texts as the form posts them (Input.OverallEvaluation …).</summary>
    public sealed class TextsInput
    {
        public string? OverallEvaluation { get; set; }
        public string? CourseSetupEvaluation { get; set; }
        public string? SiteVisitEvaluation { get; set; }
        public string? ShowcaseEvaluation { get; set; }
        public string? FormsEvaluation { get; set; }
        public string? ImprovementSuggestions { get; set; }

        public SummaryTexts ToTexts() => new(OverallEvaluation, CourseSetupEvaluation, SiteVisitEvaluation, ShowcaseEvaluation, FormsEvaluation, ImprovementSuggestions);

        public static TextsInput From(SummaryTexts t) => new()
        {
            OverallEvaluation = t.OverallEvaluation, CourseSetupEvaluation = t.CourseSetupEvaluation, SiteVisitEvaluation = t.SiteVisitEvaluation,
            ShowcaseEvaluation = t.ShowcaseEvaluation, FormsEvaluation = t.FormsEvaluation, ImprovementSuggestions = t.ImprovementSuggestions,
        };
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Input = TextsInput.From(SummaryTexts.Of(View.Summary));
        Version = View.Version;
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(false, ct);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => SaveAsync(true, ct);

    private async Task<IActionResult> SaveAsync(bool approve, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            // a value that could not be read (a control character, a version that is no number): shown beside its field, nothing saved
            if (!await LoadAsync(ct))
            {
                return NotFound();
            }
            Posted = true;
            Errors = [.. ModelState.Where(e => e.Value is { Errors.Count: > 0 })
                .Select(e => new FieldError(e.Key.StartsWith("Input.", StringComparison.Ordinal) ? e.Key["Input.".Length..] : e.Key, e.Value!.Errors[0].ErrorMessage))];
            Error = "填写内容有误：" + string.Join("；", ModelState.Messages());
            return Page();
        }
        var (errors, message) = await work.SaveAsync(ProgrammeId, Input.ToTexts(), Version, approve, ct);
        if (errors.Count == 0 && message is null)
        {
            Message = approve ? "工作总结已审核通过，各项数据已冻结。" : "已保存草稿。";
            return RedirectToPage();
        }
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Posted = true;
        Errors = errors;
        Error = message ?? (approve ? "审核通过前须填写全部评估内容和改进建议，请按提示补充（已填写的内容均已保留）。" : "填写内容有误，请按提示修改（已填写的内容均已保留）。");
        if (message == ConcurrencyMessages.Stale)
        {
            // the typed texts stay in the form; the current record is shown beside them and the next save starts from it
            (Version, var latest) = await work.CurrentAsync(ProgrammeId, ct);
            Latest = latest;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostReopenAsync(CancellationToken ct)
    {
        if (await work.ReopenAsync(ProgrammeId, Reason, Version, ct) is { } error)
        {
            if (!await LoadAsync(ct))
            {
                return NotFound();
            }
            Error = error;
            Input = TextsInput.From(SummaryTexts.Of(View.Summary));
            Version = View.Version;
            return Page();
        }
        Message = "工作总结已重新打开为草稿，数据恢复为实时统计。";
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await work.ViewAsync(ProgrammeId, PageNumber, PageSize, ct) is not { } view)
        {
            return false;
        }
        View = view;
        return true;
    }
}
