using System.Globalization;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Pool;

/// <summary>
/// How much each component of the pool ranking weighs, set per programme (4.4.4.1–4.4.4.2). The defaults add up to 100 points:
/// business performance 30, consensus expert score 40, quality analysis 20, priority industry 10.
/// </summary>
/// <param name="Performance">Points for the best business performance in the cohort (Appendix A, min–max normalized per measure).</param>
/// <param name="ExpertScore">Points for a consensus expert score of 1000; an organization earns <c>ExpertScore × score / 1000</c>. No score → 0 points.</param>
/// <param name="Quality">Points for an organization with no administrative penalty in the last two years (4.4.3).</param>
/// <param name="Priority">Points for an organization in a Shanghai "3+6" or Songjiang "6+X" priority industry (4.4.4.2 and its note).</param>
/// <param name="PenaltyDeduction">Share of the quality points lost per administrative penalty (default 0.25: four penalties lose them all).</param>
/// <param name="LargestAmountDeduction">Share of the quality points lost by the organization with the cohort's largest total penalty amount;
/// the others lose a share in proportion to their amount (default 0.25). Never below 0 points.</param>
public sealed record RankingWeights(
    decimal Performance = 30m,
    decimal ExpertScore = 40m,
    decimal Quality = 20m,
    decimal Priority = 10m,
    decimal PenaltyDeduction = 0.25m,
    decimal LargestAmountDeduction = 0.25m)
{
    public static readonly RankingWeights Default = new();

    public decimal Total => Performance + ExpertScore + Quality + Priority;

    /// <summary>What is wrong with these weights, in Chinese; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Performance < 0 || ExpertScore < 0 || Quality < 0 || Priority < 0)
        {
            problems.Add("各项权重不能为负数");
        }
        if (Total <= 0)
        {
            problems.Add("权重合计须大于0");
        }
        if (PenaltyDeduction < 0 || PenaltyDeduction > 1 || LargestAmountDeduction < 0 || LargestAmountDeduction > 1)
        {
            problems.Add("行政处罚扣减比例须在0到1之间");
        }
        return problems;
    }
}

/// <summary>The four components of the pool ranking, in display order.</summary>
public enum RankingComponent
{
    Performance,
    ExpertScore,
    Quality,
    Priority,
}

/// <summary>One organization of the cohort as the ranking sees it.</summary>
/// <param name="Revenue">Last year's 营业收入 in 万元 (Appendix A).</param>
/// <param name="Tax">Last year's 纳税额 in 万元 (Appendix A).</param>
/// <param name="NetProfit">Last year's 净利润 in 万元 (Appendix A); may be negative.</param>
/// <param name="RevenueGrowthPercent">营业收入增长率 in %, null when not known.</param>
/// <param name="ExpertScore">Consensus expert score 0–1000 (4.4.2), null when the review has none yet.</param>
/// <param name="Penalties">Number of administrative penalties in the last two years (4.4.3).</param>
/// <param name="PenaltyAmount">Their total amount in 万元.</param>
/// <param name="PriorityIndustry">The priority industry the organization belongs to (from the editable "3+6"/"6+X" list), null when none.</param>
public sealed record RankingInput(
    Guid Id,
    string Name,
    decimal Revenue,
    decimal Tax,
    decimal NetProfit,
    decimal? RevenueGrowthPercent,
    decimal? ExpertScore,
    int Penalties,
    decimal PenaltyAmount,
    string? PriorityIndustry);

/// <summary>The points of one component and how they were reached, in Chinese.</summary>
public sealed record ComponentScore(RankingComponent Component, decimal Points, decimal MaxPoints, string Explanation);

/// <summary>One line of the ranking. <see cref="Rank"/> is 1-based and unique (ties are broken, see <see cref="PoolRanking.Rank"/>).</summary>
public sealed record RankedOrganization(int Rank, RankingInput Organization, decimal Total, IReadOnlyList<ComponentScore> Components)
{
    public Guid Id => Organization.Id;
    public string Name => Organization.Name;
    public ComponentScore Component(RankingComponent component) => Components.Single(c => c.Component == component);
}

