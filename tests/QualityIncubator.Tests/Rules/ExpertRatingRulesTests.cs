using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Tests.Rules;

/// <summary>5.2.2–5.2.3 ratings 好/中/差 per role accumulate across programmes; 5.3.2 a poor record asks for a decision.</summary>
public sealed class ExpertRatingRulesTests
{
    private static ExpertRatingEntry Rating(int year, AssignmentRole role, ExpertRatingLevel level) => new(Guid.NewGuid(), year, role, level);

    [Fact]
    public void Ratings_are_counted_per_role_and_the_latest_is_the_newest_year()
    {
        var summary = ExpertRatingRules.Summarize(
        [
            Rating(2025, AssignmentRole.Lecturer, ExpertRatingLevel.Fair),
            Rating(2026, AssignmentRole.Lecturer, ExpertRatingLevel.Good),
            Rating(2024, AssignmentRole.Lecturer, ExpertRatingLevel.Good),
            Rating(2026, AssignmentRole.SiteCoach, ExpertRatingLevel.Fair),
        ]);
        Assert.Equal([AssignmentRole.Lecturer, AssignmentRole.SiteCoach], summary.Select(s => s.Role));
        var lecturer = summary[0];
        Assert.Equal((2, 1, 0, ExpertRatingLevel.Good, false), (lecturer.Good, lecturer.Fair, lecturer.Poor, lecturer.Latest, lecturer.NeedsAttention));
        Assert.Equal("授课专家：好 2 次、中 1 次、差 0 次，最近一次为“好”", lecturer.Text);
    }

    [Fact]
    public void A_latest_poor_or_two_poor_in_all_ask_the_office_to_decide()
    {
        var latestPoor = ExpertRatingRules.Summarize([Rating(2025, AssignmentRole.ReportReviewer, ExpertRatingLevel.Good), Rating(2026, AssignmentRole.ReportReviewer, ExpertRatingLevel.Poor)]);
        Assert.True(latestPoor.Single().NeedsAttention);
        Assert.EndsWith("请区评审办决定是否继续聘用（5.3.2）", latestPoor.Single().Text, StringComparison.Ordinal);
        var twoPoor = ExpertRatingRules.Summarize(
        [
            Rating(2024, AssignmentRole.ReportReviewer, ExpertRatingLevel.Poor), Rating(2025, AssignmentRole.ReportReviewer, ExpertRatingLevel.Poor),
            Rating(2026, AssignmentRole.ReportReviewer, ExpertRatingLevel.Good),
        ]);
        Assert.True(twoPoor.Single().NeedsAttention);
        var onePoorLongAgo = ExpertRatingRules.Summarize([Rating(2024, AssignmentRole.ReportReviewer, ExpertRatingLevel.Poor), Rating(2026, AssignmentRole.ReportReviewer, ExpertRatingLevel.Fair)]);
        Assert.False(onePoorLongAgo.Single().NeedsAttention);
        Assert.Empty(ExpertRatingRules.Summarize([]));
    }

    [Fact]
    public void Levels_read_as_the_standard_names_them() =>
        Assert.Equal(["好", "中", "差"], Enum.GetValues<ExpertRatingLevel>().Select(ExpertRatingRules.Label));
}
