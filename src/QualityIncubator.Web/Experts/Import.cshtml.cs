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
        var (workbook, refusal) = await Spreadsheet.ReadUploadAsync(file, ct);
        if (workbook is null)
        {
            Error = refusal;
            return Page();
        }
        await using var buffer = workbook;
        var (imported, errors, fileError) = await ExpertImport.ImportAsync(buffer, db, clock, ct);
        (Imported, Errors, Error) = (fileError is null ? imported : null, errors, fileError);
        return Page();
    }
}
