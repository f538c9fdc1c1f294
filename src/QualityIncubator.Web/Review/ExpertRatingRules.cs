using QualityIncubator.Web.Experts;

namespace QualityIncubator.Web.Review;

/// <summary>5.2.2 专家评价分为好、中、差.</summary>
public enum ExpertRatingLevel
{
    Good,
    Fair,
    Poor,
}

/// <summary>One rating of an expert in one role of one programme.</summary>
public sealed record ExpertRatingEntry(Guid ProgrammeId, int Year, AssignmentRole Role, ExpertRatingLevel Level);

/// <summary>An expert's ratings in one role across programmes: the counts, the latest, and whether the record calls for a decision.</summary>
public sealed record RatingSummary(AssignmentRole Role, int Good, int Fair, int Poor, ExpertRatingLevel? Latest, bool NeedsAttention, string Text);

/// <summary>5.2 expert rating and 5.3.2 its use: ratings accumulate on the expert's record per role (5.2.3). Pure.</summary>
public static class ExpertRatingRules
{
    public static string Label(ExpertRatingLevel level) => level switch
    {
        ExpertRatingLevel.Good => "好",
        ExpertRatingLevel.Fair => "中",
        ExpertRatingLevel.Poor => "差",
    };

    // 5.2.3 the roles are rated separately; 5.3.2 a latest rating of 差, or two 差 in all, asks the Office to decide whether to keep the expert in that role.
    public static IReadOnlyList<RatingSummary> Summarize(IEnumerable<ExpertRatingEntry> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        return [.. ratings.GroupBy(r => r.Role).OrderBy(g => g.Key).Select(g =>
        {
            var good = g.Count(r => r.Level == ExpertRatingLevel.Good);
            var fair = g.Count(r => r.Level == ExpertRatingLevel.Fair);
            var poor = g.Count(r => r.Level == ExpertRatingLevel.Poor);
            var latest = g.OrderBy(r => r.Year).ThenBy(r => r.ProgrammeId).Last().Level;
            var attention = latest == ExpertRatingLevel.Poor || poor >= 2;
            var text = $"{AssignmentLabels.Role(g.Key)}：好 {good} 次、中 {fair} 次、差 {poor} 次，最近一次为“{Label(latest)}”"
                + (attention ? "，请区评审办决定是否继续聘用（5.3.2）" : "");
            return new RatingSummary(g.Key, good, fair, poor, latest, attention, text);
        })];
    }
}
