using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>
/// The Office's view of one visit's opinion summary (4.6.6): the text, who signed, the team's comments; it returns a submitted
/// opinion with a comment, accepts it, and releases an accepted one to the organization.
/// </summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class OpinionReviewModel(OpinionWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid VisitId { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string? ReturnComment { get; set; }
    [TempData] public string? Message { get; set; }

    public string? Error { get; private set; }
    public OpinionView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) =>
        ActAsync(() => work.ReturnAsync(VisitId, ReturnComment, Version, ct), "意见汇总表已退回专家组修改，原签名已作废。", ct);

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) =>
        ActAsync(() => work.AcceptAsync(VisitId, Version, ct), "已接收意见汇总表。确认无误后请“反馈给组织”。", ct);

    public Task<IActionResult> OnPostReleaseAsync(CancellationToken ct) =>
        ActAsync(() => work.ReleaseAsync(VisitId, Version, ct), "意见汇总表已反馈给组织。", ct);

    private async Task<IActionResult> ActAsync(Func<Task<OpinionResult>> action, string done, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var result = await action();
        if (!result.Succeeded)
        {
            // the latest state, and the typed return comment kept
            if (!await LoadAsync(ct))
            {
                return NotFound();
            }
            Error = result.Message;
            return Page();
        }
        Message = done;
        return Redirect($"/SiteVisits/Opinion/Review/{VisitId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        View = (await work.LoadAsync(VisitId, ct))!;
        return View is not null;
    }
}
