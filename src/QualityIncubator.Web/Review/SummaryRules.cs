using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Review;

/// <summary>The Office's texts of the summary: its evaluation of the procedure (5.1.1, 5.1.3, 5.3.1) and its suggestions (5.1.2).</summary>
public sealed record SummaryTexts(string? OverallEvaluation, string? CourseSetupEvaluation, string? SiteVisitEvaluation, string? ShowcaseEvaluation,
    string? FormsEvaluation, string? ImprovementSuggestions)
{
    public static SummaryTexts Of(ProgrammeSummary? s) => s is null ? new(null, null, null, null, null, null)
        : new(s.OverallEvaluation, s.CourseSetupEvaluation, s.SiteVisitEvaluation, s.ShowcaseEvaluation, s.FormsEvaluation, s.ImprovementSuggestions);

    /// <summary>The text of one field (<see cref="SummaryRules.Fields"/>).</summary>
    public string? this[string field] => field switch
    {
        nameof(OverallEvaluation) => OverallEvaluation,
        nameof(CourseSetupEvaluation) => CourseSetupEvaluation,
        nameof(SiteVisitEvaluation) => SiteVisitEvaluation,
        nameof(ShowcaseEvaluation) => ShowcaseEvaluation,
        nameof(FormsEvaluation) => FormsEvaluation,
        nameof(ImprovementSuggestions) => ImprovementSuggestions,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>Writes the texts (trimmed, blanks as null) onto the record.</summary>
    public void ApplyTo(ProgrammeSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        s.OverallEvaluation = Clean(OverallEvaluation);
        s.CourseSetupEvaluation = Clean(CourseSetupEvaluation);
        s.SiteVisitEvaluation = Clean(SiteVisitEvaluation);
        s.ShowcaseEvaluation = Clean(ShowcaseEvaluation);
        s.FormsEvaluation = Clean(FormsEvaluation);
        s.ImprovementSuggestions = Clean(ImprovementSuggestions);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>One text field of the summary: its property name, the Chinese heading and the clause it answers.</summary>
public sealed record SummaryField(string Name, string Label, string Clause, ProcedureArea? Area);

/// <summary>5.1 the checks of the summary: which texts, how long, when it may be written, approved and reopened. Pure.</summary>
public static class SummaryRules
{
    public const int ReasonMaxLength = 1000;

    /// <summary>The Office's texts in the order the summary prints them.</summary>
    public static readonly IReadOnlyList<SummaryField> Fields =
    [
        new(nameof(SummaryTexts.OverallEvaluation), "整体程序的总结和评估", "5.1.1", null),
        new(nameof(SummaryTexts.CourseSetupEvaluation), AreaLabel(ProcedureArea.CourseSetup) + "的科学性和合理性", "5.1.3", ProcedureArea.CourseSetup),
        new(nameof(SummaryTexts.SiteVisitEvaluation), AreaLabel(ProcedureArea.SiteVisitArrangement) + "的科学性和合理性", "5.1.3", ProcedureArea.SiteVisitArrangement),
        new(nameof(SummaryTexts.ShowcaseEvaluation), AreaLabel(ProcedureArea.ShowcaseExchange) + "的科学性和合理性", "5.1.3", ProcedureArea.ShowcaseExchange),
        new(nameof(SummaryTexts.FormsEvaluation), AreaLabel(ProcedureArea.Forms), "5.3.1", ProcedureArea.Forms),
        new(nameof(SummaryTexts.ImprovementSuggestions), "培育孵化工作的完善和改进建议", "5.1.2", null),
    ];

    public static string AreaLabel(ProcedureArea area) => area switch
    {
        ProcedureArea.CourseSetup => "理论课程设置",
        ProcedureArea.SiteVisitArrangement => "现场扶优安排",
        ProcedureArea.ShowcaseExchange => "培育孵化成果展示及交流",
        ProcedureArea.Forms => "相关表单设计",
    };

    public static string StatusLabel(SummaryStatus? status) => status switch
    {
        null => "未开始",
        SummaryStatus.Draft => "草稿",
        SummaryStatus.Approved => "已审核通过",
        _ => status.ToString()!,
    };

    /// <summary>
    /// No text longer than <see cref="ProgrammeSummary.TextMaxLength"/>; approving needs every evaluation (5.1.1, the three areas of 5.1.3,
    /// the forms of 5.3.1) and the suggestions (5.1.2). Saving a draft checks the lengths only.
    /// </summary>
    public static IReadOnlyList<FieldError> Check(SummaryTexts texts, bool approve)
    {
        // 5.1.2 工作总结应包括…完善和改进建议; 5.1.3 the procedure's evaluation covers courses, site visits, showcase and exchange
        ArgumentNullException.ThrowIfNull(texts);
        var errors = new List<FieldError>();
        foreach (var f in Fields)
        {
            var text = texts[f.Name];
            if (text is not null && text.Trim().Length > ProgrammeSummary.TextMaxLength)
            {
                errors.Add(new(f.Name, $"“{f.Label}”不能超过{ProgrammeSummary.TextMaxLength}字"));
            }
            else if (approve && string.IsNullOrWhiteSpace(text))
            {
                errors.Add(new(f.Name, $"请填写“{f.Label}”（{f.Clause}），审核通过前须填写完整"));
            }
        }
        return errors;
    }

    /// <summary>5.1.1 the summary is written after the incubation (from the Review stage) and no longer once the programme is sealed (6.1).</summary>
    public static string? EditRefusal(ProgrammeStage stage) => stage switch
    {
        // 5.1.1 在培育孵化工作结束后: the showcase (4.7) must be over
        < ProgrammeStage.Review => $"培育计划当前阶段为“{ProgrammeStages.Label(stage)}”，孵化成果展示及交流结束、进入“评估与改进”阶段后才能编写和审核工作总结（5.1.1）",
        // 6.1 the archive is sealed: nothing of the programme changes any more
        ProgrammeStage.Sealed => "培育计划已归档封存，工作总结不能再修改（6.1）",
        _ => null,
    };

    /// <summary>An approved summary goes back to a draft only while the programme is in the Review stage, with a reason.</summary>
    public static string? ReopenRefusal(ProgrammeStage stage, SummaryStatus? status, string? reason)
    {
        // 5.1 the summary belongs to the review stage: once the programme moved on to the archive (6) it stays as approved
        if (status != SummaryStatus.Approved)
        {
            return "只有已审核通过的工作总结可以重新打开";
        }
        if (stage != ProgrammeStage.Review)
        {
            return $"培育计划当前阶段为“{ProgrammeStages.Label(stage)}”，只有在“评估与改进”阶段才能重新打开工作总结";
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "请填写重新打开的原因";
        }
        return reason.Trim().Length > ReasonMaxLength ? $"原因不能超过{ReasonMaxLength}字" : null;
    }
}
