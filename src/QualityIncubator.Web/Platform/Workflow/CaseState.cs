using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Platform.Workflow;

/// <summary>Where an organization stands in a programme (architecture.md "one workflow").</summary>
public enum CaseState
{
    Applied,         // 4.1.3 已申报
    Eligible,        // 4.1.2 符合条件
    Ineligible,      // 4.1.2 不符合条件
    Awareness,       // 4.3 普及培育中
    Continuing,      // 4.3.5 确认继续参与
    Withdrawn,       // 4.3.5 退出
    SelfEvaluated,   // 4.4.1 已自评
    Reviewed,        // 4.4.2 已专家评价
    Analysed,        // 4.4.3 已质量分析
    InPool,          // 4.4.4 入选培育孵化库
    NotSelected,     // 4.4.4 未入选
    Theory,          // 4.5 理论指导中
    SiteVisited,     // 4.6 已现场扶优
    Showcased,       // 4.7 已成果展示
    Completed,       // 5 培育孵化完成
    Exited,          // 4.4.4.3 退出培育孵化库
}

/// <summary>A transition the workflow allows, with the stage it belongs to and whether a reason must be given.</summary>
public sealed record CaseTransition(CaseState From, CaseState To, ProgrammeStage EarliestStage, bool NeedsReason, string Clause);

/// <summary>The decision of whether a transition may happen, with the reason in Chinese when it may not.</summary>
public sealed record TransitionCheck(bool Allowed, string? Refusal)
{
    public static readonly TransitionCheck Ok = new(true, null);
    public static TransitionCheck No(string reason) => new(false, reason);
}

/// <summary>The case state machine: which moves exist and when they are allowed. Pure; no database.</summary>
public static class CaseTransitions
{
    private static readonly CaseState[] BeforePool =
        [CaseState.Applied, CaseState.Eligible, CaseState.Awareness, CaseState.Continuing, CaseState.SelfEvaluated, CaseState.Reviewed, CaseState.Analysed];

    /// <summary>The states of an organization in the incubation pool (4.4.4): it follows theory guidance, is coached on site and shows its results.</summary>
    public static readonly IReadOnlyList<CaseState> PoolStates =
        [CaseState.InPool, CaseState.Theory, CaseState.SiteVisited, CaseState.Showcased];

    public static readonly IReadOnlyList<CaseTransition> All = Build();

    private static List<CaseTransition> Build()
    {
        var list = new List<CaseTransition>
        {
            new(CaseState.Applied, CaseState.Eligible, ProgrammeStage.Mobilization, false, "4.1.2"),
            new(CaseState.Applied, CaseState.Ineligible, ProgrammeStage.Mobilization, true, "4.1.2"),
            new(CaseState.Ineligible, CaseState.Eligible, ProgrammeStage.Mobilization, true, "4.1.2"),
            new(CaseState.Eligible, CaseState.Ineligible, ProgrammeStage.Mobilization, true, "4.1.2"),
            new(CaseState.Eligible, CaseState.Awareness, ProgrammeStage.AwarenessTraining, false, "4.3.4"),
            new(CaseState.Awareness, CaseState.Continuing, ProgrammeStage.AwarenessTraining, false, "4.3.5"),
            new(CaseState.Continuing, CaseState.SelfEvaluated, ProgrammeStage.BaselineAssessment, false, "4.4.1"),
            new(CaseState.SelfEvaluated, CaseState.Reviewed, ProgrammeStage.BaselineAssessment, false, "4.4.2"),
            new(CaseState.Reviewed, CaseState.Analysed, ProgrammeStage.BaselineAssessment, false, "4.4.3"),
            new(CaseState.Analysed, CaseState.InPool, ProgrammeStage.BaselineAssessment, false, "4.4.4.1"),
            new(CaseState.Analysed, CaseState.NotSelected, ProgrammeStage.BaselineAssessment, true, "4.4.4.1"),
            new(CaseState.InPool, CaseState.Theory, ProgrammeStage.TheoryGuidance, false, "4.5"),
            new(CaseState.Theory, CaseState.SiteVisited, ProgrammeStage.SiteCoaching, false, "4.6"),
            new(CaseState.SiteVisited, CaseState.Showcased, ProgrammeStage.Showcase, false, "4.7"),
            new(CaseState.Showcased, CaseState.Completed, ProgrammeStage.Showcase, false, "5.1.1"),
        };
        // 4.3.5 / 4.4.1.1: an organization may withdraw before it enters the pool.
        list.AddRange(BeforePool.Select(s => new CaseTransition(s, CaseState.Withdrawn, ProgrammeStage.Mobilization, true, "4.3.5")));
        // 4.4.4.3: a pool member can leave the pool at any time, with a reason.
        list.AddRange(PoolStates.Select(s => new CaseTransition(s, CaseState.Exited, ProgrammeStage.BaselineAssessment, true, "4.4.4.3")));
        return list;
    }

    public static IEnumerable<CaseTransition> From(CaseState state) => All.Where(t => t.From == state);

    public static CaseTransition? Find(CaseState from, CaseState to) => All.FirstOrDefault(t => t.From == from && t.To == to);

    /// <summary>Checks a move against the state machine, the programme's stage order and the reason requirement.</summary>
    public static TransitionCheck Check(CaseState from, CaseState to, ProgrammeStage programmeStage, string? reason)
    {
        if (programmeStage >= ProgrammeStage.Review)
        {
            return TransitionCheck.No($"培育计划已进入“{ProgrammeStages.Label(programmeStage)}”阶段，组织状态不能再变更");
        }
        var transition = Find(from, to);
        if (transition is null)
        {
            return TransitionCheck.No($"不能从“{Label(from)}”直接变为“{Label(to)}”");
        }
        if (programmeStage < transition.EarliestStage)
        {
            return TransitionCheck.No($"培育计划尚未进入“{ProgrammeStages.LabelWithClause(transition.EarliestStage)}”阶段，不能变为“{Label(to)}”");
        }
        if (transition.NeedsReason && string.IsNullOrWhiteSpace(reason))
        {
            return TransitionCheck.No($"变为“{Label(to)}”须填写原因");
        }
        return TransitionCheck.Ok;
    }

    public static bool IsClosed(CaseState state) =>
        state is CaseState.Ineligible or CaseState.Withdrawn or CaseState.NotSelected or CaseState.Exited or CaseState.Completed;

    public static string Label(CaseState state) => state switch
    {
        CaseState.Applied => "已申报",
        CaseState.Eligible => "符合申报条件",
        CaseState.Ineligible => "不符合申报条件",
        CaseState.Awareness => "普及培育中",
        CaseState.Continuing => "确认继续参与",
        CaseState.Withdrawn => "已退出",
        CaseState.SelfEvaluated => "已完成自评",
        CaseState.Reviewed => "已完成专家评价",
        CaseState.Analysed => "已完成质量分析",
        CaseState.InPool => "入选培育孵化库",
        CaseState.NotSelected => "未入选培育孵化库",
        CaseState.Theory => "理论指导中",
        CaseState.SiteVisited => "已现场扶优",
        CaseState.Showcased => "已成果展示",
        CaseState.Completed => "培育孵化完成",
        CaseState.Exited => "已退出培育孵化库",
    };
}
