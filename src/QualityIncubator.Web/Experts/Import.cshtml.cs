using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Experts;

/// <summary>The Office imports experts from the .xlsx template (4.2.1).</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class ExpertImportModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public string? Error { get; private set; }
    public int? Imported { get; private set; }
    public IReadOnlyList<ImportRowError> Errors { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Error = "请选择要导入的 Excel 文件。";
            return Page();
        }
        await using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        if (FileTypes.Detect(buffer) != FileTypes.Xlsx)
        {
            Error = "只能导入 Excel（.xlsx）文件，请使用平台提供的模板。";
            return Page();
        }
        var (imported, errors, fileError) = await ExpertImport.ImportAsync(buffer, db, clock, ct);
        (Imported, Errors, Error) = (fileError is null ? imported : null, errors, fileError);
        return Page();
    }
}
