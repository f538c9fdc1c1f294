using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Archive;

/// <summary>
/// The Office's archive page (6): what is still missing before sealing, the seal with its retention period (6.2), the package being
/// written with its progress, download, verification, and the archived files (deleting one is refused within retention).
/// </summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class IndexModel(ArchiveWork work, ArchiveVerifier verifier) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    [BindProperty] public int RetentionYears { get; set; } = RetentionRule.MinimumYears;
    [BindProperty] public bool Confirm { get; set; }
    [BindProperty] public long Version { get; set; }

    [TempData] public string? Message { get; set; }
    [TempData] public string? Refusal { get; set; }
    public List<string> Errors { get; } = [];
    public ArchiveView View { get; private set; } = null!;
    public PagedList<ArchivedFileRow>? Files { get; private set; }
    public ArchiveVerification? Verification { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSealAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            // the retention years or the version could not be read: nothing is sealed
            Errors.AddRange(ModelState.Messages());
        }
        else if (!Confirm)
        {
            Errors.Add("请确认：封存后本培育计划的全部记录只读，保存期内不得删除");
        }
        else
        {
            var result = await work.SealAsync(ProgrammeId, RetentionYears, Version, ct);
            if (result.NotFound)
            {
                return NotFound();
            }
            if (result.Succeeded)
            {
                Message = "已封存归档，正在生成档案包。";
                return RedirectToPage(new { ProgrammeId });
            }
            Errors.Add(result.Error!);
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRebuildAsync(CancellationToken ct)
    {
        var result = await work.RebuildAsync(ProgrammeId, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            Message = "已重新开始生成档案包。";
        }
        else
        {
            Refusal = result.Error;
        }
        return RedirectToPage(new { ProgrammeId });
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await verifier.VerifyAsync(ProgrammeId, ct);
        if (Verification is null)
        {
            return NotFound();
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteFileAsync(Guid attachmentId, CancellationToken ct)
    {
        var result = await work.DeleteFileAsync(ProgrammeId, attachmentId, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            Message = "文件已删除（档案保存期已满）。";
        }
        else
        {
            Refusal = result.Error;
        }
        return RedirectToPage(new { ProgrammeId, p = PageNumber });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await work.ViewAsync(ProgrammeId, ct) is not { } view)
        {
            return false;
        }
        View = view;
        Version = view.ProgrammeVersion;
        if (view.Archive is { } archive)
        {
            Files = await work.FilesAsync(ProgrammeId, PageNumber, ct);
            if (archive.Status == ArchiveStatus.Building)
            {
                // progress without JavaScript: the page reloads itself while the package is written
                Response.Headers["Refresh"] = "2";
            }
        }
        return true;
    }
}
