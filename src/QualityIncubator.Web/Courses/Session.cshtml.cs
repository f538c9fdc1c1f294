using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Courses;

/// <summary>
/// One session: the Office edits it and its lecturers; the Office or the session's own lecturer issues the check-in code and takes the roll (4.5.3).
/// Anyone else gets 404.
/// </summary>
[Authorize(Roles = Roles.Office + "," + Roles.Expert)]
public sealed class SessionModel(AppDbContext db, CourseWork work, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid SessionId { get; set; }

    /// <summary>The page of the roll (<see cref="CourseQueries.RollPageSize"/> organizations); the roll form posts it back.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    /// <summary>Narrows the lecturers offered (name or employer).</summary>
    [BindProperty(SupportsGet = true)] public string? LecturerQ { get; set; }

    /// <summary>The form offers at most this many lecturers; the search narrows them.</summary>
    public const int ChoiceLimit = 50;

    [BindProperty] public SessionInput Input { get; set; } = new();
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public IReadOnlyList<string> RollErrors { get; private set; } = [];
    public CourseQueries.Roll? Roll { get; private set; }
    public bool IsOffice { get; private set; }
    public Guid CourseId { get; private set; }
    public List<(Guid Id, string Name)> LecturerChoices { get; private set; } = [];

    /// <summary>More lecturers match than the form offers: the page asks to narrow the search.</summary>
    public bool MoreLecturers { get; private set; }

    public List<(Guid ExpertId, string Name, string? Explanation)> Lecturers { get; private set; } = [];
    public string? QrDataUri { get; private set; }
    public string? CheckInUrl { get; private set; }
    public bool Ended { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !IsOffice)
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        Error = await work.SaveSessionAsync(Roll!.ProgrammeId, CourseId, SessionId, Input, ct);
        if (Error is not null)
        {
            return Page();
        }
        Message = "场次已保存。";
        return Redirect($"/Courses/Session/{SessionId}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !IsOffice)
        {
            return NotFound();
        }
        Error = await work.DeleteSessionAsync(Roll!.ProgrammeId, SessionId, ct);
        if (Error is not null)
        {
            return Page();
        }
        Message = "场次已删除。";
        return Redirect($"/Courses/Edit/{Roll.ProgrammeId}/{CourseId}");
    }

    public async Task<IActionResult> OnPostLecturerAsync(Guid expertId, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !IsOffice)
        {
            return NotFound();
        }
        Error = await work.AssignLecturerAsync(Roll!.ProgrammeId, SessionId, expertId, null, ct);
        if (Error is not null)
        {
            return Page();
        }
        Message = "已安排授课专家。";
        return Redirect($"/Courses/Session/{SessionId}");
    }

    public async Task<IActionResult> OnPostRemoveLecturerAsync(Guid expertId, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !IsOffice)
        {
            return NotFound();
        }
        await work.RemoveLecturerAsync(Roll!.ProgrammeId, SessionId, expertId, ct);
        Message = "已取消该专家的授课安排。";
        return Redirect($"/Courses/Session/{SessionId}");
    }

    public async Task<IActionResult> OnPostCodeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Error = await work.IssueCheckInCodeAsync(SessionId, ct);
        if (Error is not null)
        {
            return Page();
        }
        Message = "已发布新的签到码，之前的签到码即时失效。";
        return Redirect($"/Courses/Session/{SessionId}");
    }

    public sealed class RollLine
    {
        public Guid OrganizationId { get; set; }
        public Guid? ResponsiblePersonId { get; set; }
        public string? AttendeeName { get; set; }
        public AttendanceStatus? Status { get; set; }
        public string? Note { get; set; }
    }

    public async Task<IActionResult> OnPostRollAsync(List<RollLine> lines, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        RollErrors = await work.TakeRollAsync(SessionId,
            [.. lines.Select(l => new CourseWork.RollEntry(l.OrganizationId, l.ResponsiblePersonId, l.AttendeeName, l.Status, l.Note))], ct);
        if (RollErrors.Count > 0)
        {
            return Page();
        }
        Message = "点名记录已保存。";
        return Redirect(PageNumber is > 1 ? $"/Courses/Session/{SessionId}?p={PageNumber}" : $"/Courses/Session/{SessionId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        IsOffice = User.IsInRole(Roles.Office);
        // A lecturer sees the roll of their own sessions only.
        if (!IsOffice && !await CourseQueries.TeachesAsync(db, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", SessionId, ct))
        {
            return false;
        }
        Roll = await CourseQueries.RollPageAsync(db, SessionId, PageNumber, ct);
        if (Roll is null)
        {
            return false;
        }
        var session = await db.Set<CourseSession>().AsNoTracking().FirstAsync(s => s.Id == SessionId, ct);
        CourseId = session.CourseId;
        Ended = clock.GetUtcNow().UtcDateTime >= session.EndsAt;
        if (Request.Method == HttpMethods.Get || !Request.Form.ContainsKey("Input.Date"))
        {
            Input = SessionInput.From(session);
        }
        Lecturers = [.. (await db.Set<SessionLecturer>().AsNoTracking().Where(l => l.SessionId == SessionId).OrderBy(l => l.Expert!.Name)
            .Select(l => new { l.ExpertId, l.Expert!.Name, l.Explanation }).ToListAsync(ct)).Select(l => (l.ExpertId, l.Name, l.Explanation))];
        if (IsOffice)
        {
            // the pool has thousands of experts: the form offers the first ones by name, narrowed by the search
            var lecturers = db.Experts.AsNoTracking().Where(e => e.Status == ExpertStatus.Active).ServingIn(AssignmentRole.Lecturer);
            if (!string.IsNullOrWhiteSpace(LecturerQ))
            {
                var term = LecturerQ.Trim();
                lecturers = lecturers.Where(e => e.Name.Contains(term) || (e.Employer != null && e.Employer.Contains(term)));
            }
            var found = await lecturers.OrderBy(e => e.Name).Take(ChoiceLimit + 1).Select(e => new { e.Id, e.Name }).ToListAsync(ct);
            MoreLecturers = found.Count > ChoiceLimit;
            LecturerChoices = [.. found.Take(ChoiceLimit).Select(e => (e.Id, e.Name))];
        }
        if (Roll.CheckInCode is { } code)
        {
            CheckInUrl = $"{Request.Scheme}://{Request.Host}/Courses/CheckIn?session={SessionId}&code={code}";
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(CheckInUrl, QRCodeGenerator.ECCLevel.M);
            QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(8));
        }
        return true;
    }
}
