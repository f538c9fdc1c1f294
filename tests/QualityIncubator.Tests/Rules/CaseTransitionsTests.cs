using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Rules;

public sealed class CaseTransitionsTests
{
    [Fact]
    public void The_whole_path_of_the_standard_is_allowed_in_stage_order()
    {
        var path = new (CaseState To, ProgrammeStage Stage)[]
        {
            (CaseState.Eligible, ProgrammeStage.Mobilization),
            (CaseState.Awareness, ProgrammeStage.AwarenessTraining),
            (CaseState.Continuing, ProgrammeStage.AwarenessTraining),
            (CaseState.SelfEvaluated, ProgrammeStage.BaselineAssessment),
            (CaseState.Reviewed, ProgrammeStage.BaselineAssessment),
            (CaseState.Analysed, ProgrammeStage.BaselineAssessment),
            (CaseState.InPool, ProgrammeStage.BaselineAssessment),
            (CaseState.Theory, ProgrammeStage.TheoryGuidance),
            (CaseState.SiteVisited, ProgrammeStage.SiteCoaching),
            (CaseState.Showcased, ProgrammeStage.Showcase),
            (CaseState.Completed, ProgrammeStage.Showcase),
        };
        var state = CaseState.Applied;
        foreach (var (to, stage) in path)
        {
            var check = CaseTransitions.Check(state, to, stage, null);
            Assert.True(check.Allowed, $"{state} → {to}: {check.Refusal}");
            state = to;
        }
        Assert.True(CaseTransitions.IsClosed(state));
    }

    [Fact]
    public void A_step_cannot_be_skipped()
    {
        var check = CaseTransitions.Check(CaseState.Applied, CaseState.InPool, ProgrammeStage.BaselineAssessment, null);
        Assert.False(check.Allowed);
        Assert.Contains("不能从“已申报”直接变为“入选培育孵化库”", check.Refusal);
    }

    [Fact]
    public void A_transition_before_its_stage_is_refused_with_the_stage_named()
    {
        var check = CaseTransitions.Check(CaseState.Eligible, CaseState.Awareness, ProgrammeStage.Mobilization, null);
        Assert.False(check.Allowed);
        Assert.Contains("4.3 普及培育", check.Refusal);
    }

    [Theory]
    [InlineData(CaseState.Applied, CaseState.Ineligible, ProgrammeStage.Mobilization)]
    [InlineData(CaseState.Awareness, CaseState.Withdrawn, ProgrammeStage.AwarenessTraining)]
    [InlineData(CaseState.InPool, CaseState.Exited, ProgrammeStage.TheoryGuidance)]
    [InlineData(CaseState.Analysed, CaseState.NotSelected, ProgrammeStage.BaselineAssessment)]
    public void Closing_moves_need_a_reason(CaseState from, CaseState to, ProgrammeStage stage)
    {
        Assert.False(CaseTransitions.Check(from, to, stage, "  ").Allowed);
        Assert.Contains("须填写原因", CaseTransitions.Check(from, to, stage, null).Refusal);
        Assert.True(CaseTransitions.Check(from, to, stage, "组织书面申请退出").Allowed);
    }

    [Fact]
    public void Pool_exit_is_possible_from_every_pool_state_and_withdrawal_from_every_state_before_the_pool()
    {
        foreach (var s in new[] { CaseState.InPool, CaseState.Theory, CaseState.SiteVisited, CaseState.Showcased })
        {
            Assert.NotNull(CaseTransitions.Find(s, CaseState.Exited));
            Assert.Null(CaseTransitions.Find(s, CaseState.Withdrawn));
        }
        foreach (var s in new[] { CaseState.Applied, CaseState.Eligible, CaseState.Awareness, CaseState.Continuing, CaseState.SelfEvaluated, CaseState.Reviewed, CaseState.Analysed })
        {
            Assert.NotNull(CaseTransitions.Find(s, CaseState.Withdrawn));
            Assert.Null(CaseTransitions.Find(s, CaseState.Exited));
        }
    }

    [Fact]
    public void Closed_states_have_no_way_out_except_the_eligibility_correction()
    {
        foreach (var closed in Enum.GetValues<CaseState>().Where(CaseTransitions.IsClosed))
        {
            var exits = CaseTransitions.From(closed).Select(t => t.To).ToList();
            Assert.True(closed == CaseState.Ineligible ? exits.SequenceEqual([CaseState.Eligible]) : exits.Count == 0, $"{closed}: {string.Join(",", exits)}");
        }
    }

    [Fact]
    public void No_state_changes_once_the_programme_is_in_review_or_later()
    {
        foreach (var stage in new[] { ProgrammeStage.Review, ProgrammeStage.Archive, ProgrammeStage.Sealed })
        {
            var check = CaseTransitions.Check(CaseState.Showcased, CaseState.Completed, stage, null);
            Assert.False(check.Allowed);
            Assert.Contains("不能再变更", check.Refusal);
        }
    }

    [Fact]
    public void Every_state_has_a_chinese_label_and_every_transition_a_clause()
    {
        foreach (var s in Enum.GetValues<CaseState>())
        {
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", CaseTransitions.Label(s));
        }
        Assert.All(CaseTransitions.All, t => Assert.Matches(@"^\d(\.\d+)*$", t.Clause));
    }

    [Fact]
    public void Programme_stages_move_one_at_a_time_and_stop_when_sealed()
    {
        Assert.Equal(ProgrammeStage.Mobilization, ProgrammeStages.Next(ProgrammeStage.Planning));
        Assert.Equal(ProgrammeStage.Sealed, ProgrammeStages.Next(ProgrammeStage.Archive));
        Assert.Null(ProgrammeStages.Next(ProgrammeStage.Sealed));
        Assert.Equal(9, ProgrammeStages.Scheduled.Length);
    }
}
