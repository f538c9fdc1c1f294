using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Applications;

/// <summary>The Office imports applications from the .xlsx template, row by row, with a Chinese error report.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class ImportModel(AppDbContext db, ApplicationWork work, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ProgrammeId { get; set; }

    public string ProgrammeTitle { get; private set; } = "";
    public string? Error { get; private set; }
    public int? Imported { get; private set; }
    public IReadOnlyList<ImportRowError> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var (workbook, refusal) = await Spreadsheet.ReadUploadAsync(file, ct);
        if (workbook is null)
        {
            Error = refusal;
            return Page();
        }
        await using var buffer = workbook;
        var rows = ApplicationImport.Read(buffer, await CodeBook.LoadAsync(db, ct), ChinaTime.Today(clock), out var fileError);
        if (fileError is not null)
        {
            Error = fileError;
            return Page();
        }
        (Imported, Errors) = await work.ImportAsync(ProgrammeId, rows, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        ProgrammeTitle = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => p.Title).FirstOrDefaultAsync(ct) ?? "";
        return ProgrammeTitle.Length > 0;
    }
}
