using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Showcase;

/// <summary>
/// The before/after page of one organization (4.7.2): Appendix B changes, the GB/T 19580 category comparison with its chart, the released
/// site-visit improvements and the organization's account; the Office records the re-score, returns or approves. The organization sees its own.
/// </summary>
[Authorize]
public sealed class ProfileModel(ShowcaseWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid OrganizationId { get; set; }
    [BindProperty(Name = nameof(Scores))] public Dictionary<string, string?> Scores { get; set; } = [];
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [TempData] public string? Message { get; set; }

    public string? Error { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public BeforeAfter Data { get; private set; } = null!;
    public BarChart Chart => ShowcaseRules.Chart(Data.Comparison);
    public bool IsOffice => ResourceAccess.IsOffice(User);
    public bool RescoreEditable => IsOffice && Data.Profile?.Status != ProfileStatus.Approved;
    public ScoreInputs Grid => new(Scores, Errors, !RescoreEditable);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Scores = ScoreInputs.FromPercentages(Data.Rescore);
        Version = Data.Profile?.Version ?? 0;
        return Page();
    }

    public Task<IActionResult> OnPostRescoreAsync(CancellationToken ct) => OfficeAsync(async () =>
    {
        var (errors, message) = await work.RecordRescoreAsync(ProgrammeId, OrganizationId, Scores, Version, ct);
        Errors = errors;
        return message ?? (errors.Count > 0 ? "再次评分有未完成或填写有误的条目，请按提示修改。" : null);
    }, "已录入再次评分。", ct);

    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) =>
        OfficeAsync(() => work.ReturnAsync(ProgrammeId, OrganizationId, Comment, Version, ct), "已退回组织修改。", ct);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) =>
        OfficeAsync(() => work.ApproveAsync(ProgrammeId, OrganizationId, Version, ct), "已审核通过。", ct);

    private async Task<IActionResult> OfficeAsync(Func<Task<string?>> action, string done, CancellationToken ct)
    {
        if (!IsOffice || !await LoadAsync(ct))
        {
            return NotFound();
        }
        Error = await action();
        if (Error is not null)
        {
            await LoadAsync(ct);
            return Page();
        }
        Message = done;
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!ResourceAccess.CanSeeOrganization(User, OrganizationId) || await work.BeforeAfterAsync(ProgrammeId, OrganizationId, ct) is not { } data)
        {
            return false;
        }
        Data = data;
        return true;
    }
}
