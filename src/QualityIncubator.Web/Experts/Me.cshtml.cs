using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Experts;

/// <summary>An expert keeps their own profile, the dates they cannot serve and their declared conflicts up to date (4.2.1, 4.2.3).</summary>
[Authorize(Policy = PlatformSetup.ExpertPolicy)]
public sealed class MeModel(AppDbContext db, ExpertWork work) : PageModel
{
    [BindProperty] public ExpertInput Input { get; set; } = new();
    [BindProperty] public ConflictInput Conflict { get; set; } = new();

    /// <summary>The unavailable date and note as typed, shown again when they were refused.</summary>
    public string? DateTyped { get; private set; }
    public string? NoteTyped { get; private set; }
    [TempData] public string? Message { get; set; }

    public string? Error { get; private set; }
    public string Name { get; private set; } = "";
    public string Roles { get; private set; } = "";
    public string StatusText { get; private set; } = "";
    public CodeBook? Book { get; private set; }
    public IReadOnlyList<ExpertConflict> Conflicts { get; private set; } = [];
    public IReadOnlyList<string> ConflictErrors { get; private set; } = [];
    public IReadOnlyList<ExpertUnavailability> Unavailable { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Title, bool Signed)> Programmes { get; private set; } = [];

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var expert = await LoadAsync(ct);
        if (expert is null)
        {
            return NotFound();
        }
        Input = ExpertInput.From(expert);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var expert = await work.FindByUserAsync(UserId, ct);
        if (expert is null)
        {
            return NotFound();
        }
        if (ModelState.IsValid)
        {
            var (saved, errors, message) = await work.SaveAsync(expert, Input, byOffice: false, ct);
            if (saved is not null)
            {
                Message = "已保存。";
                return RedirectToPage();
            }
            foreach (var e in errors)
            {
                ModelState.AddModelError("Input." + e.Field, e.Message);
            }
            Error = message;
        }
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddDateAsync(DateOnly? date, string? note, CancellationToken ct)
    {
        var expert = await work.FindByUserAsync(UserId, ct);
        if (expert is null)
        {
            return NotFound();
        }
        // only this form's fields count here: the profile's fields (Input) are not part of it
        if (ModelState.Summary("date", "note") is { } refused)
        {
            // an impossible date or a control character: the message, and what was typed, shown again; nothing saved
            Error = refused;
            DateTyped = Request.Form["date"];
            NoteTyped = note;
        }
        else if (date is null)
        {
            Error = "请选择日期。";
            NoteTyped = note;
        }
        else if (!await db.ExpertUnavailability.AnyAsync(u => u.ExpertId == expert.Id && u.Date == date, ct))
        {
            db.ExpertUnavailability.Add(new ExpertUnavailability { ExpertId = expert.Id, Date = date.Value, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(200, note.Trim().Length)] });
            await db.SaveChangesAsync(ct);
            Message = "已添加。";
            return RedirectToPage();
        }
        ModelState.Clear();
        Input = ExpertInput.From(expert);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveDateAsync(Guid id, CancellationToken ct)
    {
        var expert = await work.FindByUserAsync(UserId, ct);
        var entry = expert is null ? null : await db.ExpertUnavailability.FirstOrDefaultAsync(u => u.Id == id && u.ExpertId == expert.Id, ct);
        if (entry is null)
        {
            return NotFound();
        }
        db.ExpertUnavailability.Remove(entry);
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddConflictAsync(CancellationToken ct)
    {
        var expert = await work.FindByUserAsync(UserId, ct);
        if (expert is null)
        {
            return NotFound();
        }
        ConflictErrors = await work.AddConflictAsync(expert.Id, Conflict, byOffice: false, ct);
        if (ConflictErrors.Count == 0)
        {
            Message = "已登记利益关系。";
            return RedirectToPage();
        }
        ModelState.Clear();
        Input = ExpertInput.From(expert);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveConflictAsync(Guid conflictId, CancellationToken ct)
    {
        var expert = await work.FindByUserAsync(UserId, ct);
        if (expert is null || !await work.RemoveConflictAsync(expert.Id, conflictId, byOffice: false, ct))
        {
            return NotFound();
        }
        return RedirectToPage();
    }

    private async Task<Expert?> LoadAsync(CancellationToken ct)
    {
        Book = await CodeBook.LoadAsync(db, ct);
        var expert = await db.Experts.AsNoTracking().Include(e => e.Conflicts).Include(e => e.Unavailability).FirstOrDefaultAsync(e => e.UserId == UserId, ct);
        if (expert is null)
        {
            return null;
        }
        (Name, Roles, StatusText) = (expert.Name, ExpertLabels.Roles(expert), ExpertLabels.Status(expert.Status));
        Conflicts = [.. expert.Conflicts.OrderBy(c => c.CreatedAt)];
        Unavailable = [.. expert.Unavailability.OrderBy(u => u.Date)];
        var signed = await db.ExpertPledges.AsNoTracking().Where(p => p.ExpertId == expert.Id && p.TextVersion == Pledge.Version).Select(p => p.ProgrammeId).ToListAsync(ct);
        Programmes = [.. (await db.Programmes.AsNoTracking().Where(p => p.Stage != ProgrammeStage.Sealed).OrderByDescending(p => p.Year).Select(p => new { p.Id, p.Title }).ToListAsync(ct))
            .Select(p => (p.Id, p.Title, signed.Contains(p.Id)))];
        return expert;
    }
}
