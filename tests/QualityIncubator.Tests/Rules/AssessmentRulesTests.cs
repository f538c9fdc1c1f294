using QualityIncubator.Web.Assessment;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.4.1 deadline and extension, 4.4.1.2–4.4.1.3 the report written per category, 4.4.2.2 what a review needs.</summary>
public sealed class AssessmentRulesTests
{
    private static readonly DateOnly Due = new(2026, 11, 20);

    [Fact]
    public void The_deadline_closes_the_day_after_the_due_date_or_the_extension()
    {
        Assert.Null(SelfEvaluationDeadline.Refusal(null, null, new DateOnly(2030, 1, 1)));
        Assert.Null(SelfEvaluationDeadline.Refusal(Due, null, Due));
        Assert.Equal("自评截止日期（2026-11-20）已过，不能再填写或提交。如需延期，请联系区评审办。", SelfEvaluationDeadline.Refusal(Due, null, Due.AddDays(1)));
        Assert.Null(SelfEvaluationDeadline.Refusal(Due, Due.AddDays(7), Due.AddDays(7)));
        Assert.Contains("2026-11-27", SelfEvaluationDeadline.Refusal(Due, Due.AddDays(7), Due.AddDays(8)), StringComparison.Ordinal);
        Assert.Equal(Due.AddDays(7), SelfEvaluationDeadline.LastDay(Due, Due.AddDays(7)));
    }

    [Fact]
    public void An_extension_needs_a_later_date_and_a_reason()
    {
        var today = Due.AddDays(2);
        Assert.Equal("请填写延期后的截止日期", SelfEvaluationDeadline.CheckExtension(Due, null, "停工", today));
        Assert.Equal("延期后的截止日期不能早于今天", SelfEvaluationDeadline.CheckExtension(Due, today.AddDays(-1), "停工", today));
        Assert.Equal("延期后的截止日期须晚于原截止日期（2026-11-20）", SelfEvaluationDeadline.CheckExtension(Due, Due, "停工", Due));
        Assert.Equal("请填写延期原因", SelfEvaluationDeadline.CheckExtension(Due, today, "  ", today));
        Assert.Null(SelfEvaluationDeadline.CheckExtension(Due, today, "停工", today));
        Assert.Null(SelfEvaluationDeadline.CheckExtension(null, today, "未设截止日期也可单独给出期限", today));
    }

    [Fact]
    public void A_written_report_must_cover_every_category_when_submitted()
    {
        var partial = new Dictionary<string, string?> { ["4.1"] = "领导方面", ["4.7"] = "结果方面" };
        Assert.Empty(ReportSections.Check(partial, complete: false));
        var missing = ReportSections.Check(partial, complete: true);
        Assert.Equal(["section-4.2", "section-4.3", "section-4.4", "section-4.5", "section-4.6"], missing.Select(e => e.Field));
        Assert.Equal("请填写“4.2 战略”部分的自评内容", missing[0].Message);
        var full = Gb19580.Categories.ToDictionary(c => c.Code, c => (string?)c.Name);
        Assert.Empty(ReportSections.Check(full, complete: true));
        full["4.1"] = new string('字', SelfEvaluation.SectionMaxLength + 1);
        full["9.9"] = "x";
        Assert.Equal(["section-9.9", "section-4.1"], ReportSections.Check(full, complete: false).Select(e => e.Field));
        Assert.False(ReportSections.AnyWritten(new Dictionary<string, string?> { ["4.1"] = " " }));
    }

    private static Dictionary<ReviewPart, string?> AllParts() => Enum.GetValues<ReviewPart>().ToDictionary(p => p, p => (string?)ReviewContent.Label(p));

    [Fact]
    public void A_review_needs_all_five_parts_and_no_or_complete_scores()
    {
        Assert.Empty(ReviewRule.Check(AllParts(), new Dictionary<string, int>()));
        Assert.Empty(ReviewRule.Check(AllParts(), Gb19580.Items.ToDictionary(i => i.Code, _ => 50)));

        var parts = AllParts();
        parts[ReviewPart.Innovations] = " ";
        var errors = ReviewRule.Check(parts, new Dictionary<string, int> { ["4.1.2"] = 50 });
        Assert.Contains(errors, e => e.Field == nameof(ReviewPart.Innovations) && e.Message == "请填写“创新或特色方法”");
        Assert.Contains(errors, e => e.Field == "scores" && e.Message == "未评分：4.7.7 领导方面的结果");
        Assert.Equal(22, errors.Count(e => e.Field == "scores"));
    }

    [Fact]
    public void Posted_percentages_are_parsed_blanks_skipped_and_bad_ones_named()
    {
        var (percentages, errors) = ReviewRule.Parse(new Dictionary<string, string?> { ["4.1.2"] = "55", ["4.1.3"] = "", ["4.1.4"] = "40%", ["4.2.2"] = "abc", ["4.2.3"] = "42", ["9.9.9"] = "50" });
        Assert.Equal(new Dictionary<string, int> { ["4.1.2"] = 55, ["4.1.4"] = 40 }, percentages);
        Assert.Equal(["score-4.2.2", "score-4.2.3", "scores"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains(errors, e => e.Message == "4.2.3 战略部署：评分须为5%的整数倍（输入为42%）");
    }
}
