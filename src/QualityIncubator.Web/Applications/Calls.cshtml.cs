using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Applications;

/// <summary>The public page of open calls (4.1.1): no login needed.</summary>
[AllowAnonymous]
public sealed class CallsModel(AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? ProgrammeId { get; set; }

    public IReadOnlyList<CallView> Open { get; private set; } = [];
    public CallView? One { get; private set; }

    public sealed record CallView(Guid ProgrammeId, string Title, string Html, string? Requirements, string? Contact, DateOnly OpensOn, DateOnly ClosesOn, string State);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var calls = db.ApplicationCalls.AsNoTracking().Where(c => c.PublishedAt != null)
            .Join(db.Programmes, c => c.ProgrammeId, p => p.Id, (c, p) => new { c, p.Title });
        if (ProgrammeId is { } id)
        {
            var found = await calls.Where(x => x.c.ProgrammeId == id).FirstOrDefaultAsync(ct);
            if (found is null)
            {
                return NotFound();
            }
            One = View(found.c, found.Title, today);
            return Page();
        }
        Open = [.. (await calls.Where(x => x.c.ClosesOn >= today).OrderBy(x => x.c.ClosesOn).ToListAsync(ct)).Select(x => View(x.c, x.Title, today))];
        return Page();
    }

    private static CallView View(ApplicationCall c, string title, DateOnly today) => new(c.ProgrammeId, title, c.Html, c.Requirements, c.Contact, c.OpensOn, c.ClosesOn,
        today < c.OpensOn ? "尚未开始" : today > c.ClosesOn ? "已截止" : "正在申报");
}
