using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Programmes;

public sealed class EditModel(AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public ProgrammeInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Include(p => p.Schedule).FirstOrDefaultAsync(p => p.Id == Id, ct);
        if (programme is null)
        {
            return NotFound();
        }
        Input = ProgrammeInput.From(programme);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var programme = await db.Programmes.Include(p => p.Schedule).FirstOrDefaultAsync(p => p.Id == Id, ct);
        if (programme is null)
        {
            return NotFound();
        }
        if (programme.Stage == ProgrammeStage.Sealed)
        {
            ModelState.AddModelError("", "培育计划已封存归档，不能修改。");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        Input.ApplyTo(programme);
        db.ExpectVersion(programme, Input.Version);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The user's input stays in the form; they see the message and can compare with the current record.
            ModelState.AddModelError("", ConcurrencyMessages.Stale);
            var current = await db.Programmes.AsNoTracking().Where(p => p.Id == Id).Select(p => p.Version).FirstAsync(ct);
            ModelState.Remove("Input.Version");
            Input.Version = current;
            return Page();
        }
        TempData["Message"] = "培育计划已保存。";
        return Redirect($"/Programmes/Details/{Id}");
    }
}
