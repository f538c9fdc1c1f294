using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Pool;

/// <summary>4.4.4.3: the Office records that a member leaves the pool, on one of the standard's grounds or by its own request.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class ExitModel(AppDbContext db, PoolWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid OrganizationId { get; set; }
    [BindProperty] public ExitGround? Ground { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public long CaseVersion { get; set; }

    [TempData] public string? Message { get; set; }
    public List<string> Errors { get; private set; } = [];
    public string ProgrammeTitle { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public CaseState State { get; private set; }

    public bool InPool => CaseTransitions.PoolStates.Contains(State);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } version)
        {
            return NotFound();
        }
        CaseVersion = version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is null)
        {
            return NotFound();
        }
        if (Ground is not { } ground)
        {
            Errors.Add("请选择退出情形");
            return Page();
        }
        var result = await work.ExitAsync(ProgrammeId, OrganizationId, ground, Description, CaseVersion, ct);
        if (!result.Succeeded)
        {
            // the posted version is kept: after a conflict the Office reloads the page and sees the current state (what was typed stays)
            Errors.Add(result.Error ?? "未能记录退出");
            await LoadAsync(ct);
            return Page();
        }
        Message = $"已记录“{OrganizationName}”退出培育孵化库，并已通知该组织。";
        return Redirect($"/Pool/{ProgrammeId}");
    }

    /// <summary>Loads the names and the case state; returns the case's version, or null when the organization has no case in the programme.</summary>
    private async Task<long?> LoadAsync(CancellationToken ct)
    {
        var row = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && c.OrganizationId == OrganizationId)
            .Select(c => new { c.State, c.Version, c.Organization!.Name, Programme = c.Programme!.Title }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        (State, OrganizationName, ProgrammeTitle) = (row.State, row.Name, row.Programme);
        return row.Version;
    }
}
