using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Showcase;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.7.2 孵化成果展示: Appendix B changes, the category comparison, its chart and the profile checks.</summary>
public sealed class ShowcaseRulesTests
{
    private static Dictionary<string, int> All(int percentage, params (string Item, int Percentage)[] overrides)
    {
        var scores = Gb19580.Items.ToDictionary(i => i.Code, _ => percentage);
        foreach (var (item, p) in overrides)
        {
            scores[item] = p;
        }
        return scores;
    }

    [Fact]
    public void Changes_list_every_question_whose_answer_changed_as_the_reader_sees_it()
    {
        var baseline = new Dictionary<string, string?> { ["B-01"] = "甲公司", ["B-06"] = "SMALL", ["B-08"] = "NO", ["B-09"] = "YES" };
        var final = new Dictionary<string, string?> { ["B-01"] = " 甲公司 ", ["B-06"] = "MEDIUM", ["B-08"] = "YES", ["B-09"] = "YES", ["B-02"] = "张三" };

        var changes = ShowcaseRules.Changes(baseline, final);

        Assert.Equal(["B-02", "B-06", "B-08"], changes.Select(c => c.Question.Code));
        var size = changes.Single(c => c.Question.Code == "B-06");
        Assert.Equal(("小型", "中型"), (size.Baseline, size.Final));
        Assert.Equal("", changes.Single(c => c.Question.Code == "B-02").Baseline);
    }

    [Fact]
    public void Identical_forms_have_no_changes()
    {
        var answers = new Dictionary<string, string?> { ["B-06"] = "SMALL", ["B-08"] = "YES" };
        Assert.Empty(ShowcaseRules.Changes(answers, new Dictionary<string, string?>(answers)));
    }

    [Fact]
    public void Comparison_gives_category_points_before_and_after_and_the_difference()
    {
        var comparison = ShowcaseRules.Compare(All(30), All(50, ("4.1.2", 70)));

        var leadership = comparison.Categories.Single(c => c.Category.Code == "4.1");
        Assert.Equal(33.0m, leadership.Baseline);          // 110 × 30 %
        Assert.Equal(35m + 15m + 15m, leadership.Rescore);  // 50 × 70 % + 30 × 50 % + 30 × 50 %
        Assert.Equal(32.0m, leadership.Difference);
        Assert.Equal(300.0m, comparison.BaselineTotal);
        Assert.Equal(510.0m, comparison.RescoreTotal);
        Assert.Equal(210.0m, comparison.Difference);
        Assert.Equal(comparison.RescoreTotal, comparison.Categories.Sum(c => c.Rescore));
    }

    [Fact]
    public void A_missing_sheet_gives_nulls_not_zeros()
    {
        var comparison = ShowcaseRules.Compare(new Dictionary<string, int>(), All(40));
        Assert.All(comparison.Categories, c => Assert.Null(c.Baseline));
        Assert.All(comparison.Categories, c => Assert.Null(c.Difference));
        Assert.Null(comparison.BaselineTotal);
        Assert.Equal(400.0m, comparison.RescoreTotal);
    }

    [Fact]
    public void Chart_bars_equal_the_compared_points_with_heights_proportional_to_the_category_maximum()
    {
        var comparison = ShowcaseRules.Compare(All(30), All(60, ("4.7.2", 90)));
        var chart = ShowcaseRules.Chart(comparison);

        Assert.Equal(14, chart.Bars.Count);
        foreach (var row in comparison.Categories)
        {
            var before = chart.Bars.Single(b => b.CategoryCode == row.Category.Code && b.Series == ShowcaseRules.BaselineSeries);
            var after = chart.Bars.Single(b => b.CategoryCode == row.Category.Code && b.Series == ShowcaseRules.RescoreSeries);
            Assert.Equal(row.Baseline, before.Points);
            Assert.Equal(row.Rescore, after.Points);
            Assert.Equal(Math.Round(row.Baseline!.Value / row.Category.Points * chart.PlotHeight, 2), before.Height);
            Assert.Equal(Math.Round(row.Rescore!.Value / row.Category.Points * chart.PlotHeight, 2), after.Height);
            // bars stand on the axis
            Assert.Equal(chart.PlotBottom, before.Y + before.Height);
            Assert.Equal(chart.PlotBottom, after.Y + after.Height);
        }
        // 30 % of any category is the same height: the chart compares rates, not raw points
        Assert.Single(chart.Bars.Where(b => b.Series == ShowcaseRules.BaselineSeries).Select(b => b.Height).Distinct());
        Assert.All(chart.Bars, b => Assert.InRange(b.X + b.Width, 0m, chart.Width));
    }

    [Fact]
    public void An_unscored_series_draws_no_bars()
    {
        var chart = ShowcaseRules.Chart(ShowcaseRules.Compare(All(50), new Dictionary<string, int>()));
        Assert.All(chart.Bars, b => Assert.Equal(ShowcaseRules.BaselineSeries, b.Series));
        Assert.Equal(7, chart.Labels.Count);
    }

    [Fact]
    public void Submitting_needs_a_narrative_and_a_management_model()
    {
        var errors = ShowcaseRules.Check(null, " ", null, submit: true);
        Assert.Equal(["Narrative", "ManagementModel"], errors.Select(e => e.Field));
        Assert.Contains(ShowcaseRules.Check("太短", "模式", null, submit: true), e => e.Field == "Narrative");
        Assert.Empty(ShowcaseRules.Check(new string('成', ShowcaseRules.MinNarrativeLength), "模式", null, submit: true));
        Assert.Empty(ShowcaseRules.Check(null, null, null, submit: false));
    }

    [Fact]
    public void No_text_may_exceed_the_maximum_length_even_in_a_draft()
    {
        var tooLong = new string('字', Web.Showcase.ShowcaseProfile.TextMaxLength + 1);
        var errors = ShowcaseRules.Check(tooLong, tooLong, tooLong, submit: false);
        Assert.Equal(["Narrative", "ManagementModel", "ImprovementActions"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Differences_carry_their_sign()
    {
        Assert.Equal("+12.5", ShowcaseRules.WithSign(12.5m));
        Assert.Equal("−3.0", ShowcaseRules.WithSign(-3m));
        Assert.Equal("0.0", ShowcaseRules.WithSign(0m));
        Assert.Equal("—", ShowcaseRules.WithSign(null));
    }
}
