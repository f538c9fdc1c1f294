using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>The Office plans a visit to one pool member (4.6.1–4.6.3): time, place, format, who of the organization attends, what to prepare.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class PlanModel(AppDbContext db, SiteVisitWork work) : PageModel
{
    /// <summary>A starting point for the checklist; the Office edits it freely.</summary>
    public const string DefaultChecklist = "组织概况及卓越绩效推进情况汇报材料\n座谈交流会议室及投影设备\n现场参观路线及陪同人员\n自评报告中待改进事项的佐证材料";

    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid OrganizationId { get; set; }
    [BindProperty] public SiteVisitInput Input { get; set; } = new() { Format = SiteVisitFormat.Both };
    [BindProperty] public List<Guid> PersonIds { get; set; } = [];
    [BindProperty] public string? Checklist { get; set; } = DefaultChecklist;
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public IReadOnlyList<TeamMember> Team { get; private set; } = [];
    public IReadOnlyList<ResponsiblePerson> People { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        PersonIds = [.. People.Select(p => p.Id)];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var (visitId, error) = await work.PlanAsync(ProgrammeId, OrganizationId, Input, PersonIds, Checklist, ct);
        if (error is not null)
        {
            Error = error;
            return Page();
        }
        Message = "现场扶优已安排，已通知组织和指导专家。";
        return Redirect($"/SiteVisits/Visit/{visitId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => p.Title).FirstOrDefaultAsync(ct);
        var organization = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && c.OrganizationId == OrganizationId)
            .Select(c => c.Organization!.Name).FirstOrDefaultAsync(ct);
        if (programme is null || organization is null)
        {
            return false;
        }
        ProgrammeTitle = programme;
        OrganizationName = organization;
        Team = await SiteVisitTeam.LoadAsync(db, ProgrammeId, OrganizationId, ct);
        People = await db.Set<ResponsiblePerson>().AsNoTracking().Where(p => p.ProgrammeId == ProgrammeId && p.OrganizationId == OrganizationId && !p.Removed)
            .OrderBy(p => p.Name).ToListAsync(ct);
        return true;
    }
}
