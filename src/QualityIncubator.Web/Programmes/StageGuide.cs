using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Programmes;

/// <summary>What each stage of the standard asks for, and which case states belong to it (for the stage pages).</summary>
public static class StageGuide
{
    public static string Summary(ProgrammeStage stage) => stage switch
    {
        ProgrammeStage.Planning => "区评审办制定培育孵化工作计划（4.1.1）。",
        ProgrammeStage.Mobilization => "区评审办在区域内组织发动培育孵化申报；组织填写并报送《培育孵化项目申请书》（附录A）；培育对象应在松江区注册登记并正常运行2年以上，主要领导质量意识强并建立有效运行的质量管理体系，近2年无重大事故（4.1.1–4.1.4）。",
        ProgrammeStage.ExpertSelection => "区评审办遴选质量管理经验丰富、熟悉GB/T 19580的专家形成专家库；专家应廉洁自律、严守秘密、利益相关须回避（4.2.1–4.2.3）。",
        ProgrammeStage.AwarenessTraining => "区评审办设置普及培育课程（GB/T 19580概述、卓越绩效核心理念、导入和应用）；申报组织自主学习并自我评估，确认是否继续参与（4.3.1–4.3.5）。",
        ProgrammeStage.BaselineAssessment => "组织自评并完成自评报告和《前期自评表》（附录B）；专家评价；质量分析并反馈；形成培育孵化库，库内组织可动态调整（4.4.1–4.4.4）。",
        ProgrammeStage.TheoryGuidance => "必修课程（GB/T 19580条款解析与应用，相关负责人全程参加）与辅助课程（质量管理工具和方法，自选）（4.5.1–4.5.5）。",
        ProgrammeStage.SiteCoaching => "按组织实际情况和产业特点安排现场扶优专家，以座谈交流与现场参观指导相结合的方式开展，形成《现场扶优意见汇总表》（附录C）并反馈区评审办（4.6.1–4.6.6）。",
        ProgrammeStage.Showcase => "组织开展培育孵化成果展示及经验交流：前后比对、管理模式优化、标杆企业学习交流（4.7.1–4.7.4）。",
        ProgrammeStage.Review => "对培育孵化工作整体程序和每个流程进行总结和评估；对专家进行好、中、差评价；据此持续改进（5.1–5.3）。",
        ProgrammeStage.Archive => "对培育孵化工作的所有材料进行梳理和归档，档案至少保存五年（6.1–6.2）。",
        ProgrammeStage.Sealed => "培育计划已封存归档，全部记录只读。",
    };

    /// <summary>The case states an Office member works on during a stage.</summary>
    public static IReadOnlyList<CaseState> States(ProgrammeStage stage) => stage switch
    {
        ProgrammeStage.Mobilization => [CaseState.Applied, CaseState.Eligible, CaseState.Ineligible],
        ProgrammeStage.AwarenessTraining => [CaseState.Eligible, CaseState.Awareness, CaseState.Continuing, CaseState.Withdrawn],
        ProgrammeStage.BaselineAssessment => [CaseState.Continuing, CaseState.SelfEvaluated, CaseState.Reviewed, CaseState.Analysed, CaseState.InPool, CaseState.NotSelected],
        ProgrammeStage.TheoryGuidance => [CaseState.InPool, CaseState.Theory, CaseState.Exited],
        ProgrammeStage.SiteCoaching => [CaseState.Theory, CaseState.SiteVisited, CaseState.Exited],
        ProgrammeStage.Showcase => [CaseState.SiteVisited, CaseState.Showcased, CaseState.Completed, CaseState.Exited],
        ProgrammeStage.Review or ProgrammeStage.Archive => [CaseState.Completed, CaseState.Exited],
        ProgrammeStage.Planning or ProgrammeStage.ExpertSelection or ProgrammeStage.Sealed => [],
    };
}
