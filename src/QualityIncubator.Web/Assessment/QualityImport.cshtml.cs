using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Assessment;

/// <summary>The Office imports administrative penalties (4.4.3.2) from the market-supervision system's export, row by row, with a Chinese report.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class QualityImportModel(AppDbContext db, QualityWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }

    public string ProgrammeTitle { get; private set; } = "";
    public string? Error { get; private set; }
    public PenaltyImportReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var (content, type, refusal) = await PenaltyImport.ReadUploadAsync(file, ct);
        if (content is null)
        {
            Error = refusal;
            return Page();
        }
        await using var buffer = content;
        var rows = PenaltyImport.Read(buffer, type, out var fileError);
        if (fileError is not null)
        {
            Error = fileError;
            return Page();
        }
        if (rows.Count == 0)
        {
            Error = "文件中没有数据行。";
            return Page();
        }
        Report = await work.ImportAsync(ProgrammeId, rows, ct);
        Error = Report.Error;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        ProgrammeTitle = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => p.Title).FirstOrDefaultAsync(ct) ?? "";
        return ProgrammeTitle.Length > 0;
    }
}
