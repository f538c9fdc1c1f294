using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Courses;

/// <summary>A lecturer's own sessions (授课专家, 4.5): the only rolls they can open.</summary>
[Authorize(Roles = Roles.Expert)]
public sealed class TeachingModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid SessionId, string Programme, string Course, DateTime StartsAt, DateTime EndsAt, string? Place);

    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public PagedList<Row> Sessions { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    /// <summary>One page of the sessions, newest first, paged in the database.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        Sessions = await db.Set<SessionLecturer>().AsNoTracking().Where(l => l.Expert!.UserId == userId)
            .Join(db.Set<CourseSession>(), l => l.SessionId, s => s.Id, (l, s) => s)
            .OrderByDescending(s => s.StartsAt).ThenBy(s => s.Id)
            .Select(s => new Row(s.Id, db.Programmes.Where(p => p.Id == s.ProgrammeId).Select(p => p.Title).First(), s.Course!.Title, s.StartsAt, s.EndsAt, s.Place))
            .ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
    }
}
