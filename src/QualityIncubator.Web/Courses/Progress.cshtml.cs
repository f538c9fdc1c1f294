using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Courses;

/// <summary>The Office follows the awareness stage (4.3): who studied what, who decided, who is late; it opens the stage and reminds laggards.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class ProgressModel(AppDbContext db, CourseWork work, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }

    /// <summary>all / undecided / continuing / withdrawn</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [TempData] public string? Message { get; set; }
    public string ProgrammeTitle { get; private set; } = "";
    public CourseQueries.AwarenessCounts Progress { get; private set; } = new(0, 0, 0, 0, 0, null);
    public PagedList<CourseQueries.ProgressRow> List { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public bool PastDue { get; private set; }
    public int EligibleWaiting { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        if (!await ClosedCases.ProgrammeExistsAsync(db, ProgrammeId, ct))
        {
            return NotFound();
        }
        var started = await work.StartAwarenessAsync(ProgrammeId, ct);
        Message = started.Message($"普及培育已开始：{started.Moved} 家组织已通知自主学习。");
        return Redirect($"/Courses/Progress/{ProgrammeId}");
    }

    public async Task<IActionResult> OnPostRemindAsync(CancellationToken ct)
    {
        if (!await ClosedCases.ProgrammeExistsAsync(db, ProgrammeId, ct))
        {
            return NotFound();
        }
        var count = await work.RemindLaggardsAsync(ProgrammeId, ct);
        Message = $"已向 {count} 家尚未完成学习或尚未确认的组织发送提醒。";
        return Redirect($"/Courses/Progress/{ProgrammeId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var title = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => p.Title).FirstOrDefaultAsync(ct);
        if (title is null)
        {
            return false;
        }
        ProgrammeTitle = title;
        Progress = await CourseQueries.AwarenessCountsAsync(db, ProgrammeId, ct);
        PastDue = Progress.DecisionDue is { } due && ChinaTime.Today(clock) > due;
        EligibleWaiting = Progress.EligibleWaiting;
        List = await CourseQueries.ProgressRows(db, ProgrammeId, Show).ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
        return true;
    }
}
