using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Experts;

/// <summary>4.2.3: before opening any organization's material in a programme, the expert signs that programme's pledge.</summary>
[Authorize(Policy = PlatformSetup.ExpertPolicy)]
public sealed class PledgeModel(AppDbContext db, ExpertWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }

    public string ProgrammeTitle { get; private set; } = "";
    public DateTime? SignedAt { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(bool agree, CancellationToken ct)
    {
        var expert = await LoadAsync(ct);
        if (expert is null)
        {
            return NotFound();
        }
        if (!agree)
        {
            Error = "请先勾选“我已阅读并承诺遵守以上要求”。";
            return Page();
        }
        await work.SignPledgeAsync(expert.Value, ProgrammeId, ct);
        return RedirectToPage();
    }

    private async Task<Guid?> LoadAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var expertId = await db.Experts.AsNoTracking().Where(e => e.UserId == userId && e.Status == ExpertStatus.Active).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        var title = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => p.Title).FirstOrDefaultAsync(ct);
        if (expertId is null || title is null)
        {
            return null;
        }
        ProgrammeTitle = title;
        SignedAt = await db.ExpertPledges.AsNoTracking().Where(p => p.ExpertId == expertId && p.ProgrammeId == ProgrammeId && p.TextVersion == Pledge.Version).Select(p => (DateTime?)p.SignedAt).FirstOrDefaultAsync(ct);
        return expertId;
    }
}
