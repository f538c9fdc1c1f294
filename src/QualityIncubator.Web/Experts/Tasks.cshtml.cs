using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Experts;

/// <summary>An expert's own tasks: only what they are assigned (4.2.3), with the pledge status and one-click recusal.</summary>
[Authorize(Policy = PlatformSetup.ExpertPolicy)]
public sealed class TasksModel(AppDbContext db, ExpertWork work) : PageModel
{
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public PagedList<ExpertTask> Tasks { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRecuseAsync(Guid assignmentId, string? reason, CancellationToken ct)
    {
        var expertId = await ExpertWork.ExpertIdOfUserAsync(db, UserId, ct);
        if (expertId is null)
        {
            return NotFound();
        }
        Error = (await work.RecuseAsync(expertId.Value, assignmentId, reason, expectedVersion: null, ct))?.Message;
        if (Error is null)
        {
            Message = "已回避，区评审办将安排替补专家。";
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var expertId = await ExpertWork.ExpertIdOfUserAsync(db, UserId, ct);
        if (expertId is { } id)
        {
            Tasks = await work.TasksPageAsync(id, activeOnly: false, PageNumber, Paging.DefaultPageSize, ct);
        }
    }
}
