using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Courses;

/// <summary>Self check-in (4.5.3): a signed-in organization user enters the code shown in the room (or scans its QR code) for its responsible persons present.</summary>
[Authorize(Roles = Roles.Organization)]
public sealed class CheckInModel(AppDbContext db, CourseWork work, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "session")] public Guid? SessionId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public string? SessionLabel { get; private set; }
    public List<(Guid Id, string Label)> Today { get; private set; } = [];
    public List<(Guid Id, string Name, string? Title, bool In)> People { get; private set; } = [];

    private Guid OrganizationId => ResourceAccess.OrganizationOf(User) ?? Guid.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(List<Guid> personIds, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || SessionId is not { } session)
        {
            return NotFound();
        }
        Error = await work.CheckInAsync(session, OrganizationId, Code, personIds, ct);
        if (Error is not null)
        {
            return await LoadAsync(ct) ? Page() : NotFound();
        }
        Message = $"签到成功：{SessionLabel}。";
        return Redirect($"/Courses/CheckIn?session={session}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var programmes = await db.Cases.AsNoTracking().Where(c => c.OrganizationId == OrganizationId).Select(c => c.ProgrammeId).ToListAsync(ct);
        if (SessionId is not { } id)
        {
            var today = ChinaTime.StartOfDayUtc(ChinaTime.Today(clock));
            var sessions = await db.Set<CourseSession>().AsNoTracking().Include(s => s.Course)
                .Where(s => programmes.Contains(s.ProgrammeId) && s.EndsAt > now && s.StartsAt < today.AddDays(1)).OrderBy(s => s.StartsAt).ToListAsync(ct);
            foreach (var s in sessions)
            {
                if (await CourseEnrolment.IsExpectedAsync(db, s.Course!, OrganizationId, ct))
                {
                    Today.Add((s.Id, $"{s.Course!.Title}（{ChinaTime.DateTimeText(s.StartsAt)}–{ChinaTime.TimeText(s.EndsAt)}，{s.Place ?? "线上"}）"));
                }
            }
            return true;
        }
        var session = await db.Set<CourseSession>().AsNoTracking().Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null || !programmes.Contains(session.ProgrammeId) || !await CourseEnrolment.IsExpectedAsync(db, session.Course!, OrganizationId, ct))
        {
            return false;
        }
        SessionLabel = $"{session.Course!.Title}（{ChinaTime.DateTimeText(session.StartsAt)}–{ChinaTime.TimeText(session.EndsAt)}，{session.Place ?? "线上"}）";
        var attended = await db.Set<Attendance>().AsNoTracking().Where(a => a.SessionId == id && a.OrganizationId == OrganizationId && a.Status != AttendanceStatus.Absent)
            .Select(a => a.ResponsiblePersonId).ToListAsync(ct);
        People = [.. (await db.Set<ResponsiblePerson>().AsNoTracking().Where(p => p.ProgrammeId == session.ProgrammeId && p.OrganizationId == OrganizationId && !p.Removed)
            .OrderBy(p => p.Name).Select(p => new { p.Id, p.Name, p.Title }).ToListAsync(ct)).Select(p => (p.Id, p.Name, p.Title, attended.Contains(p.Id)))];
        return true;
    }
}
