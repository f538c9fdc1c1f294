using System.ComponentModel.DataAnnotations;

namespace QualityIncubator.Web.Assessment;

/// <summary>A penalty as typed on the Office's form; checked by <see cref="PenaltyRules"/>, kept as typed when refused.</summary>
public sealed class PenaltyForm
{
    [Display(Name = "处罚决定日期")] public string? DecidedOn { get; set; }
    [Display(Name = "处罚机关")] public string? Authority { get; set; }
    [Display(Name = "处罚决定书文号")] public string? DecisionNumber { get; set; }
    [Display(Name = "处罚类别")] public string? Category { get; set; }
    [Display(Name = "罚没金额（元）")] public string? Amount { get; set; }
    [Display(Name = "违法事实摘要")] public string? Summary { get; set; }

    public PenaltyFields ToFields() => new(DecidedOn, Authority, DecisionNumber, Category, Amount, Summary);
}

/// <summary>The written analysis: 质量管理现状 and 分析结论, with the version it was read at.</summary>
public sealed class AnalysisForm
{
    [Display(Name = "质量管理现状")] public string? Status { get; set; }
    [Display(Name = "分析结论")] public string? Conclusion { get; set; }
    public long Version { get; set; } = QualityWork.NoRecord;
}
