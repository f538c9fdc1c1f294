using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Showcase;

/// <summary>One organization's public summary: approved by the Office, shown with its consent only.</summary>
public sealed record PublicProfile(string Name, string? ManagementModel, string? Narrative, decimal? RescoreTotal);

/// <summary>The public showcase of a programme (4.7.1): approved profiles whose organizations consented, as summaries; anyone may read it.</summary>
[AllowAnonymous]
public sealed class PublicModel(AppDbContext db) : PageModel
{
    public const int SummaryLength = 300;

    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    public string ProgrammeTitle { get; private set; } = "";
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public PagedList<PublicProfile> Profiles { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public IReadOnlyList<ExchangeEvent> Events { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var title = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => p.Title).FirstOrDefaultAsync(ct);
        if (title is null)
        {
            return NotFound();
        }
        ProgrammeTitle = title;
        var rows = await db.Set<ShowcaseProfile>().AsNoTracking()
            .Where(p => p.ProgrammeId == ProgrammeId && p.Status == ProfileStatus.Approved && p.PublicConsent)
            .Join(db.Organizations, p => p.OrganizationId, o => o.Id, (p, o) => new { o.Id, o.Name, p.ManagementModel, p.Narrative, p.RescoreTotal })
            .OrderBy(r => r.Name).ThenBy(r => r.Id)
            .ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
        Profiles = new PagedList<PublicProfile>([.. rows.Items.Select(r => new PublicProfile(r.Name, Summary(r.ManagementModel), Summary(r.Narrative), r.RescoreTotal))],
            rows.Page, rows.PageSize, rows.Total);
        Events = await db.Set<ExchangeEvent>().AsNoTracking().Where(e => e.ProgrammeId == ProgrammeId).OrderBy(e => e.StartsAt).ToListAsync(ct);
        return Page();
    }

    private static string? Summary(string? text) => text is null || text.Length <= SummaryLength ? text : text[..SummaryLength] + "……";
}
