using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.4.4.1–4.4.4.2 pool ranking and the selection check, 4.4.4.3 exit from the pool.</summary>
public sealed class PoolRulesTests
{
    // ---------- PoolRanking (4.4.4.1–4.4.4.2) ----------

    private static RankingInput Org(string name, decimal revenue = 1000m, decimal tax = 100m, decimal profit = 50m, decimal? growth = 10m,
        decimal? expert = 600m, int penalties = 0, decimal amount = 0m, string? priority = null) =>
        new(Guid.NewGuid(), name, revenue, tax, profit, growth, expert, penalties, amount, priority);

    // A small cohort computed by hand with the default weights (30 / 40 / 20 / 10):
    //   min–max: revenue 1000..3000, tax 100..300, profit 50..250 → A 0, B 1, C 0.5 each; growth (A, B only) 10..30 → A 0, B 1
    //   A: perf 30×0 = 0,   expert 40×620/1000 = 24.8, quality 20,                         priority 0  → 44.8
    //   B: perf 30×1 = 30,  expert 40×500/1000 = 20,   quality 20,                         priority 10 → 80
    //   C: perf 30×0.5 = 15 (growth unknown: mean of three), expert 40×800/1000 = 32,
    //      quality 20×(1 − 0.25×1 − 0.25×10/10) = 10,                                      priority 0  → 57
    private static readonly RankingInput A = Org("甲公司", 1000m, 100m, 50m, 10m, 620m);
    private static readonly RankingInput B = Org("乙公司", 3000m, 300m, 250m, 30m, 500m, priority: "集成电路（上海市“3+6”）");
    private static readonly RankingInput C = Org("丙公司", 2000m, 200m, 150m, null, 800m, penalties: 1, amount: 10m);

    [Theory]
    [InlineData(ProgrammeStage.Planning, false)]
    [InlineData(ProgrammeStage.Mobilization, false)]
    [InlineData(ProgrammeStage.BaselineAssessment, false)]
    [InlineData(ProgrammeStage.TheoryGuidance, true)]
    [InlineData(ProgrammeStage.Review, true)]
    [InlineData(ProgrammeStage.Sealed, true)]
    public void The_weights_are_fixed_once_the_programme_has_left_baseline_assessment(ProgrammeStage stage, bool fixedThen)
    {
        var refusal = WeightsRule.Refusal(stage);
        Assert.Equal(fixedThen, refusal is not null);
        if (refusal is not null)
        {
            Assert.Contains(ProgrammeStages.Label(stage), refusal);
            Assert.Contains("不能再修改", refusal);
        }
    }

    [Fact]
    public void A_small_cohort_is_ordered_as_computed_by_hand()
    {
        var ranking = PoolRanking.Rank([A, B, C]);

        Assert.Equal([B.Id, C.Id, A.Id], ranking.Select(r => r.Id));
        Assert.Equal([1, 2, 3], ranking.Select(r => r.Rank));
        Assert.Equal([80m, 57m, 44.8m], ranking.Select(r => r.Total));

        var c = ranking[1];
        Assert.Equal(15m, c.Component(RankingComponent.Performance).Points);
        Assert.Equal(32m, c.Component(RankingComponent.ExpertScore).Points);
        Assert.Equal(10m, c.Component(RankingComponent.Quality).Points);
        Assert.Equal(0m, c.Component(RankingComponent.Priority).Points);
        Assert.Equal([RankingComponent.Performance, RankingComponent.ExpertScore, RankingComponent.Quality, RankingComponent.Priority],
            c.Components.Select(x => x.Component));
        Assert.Equal([30m, 40m, 20m, 10m], c.Components.Select(x => x.MaxPoints));
    }

    [Fact]
    public void Every_component_is_explained_in_Chinese()
    {
        var ranking = PoolRanking.Rank([A, B, C]);
        var a = ranking.Single(r => r.Id == A.Id);
        var b = ranking.Single(r => r.Id == B.Id);
        var c = ranking.Single(r => r.Id == C.Id);

        Assert.Equal("专家评分 620/1000 → 24.8 分", a.Component(RankingComponent.ExpertScore).Explanation);
        Assert.Equal("近两年无行政处罚 → 20 分", a.Component(RankingComponent.Quality).Explanation);
        Assert.Equal("不属于上海市“3+6”或松江区“6+X”重点产业 → 0 分", a.Component(RankingComponent.Priority).Explanation);
        Assert.Equal("经营绩效（本批次内最小—最大值归一）：营业收入 100%、纳税额 100%、净利润 100%、营业收入增长率 100%，平均 100% → 30 分",
            b.Component(RankingComponent.Performance).Explanation);
        Assert.Contains("集成电路（上海市“3+6”）", b.Component(RankingComponent.Priority).Explanation, StringComparison.Ordinal);
        Assert.EndsWith("→ 10 分", b.Component(RankingComponent.Priority).Explanation, StringComparison.Ordinal);
        Assert.Contains("营业收入增长率未知，按其余三项平均", c.Component(RankingComponent.Performance).Explanation, StringComparison.Ordinal);
        Assert.Equal("近两年行政处罚 1 次、金额 10 万元，扣减 50% → 10 分", c.Component(RankingComponent.Quality).Explanation);
    }

