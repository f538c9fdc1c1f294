namespace QualityIncubator.Web.Assessment;

/// <summary>Whether an item is judged as a process (方法-展开-学习-整合) or as results (水平-趋势-对比-整合).</summary>
public enum ItemKind
{
    Process,
    Result,
}

/// <summary>One of the seven categories of GB/T 19580 (e.g. 4.1 领导). <paramref name="Points"/> is the published allocation; it must equal the sum of its items.</summary>
public sealed record ExcellenceCategory(string Code, string Name, int Points);

/// <summary>One of the 23 scored items (e.g. 4.1.2 高层领导的作用). The x.1 总则 of each category carries no points and is not an item.</summary>
public sealed record ExcellenceItem(string Code, string Name, int MaxPoints, ItemKind Kind, string CategoryCode);

/// <summary>A scoring band: the percentages from <paramref name="Min"/> to <paramref name="Max"/> (multiples of 5) with what an evaluator should see.</summary>
public sealed record ScoringBand(int Number, int Min, int Max, string ProcessDescription, string ResultDescription)
{
    public string Label => $"{Min}%–{Max}%";

    public string Description(ItemKind kind) => kind == ItemKind.Process ? ProcessDescription : ResultDescription;
}

/// <summary>
/// GB/T 19580-2012 卓越绩效评价准则 (the ExcellenceModel experts score against in 4.4.2): 7 categories, 23 items, 1000 points,
/// and the GB/Z 19579 scoring guidance (six bands, four evaluation dimensions). Static reference data for the pure rules;
/// allocations as in the design domain facts (4.1 confirmed by sources, the others the widely used ones that add up exactly).
/// </summary>
public static class Gb19580
{
    public const int TotalPoints = 1000;

    public static readonly IReadOnlyList<ExcellenceCategory> Categories =
    [
        new("4.1", "领导", 110),
        new("4.2", "战略", 90),
        new("4.3", "顾客与市场", 90),
        new("4.4", "资源", 130),
        new("4.5", "过程管理", 100),
        new("4.6", "测量、分析与改进", 80),
        new("4.7", "结果", 400),
    ];

    public static readonly IReadOnlyList<ExcellenceItem> Items =
    [
        new("4.1.2", "高层领导的作用", 50, ItemKind.Process, "4.1"),
        new("4.1.3", "组织治理", 30, ItemKind.Process, "4.1"),
        new("4.1.4", "社会责任", 30, ItemKind.Process, "4.1"),
        new("4.2.2", "战略制定", 40, ItemKind.Process, "4.2"),
        new("4.2.3", "战略部署", 50, ItemKind.Process, "4.2"),
        new("4.3.2", "顾客和市场的了解", 40, ItemKind.Process, "4.3"),
        new("4.3.3", "顾客关系与顾客满意", 50, ItemKind.Process, "4.3"),
        new("4.4.2", "人力资源", 60, ItemKind.Process, "4.4"),
        new("4.4.3", "财务资源", 15, ItemKind.Process, "4.4"),
        new("4.4.4", "信息和知识资源", 20, ItemKind.Process, "4.4"),
        new("4.4.5", "技术资源", 15, ItemKind.Process, "4.4"),
        new("4.4.6", "基础设施", 10, ItemKind.Process, "4.4"),
        new("4.4.7", "相关方关系", 10, ItemKind.Process, "4.4"),
        new("4.5.2", "过程的识别与设计", 50, ItemKind.Process, "4.5"),
        new("4.5.3", "过程的实施与改进", 50, ItemKind.Process, "4.5"),
        new("4.6.2", "测量、分析和评价", 40, ItemKind.Process, "4.6"),
        new("4.6.3", "改进与创新", 40, ItemKind.Process, "4.6"),
        new("4.7.2", "产品和服务结果", 80, ItemKind.Result, "4.7"),
        new("4.7.3", "顾客与市场结果", 80, ItemKind.Result, "4.7"),
        new("4.7.4", "财务结果", 80, ItemKind.Result, "4.7"),
        new("4.7.5", "资源结果", 60, ItemKind.Result, "4.7"),
        new("4.7.6", "过程有效性结果", 50, ItemKind.Result, "4.7"),
        new("4.7.7", "领导方面的结果", 50, ItemKind.Result, "4.7"),
    ];

    // GB/Z 19579 scoring guidance: six bands of percentages (multiples of 5), process and results described side by side.
    public static readonly IReadOnlyList<ScoringBand> Bands =
    [
        new(1, 0, 5,
            "没有系统的方法，信息零散、仅有个别事例",
            "没有结果或结果很差，没有趋势和对比信息"),
        new(2, 10, 25,
            "开始针对基本要求建立系统的方法，展开处于初期，主要是对问题被动应对",
            "结果很少，仅在少数方面有初步的良好绩效"),
        new(3, 30, 45,
            "有针对基本要求的有效、系统的方法，已经展开但部分领域仍处于初期，开始评价和改进",
            "许多方面绩效水平良好，开始呈现良好趋势"),
        new(4, 50, 65,
            "有针对总体要求的有效方法，展开良好，开展基于事实的改进并有一定的学习",
            "大多数方面绩效水平良好、趋势改善，部分对比结果良好"),
        new(5, 70, 85,
            "有针对详细要求的方法，展开良好、无明显差距，改进和创新成为关键的管理工具，方法相互整合",
            "绩效水平良好至优秀，趋势持续向好，许多对比显示处于领先地位"),
        new(6, 90, 100,
            "全面满足各项要求并全面展开，学习和创新贯穿整个组织，方法完全整合",
            "绩效水平优秀，趋势持续向好，在许多方面处于标杆领先地位"),
    ];

    /// <summary>GB/Z 19579: process items are judged on approach, deployment, learning, integration.</summary>
    public static readonly IReadOnlyList<string> ProcessDimensions = ["方法", "展开", "学习", "整合"];

    /// <summary>GB/Z 19579: results items are judged on levels, trends, comparisons, integration.</summary>
    public static readonly IReadOnlyList<string> ResultDimensions = ["水平", "趋势", "对比", "整合"];

    private static readonly Dictionary<string, ExcellenceItem> ByCode = Items.ToDictionary(i => i.Code, StringComparer.Ordinal);

    public static IReadOnlyList<string> Dimensions(ItemKind kind) => kind == ItemKind.Process ? ProcessDimensions : ResultDimensions;

    /// <summary>The item with this code (e.g. "4.1.2"), or null.</summary>
    public static ExcellenceItem? Item(string code) => ByCode.GetValueOrDefault(code);

    public static IReadOnlyList<ExcellenceItem> ItemsOf(string categoryCode) => [.. Items.Where(i => i.CategoryCode == categoryCode)];

    /// <summary>"4.1.2 高层领导的作用".</summary>
    public static string Title(ExcellenceItem item) => $"{item.Code} {item.Name}";
}
