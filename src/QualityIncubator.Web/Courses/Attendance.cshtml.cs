using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Courses;

/// <summary>The Office's view of theory guidance (4.5): overall attendance rate, each pool member's missing mandatory sessions, demand per elective.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class AttendanceModel(AppDbContext db, CourseWork work, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public bool OnlyGaps { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [TempData] public string? Message { get; set; }
    public string ProgrammeTitle { get; private set; } = "";
    public CourseQueries.TheoryAttendance Theory { get; private set; } = new([], new([], 1, Paging.DefaultPageSize, 0), null, 0, 0, 0);
    public PagedList<CourseQueries.ComplianceRow> List => Theory.Rows;
    public List<CourseQueries.ElectiveDemand> Demand { get; private set; } = [];
    public int PoolWaiting { get; private set; }
    public int Held { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        if (!await ClosedCases.ProgrammeExistsAsync(db, ProgrammeId, ct))
        {
            return NotFound();
        }
        var started = await work.StartTheoryAsync(ProgrammeId, ct);
        Message = started.Message($"理论指导已开始：{started.Moved} 家库内组织已通知。");
        return Redirect($"/Courses/Attendance/{ProgrammeId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var title = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => p.Title).FirstOrDefaultAsync(ct);
        if (title is null)
        {
            return false;
        }
        ProgrammeTitle = title;
        var now = clock.GetUtcNow().UtcDateTime;
        Theory = await CourseQueries.TheoryAttendanceAsync(db, ProgrammeId, now, OnlyGaps, PageNumber, Paging.DefaultPageSize, ct);
        Held = Theory.Sessions.Count(s => s.EndsAt <= now);
        Demand = await CourseQueries.ElectiveDemandAsync(db, ProgrammeId, ct);
        PoolWaiting = Theory.InPool;
        return true;
    }
}
