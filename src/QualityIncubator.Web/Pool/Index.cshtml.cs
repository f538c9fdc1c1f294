using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Pool;

/// <summary>
/// The Office forms the incubation pool (4.4.4.1–4.4.4.2): the ranking of the assessed organizations with each component explained,
/// the weights, the choice with a written reason wherever it goes against the ranking; then the members and their exits (every entry and
/// exit is listed on <see cref="HistoryModel"/>).
/// </summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class IndexModel(AppDbContext db, PoolWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }

    /// <summary>Filters the members (and the link to their history) by name or credit code.</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    /// <summary>The page of the current members (every entry and exit is on <see cref="HistoryModel"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "mp")] public int? MembersPage { get; set; }

    /// <summary>The page of the organizations not selected.</summary>
    [BindProperty(SupportsGet = true, Name = "np")] public int? NotSelectedPage { get; set; }

    [BindProperty] public WeightsForm Weights { get; set; } = new();
    [BindProperty(Name = nameof(Chosen))] public List<Guid> Chosen { get; set; } = [];
    [BindProperty(Name = nameof(Reasons))] public Dictionary<Guid, string?> Reasons { get; set; } = [];

    [TempData] public string? Message { get; set; }
    public List<string> Errors { get; private set; } = [];
    public List<string> WeightErrors { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> RowErrors { get; private set; } = new Dictionary<Guid, string>();

    public PoolQueries.ProgrammeHeader Programme { get; private set; } = null!;
    public IReadOnlyList<RankedOrganization> Ranking { get; private set; } = [];
    public IReadOnlyDictionary<Guid, PoolQueries.Candidate> Candidates { get; private set; } = new Dictionary<Guid, PoolQueries.Candidate>();
    public PagedList<PoolQueries.MemberRow> Current { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public PagedList<PoolQueries.NotSelectedRow> NotSelected { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    public bool CanPublish => Programme.Stage == Programmes.ProgrammeStage.BaselineAssessment;

    /// <summary>Why the weights can no longer change (shown instead of the form), or null while they can.</summary>
    public string? WeightsFixed => WeightsRule.Refusal(Programme.Stage);

    public sealed class WeightsForm
    {
        private const string PerformanceLabel = "经营绩效", ExpertScoreLabel = "专家评价", QualityLabel = "质量分析", PriorityLabel = "重点产业",
            PenaltyDeductionLabel = "每次行政处罚扣减比例", LargestAmountDeductionLabel = "处罚金额最高者扣减比例";

        [Display(Name = PerformanceLabel)] public decimal Performance { get; set; } = RankingWeights.Default.Performance;
        [Display(Name = ExpertScoreLabel)] public decimal ExpertScore { get; set; } = RankingWeights.Default.ExpertScore;
        [Display(Name = QualityLabel)] public decimal Quality { get; set; } = RankingWeights.Default.Quality;
        [Display(Name = PriorityLabel)] public decimal Priority { get; set; } = RankingWeights.Default.Priority;
        [Display(Name = PenaltyDeductionLabel)] public decimal PenaltyDeduction { get; set; } = RankingWeights.Default.PenaltyDeduction;
        [Display(Name = LargestAmountDeductionLabel)] public decimal LargestAmountDeduction { get; set; } = RankingWeights.Default.LargestAmountDeduction;

        /// <summary>The weights as the page shows them once they are fixed (<see cref="WeightsRule"/>): label and value.</summary>
        public static IReadOnlyList<(string Label, string Value)> Shown(RankingWeights w) =>
        [
            (PerformanceLabel, PoolRanking.Format(w.Performance)), (ExpertScoreLabel, PoolRanking.Format(w.ExpertScore)), (QualityLabel, PoolRanking.Format(w.Quality)),
            (PriorityLabel, PoolRanking.Format(w.Priority)), (PenaltyDeductionLabel, PoolRanking.Format(w.PenaltyDeduction)),
            (LargestAmountDeductionLabel, PoolRanking.Format(w.LargestAmountDeduction)),
        ];
        public long Version { get; set; }

        public RankingWeights ToWeights() => new(Performance, ExpertScore, Quality, Priority, PenaltyDeduction, LargestAmountDeduction);

        public static WeightsForm From(RankingWeights w, long version) => new()
        {
            Performance = w.Performance, ExpertScore = w.ExpertScore, Quality = w.Quality, Priority = w.Priority,
            PenaltyDeduction = w.PenaltyDeduction, LargestAmountDeduction = w.LargestAmountDeduction, Version = version,
        };
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Weights = WeightsForm.From(Programme.Weights, Programme.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostWeightsAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        // only the weight fields count here (the selection form's fields are not part of this post)
        if (ModelState.Any(e => e.Key.StartsWith("Weights.", StringComparison.Ordinal) && e.Value?.ValidationState == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid))
        {
            WeightErrors.Add("权重须填写数字");
            return Page();
        }
        var problems = await work.SaveWeightsAsync(ProgrammeId, Weights.ToWeights(), Weights.Version, ct);
        if (problems.Count > 0)
        {
            WeightErrors.AddRange(problems);
            await LoadAsync(ct);
            return Page();
        }
        Message = "排名权重已保存，排名已按新权重重新计算。";
        return Redirect($"/Pool/{ProgrammeId}");
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var result = await work.PublishAsync(ProgrammeId, Chosen.ToHashSet(), Reasons, ct);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors);
            RowErrors = result.ByOrganization;
            await LoadAsync(ct);
            Weights = WeightsForm.From(Programme.Weights, Programme.Version);
            return Page();
        }
        Message = $"培育孵化库已发布：{result.Selected} 家组织入选，{result.NotSelected} 家未入选，均已通知。";
        return Redirect($"/Pool/{ProgrammeId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await PoolQueries.ProgrammeAsync(db, ProgrammeId, Q, ct) is not { } programme)
        {
            return false;
        }
        Programme = programme;
        // the cohort is read only when the header counted one (after the publication it is usually empty)
        var cohort = programme.Candidates == 0 ? [] : await PoolQueries.CohortAsync(db, ProgrammeId, ct);
        Candidates = cohort.ToDictionary(c => c.Input.Id);
        Ranking = PoolRanking.Rank([.. cohort.Select(c => c.Input)], programme.Weights);
        Current = await PoolQueries.MembersPageAsync(db, ProgrammeId, currentOnly: true, Q, MembersPage, programme.Members, ct);
        NotSelected = await PoolQueries.NotSelectedPageAsync(db, ProgrammeId, NotSelectedPage, programme.NotSelected, ct);
        return true;
    }
}
