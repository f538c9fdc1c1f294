using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Assessment;

/// <summary>The Office's quality analysis of one organization (4.4.3): its penalties of the last two years, the written status, the feedback.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class QualityOrganizationModel(AppDbContext db, QualityWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid OrganizationId { get; set; }
    [BindProperty] public PenaltyForm Penalty { get; set; } = new();
    [BindProperty] public AnalysisForm Analysis { get; set; } = new();
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public string CreditCode { get; private set; } = "";
    public CaseState State { get; private set; }
    public ProgrammeStage Stage { get; private set; }
    public QualityAnalysis? Record { get; private set; }
    public List<AdministrativePenalty> Penalties { get; private set; } = [];
    public (DateOnly From, DateOnly To) Window { get; private set; }

    public bool FedBack => Record?.FedBackAt is not null;
    public bool Editable => !FedBack && Stage == ProgrammeStage.BaselineAssessment && QualityWork.Involved.Contains(State);

    private string Self => $"/Assessment/Quality/{ProgrammeId}/{OrganizationId}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        FillAnalysis();
        return Page();
    }

    public async Task<IActionResult> OnPostAddPenaltyAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        FillAnalysis();
        if (!ModelState.IsValid)
        {
            // a control character in a field: shown beside it, with everything typed; nothing is added
            Error = "处罚记录未添加，请按提示修改（已填写的内容均已保留）。";
            return Page();
        }
        ModelState.Clear();
        var errors = await work.AddPenaltyAsync(ProgrammeId, OrganizationId, Penalty.ToFields(), ct);
        if (errors.Count > 0)
        {
            foreach (var e in errors.Where(e => e.Field.Length > 0))
            {
                ModelState.AddModelError($"{nameof(Penalty)}.{e.Field}", e.Message);
            }
            // a refusal of the whole entry (stage, state, feedback given) is shown on its own; field errors beside their fields
            Error = errors.FirstOrDefault(e => e.Field.Length == 0)?.Message ?? "处罚记录未添加，请按提示修改（已填写的内容均已保留）。";
            return Page();
        }
        Message = $"已添加处罚记录“{PenaltyRules.NormalizeDecisionNumber(Penalty.DecisionNumber)}”。";
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostRemovePenaltyAsync(Guid penaltyId, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Error = await work.RemovePenaltyAsync(ProgrammeId, OrganizationId, penaltyId, ct);
        if (Error is not null)
        {
            FillAnalysis();
            return Page();
        }
        Message = "已删除处罚记录。";
        return Redirect(Self);
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(false, ct);

    public Task<IActionResult> OnPostFeedBackAsync(CancellationToken ct) => SaveAsync(true, ct);

    private async Task<IActionResult> SaveAsync(bool feedBack, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            Error = "填写内容有误：" + string.Join("；", ModelState.Messages());
            return Page();
        }
        Error = await work.SaveAnalysisAsync(ProgrammeId, OrganizationId, Analysis.Status, Analysis.Conclusion, Analysis.Version, feedBack, ct);
        if (Error is not null)
        {
            await LoadAsync(ct);
            return Page();
        }
        Message = feedBack ? "质量分析结果已反馈给该组织（4.4.3.3）。" : "已保存。";
        return Redirect(Self);
    }

    private void FillAnalysis() => Analysis = new AnalysisForm
    {
        Status = Record?.Status, Conclusion = Record?.Conclusion, Version = Record?.Version ?? QualityWork.NoRecord,
    };

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && c.OrganizationId == OrganizationId)
            .Select(c => new { c.State, c.Programme!.Title, c.Programme.Stage, c.Organization!.Name, c.Organization.CreditCode }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return false;
        }
        (State, ProgrammeTitle, Stage, OrganizationName, CreditCode) = (c.State, c.Title, c.Stage, c.Name, c.CreditCode);
        Record = await work.FindAsync(ProgrammeId, OrganizationId, ct);
        Penalties = await work.PenaltiesAsync(ProgrammeId, OrganizationId, ct);
        Window = PenaltyRules.Window(work.Today);
        return true;
    }
}
