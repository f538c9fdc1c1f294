using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Experts;

/// <summary>An expert's own tasks: only what they are assigned (4.2.3), with the pledge status and one-click recusal.</summary>
[Authorize(Policy = PlatformSetup.ExpertPolicy)]
public sealed class TasksModel(AppDbContext db, ExpertWork work) : PageModel
{
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public IReadOnlyList<Task> Tasks { get; private set; } = [];

    public sealed record Task(Guid Id, Guid ProgrammeId, string ProgrammeTitle, string OrganizationName, AssignmentRole Role, bool IsLead, AssignmentStatus Status, bool PledgeSigned);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRecuseAsync(Guid assignmentId, string? reason, CancellationToken ct)
    {
        var expertId = await db.Experts.AsNoTracking().Where(e => e.UserId == UserId).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        if (expertId is null)
        {
            return NotFound();
        }
        Error = await work.RecuseAsync(expertId.Value, assignmentId, reason, ct);
        if (Error is null)
        {
            Message = "已回避，区评审办将安排替补专家。";
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    private async System.Threading.Tasks.Task LoadAsync(CancellationToken ct)
    {
        var expertId = await db.Experts.AsNoTracking().Where(e => e.UserId == UserId).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        var signed = await db.ExpertPledges.AsNoTracking().Where(p => p.ExpertId == expertId && p.TextVersion == Pledge.Version).Select(p => p.ProgrammeId).ToListAsync(ct);
        Tasks = [.. (await db.ExpertAssignments.AsNoTracking().Where(a => a.ExpertId == expertId).OrderBy(a => a.Status).ThenByDescending(a => a.CreatedAt)
                .Join(db.Programmes, a => a.ProgrammeId, p => p.Id, (a, p) => new { a.Id, a.ProgrammeId, p.Title, OrganizationName = a.Organization!.Name, a.Role, a.IsLead, a.Status })
                .ToListAsync(ct))
            .Select(a => new Task(a.Id, a.ProgrammeId, a.Title, a.OrganizationName, a.Role, a.IsLead, a.Status, signed.Contains(a.ProgrammeId)))];
    }
}
