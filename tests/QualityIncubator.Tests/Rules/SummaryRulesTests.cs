using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Tests.Rules;

/// <summary>5.1: which texts the Office writes, how long they may be, and when the summary can be written, approved and reopened.</summary>
public sealed class SummaryRulesTests
{
    private static SummaryTexts Full() => new("整体程序顺畅", "课程设置合理", "现场扶优安排得当", "展示交流有效", "表单需简化", "建议增加行业分组");

    [Fact]
    public void Approval_needs_every_evaluation_and_the_suggestions_while_a_draft_may_be_partial()
    {
        Assert.Empty(SummaryRules.Check(Full(), approve: true));
        var partial = Full() with { SiteVisitEvaluation = "  ", ImprovementSuggestions = null };
        Assert.Empty(SummaryRules.Check(partial, approve: false));

        var errors = SummaryRules.Check(partial, approve: true);
        Assert.Equal([nameof(SummaryTexts.SiteVisitEvaluation), nameof(SummaryTexts.ImprovementSuggestions)], errors.Select(e => e.Field));
        Assert.Contains("现场扶优安排", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("5.1.3", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("5.1.2", errors[1].Message, StringComparison.Ordinal);
        // the six fields answer 5.1.1, 5.1.3 (three areas), 5.3.1 and 5.1.2, in that order
        Assert.Equal(["5.1.1", "5.1.3", "5.1.3", "5.1.3", "5.3.1", "5.1.2"], SummaryRules.Fields.Select(f => f.Clause));
    }

    [Fact]
    public void Texts_longer_than_the_limit_are_refused_even_in_a_draft()
    {
        var exactly = new string('字', ProgrammeSummary.TextMaxLength);
        Assert.Empty(SummaryRules.Check(Full() with { FormsEvaluation = exactly }, approve: true));
        var error = Assert.Single(SummaryRules.Check(Full() with { FormsEvaluation = exactly + "多" }, approve: false));
        Assert.Equal(nameof(SummaryTexts.FormsEvaluation), error.Field);
        Assert.Contains("8000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_is_written_from_the_review_stage_until_the_programme_is_sealed()
    {
        Assert.All(Enum.GetValues<ProgrammeStage>().Where(s => s < ProgrammeStage.Review), s =>
            Assert.Contains("评估与改进", SummaryRules.EditRefusal(s), StringComparison.Ordinal));
        Assert.Null(SummaryRules.EditRefusal(ProgrammeStage.Review));
        Assert.Null(SummaryRules.EditRefusal(ProgrammeStage.Archive));
        Assert.Contains("封存", SummaryRules.EditRefusal(ProgrammeStage.Sealed), StringComparison.Ordinal);
    }

    [Fact]
    public void Reopening_needs_an_approved_summary_the_review_stage_and_a_reason()
    {
        Assert.Null(SummaryRules.ReopenRefusal(ProgrammeStage.Review, SummaryStatus.Approved, "补充专家意见"));
        Assert.NotNull(SummaryRules.ReopenRefusal(ProgrammeStage.Review, SummaryStatus.Draft, "补充专家意见"));
        Assert.NotNull(SummaryRules.ReopenRefusal(ProgrammeStage.Review, null, "补充专家意见"));
        Assert.Contains("评估与改进", SummaryRules.ReopenRefusal(ProgrammeStage.Archive, SummaryStatus.Approved, "补充专家意见"), StringComparison.Ordinal);
        Assert.Equal("请填写重新打开的原因", SummaryRules.ReopenRefusal(ProgrammeStage.Review, SummaryStatus.Approved, " "));
        Assert.NotNull(SummaryRules.ReopenRefusal(ProgrammeStage.Review, SummaryStatus.Approved, new string('字', SummaryRules.ReasonMaxLength + 1)));
    }

    [Fact]
    public void Texts_are_trimmed_and_blanks_stored_as_nothing()
    {
        var summary = new ProgrammeSummary();
        (Full() with { OverallEvaluation = "  整体顺畅 \n", FormsEvaluation = "   " }).ApplyTo(summary);
        Assert.Equal("整体顺畅", summary.OverallEvaluation);
        Assert.Null(summary.FormsEvaluation);
        Assert.Equal("建议增加行业分组", SummaryTexts.Of(summary).ImprovementSuggestions);
    }
}
