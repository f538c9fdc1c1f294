using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>The visits of the coaching teams the signed-in expert is on (4.6.1).</summary>
[Authorize(Policy = PlatformSetup.ExpertPolicy)]
public sealed class CoachModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string OrganizationName, string ProgrammeTitle, DateTime StartsAt, DateTime EndsAt, string Place, SiteVisitFormat Format, SiteVisitStatus Status);

    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public PagedList<Row> Visits { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    /// <summary>One page of the visits, newest first, with the organization's name and the programme's title, in the database.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        Visits = await SiteVisitQueries.OfCoach(db, userId)
            .Join(db.Organizations, v => v.OrganizationId, o => o.Id, (v, o) => new { v, o.Name })
            .Join(db.Programmes, x => x.v.ProgrammeId, p => p.Id, (x, p) => new { x.v, x.Name, p.Title })
            .OrderByDescending(x => x.v.StartsAt).ThenBy(x => x.v.Id)
            .Select(x => new Row(x.v.Id, x.Name, x.Title, x.v.StartsAt, x.v.EndsAt, x.v.Place, x.v.Format, x.v.Status))
            .ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
    }
}
