using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Showcase;

/// <summary>One exchange event (4.7.1, 4.7.3): its details, the invited pool members, attendance and the material they presented.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class EventModel(AppDbContext db, ShowcaseWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid EventId { get; set; }

    /// <summary>The page of the invited organizations.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    /// <summary>The page of the pool members not yet invited (the invitation form).</summary>
    [BindProperty(SupportsGet = true, Name = "ip")] public int? InvitePage { get; set; }

    /// <summary>The invitation form offers this many pool members a page.</summary>
    public const int InvitePageSize = 50;

    [BindProperty] public IndexModel.EventForm Input { get; set; } = new();
    [BindProperty] public long Version { get; set; }
    [TempData] public string? Message { get; set; }

    public string? Error { get; private set; }
    public ExchangeEvent Event { get; private set; } = null!;
    public PagedList<EventAttendee> Attendees { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public PagedList<ShowcaseMember> Uninvited { get; private set; } = new([], 1, InvitePageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Input = new IndexModel.EventForm
        {
            Kind = Event.Kind, Title = Event.Title, StartsAt = ChinaTime.ToLocal(Event.StartsAt), Place = Event.Place, HostOrganization = Event.HostOrganization, Summary = Event.Summary,
        };
        Version = Event.Version;
        return Page();
    }

    public Task<IActionResult> OnPostEditAsync(CancellationToken ct) =>
        ActAsync(async () => (await work.SaveEventAsync(Event.ProgrammeId, EventId, Input.ToInput(), Version, ct)).Error, "已保存活动信息。", ct);

    public Task<IActionResult> OnPostInviteAsync(List<Guid> organizationIds, CancellationToken ct) =>
        ActAsync(() => work.InviteAsync(EventId, organizationIds, ct), "已邀请。", ct);

    public Task<IActionResult> OnPostAttendanceAsync(Guid organizationId, bool? attended, int? participants, string? presented, long attendanceVersion, CancellationToken ct) =>
        ActAsync(() => work.RecordAttendanceAsync(EventId, organizationId, attended, participants, presented, attendanceVersion, ct), "已记录参加情况。", ct);

    public Task<IActionResult> OnPostUploadAsync(Guid organizationId, IFormFile? upload, CancellationToken ct) => ActAsync(async () =>
    {
        if (upload is null)
        {
            return "请选择要上传的文件。";
        }
        await using var stream = upload.OpenReadStream();
        return await work.UploadMaterialAsync(EventId, organizationId, stream, upload.FileName, ct);
    }, "已上传交流材料。", ct);

    private async Task<IActionResult> ActAsync(Func<Task<string?>> action, string done, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Error = await action();
        if (Error is not null)
        {
            await LoadAsync(ct);
            return Page();
        }
        Message = done;
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var e = await db.Set<ExchangeEvent>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == EventId, ct);
        if (e is null)
        {
            return false;
        }
        Event = e;
        Attendees = await work.AttendeesAsync(EventId, PageNumber, ct);
        Uninvited = await work.Members(e.ProgrammeId, notInvitedTo: EventId).ToPagedAsync(InvitePage, InvitePageSize, ct);
        return true;
    }
}
