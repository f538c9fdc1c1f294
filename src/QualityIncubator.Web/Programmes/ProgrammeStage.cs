namespace QualityIncubator.Web.Programmes;

/// <summary>The stages of the standard's procedure (clause 4 introduction, 5, 6), in order.</summary>
public enum ProgrammeStage
{
    Planning = 0,
    Mobilization = 1,        // 4.1 组织发动
    ExpertSelection = 2,     // 4.2 专家遴选
    AwarenessTraining = 3,   // 4.3 普及培育
    BaselineAssessment = 4,  // 4.4 摸底评估
    TheoryGuidance = 5,      // 4.5 理论指导
    SiteCoaching = 6,        // 4.6 现场扶优
    Showcase = 7,            // 4.7 孵化成果展示及交流
    Review = 8,              // 5 评估与改进
    Archive = 9,             // 6 归档
    Sealed = 10,             // 6.1 已归档封存
}

public static class ProgrammeStages
{
    /// <summary>The stages that carry a schedule window (4.1–4.7, 5, 6).</summary>
    public static readonly ProgrammeStage[] Scheduled =
    [
        ProgrammeStage.Mobilization, ProgrammeStage.ExpertSelection, ProgrammeStage.AwarenessTraining,
        ProgrammeStage.BaselineAssessment, ProgrammeStage.TheoryGuidance, ProgrammeStage.SiteCoaching,
        ProgrammeStage.Showcase, ProgrammeStage.Review, ProgrammeStage.Archive,
    ];

    public static string Clause(ProgrammeStage stage) => stage switch
    {
        ProgrammeStage.Planning => "4.1.1",
        ProgrammeStage.Mobilization => "4.1",
        ProgrammeStage.ExpertSelection => "4.2",
        ProgrammeStage.AwarenessTraining => "4.3",
        ProgrammeStage.BaselineAssessment => "4.4",
        ProgrammeStage.TheoryGuidance => "4.5",
        ProgrammeStage.SiteCoaching => "4.6",
        ProgrammeStage.Showcase => "4.7",
        ProgrammeStage.Review => "5",
        ProgrammeStage.Archive => "6",
        ProgrammeStage.Sealed => "6.1",
    };

    public static string Label(ProgrammeStage stage) => stage switch
    {
        ProgrammeStage.Planning => "计划制定",
        ProgrammeStage.Mobilization => "组织发动",
        ProgrammeStage.ExpertSelection => "专家遴选",
        ProgrammeStage.AwarenessTraining => "普及培育",
        ProgrammeStage.BaselineAssessment => "摸底评估",
        ProgrammeStage.TheoryGuidance => "理论指导",
        ProgrammeStage.SiteCoaching => "现场扶优",
        ProgrammeStage.Showcase => "孵化成果展示及交流",
        ProgrammeStage.Review => "评估与改进",
        ProgrammeStage.Archive => "归档",
        ProgrammeStage.Sealed => "已封存",
    };

    public static string LabelWithClause(ProgrammeStage stage) => $"{Clause(stage)} {Label(stage)}";

    /// <summary>A programme moves one stage forward at a time; a sealed programme never moves (6.1).</summary>
    public static ProgrammeStage? Next(ProgrammeStage stage) =>
        stage == ProgrammeStage.Sealed ? null : stage + 1;
}
