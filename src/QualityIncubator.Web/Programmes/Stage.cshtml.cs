using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Programmes;

/// <summary>One page per stage of the standard: what it asks for, which programmes are in it, which organizations are at it.</summary>
public sealed class StageModel(AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "stage")]
    public string? StageName { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public ProgrammeStage Stage { get; private set; }

    public IReadOnlyList<Row> Programmes { get; private set; } = [];

    public PagedList<CaseRow>? Cases { get; private set; }

    public sealed record Row(Guid Id, int Year, string Title, bool IsDemo, DateOnly? StartsOn, DateOnly? EndsOn);

    public sealed record CaseRow(Guid Id, string OrganizationName, string ProgrammeTitle, CaseState State);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Enum.TryParse<ProgrammeStage>(StageName, ignoreCase: true, out var stage) || !Enum.IsDefined(stage))
        {
            return NotFound();
        }
        Stage = stage;
        Programmes = await db.Programmes.AsNoTracking().Where(p => p.Stage == stage).OrderByDescending(p => p.Year)
            .Select(p => new Row(p.Id, p.Year, p.Title, p.IsDemo,
                p.Schedule.Where(w => w.Stage == stage).Select(w => w.StartsOn).FirstOrDefault(),
                p.Schedule.Where(w => w.Stage == stage).Select(w => w.EndsOn).FirstOrDefault()))
            .ToListAsync(ct);
        var states = StageGuide.States(stage).ToList();
        if (states.Count > 0)
        {
            Cases = await db.Cases.AsNoTracking().Where(c => c.Programme!.Stage == stage && states.Contains(c.State))
                .OrderBy(c => c.Organization!.Name)
                .Select(c => new CaseRow(c.Id, c.Organization!.Name, c.Programme!.Title, c.State))
                .ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
        }
        return Page();
    }
}
