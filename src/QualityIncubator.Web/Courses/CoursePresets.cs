namespace QualityIncubator.Web.Courses;

/// <summary>The courses the standard names, so a new programme starts filled in; the Office edits them freely.</summary>
public static class CoursePresets
{
    public sealed record Preset(CourseStage Stage, CourseKind Kind, string Title, string Description, string? Topic, string Clause);

    public static readonly IReadOnlyList<Preset> All =
    [
        // 4.3.3 普及培育阶段课程宜包括GB/T 19580的概述、卓越绩效的核心理念、卓越绩效的导入和应用
        new(CourseStage.Awareness, CourseKind.Mandatory, "GB/T 19580 概述", "《卓越绩效评价准则》的由来、框架结构（7个类目）与评分体系（1000分）。", null, "4.3.3"),
        new(CourseStage.Awareness, CourseKind.Mandatory, "卓越绩效的核心理念", "远见卓识的领导、战略导向、顾客驱动、社会责任、以人为本、合作共赢、重视过程与关注结果、学习改进与创新、系统管理。", null, "4.3.3"),
        new(CourseStage.Awareness, CourseKind.Mandatory, "卓越绩效的导入和应用", "组织导入卓越绩效模式的路径、自我评价方法与常见误区。", null, "4.3.3"),
        // 4.5.2 必修课程为卓越绩效系列进阶理论课程，内容应包括GB/T 19580的条款解析与应用
        new(CourseStage.Theory, CourseKind.Mandatory, "GB/T 19580 条款解析与应用（一）：领导、战略、顾客与市场", "4.1 领导、4.2 战略、4.3 顾客与市场的条款要求、评价要点与案例。", null, "4.5.2"),
        new(CourseStage.Theory, CourseKind.Mandatory, "GB/T 19580 条款解析与应用（二）：资源、过程管理、测量分析与改进", "4.4 资源、4.5 过程管理、4.6 测量、分析与改进的条款要求、评价要点与案例。", null, "4.5.2"),
        new(CourseStage.Theory, CourseKind.Mandatory, "GB/T 19580 条款解析与应用（三）：结果与自评报告撰写", "4.7 结果类目的评价要点，自评报告的结构与撰写方法。", null, "4.5.2"),
        // 4.5.4 辅助课程为质量管理实践课程，内容宜包括质量管理工具和质量管理方法的解析与应用 (topics of Appendix B)
        new(CourseStage.Theory, CourseKind.Elective, "QC小组专题课程", "QC小组活动的组建、课题选择、PDCA程序与成果发表。", "QC", "4.5.4"),
        new(CourseStage.Theory, CourseKind.Elective, "精益管理", "价值流分析、消除浪费、拉动生产与持续改善。", "LEAN", "4.5.4"),
        new(CourseStage.Theory, CourseKind.Elective, "六西格玛专题课程", "DMAIC方法、统计工具与项目管理。", "SIXSIGMA", "4.5.4"),
        new(CourseStage.Theory, CourseKind.Elective, "5S现场管理", "整理、整顿、清扫、清洁、素养的推行与评价。", "5S", "4.5.4"),
        new(CourseStage.Theory, CourseKind.Elective, "数字化转型管理", "质量数据的采集、分析与数字化质量管理体系建设。", "DIGITAL", "4.5.4"),
        new(CourseStage.Theory, CourseKind.Elective, "重点产品质量攻关", "重点产品质量问题的识别、攻关立项与成果评价。", "KEYPRODUCT", "4.5.4"),
    ];
}