    [Fact]
    public void A_priority_industry_earns_the_priority_points_and_the_higher_place()
    {
        var plain = Org("A公司");
        var priority = Org("B公司", priority: "新能源（松江区“6+X”）");

        var ranking = PoolRanking.Rank([plain, priority]);

        Assert.Equal([priority.Id, plain.Id], ranking.Select(r => r.Id));
        Assert.Equal(10m, ranking[0].Total - ranking[1].Total);
        Assert.Equal(10m, ranking[0].Component(RankingComponent.Priority).Points);
        Assert.Equal(0m, ranking[1].Component(RankingComponent.Priority).Points);

        // without the bonus the two are tied and the name decides
        var noBonus = PoolRanking.Rank([plain, priority], new RankingWeights(Priority: 0m));
        Assert.Equal([plain.Id, priority.Id], noBonus.Select(r => r.Id));
    }

    [Fact]
    public void Penalties_lower_the_quality_points_and_the_rank()
    {
        // identical organizations; names put the most penalized one first if nothing else decided
        var twoPenalties = Org("A公司", penalties: 2, amount: 5m);
        var onePenalty = Org("B公司", penalties: 1, amount: 5m);
        var clean = Org("C公司");

        var ranking = PoolRanking.Rank([twoPenalties, onePenalty, clean]);

        Assert.Equal([clean.Id, onePenalty.Id, twoPenalties.Id], ranking.Select(r => r.Id));
        // 20 × (1 − 0.25 × n − 0.25 × 5/5)
        Assert.Equal([20m, 10m, 5m], ranking.Select(r => r.Component(RankingComponent.Quality).Points));
        Assert.Equal([74m, 64m, 59m], ranking.Select(r => r.Total));
    }

