using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Showcase;

/// <summary>An organization's showcase (4.7.2): the final Appendix B, its profile (narrative, management model, actions, consent) and the exchange events it is invited to.</summary>
[Authorize(Policy = PlatformSetup.OrganizationPolicy)]
public sealed class MineModel(AppDbContext db, ShowcaseWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty] public ProfileInput Input { get; set; } = new();
    [BindProperty] public long Version { get; set; }
    [TempData] public string? Message { get; set; }

    public string? Error { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string ProgrammeTitle { get; private set; } = "";
    public ProgrammeStage Stage { get; private set; }
    public CaseState State { get; private set; }
    public ShowcaseProfile? Profile { get; private set; }
    public SelfEvaluationStatus? FinalStatus { get; private set; }
    public IReadOnlyList<(ExchangeEvent Event, ExchangeAttendance Attendance)> Events { get; private set; } = [];

    public Guid OrganizationId => ResourceAccess.OrganizationOf(User) ?? Guid.Empty;
    public bool IsMember => CaseTransitions.PoolStates.Contains(State);
    public bool Editable => IsMember && Stage == ProgrammeStage.Showcase && Profile?.Status is null or ProfileStatus.Draft or ProfileStatus.Returned;

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    public sealed class ProfileInput
    {
        public string? Narrative { get; set; }
        public string? ManagementModel { get; set; }
        public string? ImprovementActions { get; set; }
        public bool PublicConsent { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (Profile is not null)
        {
            Input = new ProfileInput { Narrative = Profile.Narrative, ManagementModel = Profile.ManagementModel, ImprovementActions = Profile.ImprovementActions, PublicConsent = Profile.PublicConsent };
            Version = Profile.Version;
        }
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(false, ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => SaveAsync(true, ct);

    private async Task<IActionResult> SaveAsync(bool submit, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var (errors, message) = await work.SaveProfileAsync(ProgrammeId, OrganizationId, Input.Narrative, Input.ManagementModel, Input.ImprovementActions,
            Input.PublicConsent, Version, submit, ct);
        if (errors.Count > 0 || message is not null)
        {
            Errors = errors;
            Error = message ?? "成果展示资料有未完成或填写有误的内容，请按提示修改（已填写的内容均已保留）。";
            return Page();
        }
        Message = submit ? "成果展示资料已提交，等待区评审办审核。" : "已保存草稿。";
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && c.OrganizationId == OrganizationId)
            .Select(c => new { c.State, c.Programme!.Title, c.Programme.Stage }).FirstOrDefaultAsync(ct);
        if (c is null || OrganizationId == Guid.Empty)
        {
            return false;
        }
        (State, ProgrammeTitle, Stage) = (c.State, c.Title, c.Stage);
        Profile = await work.ProfileAsync(ProgrammeId, OrganizationId, ct);
        FinalStatus = await db.Set<SelfEvaluation>().AsNoTracking()
            .Where(s => s.ProgrammeId == ProgrammeId && s.OrganizationId == OrganizationId && s.Kind == SelfEvaluationKind.Final)
            .Select(s => (SelfEvaluationStatus?)s.Status).FirstOrDefaultAsync(ct);
        var events = await db.Set<ExchangeAttendance>().AsNoTracking().Where(a => a.ProgrammeId == ProgrammeId && a.OrganizationId == OrganizationId)
            .Join(db.Set<ExchangeEvent>(), a => a.EventId, e => e.Id, (a, e) => new { a, e }).ToListAsync(ct);
        Events = [.. events.OrderBy(x => x.e.StartsAt).Select(x => (x.e, x.a))];
        return true;
    }
}
