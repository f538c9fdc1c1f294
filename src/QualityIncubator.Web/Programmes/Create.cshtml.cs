using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Programmes;

public sealed class CreateModel(AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ProgrammeInput Input { get; set; } = new();

    public void OnGet()
    {
        var year = ChinaTime.Today(clock).Year;
        Input = ProgrammeInput.Blank(year);
        Input.Title = $"{year}年度松江区政府质量奖培育孵化计划";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var programme = new Programme { CreatedAt = clock.GetUtcNow().UtcDateTime };
        Input.ApplyTo(programme);
        db.Programmes.Add(programme);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "培育计划已创建。";
        return Redirect($"/Programmes/Details/{programme.Id}");
    }
}