    [Fact]
    public void The_quality_points_never_go_below_zero()
    {
        var many = Org("A公司", penalties: 9, amount: 100m);
        var ranking = PoolRanking.Rank([many]);
        Assert.Equal(0m, ranking[0].Component(RankingComponent.Quality).Points);
        Assert.Contains("扣减 100%", ranking[0].Component(RankingComponent.Quality).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_expert_score_counts_zero_and_is_explained()
    {
        var reviewed = Org("B公司", expert: 100m);
        var unreviewed = Org("A公司", expert: null);

        var ranking = PoolRanking.Rank([unreviewed, reviewed]);

        Assert.Equal([reviewed.Id, unreviewed.Id], ranking.Select(r => r.Id));
        var missing = ranking[1].Component(RankingComponent.ExpertScore);
        Assert.Equal(0m, missing.Points);
        Assert.Equal("尚无专家评价一致意见评分，本项计 0 分", missing.Explanation);
        Assert.Equal(4m, ranking[0].Total - ranking[1].Total);
    }

    [Fact]
    public void Weights_change_the_order()
    {
        Assert.Equal([B.Id, C.Id, A.Id], PoolRanking.Rank([A, B, C]).Select(r => r.Id));

        // expert score only: C 80, A 62, B 50
        var expertOnly = PoolRanking.Rank([A, B, C], new RankingWeights(Performance: 0m, ExpertScore: 100m, Quality: 0m, Priority: 0m));
        Assert.Equal([C.Id, A.Id, B.Id], expertOnly.Select(r => r.Id));
        Assert.Equal([80m, 62m, 50m], expertOnly.Select(r => r.Total));
    }

    [Fact]
    public void Default_weights_add_up_to_100()
    {
        var w = RankingWeights.Default;
        Assert.Equal((30m, 40m, 20m, 10m), (w.Performance, w.ExpertScore, w.Quality, w.Priority));
        Assert.Equal(100m, w.Total);
        Assert.Empty(w.Problems());
    }

    [Fact]
    public void Unusable_weights_and_inputs_are_refused()
    {
        Assert.Contains("各项权重不能为负数", new RankingWeights(Quality: -1m).Problems());
        Assert.Contains("权重合计须大于0", new RankingWeights(0m, 0m, 0m, 0m).Problems());
        Assert.Throws<ArgumentException>(() => PoolRanking.Rank([A], new RankingWeights(Performance: -5m)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoolRanking.Rank([Org("A公司", expert: 1001m)]));
        Assert.Throws<ArgumentException>(() => PoolRanking.Rank([A, A]));
    }

    [Fact]
    public void Ties_are_broken_by_expert_score_then_revenue_then_name()
    {
        // expert: 40×850/1000 = 34 against 40×600/1000 + 10 = 34
        var lowerExpert = Org("A公司", expert: 600m, priority: "人工智能");
        var higherExpert = Org("B公司", expert: 850m);
        var byExpert = PoolRanking.Rank([lowerExpert, higherExpert], new RankingWeights(Performance: 0m, Quality: 0m));
        Assert.Equal(byExpert[0].Total, byExpert[1].Total);
        Assert.Equal([higherExpert.Id, lowerExpert.Id], byExpert.Select(r => r.Id));

        // revenue, with performance weighing nothing
        var smaller = Org("A公司", revenue: 500m);
        var larger = Org("B公司", revenue: 900m);
        var byRevenue = PoolRanking.Rank([smaller, larger], new RankingWeights(Performance: 0m));
        Assert.Equal(byRevenue[0].Total, byRevenue[1].Total);
        Assert.Equal([larger.Id, smaller.Id], byRevenue.Select(r => r.Id));

        // a zero score ranks above no score
        var zero = Org("B公司", expert: 0m);
        var none = Org("A公司", expert: null);
        Assert.Equal([zero.Id, none.Id], PoolRanking.Rank([none, zero]).Select(r => r.Id));

        // name, whatever the input order
        var first = Org("A公司");
        var second = Org("B公司");
        var third = Org("C公司");
        Assert.Equal([first.Id, second.Id, third.Id], PoolRanking.Rank([third, first, second]).Select(r => r.Id));
        Assert.Equal([first.Id, second.Id, third.Id], PoolRanking.Rank([second, third, first]).Select(r => r.Id));
    }

    // ---------- SelectionCheck (4.4.4.1) ----------

    private static readonly RankingInput First = Org("A公司", expert: 900m);
    private static readonly RankingInput Second = Org("B公司", expert: 800m);
    private static readonly RankingInput Third = Org("C公司", expert: 700m);
    private static readonly RankingInput Fourth = Org("D公司", expert: 600m);
    private static readonly IReadOnlyList<RankedOrganization> Four = PoolRanking.Rank([Fourth, Second, First, Third]);

    [Fact]
    public void Choosing_the_top_of_the_ranking_needs_no_reason()
    {
        Assert.Equal([First.Id, Second.Id, Third.Id, Fourth.Id], Four.Select(r => r.Id));
        var review = SelectionCheck.Check(Four, new HashSet<Guid> { First.Id, Second.Id });
        Assert.True(review.FollowsRanking);
        Assert.Empty(review.Deviations);
        Assert.Empty(review.NotRanked);
    }

    [Fact]
    public void Every_chosen_organization_ranked_below_an_unchosen_one_is_listed()
    {
        var review = SelectionCheck.Check(Four, new HashSet<Guid> { Second.Id, Fourth.Id });

        Assert.False(review.FollowsRanking);
        Assert.Equal([Second.Id, Fourth.Id], review.Deviations.Select(d => d.Chosen.Id));
        Assert.Equal([First.Id], review.Deviations[0].PassedOver.Select(p => p.Id));
        Assert.Equal([First.Id, Third.Id], review.Deviations[1].PassedOver.Select(p => p.Id));
        Assert.Equal("“B公司”排名第2位，排名在前的“A公司”（第1位）未入选，须书面说明理由", review.Deviations[0].Explanation);
        Assert.Equal("“D公司”排名第4位，排名在前的“A公司”（第1位）、“C公司”（第3位）未入选，须书面说明理由", review.Deviations[1].Explanation);
    }

    [Fact]
    public void Skipping_one_organization_flags_every_choice_below_it()
    {
        var review = SelectionCheck.Check(Four, new HashSet<Guid> { First.Id, Third.Id, Fourth.Id });
        Assert.Equal([Third.Id, Fourth.Id], review.Deviations.Select(d => d.Chosen.Id));
        Assert.All(review.Deviations, d => Assert.Equal([Second.Id], d.PassedOver.Select(p => p.Id)));
    }

    [Fact]
    public void A_chosen_organization_missing_from_the_ranking_is_reported()
    {
        var stranger = Guid.NewGuid();
        var review = SelectionCheck.Check(Four, new HashSet<Guid> { First.Id, stranger });
        Assert.Empty(review.Deviations);
        Assert.Equal([stranger], review.NotRanked);
        Assert.False(review.FollowsRanking);
    }

    // ---------- ExitRule (4.4.4.3) ----------

    public static TheoryData<CaseState, ExitGround> PoolStatesAndGrounds()
    {
        var data = new TheoryData<CaseState, ExitGround>();
        foreach (var state in CaseTransitions.PoolStates)
        {
            foreach (var ground in Enum.GetValues<ExitGround>())
            {
                data.Add(state, ground);
            }
        }
        return data;
    }

    public static TheoryData<CaseState, ExitGround> OtherStatesAndGrounds()
    {
        var data = new TheoryData<CaseState, ExitGround>();
        foreach (var state in Enum.GetValues<CaseState>().Where(s => !CaseTransitions.PoolStates.Contains(s)))
        {
            foreach (var ground in Enum.GetValues<ExitGround>())
            {
                data.Add(state, ground);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PoolStatesAndGrounds))]
    public void Every_ground_exits_from_every_pool_state(CaseState state, ExitGround ground)
    {
        var decision = ExitRule.Decide(state, ground, "  经核查属实  ");

        Assert.True(decision.Exits);
        Assert.StartsWith("依据 DB31117/Z 018-2022 第4.4.4.3条", decision.Text, StringComparison.Ordinal);
        Assert.EndsWith("退出松江区政府质量奖培育孵化库。情况说明：经核查属实", decision.Text, StringComparison.Ordinal);
        Assert.Contains(ExitRule.Label(ground).Replace("申报组织", "", StringComparison.Ordinal), decision.Text, StringComparison.Ordinal);
        // the workflow has the matching move
        Assert.NotNull(CaseTransitions.Find(state, CaseState.Exited));
    }

    [Theory]
    [MemberData(nameof(OtherStatesAndGrounds))]
    public void No_exit_outside_the_pool(CaseState state, ExitGround ground)
    {
        var decision = ExitRule.Decide(state, ground, "经核查属实");

        Assert.False(decision.Exits);
        Assert.Equal($"该组织当前状态为“{CaseTransitions.Label(state)}”，不在培育孵化库内，不适用第4.4.4.3条退出", decision.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Exit_needs_a_description(string? description)
    {
        foreach (var ground in Enum.GetValues<ExitGround>())
        {
            var decision = ExitRule.Decide(CaseState.Theory, ground, description);
            Assert.False(decision.Exits);
            Assert.Equal("退出培育孵化库须填写情况说明", decision.Text);
        }
    }

    [Fact]
    public void The_reasons_quote_the_standard_in_Chinese()
    {
        Assert.Equal("依据 DB31117/Z 018-2022 第4.4.4.3条，申报组织提交虚假材料，自动退出松江区政府质量奖培育孵化库。情况说明：申报材料中的检测报告系伪造",
            ExitRule.Decide(CaseState.InPool, ExitGround.FalseMaterials, "申报材料中的检测报告系伪造").Text);
        Assert.Contains("在培育孵化期间发生重大质量、安全、环境污染、公共卫生、食品安全等事故或其他违反政府质量奖宗旨与原则的重大事项，自动退出",
            ExitRule.Decide(CaseState.SiteVisited, ExitGround.MajorIncident, "发生重大安全生产事故").Text, StringComparison.Ordinal);
        Assert.Contains("申报组织拒不配合政府质量奖培育孵化工作要求，自动退出",
            ExitRule.Decide(CaseState.Showcased, ExitGround.NonCooperation, "三次未参加现场扶优").Text, StringComparison.Ordinal);

        // a voluntary withdrawal is a dynamic adjustment, not one of the three automatic grounds
        var voluntary = ExitRule.Decide(CaseState.Theory, ExitGround.Voluntary, "企业重组，申请退出").Text;
        Assert.Contains("培育孵化库动态调整", voluntary, StringComparison.Ordinal);
        Assert.Contains("主动申请退出", voluntary, StringComparison.Ordinal);
        Assert.DoesNotContain("自动退出", voluntary, StringComparison.Ordinal);
    }
}
