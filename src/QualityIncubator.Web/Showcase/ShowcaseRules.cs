using System.Globalization;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;

namespace QualityIncubator.Web.Showcase;

/// <summary>One Appendix B question whose answer changed between the baseline and the final form, as a reader sees both answers.</summary>
public sealed record AnswerChange(Question Question, string Baseline, string Final);

/// <summary>One GB/T 19580 category before (the baseline consensus) and after (the re-score); null where that sheet has no score.</summary>
public sealed record CategoryComparison(ExcellenceCategory Category, decimal? Baseline, decimal? Rescore)
{
    public decimal? Difference => Baseline is { } b && Rescore is { } r ? r - b : null;
}

/// <summary>The category comparison with the two totals (only the scored items count).</summary>
public sealed record ScoreComparison(IReadOnlyList<CategoryComparison> Categories, decimal? BaselineTotal, decimal? RescoreTotal)
{
    public decimal? Difference => BaselineTotal is { } b && RescoreTotal is { } r ? r - b : null;
}

/// <summary>One bar of the chart, in SVG user units; <paramref name="Series"/> is "baseline" or "rescore" (the CSS class).</summary>
public sealed record ChartBar(string CategoryCode, string Series, decimal Points, int MaxPoints, decimal X, decimal Y, decimal Width, decimal Height, string Title);

/// <summary>One category's place on the chart: its label under the two bars.</summary>
public sealed record ChartLabel(string Text, decimal X, decimal Y);

/// <summary>
/// A server-rendered grouped bar chart: each category's two bars with heights proportional to points ÷ the category maximum,
/// so categories of different sizes compare as percentages of what they could score.
/// </summary>
public sealed record BarChart(decimal Width, decimal Height, decimal PlotTop, decimal PlotBottom, IReadOnlyList<ChartBar> Bars, IReadOnlyList<ChartLabel> Labels)
{
    public decimal PlotHeight => PlotBottom - PlotTop;
}

/// <summary>4.7.2 孵化成果展示: the before/after comparison (Appendix B, GB/T 19580 categories) and the profile checks. Pure.</summary>
public static class ShowcaseRules
{
    public const int MinNarrativeLength = 20;
    public const string BaselineSeries = "baseline";
    public const string RescoreSeries = "rescore";

