using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>One visit for the Office: details, team, attendees, checklist; postpone, cancel, record attendance and mark held; the history (4.6.1–4.6.3).</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class VisitModel(AppDbContext db, SiteVisitWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid VisitId { get; set; }
    [BindProperty(Name = nameof(Attendance))] public Dictionary<Guid, bool?> Attendance { get; set; } = [];
    [TempData] public string? Message { get; set; }
    public SiteVisitInput Postpone { get; private set; } = new();
    public string? Reason { get; private set; }
    public string? Checklist { get; private set; }
    public List<string> Errors { get; private set; } = [];
    public SiteVisitQueries.Details? Details { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPostponeAsync(SiteVisitInput postpone, string? reason, long version, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Postpone = postpone;
        Reason = reason;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        return await DoneAsync(await work.PostponeAsync(VisitId, postpone, reason, version, ct), "已改期，已通知组织和指导专家。", ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(string? reason, long version, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Reason = reason;
        return await DoneAsync(await work.CancelAsync(VisitId, reason, version, ct), "已取消，已通知组织和指导专家。", ct);
    }

    public async Task<IActionResult> OnPostChecklistAsync(string? checklist, long version, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Checklist = checklist;
        return await DoneAsync(await work.SaveChecklistAsync(VisitId, checklist, version, ct), "准备事项已保存。", ct);
    }

    public async Task<IActionResult> OnPostHeldAsync(long version, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var errors = await work.RecordHeldAsync(VisitId, Attendance, version, ct);
        return await DoneAsync(errors.Count == 0 ? null : string.Join("；", errors), "已记录出席情况，现场扶优已举行。", ct);
    }

    private async Task<IActionResult> DoneAsync(string? error, string message, CancellationToken ct)
    {
        if (error is not null)
        {
            Errors.Add(error);
            // show the latest state, with what was typed kept
            var postpone = Postpone;
            var reason = Reason;
            var checklist = Checklist;
            await LoadAsync(ct);
            (Postpone, Reason, Checklist) = (postpone, reason, checklist ?? Checklist);
            return Page();
        }
        Message = message;
        return Redirect($"/SiteVisits/Visit/{VisitId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Details = await SiteVisitQueries.DetailsAsync(db, VisitId, ct);
        if (Details is null)
        {
            return false;
        }
        var v = Details.Visit;
        var start = ChinaTime.ToLocal(v.StartsAt);
        var end = ChinaTime.ToLocal(v.EndsAt);
        Postpone = new SiteVisitInput
        {
            Date = DateOnly.FromDateTime(start), Starts = TimeOnly.FromDateTime(start), Ends = TimeOnly.FromDateTime(end), Place = v.Place, Format = v.Format,
        };
        Checklist = Details.ChecklistText;
        if (Request.Method == HttpMethods.Get || !Request.Form.Keys.Any(k => k.StartsWith(nameof(Attendance) + "[", StringComparison.Ordinal)))
        {
            Attendance = Details.Attendees.ToDictionary(a => a.Id, a => a.Attended);
        }
        return true;
    }
}
