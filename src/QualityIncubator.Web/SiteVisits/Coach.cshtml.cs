using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>The visits of the coaching teams the signed-in expert is on (4.6.1).</summary>
[Authorize(Policy = PlatformSetup.ExpertPolicy)]
public sealed class CoachModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string OrganizationName, string ProgrammeTitle, DateTime StartsAt, DateTime EndsAt, string Place, SiteVisitFormat Format, SiteVisitStatus Status);

    public List<Row> Visits { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var visits = await SiteVisitQueries.OfCoach(db, userId).OrderByDescending(v => v.StartsAt)
            .Select(v => new { v.Id, v.OrganizationId, v.ProgrammeId, v.StartsAt, v.EndsAt, v.Place, v.Format, v.Status }).ToListAsync(ct);
        var organizations = visits.Select(v => v.OrganizationId).Distinct().ToList();
        var programmes = visits.Select(v => v.ProgrammeId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => organizations.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var titles = await db.Programmes.AsNoTracking().Where(p => programmes.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        Visits = [.. visits.Select(v => new Row(v.Id, names[v.OrganizationId], titles[v.ProgrammeId], v.StartsAt, v.EndsAt, v.Place, v.Format, v.Status))];
    }
}
