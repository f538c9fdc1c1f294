using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Showcase;

/// <summary>The Office's showcase of a programme (4.7.1): the pool members with their profiles, the exchange events and a new one.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class IndexModel(AppDbContext db, ShowcaseWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty] public EventForm Input { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public string? Error { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";
    public ProgrammeStage Stage { get; private set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public PagedList<ShowcaseMember> Members { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public IReadOnlyList<ExchangeEvent> Events { get; private set; } = [];

    public sealed class EventForm
    {
        public ExchangeKind Kind { get; set; }
        public string? Title { get; set; }
        public DateTime? StartsAt { get; set; }
        public string? Place { get; set; }
        public string? HostOrganization { get; set; }
        public string? Summary { get; set; }

        public EventInput ToInput() => new(Kind, Title, StartsAt, Place, HostOrganization, Summary);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEventAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (ModelState.Summary() is { } unreadable)
        {
            // a time that is no time (2026-13-45) is named as such, not as missing
            Error = unreadable;
            return Page();
        }
        var (id, error) = await work.SaveEventAsync(ProgrammeId, null, Input.ToInput(), 0, ct);
        if (error is not null)
        {
            Error = error;
            return Page();
        }
        Message = "已创建交流活动，请邀请培育孵化库成员。";
        return Redirect($"/Showcase/Event/{id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var p = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => new { p.Title, p.Stage }).FirstOrDefaultAsync(ct);
        if (p is null)
        {
            return false;
        }
        (ProgrammeTitle, Stage) = (p.Title, p.Stage);
        Members = await work.Members(ProgrammeId).ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
        Events = await db.Set<ExchangeEvent>().AsNoTracking().Where(e => e.ProgrammeId == ProgrammeId).OrderBy(e => e.StartsAt).ToListAsync(ct);
        return true;
    }
}
