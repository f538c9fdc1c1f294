using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Assessment;

/// <summary>The self-evaluation deadline of 4.4.1 and the Office's extension. Pure.</summary>
public static class SelfEvaluationDeadline
{
    /// <summary>The last day an organization may still change and submit (the extension when granted, else the programme's due date); null when none is set.</summary>
    public static DateOnly? LastDay(DateOnly? dueOn, DateOnly? extendedTo) => extendedTo ?? dueOn;

    // 4.4.1.1 申报组织应配合区评审办……安排: after the due date (inclusive, China time) nothing more is accepted unless the Office extended it.
    public static string? Refusal(DateOnly? dueOn, DateOnly? extendedTo, DateOnly today) =>
        LastDay(dueOn, extendedTo) is { } last && today > last
            ? $"自评截止日期（{ChinaTime.DateText(last)}）已过，不能再填写或提交。如需延期，请联系区评审办。"
            : null;

    /// <summary>What is wrong with an extension the Office wants to grant, in Chinese; null when it can be granted.</summary>
    public static string? CheckExtension(DateOnly? dueOn, DateOnly? extendTo, string? reason, DateOnly today)
    {
        if (extendTo is null)
        {
            return "请填写延期后的截止日期";
        }
        if (extendTo < today)
        {
            return "延期后的截止日期不能早于今天";
        }
        if (dueOn is { } due && extendTo <= due)
        {
            return $"延期后的截止日期须晚于原截止日期（{ChinaTime.DateText(due)}）";
        }
        return string.IsNullOrWhiteSpace(reason) ? "请填写延期原因" : null;
    }
}

/// <summary>The self-evaluation report written in the product, one part per GB/T 19580 category (4.4.1.2–4.4.1.3). Pure.</summary>
public static class ReportSections
{
    /// <summary>Errors keyed "section-{category code}": too long, or (when submitting) a category left empty.</summary>
    // 4.4.1.3 自评应形成自评报告: a report written here must cover every GB/T 19580 category (or a report file is uploaded instead).
    public static IReadOnlyList<FieldError> Check(IReadOnlyDictionary<string, string?> sections, bool complete)
    {
        var errors = new List<FieldError>();
        foreach (var key in sections.Keys.Where(k => Gb19580.Categories.All(c => c.Code != k)))
        {
            errors.Add(new FieldError("section-" + key, $"未知的报告章节：{key}"));
        }
        foreach (var category in Gb19580.Categories)
        {
            var text = sections.GetValueOrDefault(category.Code);
            if (text is not null && text.Trim().Length > SelfEvaluation.SectionMaxLength)
            {
                errors.Add(new FieldError("section-" + category.Code, $"“{category.Code} {category.Name}”不能超过{SelfEvaluation.SectionMaxLength}字"));
            }
            else if (complete && string.IsNullOrWhiteSpace(text))
            {
                errors.Add(new FieldError("section-" + category.Code, $"请填写“{category.Code} {category.Name}”部分的自评内容"));
            }
        }
        return errors;
    }

    public static bool AnyWritten(IReadOnlyDictionary<string, string?> sections) => sections.Values.Any(v => !string.IsNullOrWhiteSpace(v));
}

/// <summary>What a review needs before it is submitted (one expert's) or recorded (the consensus). Pure.</summary>
public static class ReviewRule
{
    // 4.4.2.2 评价的内容包括基本情况、主要优势、主要改进建议、创新或特色方法及突出绩效结果表现: every part written; GB/T 19580 scores none or all 23 valid.
    public static IReadOnlyList<FieldError> Check(IReadOnlyDictionary<ReviewPart, string?> parts, IReadOnlyDictionary<string, int> percentages)
    {
        var errors = new List<FieldError>();
        foreach (var part in Enum.GetValues<ReviewPart>())
        {
            var text = parts.GetValueOrDefault(part);
            if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add(new FieldError(part.ToString(), $"请填写“{ReviewContent.Label(part)}”"));
            }
            else if (text.Trim().Length > ReviewContent.PartMaxLength)
            {
                errors.Add(new FieldError(part.ToString(), $"“{ReviewContent.Label(part)}”不能超过{ReviewContent.PartMaxLength}字"));
            }
        }
        if (percentages.Count > 0)
        {
            var sheet = Scoring.Score(percentages);
            errors.AddRange(sheet.Reasons.Select(r => new FieldError("scores", r)));
        }
        return errors;
    }

    /// <summary>Parses the posted percentages (item code → text); blanks are left out, anything else that is not a whole number is an error.</summary>
    public static (Dictionary<string, int> Percentages, IReadOnlyList<FieldError> Errors) Parse(IReadOnlyDictionary<string, string?> posted)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var (code, text) in posted)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var item = Gb19580.Item(code);
            if (item is null)
            {
                errors.Add(new FieldError("scores", $"未知的评分条目：{code}"));
            }
            else if (!int.TryParse(text.Trim().TrimEnd('%'), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var p))
            {
                errors.Add(new FieldError("score-" + code, $"{Gb19580.Title(item)}：评分须为0至100之间5的整数倍"));
            }
            else
            {
                var check = Scoring.CheckPercentage(p);
                if (check.Valid)
                {
                    result[code] = p;
                }
                else
                {
                    errors.AddRange(check.Reasons.Select(r => new FieldError("score-" + code, $"{Gb19580.Title(item)}：{r}")));
                }
            }
        }
        return (result, errors);
    }
}