/// <summary>4.4.4.1–4.4.4.2: the Office's ranking of the assessed organizations, to help it choose the pool. Pure; no database.</summary>
/// <remarks>
/// Composite = performance + expert score + quality + priority, each up to its weight in <see cref="RankingWeights"/>.
/// Performance: for each Appendix A measure (revenue, tax, net profit, revenue growth) a min–max value within the cohort,
/// (x − min) / (max − min), or 1 when every organization has the same value; the component is the weight × the mean over the measures
/// the organization has (an unknown growth rate is left out of its mean rather than counted as the worst).
/// Expert score: weight × score / 1000; a missing score counts 0 points (not excluded, so that an unreviewed organization cannot
/// rank above reviewed ones) and the explanation says so.
/// Quality: weight × max(0, 1 − PenaltyDeduction × penalties − LargestAmountDeduction × amount / largest amount in the cohort).
/// Priority: the whole weight when the organization is in a "3+6"/"6+X" priority industry, else 0.
/// The standard sets no threshold for entering the pool (domain-facts.md), so the ranking has none: the Office chooses.
/// </remarks>
public static class PoolRanking
{
    // 4.4.4.1 综合考虑组织经营的客观情况、专家评价和质量分析情况; 4.4.4.2 经营绩效良好，重点产业导向组织优先考虑.
    public static IReadOnlyList<RankedOrganization> Rank(IReadOnlyList<RankingInput> cohort, RankingWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var w = weights ?? RankingWeights.Default;
        var problems = w.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("；", problems), nameof(weights));
        }
        foreach (var o in cohort)
        {
            if (o.ExpertScore is < 0 or > 1000)
            {
                throw new ArgumentOutOfRangeException(nameof(cohort), o.ExpertScore, $"“{o.Name}”的专家评分须在0到1000之间");
            }
            if (o.Penalties < 0 || o.PenaltyAmount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(cohort), $"“{o.Name}”的行政处罚次数和金额不能为负数");
            }
        }
        if (cohort.Select(o => o.Id).Distinct().Count() != cohort.Count)
        {
            throw new ArgumentException("同一组织在名单中出现多次", nameof(cohort));
        }

        var revenue = Range(cohort.Select(o => (decimal?)o.Revenue));
        var tax = Range(cohort.Select(o => (decimal?)o.Tax));
        var profit = Range(cohort.Select(o => (decimal?)o.NetProfit));
        var growth = Range(cohort.Select(o => o.RevenueGrowthPercent));
        var largestAmount = cohort.Count == 0 ? 0m : cohort.Max(o => o.PenaltyAmount);

        var scored = cohort.Select(o =>
        {
            ComponentScore[] components =
            [
                Performance(o, w.Performance, revenue, tax, profit, growth),
                Expert(o, w.ExpertScore),
                Quality(o, w, largestAmount),
                Priority(o, w.Priority),
            ];
            return (Org: o, Total: components.Sum(c => c.Points), Components: components);
        });

        // ties: higher expert score (missing last), then higher revenue, then name (ordinal, culture-independent), then id
        return [.. scored
            .OrderByDescending(s => s.Total)
            .ThenByDescending(s => s.Org.ExpertScore ?? -1m)
            .ThenByDescending(s => s.Org.Revenue)
            .ThenBy(s => s.Org.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Org.Id)
            .Select((s, i) => new RankedOrganization(i + 1, s.Org, s.Total, s.Components))];
    }

    /// <summary>Points and numbers for display: at most two decimals, no trailing zeros.</summary>
    public static string Format(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);

    private sealed record MinMax(decimal Min, decimal Max)
    {
        public decimal Normalize(decimal x) => Max == Min ? 1m : (x - Min) / (Max - Min);
    }

    private static MinMax? Range(IEnumerable<decimal?> values)
    {
        var known = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return known.Count == 0 ? null : new MinMax(known.Min(), known.Max());
    }

    private static ComponentScore Performance(RankingInput o, decimal weight, MinMax? revenue, MinMax? tax, MinMax? profit, MinMax? growth)
    {
        var parts = new List<(string Label, decimal Value)>
        {
            ("营业收入", revenue!.Normalize(o.Revenue)),
            ("纳税额", tax!.Normalize(o.Tax)),
            ("净利润", profit!.Normalize(o.NetProfit)),
        };
        if (o.RevenueGrowthPercent is { } g)
        {
            parts.Add(("营业收入增长率", growth!.Normalize(g)));
        }
        var mean = parts.Average(p => p.Value);
        var points = weight * mean;
        var detail = string.Join("、", parts.Select(p => $"{p.Label} {Format(p.Value * 100)}%"));
        var note = o.RevenueGrowthPercent is null ? "（营业收入增长率未知，按其余三项平均）" : "";
        return new ComponentScore(RankingComponent.Performance, points, weight,
            $"经营绩效（本批次内最小—最大值归一）：{detail}{note}，平均 {Format(mean * 100)}% → {Format(points)} 分");
    }

    private static ComponentScore Expert(RankingInput o, decimal weight)
    {
        if (o.ExpertScore is not { } score)
        {
            return new ComponentScore(RankingComponent.ExpertScore, 0m, weight, "尚无专家评价一致意见评分，本项计 0 分");
        }
        var points = weight * score / 1000m;
        return new ComponentScore(RankingComponent.ExpertScore, points, weight, $"专家评分 {Format(score)}/1000 → {Format(points)} 分");
    }

    private static ComponentScore Quality(RankingInput o, RankingWeights w, decimal largestAmount)
    {
        if (o.Penalties == 0 && o.PenaltyAmount == 0)
        {
            return new ComponentScore(RankingComponent.Quality, w.Quality, w.Quality, $"近两年无行政处罚 → {Format(w.Quality)} 分");
        }
        var amountShare = largestAmount == 0 ? 0m : o.PenaltyAmount / largestAmount;
        var factor = Math.Max(0m, 1m - (w.PenaltyDeduction * o.Penalties) - (w.LargestAmountDeduction * amountShare));
        var points = w.Quality * factor;
        return new ComponentScore(RankingComponent.Quality, points, w.Quality,
            $"近两年行政处罚 {o.Penalties} 次、金额 {Format(o.PenaltyAmount)} 万元，扣减 {Format((1m - factor) * 100)}% → {Format(points)} 分");
    }

    private static ComponentScore Priority(RankingInput o, decimal weight) =>
        string.IsNullOrWhiteSpace(o.PriorityIndustry)
            ? new ComponentScore(RankingComponent.Priority, 0m, weight, "不属于上海市“3+6”或松江区“6+X”重点产业 → 0 分")
            : new ComponentScore(RankingComponent.Priority, weight, weight,
                $"属于重点产业（{o.PriorityIndustry.Trim()}），符合上海市“3+6”或松江区“6+X”重点产业导向优先考虑（4.4.4.2） → {Format(weight)} 分");
}