    /// <summary>4.7.2 前后比对: every Appendix B question whose answer (as a reader sees it) differs between the baseline and the final form, in the form's order.</summary>
    public static IReadOnlyList<AnswerChange> Changes(IReadOnlyDictionary<string, string?> baseline, IReadOnlyDictionary<string, string?> final)
    {
        // 4.7.2 培育孵化工作的前后比对: what the organization answers differently at the end of the incubation
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(final);
        var changes = new List<AnswerChange>();
        foreach (var q in AppendixB.Questions)
        {
            var before = AppendixB.AnswerText(q, Clean(baseline.GetValueOrDefault(q.Code)));
            var after = AppendixB.AnswerText(q, Clean(final.GetValueOrDefault(q.Code)));
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changes.Add(new AnswerChange(q, before, after));
            }
        }
        return changes;
    }

    private static string? Clean(string? answer) => string.IsNullOrWhiteSpace(answer) ? null : answer.Trim();

    /// <summary>4.7.2 前后比对 per GB/T 19580 category: the baseline consensus points against the re-score points (empty sheets give nulls).</summary>
    public static ScoreComparison Compare(IReadOnlyDictionary<string, int> baseline, IReadOnlyDictionary<string, int> rescore)
    {
        // 4.7.2: category points are computed from the item percentages (GB/T 19580), never typed
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(rescore);
        var before = baseline.Count == 0 ? null : Scoring.Score(baseline);
        var after = rescore.Count == 0 ? null : Scoring.Score(rescore);
        var rows = Gb19580.Categories.Select(c => new CategoryComparison(c,
            before?.Categories.Single(x => x.Category.Code == c.Code).Points,
            after?.Categories.Single(x => x.Category.Code == c.Code).Points)).ToList();
        return new ScoreComparison(rows, before?.Total, after?.Total);
    }

    /// <summary>The chart of a comparison: two bars per category (baseline, re-score), height = points ÷ category maximum × plot height; unscored bars are left out.</summary>
    public static BarChart Chart(ScoreComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        const decimal groupWidth = 100m, barWidth = 32m, gap = 8m, left = 40m, top = 20m, plotHeight = 200m, labelSpace = 40m;
        var bars = new List<ChartBar>();
        var labels = new List<ChartLabel>();
        var bottom = top + plotHeight;
        for (var i = 0; i < comparison.Categories.Count; i++)
        {
            var row = comparison.Categories[i];
            var x0 = left + i * groupWidth + (groupWidth - 2 * barWidth - gap) / 2;
            void Add(string series, decimal? points, decimal x, string label)
            {
                if (points is not { } p)
                {
                    return;
                }
                var height = Math.Round(p / row.Category.Points * plotHeight, 2);
                bars.Add(new ChartBar(row.Category.Code, series, p, row.Category.Points, x, bottom - height, barWidth, height,
                    $"{row.Category.Code} {row.Category.Name} {label}：{Points(p)}分／{row.Category.Points}分"));
            }
            Add(BaselineSeries, row.Baseline, x0, "摸底评估");
            Add(RescoreSeries, row.Rescore, x0 + barWidth + gap, "再次评分");
            labels.Add(new ChartLabel($"{row.Category.Code} {row.Category.Name}", left + i * groupWidth + groupWidth / 2, bottom + 18m));
        }
        return new BarChart(left + comparison.Categories.Count * groupWidth + 10m, bottom + labelSpace, top, bottom, bars, labels);
    }

    /// <summary>Points as shown everywhere: one decimal.</summary>
    public static string Points(decimal? points) => points?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>A difference with its sign: +12.5, −3.0, 0.0.</summary>
    public static string WithSign(decimal? difference) => difference switch
    {
        null => "—",
        > 0 => "+" + Points(difference),
        < 0 => "−" + Points(-difference),
        _ => Points(0),
    };

    /// <summary>SVG numbers: invariant, at most two decimals.</summary>
    public static string Svg(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// 4.7.2 管理模式的优化及成果展示: submitting needs the narrative (at least <see cref="MinNarrativeLength"/> characters) and the
    /// management model; no text longer than <see cref="ShowcaseProfile.TextMaxLength"/>. Saving a draft checks the lengths only.
    /// </summary>
    public static IReadOnlyList<FieldError> Check(string? narrative, string? managementModel, string? improvementActions, bool submit)
    {
        // 4.7.2 孵化成果展示内容: the organization's before/after account and its optimised management model
        var errors = new List<FieldError>();
        void Length(string field, string label, string? text)
        {
            if (text is not null && text.Trim().Length > ShowcaseProfile.TextMaxLength)
            {
                errors.Add(new(field, $"{label}不能超过{ShowcaseProfile.TextMaxLength}字"));
            }
        }
        Length("Narrative", "培育孵化成果介绍", narrative);
        Length("ManagementModel", "管理模式", managementModel);
        Length("ImprovementActions", "改进措施", improvementActions);
        if (submit)
        {
            if (string.IsNullOrWhiteSpace(narrative))
            {
                errors.Add(new("Narrative", "请填写培育孵化成果介绍"));
            }
            else if (narrative.Trim().Length < MinNarrativeLength)
            {
                errors.Add(new("Narrative", $"培育孵化成果介绍至少{MinNarrativeLength}字"));
            }
            if (string.IsNullOrWhiteSpace(managementModel))
            {
                errors.Add(new("ManagementModel", "请填写提炼的管理模式"));
            }
        }
        return errors;
    }
}
