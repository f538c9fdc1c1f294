using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Assessment;

/// <summary>
/// The Office's view of one organization's baseline assessment: the self-evaluation (and a deadline extension), the reviewers'
/// scores side by side with the items they disagree on flagged, the consensus (4.4.2.1) and its release to the organization.
/// </summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class OrganizationPageModel(AppDbContext db, ReviewWork work, SelfEvaluationWork selfEvaluations) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid OrganizationId { get; set; }
    [BindProperty(Name = nameof(Parts))] public Dictionary<ReviewPart, string?> Parts { get; set; } = [];
    [BindProperty(Name = nameof(Scores))] public Dictionary<string, string?> Scores { get; set; } = [];
    [BindProperty] public long Version { get; set; }
    [TempData] public string? Message { get; set; }

    public string? Error { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string ProgrammeTitle { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public Guid CaseId { get; private set; }
    public CaseState State { get; private set; }
    public int Threshold { get; private set; }
    public DateOnly? DueOn { get; private set; }
    public SelfEvaluation? Form { get; private set; }
    public SelfEvaluationMaterial? Material { get; private set; }
    public IReadOnlyList<ReviewerProgress> Reviewers { get; private set; } = [];
    public IReadOnlyList<SubmittedReview> Reviews { get; private set; } = [];
    public ReviewConsensus? Consensus { get; private set; }

    public bool ConsensusEditable => Reviews.Count > 0 && Consensus?.ReleasedAt is null;

    public ScoreInputs Grid => ScoreInputs.ForConsensus(Scores, Errors, Reviews, Threshold, !ConsensusEditable) with { OpenBands = false };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (Consensus is not null)
        {
            Parts = Enum.GetValues<ReviewPart>().ToDictionary(p => p, Consensus.Part);
            Scores = ScoreInputs.FromPercentages(Consensus.Scores());
            Version = Consensus.Version;
        }
        else
        {
            // start from the proposed consensus (the median of the reviewers' percentages); the Office confirms or changes it
            Scores = ScoreInputs.FromPercentages(Grid.Proposals);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostConsensusAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var saved = await work.RecordConsensusAsync(ProgrammeId, OrganizationId, Parts, Scores, Version, ct);
        if (!saved.Succeeded)
        {
            Errors = saved.Errors;
            Error = saved.Message ?? "一致意见有未完成或填写有误的内容，请按提示修改（已填写的内容均已保留）。";
            return Page();
        }
        Message = "已记录专家评价一致意见。确认无误后请“反馈给组织”。";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostReleaseAsync(long consensusVersion, CancellationToken ct)
    {
        var released = await work.ReleaseAsync(ProgrammeId, OrganizationId, consensusVersion, ct);
        if (!released.Succeeded)
        {
            if (!await LoadAsync(ct))
            {
                return NotFound();
            }
            Error = released.Message;
            return Page();
        }
        Message = "评价意见已反馈给组织。";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostExtendAsync(DateOnly? extendTo, string? reason, CancellationToken ct)
    {
        Error = await selfEvaluations.GrantExtensionAsync(ProgrammeId, OrganizationId, extendTo, reason, ct);
        if (Error is not null)
        {
            return await LoadAsync(ct) ? Page() : NotFound();
        }
        Message = $"已将自评截止日期延期至{Platform.Web.ChinaTime.DateText(extendTo)}，并通知组织。";
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId && c.OrganizationId == OrganizationId)
            .Select(c => new { c.Id, c.State, c.Organization!.Name, c.Programme!.Title, c.Programme.ReviewSpreadThreshold, c.Programme.SelfEvaluationDueOn })
            .FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return false;
        }
        (CaseId, State, OrganizationName, ProgrammeTitle, Threshold, DueOn) = (c.Id, c.State, c.Name, c.Title, c.ReviewSpreadThreshold, c.SelfEvaluationDueOn);
        Form = await selfEvaluations.FindAsync(ProgrammeId, OrganizationId, SelfEvaluationKind.Baseline, ct);
        Material = await selfEvaluations.MaterialAsync(ProgrammeId, OrganizationId, ct);
        Reviewers = await work.ReviewersAsync(ProgrammeId, OrganizationId, ct);
        Reviews = await work.SubmittedAsync(ProgrammeId, OrganizationId, null, ct);
        Consensus = await work.ConsensusAsync(ProgrammeId, OrganizationId, ct);
        return true;
    }
}