/// <summary>A chosen organization ranked below at least one organization that was not chosen: the Office must give a written reason.</summary>
public sealed record SelectionDeviation(RankedOrganization Chosen, IReadOnlyList<RankedOrganization> PassedOver)
{
    public string Explanation =>
        $"“{Chosen.Name}”排名第{Chosen.Rank}位，排名在前的{string.Join("、", PassedOver.Select(p => $"“{p.Name}”（第{p.Rank}位）"))}未入选，须书面说明理由";
}

/// <summary>The Office's choice checked against the ranking.</summary>
/// <param name="Deviations">Every chosen organization ranked below an unchosen one, in ranking order.</param>
/// <param name="NotRanked">Chosen ids that are not in the ranking at all.</param>
public sealed record SelectionReview(IReadOnlyList<SelectionDeviation> Deviations, IReadOnlyList<Guid> NotRanked)
{
    public bool FollowsRanking => Deviations.Count == 0 && NotRanked.Count == 0;
}

/// <summary>4.4.4.1: the Office chooses the pool (筛选); a choice against the ranking needs a written reason.</summary>
public static class SelectionCheck
{
    // 4.4.4.1 区评审办……筛选出一批……组织: every chosen organization ranked below an unchosen one must be justified in writing.
    public static SelectionReview Check(IReadOnlyList<RankedOrganization> ranking, IReadOnlySet<Guid> chosen)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(chosen);
        var ordered = ranking.OrderBy(r => r.Rank).ToList();
        var deviations = new List<SelectionDeviation>();
        var unchosenAbove = new List<RankedOrganization>();
        foreach (var r in ordered)
        {
            if (!chosen.Contains(r.Id))
            {
                unchosenAbove.Add(r);
            }
            else if (unchosenAbove.Count > 0)
            {
                deviations.Add(new SelectionDeviation(r, [.. unchosenAbove]));
            }
        }
        var ranked = ordered.Select(r => r.Id).ToHashSet();
        return new SelectionReview(deviations, [.. chosen.Where(id => !ranked.Contains(id)).Order()]);
    }
}

