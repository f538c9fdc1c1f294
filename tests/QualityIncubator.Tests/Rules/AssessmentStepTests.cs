using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.4.2–4.4.3: a case moves to 已完成专家评价 with the consensus and to 已完成质量分析 once the analysis is also fed back.</summary>
public sealed class AssessmentStepTests
{
    [Theory]
    [InlineData(CaseState.SelfEvaluated, false, false, new CaseState[0])]
    [InlineData(CaseState.SelfEvaluated, false, true, new CaseState[0])]
    [InlineData(CaseState.SelfEvaluated, true, false, new[] { CaseState.Reviewed })]
    [InlineData(CaseState.SelfEvaluated, true, true, new[] { CaseState.Reviewed, CaseState.Analysed })]
    [InlineData(CaseState.Reviewed, true, false, new CaseState[0])]
    [InlineData(CaseState.Reviewed, true, true, new[] { CaseState.Analysed })]
    [InlineData(CaseState.Analysed, true, true, new CaseState[0])]
    [InlineData(CaseState.Continuing, true, true, new CaseState[0])]
    [InlineData(CaseState.Withdrawn, true, true, new CaseState[0])]
    public void Moves_follow_the_facts_in_the_standards_order(CaseState state, bool consensus, bool fedBack, CaseState[] expected) =>
        Assert.Equal(expected, AssessmentStep.Moves(state, consensus, fedBack));

    [Fact]
    public void Every_move_is_one_the_state_machine_allows_during_the_baseline_assessment()
    {
        var state = CaseState.SelfEvaluated;
        foreach (var to in AssessmentStep.Moves(state, true, true))
        {
            Assert.True(CaseTransitions.Check(state, to, Web.Programmes.ProgrammeStage.BaselineAssessment, null).Allowed, $"{state} → {to}");
            state = to;
        }
        Assert.Equal(CaseState.Analysed, state);
    }
}
