using QualityIncubator.Web.Assessment;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.4.2 expert review: the GB/T 19580 structure, bands, item points, sheet totals, reviewers' spread and consensus.</summary>
public sealed class ScoringTests
{
    // ---------- Structure (GB/T 19580: 7 categories, 23 items, 1000 points) ----------

    [Fact]
    public void The_model_has_seven_categories_and_twenty_three_items_with_positive_maxima()
    {
        Assert.Equal(["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"], Gb19580.Categories.Select(c => c.Code));
        Assert.Equal(23, Gb19580.Items.Count);
        Assert.Equal(23, Gb19580.Items.Select(i => i.Code).Distinct().Count());
        Assert.All(Gb19580.Items, i => Assert.True(i.MaxPoints > 0, $"{i.Code} has no points"));
        Assert.All(Gb19580.Items, i => Assert.StartsWith(i.CategoryCode + ".", i.Code, StringComparison.Ordinal));
        // the x.1 总则 carries no points and is not an item
        Assert.DoesNotContain(Gb19580.Items, i => i.Code.EndsWith(".1", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_category_equals_the_sum_of_its_items_and_the_total_is_1000()
    {
        Assert.All(Gb19580.Categories, c => Assert.Equal(c.Points, Gb19580.ItemsOf(c.Code).Sum(i => i.MaxPoints)));
        Assert.Equal(Gb19580.TotalPoints, Gb19580.Categories.Sum(c => c.Points));
        Assert.Equal(1000, Gb19580.Items.Sum(i => i.MaxPoints));
        Assert.Equal(600, Gb19580.Items.Where(i => i.Kind == ItemKind.Process).Sum(i => i.MaxPoints));
        Assert.Equal(400, Gb19580.Items.Where(i => i.Kind == ItemKind.Result).Sum(i => i.MaxPoints));
        Assert.All(Gb19580.Items, i => Assert.Equal(i.CategoryCode == "4.7" ? ItemKind.Result : ItemKind.Process, i.Kind));
    }

    [Theory]
    [InlineData("4.1", "领导", 110, 3)]
    [InlineData("4.2", "战略", 90, 2)]
    [InlineData("4.3", "顾客与市场", 90, 2)]
    [InlineData("4.4", "资源", 130, 6)]
    [InlineData("4.5", "过程管理", 100, 2)]
    [InlineData("4.6", "测量、分析与改进", 80, 2)]
    [InlineData("4.7", "结果", 400, 6)]
    public void Categories_are_as_published(string code, string name, int points, int items)
    {
        var category = Assert.Single(Gb19580.Categories, c => c.Code == code);
        Assert.Equal(name, category.Name);
        Assert.Equal(points, category.Points);
        Assert.Equal(items, Gb19580.ItemsOf(code).Count);
    }

    [Theory]
    [InlineData("4.1.2", "高层领导的作用", 50)]
    [InlineData("4.4.2", "人力资源", 60)]
    [InlineData("4.4.3", "财务资源", 15)]
    [InlineData("4.4.7", "相关方关系", 10)]
    [InlineData("4.6.3", "改进与创新", 40)]
    [InlineData("4.7.2", "产品和服务结果", 80)]
    [InlineData("4.7.7", "领导方面的结果", 50)]
    public void Items_are_found_by_code_with_their_name_and_maximum(string code, string name, int max)
    {
        var item = Gb19580.Item(code);
        Assert.NotNull(item);
        Assert.Equal(name, item.Name);
        Assert.Equal(max, item.MaxPoints);
        Assert.Null(Gb19580.Item("4.1.1"));
    }

    [Fact]
    public void Every_item_reaches_its_maximum_at_100_percent_and_nothing_at_0()
    {
        Assert.All(Gb19580.Items, i => Assert.Equal(i.MaxPoints, Scoring.ItemPoints(i.MaxPoints, 100)));
        Assert.All(Gb19580.Items, i => Assert.Equal(0m, Scoring.ItemPoints(i.MaxPoints, 0)));
    }

    [Fact]
    public void Process_and_result_items_have_their_four_dimensions()
    {
        Assert.Equal(["方法", "展开", "学习", "整合"], Gb19580.Dimensions(ItemKind.Process));
        Assert.Equal(["水平", "趋势", "对比", "整合"], Gb19580.Dimensions(ItemKind.Result));
    }

    // ---------- Bands ----------

    [Fact]
    public void The_six_bands_cover_every_multiple_of_5_exactly_once_with_distinct_chinese_descriptions()
    {
        Assert.Equal([(0, 5), (10, 25), (30, 45), (50, 65), (70, 85), (90, 100)], Gb19580.Bands.Select(b => (b.Min, b.Max)));
        Assert.Equal([1, 2, 3, 4, 5, 6], Gb19580.Bands.Select(b => b.Number));
        for (var p = 0; p <= 100; p += 5)
        {
            Assert.Single(Gb19580.Bands, b => p >= b.Min && p <= b.Max);
        }
        Assert.Equal(6, Gb19580.Bands.Select(b => b.ProcessDescription).Distinct().Count());
        Assert.Equal(6, Gb19580.Bands.Select(b => b.ResultDescription).Distinct().Count());
        Assert.StartsWith("没有系统的方法", Gb19580.Bands[0].Description(ItemKind.Process), StringComparison.Ordinal);
        Assert.StartsWith("没有结果", Gb19580.Bands[0].Description(ItemKind.Result), StringComparison.Ordinal);
        Assert.Equal("10%–25%", Gb19580.Bands[1].Label);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 1)]
    [InlineData(10, 2)]
    [InlineData(25, 2)]
    [InlineData(30, 3)]
    [InlineData(45, 3)]
    [InlineData(50, 4)]
    [InlineData(65, 4)]
    [InlineData(70, 5)]
    [InlineData(85, 5)]
    [InlineData(90, 6)]
    [InlineData(100, 6)]
    public void A_valid_percentage_falls_in_its_band(int percentage, int band)
    {
        var check = Scoring.CheckPercentage(percentage);
        Assert.True(check.Valid);
        Assert.Empty(check.Reasons);
        Assert.Equal(band, check.Band?.Number);
    }

    [Theory]
    [InlineData(7, "评分须为5%的整数倍（输入为7%）")]
    [InlineData(-5, "评分须在0%至100%之间（输入为-5%）")]
    [InlineData(105, "评分须在0%至100%之间（输入为105%）")]
    public void An_invalid_percentage_is_refused_with_a_chinese_reason(int percentage, string reason)
    {
        var check = Scoring.CheckPercentage(percentage);
        Assert.False(check.Valid);
        Assert.Null(check.Band);
        Assert.Equal([reason], check.Reasons);
        Assert.Throws<ArgumentOutOfRangeException>(() => Scoring.ItemPoints(50, percentage));
    }

    [Fact]
    public void A_percentage_both_out_of_range_and_off_step_gets_both_reasons()
    {
        Assert.Equal(["评分须在0%至100%之间（输入为103%）", "评分须为5%的整数倍（输入为103%）"], Scoring.CheckPercentage(103).Reasons);
    }

    // ---------- Item points and rounding ----------

    [Theory]
    [InlineData(50, 55, "27.5")]
    [InlineData(60, 65, "39.0")]
    [InlineData(10, 5, "0.5")]
    [InlineData(15, 5, "0.8")]   // 0.75 → 0.8
    [InlineData(15, 15, "2.3")]  // 2.25 → 2.3 (banker's rounding would give 2.2)
    [InlineData(15, 45, "6.8")]  // 6.75 → 6.8
    [InlineData(15, 85, "12.8")] // 12.75 → 12.8
    [InlineData(15, 50, "7.5")]
    public void Item_points_keep_one_decimal_with_midpoints_away_from_zero(int max, int percentage, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Scoring.ItemPoints(max, percentage));
    }

    // ---------- Sheet: categories and total from percentages ----------

    private static Dictionary<string, int> AllItems(int process, int result) =>
        Gb19580.Items.ToDictionary(i => i.Code, i => i.Kind == ItemKind.Process ? process : result);

    [Fact]
    public void A_full_sheet_of_23_items_sums_categories_and_total_from_the_percentages()
    {
        var sheet = Scoring.Score(AllItems(55, 40));
        Assert.True(sheet.Complete);
        Assert.Empty(sheet.Reasons);
        Assert.Empty(sheet.Missing);
        Assert.Equal(23, sheet.Categories.Sum(c => c.Items.Count));
        // process 600 × 55% = 330, plus 0.05 rounding on each of the two 15-point items (8.25 → 8.3); results 400 × 40% = 160
        Assert.Equal(490.1m, sheet.Total);
        Assert.Equal(60.5m, sheet.Categories.Single(c => c.Category.Code == "4.1").Points);
        Assert.Equal(71.6m, sheet.Categories.Single(c => c.Category.Code == "4.4").Points);
        Assert.Equal(160m, sheet.Categories.Single(c => c.Category.Code == "4.7").Points);
        Assert.Equal(sheet.Total, sheet.Categories.Sum(c => c.Points));
        Assert.All(sheet.Categories, c => Assert.Equal(c.Points, c.Items.Sum(i => i.Points)));

        var full = Scoring.Score(AllItems(100, 100));
        Assert.True(full.Complete);
        Assert.Equal(1000m, full.Total);
        Assert.All(full.Categories, c => Assert.Equal(c.Category.Points, c.Points));
    }

    [Fact]
    public void Missing_items_are_reported_by_code_and_name_and_the_partial_total_leaves_them_out()
    {
        var percentages = AllItems(100, 100);
        percentages.Remove("4.4.3");
        percentages.Remove("4.7.7");
        var sheet = Scoring.Score(percentages);
        Assert.False(sheet.Complete);
        Assert.Equal(["4.4.3", "4.7.7"], sheet.Missing.Select(i => i.Code));
        Assert.Equal(["未评分：4.4.3 财务资源", "未评分：4.7.7 领导方面的结果"], sheet.Reasons);
        Assert.Equal(935m, sheet.Total);
        var resources = sheet.Categories.Single(c => c.Category.Code == "4.4");
        Assert.Equal(["4.4.3"], resources.Missing.Select(i => i.Code));
        Assert.Equal(115m, resources.Points);
        Assert.Empty(sheet.Categories.Single(c => c.Category.Code == "4.1").Missing);
    }

    [Fact]
    public void An_empty_sheet_reports_all_23_items_missing()
    {
        var sheet = Scoring.Score(new Dictionary<string, int>());
        Assert.False(sheet.Complete);
        Assert.Equal(0m, sheet.Total);
        Assert.Equal(Gb19580.Items.Select(i => i.Code), sheet.Missing.Select(i => i.Code));
        Assert.Equal(23, sheet.Reasons.Count);
    }

    [Fact]
    public void Unknown_codes_and_invalid_percentages_make_the_sheet_incomplete_with_reasons()
    {
        var percentages = AllItems(50, 50);
        percentages["4.8.1"] = 50;
        percentages["4.1.2"] = 7;
        var sheet = Scoring.Score(percentages);
        Assert.False(sheet.Complete);
        Assert.Contains("未知的评分条目：4.8.1", sheet.Reasons);
        Assert.Contains("4.1.2 高层领导的作用：评分须为5%的整数倍（输入为7%）", sheet.Reasons);
        Assert.Equal(["4.1.2"], sheet.Missing.Select(i => i.Code));
        // 50% of 1000 less the 25 points of 4.1.2; the two 15-point items give 7.5 each, no rounding
        Assert.Equal(475m, sheet.Total);
    }

    // ---------- Reviewers' spread ----------

    private static Dictionary<string, IReadOnlyList<int>> Reviews(params (string Code, int[] Percentages)[] items) =>
        items.ToDictionary(i => i.Code, i => (IReadOnlyList<int>)i.Percentages);

    [Fact]
    public void A_spread_at_the_default_threshold_is_not_flagged_and_above_it_is()
    {
        var spreads = Scoring.Spreads(Reviews(("4.1.2", [30, 50, 40]), ("4.2.2", [30, 55]), ("4.7.2", [60, 60])));
        Assert.Equal(["4.1.2", "4.2.2", "4.7.2"], spreads.Select(s => s.Item.Code));

        var atThreshold = spreads[0];
        Assert.Equal(20, atThreshold.Spread);
        Assert.False(atThreshold.Flagged);
        Assert.Null(atThreshold.Reason);

        var above = spreads[1];
        Assert.Equal((30, 55, 25), (above.Lowest, above.Highest, above.Spread));
        Assert.True(above.Flagged);
        Assert.Equal("4.2.2 战略制定：专家评分相差25个百分点（30%–55%），超过20个百分点，须讨论后确定", above.Reason);

        Assert.False(spreads[2].Flagged);
        Assert.Equal(0, spreads[2].Spread);
    }

    [Fact]
    public void The_spread_threshold_is_configurable_and_single_scores_are_left_out()
    {
        var reviews = Reviews(("4.1.2", [30, 45]), ("4.1.3", [30, 40]), ("4.1.4", [70]), ("9.9.9", [0, 100]));
        var spreads = Scoring.Spreads(reviews, threshold: 10);
        Assert.Equal(["4.1.2", "4.1.3"], spreads.Select(s => s.Item.Code));
        Assert.True(spreads[0].Flagged);
        Assert.Contains("超过10个百分点", spreads[0].Reason, StringComparison.Ordinal);
        Assert.False(spreads[1].Flagged);
        Assert.DoesNotContain(Scoring.Spreads(reviews), s => s.Flagged);
        Assert.Throws<ArgumentOutOfRangeException>(() => Scoring.Spreads(reviews, -1));
    }

    // ---------- Consensus proposal ----------

    [Theory]
    [InlineData(new[] { 30, 50, 40 }, "40", 40)]
    [InlineData(new[] { 65, 10, 60 }, "60", 60)]
    [InlineData(new[] { 50 }, "50", 50)]
    [InlineData(new[] { 30, 40 }, "35", 35)]
    [InlineData(new[] { 30, 45 }, "37.5", 40)]        // 37.5 is a midpoint: up to 40
    [InlineData(new[] { 30, 35 }, "32.5", 35)]        // 32.5 → 35
    [InlineData(new[] { 70, 40, 60, 50 }, "55", 55)]  // mean of the two middle ones
    [InlineData(new[] { 0, 5 }, "2.5", 5)]
    public void Consensus_proposes_the_median_rounded_to_the_nearest_5(int[] percentages, string median, int proposed)
    {
        var proposal = Scoring.ProposeConsensus(percentages);
        Assert.True(proposal.Proposed);
        Assert.Empty(proposal.Reasons);
        Assert.Equal(decimal.Parse(median, System.Globalization.CultureInfo.InvariantCulture), proposal.Median);
        Assert.Equal(proposed, proposal.Percentage);
        Assert.Equal(Scoring.CheckPercentage(proposed).Band, proposal.Band);
    }

    [Fact]
    public void Consensus_is_not_proposed_without_scores_or_with_an_invalid_one()
    {
        var none = Scoring.ProposeConsensus([]);
        Assert.False(none.Proposed);
        Assert.Null(none.Percentage);
        Assert.Equal(["尚无专家评分，无法提出建议分"], none.Reasons);

        var invalid = Scoring.ProposeConsensus([40, 42]);
        Assert.False(invalid.Proposed);
        Assert.Null(invalid.Percentage);
        Assert.Equal(["专家评分42%无效：评分须为5%的整数倍（输入为42%）"], invalid.Reasons);
    }
}