/// <summary>Why an organization leaves the incubation pool (glossary: 自动退出).</summary>
public enum ExitGround
{
    FalseMaterials,   // 4.4.4.3 提交虚假材料
    MajorIncident,    // 4.4.4.3 重大质量、安全、环境污染、公共卫生、食品安全等事故或其他重大事项
    NonCooperation,   // 4.4.4.3 拒不配合培育孵化工作要求
    Voluntary,        // 4.4.4.3 动态调整: the organization asks to leave (not one of the three automatic grounds)
}

/// <summary>Whether the organization leaves the pool; <see cref="Text"/> is the reason to record on exit, or the refusal.</summary>
public sealed record ExitDecision(bool Exits, string Text);

/// <summary>4.4.4.3: leaving the incubation pool.</summary>
public static class ExitRule
{
    /// <summary>The ground as the standard words it.</summary>
    // The standard prints "发送重大质量……事故"; it is read as 发生.
    public static string Label(ExitGround ground) => ground switch
    {
        ExitGround.FalseMaterials => "申报组织提交虚假材料",
        ExitGround.MajorIncident => "申报组织在培育孵化期间发生重大质量、安全、环境污染、公共卫生、食品安全等事故或其他违反政府质量奖宗旨与原则的重大事项",
        ExitGround.NonCooperation => "申报组织拒不配合政府质量奖培育孵化工作要求",
        ExitGround.Voluntary => "培育孵化组织主动申请退出",
    };

    // 4.4.4.3 有下列情形之一的自动退出松江区政府质量奖培育孵化库 (and the pool's 动态调整 for a voluntary withdrawal): only from a pool state, with a description.
    public static ExitDecision Decide(CaseState state, ExitGround ground, string? description)
    {
        if (!CaseTransitions.PoolStates.Contains(state))
        {
            return new ExitDecision(false, $"该组织当前状态为“{CaseTransitions.Label(state)}”，不在培育孵化库内，不适用第4.4.4.3条退出");
        }
        if (string.IsNullOrWhiteSpace(description))
        {
            return new ExitDecision(false, "退出培育孵化库须填写情况说明");
        }
        var basis = ground == ExitGround.Voluntary
            ? "依据 DB31117/Z 018-2022 第4.4.4.3条（培育孵化库动态调整），培育孵化组织主动申请退出，退出松江区政府质量奖培育孵化库"
            : $"依据 DB31117/Z 018-2022 第4.4.4.3条，{Label(ground)}，自动退出松江区政府质量奖培育孵化库";
        return new ExitDecision(true, $"{basis}。情况说明：{description.Trim()}");
    }
}

/// <summary>When the ranking weights may still change.</summary>
public static class WeightsRule
{
    // 4.4.4.1: the weights are the basis on which the pool was selected in 摸底评估; once the programme has left that stage they stay as they were
    public static string? Refusal(ProgrammeStage stage) => stage > ProgrammeStage.BaselineAssessment
        ? $"排名权重是培育孵化库筛选的依据，培育计划已进入“{ProgrammeStages.Label(stage)}”阶段，权重不能再修改（4.4.4）"
        : null;
}
