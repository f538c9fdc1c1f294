using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>
/// The coaching team's page for one visit's opinion summary (4.6.4, Appendix C): the lead writes the four parts and puts the
/// text up for signature, the members comment on the draft, then everyone signs the locked text. Only team members, through
/// the confidentiality gate (4.2.3); anyone else gets 404.
/// </summary>
[Authorize(Policy = PlatformSetup.ExpertPolicy)]
public sealed class OpinionModel(OpinionWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid VisitId { get; set; }
    [BindProperty] public OpinionInput Input { get; set; } = new();
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? TextHash { get; set; }
    [TempData] public string? Message { get; set; }

    public string? Refusal { get; private set; }
    public bool NeedsPledge { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public OpinionView View { get; private set; } = null!;
    public TeamMember Member { get; private set; } = null!;

    public bool CanEdit => OpinionRules.CanEdit(View.Status, Member.IsLead, View.Visit.Status).Allowed;
    public bool CanComment => !Member.IsLead && View.Opinion is not null && OpinionRules.IsOpen(View.Status);
    public bool CanSign => View.Status == OpinionStatus.Signing && !View.HasSigned(Member.ExpertId);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result)
        {
            return result;
        }
        Fill();
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(false, ct);

    public Task<IActionResult> OnPostPutUpAsync(CancellationToken ct) => SaveAsync(true, ct);

    public async Task<IActionResult> OnPostCommentAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result)
        {
            return result;
        }
        var saved = await work.CommentAsync(User, VisitId, Comment, ct);
        if (!saved.Succeeded)
        {
            return await RefusedAsync(saved, fill: true, ct);
        }
        Message = "修改意见已发送给组长。";
        return Redirect($"/SiteVisits/Opinion/{VisitId}");
    }

    public async Task<IActionResult> OnPostSignAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result)
        {
            return result;
        }
        var saved = await work.SignAsync(User, VisitId, TextHash, Version, ct);
        if (!saved.Succeeded)
        {
            return await RefusedAsync(saved, fill: true, ct);
        }
        Message = "已签名。";
        return Redirect($"/SiteVisits/Opinion/{VisitId}");
    }

    private async Task<IActionResult> SaveAsync(bool putUp, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result)
        {
            return result;
        }
        var saved = await work.SaveAsync(User, VisitId, Input.ToText(), Version, putUp, ct);
        if (!saved.Succeeded)
        {
            return await RefusedAsync(saved, fill: false, ct);
        }
        Message = putUp ? "意见汇总表已提交专家组签名，内容已锁定。" : "已保存草稿。";
        return Redirect($"/SiteVisits/Opinion/{VisitId}");
    }

    /// <summary>Shows the refusal with the latest state; what the user typed (the four parts, or the comment) stays in the form.</summary>
    private async Task<IActionResult> RefusedAsync(OpinionResult saved, bool fill, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result)
        {
            return result;
        }
        if (fill)
        {
            Fill();
        }
        Errors = saved.Errors;
        Error = saved.Message ?? "意见汇总表有未完成或填写有误的内容，请按提示修改（已填写的内容均已保留）。";
        return Page();
    }

    private void Fill()
    {
        Input = OpinionInput.From(View.Text);
        Version = View.Opinion?.Version ?? 0;
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var open = await work.OpenAsync(User, VisitId, ct);
        if (open.NotFound)
        {
            return NotFound();
        }
        (View, Member) = (open.View!, open.Member!);
        if (open.Refusal is not null)
        {
            Refusal = open.Refusal;
            NeedsPledge = open.Refusal.Contains("承诺书", StringComparison.Ordinal);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        return null;
    }
}
