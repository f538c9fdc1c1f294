using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Pool;

/// <summary>
/// Every entry into and exit from the programme's incubation pool (4.4.4.2–4.4.4.3), newest entry first: who selected the organization,
/// at which rank and why, and when, why and by whom it left. Its own page, so that the pool page reads only its working lists.
/// </summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class HistoryModel(AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }

    /// <summary>Filters the stays by the organization's name or credit code.</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public PoolQueries.ProgrammeHeader Programme { get; private set; } = null!;
    public PagedList<PoolQueries.MemberRow> Stays { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await PoolQueries.ProgrammeAsync(db, ProgrammeId, Q, ct) is not { } programme)
        {
            return NotFound();
        }
        Programme = programme;
        Stays = await PoolQueries.MembersPageAsync(db, ProgrammeId, currentOnly: false, Q, PageNumber, programme.Stays, ct);
        return Page();
    }
}
