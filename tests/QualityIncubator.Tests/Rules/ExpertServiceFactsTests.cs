using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Tests.Rules;

/// <summary>5.2.2 the facts of each role's work that inform the rating: sessions and attendance, reviews on time and their distance from the consensus, visits and returns.</summary>
public sealed class ExpertServiceFactsTests
{
    // 2026-05-10 10:00 China time = 02:00 UTC
    private static DateTime China(int month, int day, int hour = 10) => new DateTime(2026, month, day, hour, 0, 0, DateTimeKind.Utc).AddHours(-8);

    [Fact]
    public void The_distance_from_the_consensus_is_the_mean_absolute_difference_over_the_items_both_scored()
    {
        var review = new Dictionary<string, int> { ["4.1.1"] = 50, ["4.1.2"] = 70, ["4.2.1"] = 40 };
        var consensus = new Dictionary<string, int> { ["4.1.1"] = 60, ["4.1.2"] = 60, ["4.3.1"] = 30 };
        Assert.Equal(10.0m, ExpertServiceFacts.MeanAbsoluteDifference(review, consensus));
        Assert.Null(ExpertServiceFacts.MeanAbsoluteDifference(review, new Dictionary<string, int> { ["7.1"] = 10 }));

        // pooled over reviews: every compared item weighs the same (|50−60|, |70−60|, |35−30| → 25 / 3 = 8.3)
        var other = new Dictionary<string, int> { ["4.1.1"] = 35 };
        var distance = ExpertServiceFacts.Distance([(review, consensus), (other, new Dictionary<string, int> { ["4.1.1"] = 30 }), (other, new Dictionary<string, int>())]);
        Assert.Equal(new ConsensusDistance(8.3m, 3, 2), distance);
        Assert.Equal(new ConsensusDistance(null, 0, 0), ExpertServiceFacts.Distance([]));
    }

    [Fact]
    public void A_review_is_on_time_up_to_the_deadline_day_in_china_time_and_not_judged_without_a_deadline()
    {
        var deadline = new DateOnly(2026, 5, 10);
        Assert.Equal(ReviewTimeliness.OnTime, ExpertServiceFacts.Timeliness(China(5, 10, 23), deadline));
        // 2026-05-11 00:30 China time is still 2026-05-10 in UTC, and late
        Assert.Equal(ReviewTimeliness.Late, ExpertServiceFacts.Timeliness(new DateTime(2026, 5, 10, 16, 30, 0, DateTimeKind.Utc), deadline));
        Assert.Equal(ReviewTimeliness.NotSubmitted, ExpertServiceFacts.Timeliness(null, deadline));
        Assert.Equal(ReviewTimeliness.NoDeadline, ExpertServiceFacts.Timeliness(China(5, 20), null));
        Assert.Equal("逾期 3 天", ExpertServiceFacts.TimelinessText(ReviewTimeliness.Late, China(5, 13), deadline));
        Assert.Equal("按期", ExpertServiceFacts.TimelinessText(ReviewTimeliness.OnTime, China(5, 9), deadline));
    }

    [Fact]
    public void Reviewer_facts_count_submissions_on_time_and_late_and_name_the_deadline_or_its_absence()
    {
        var consensus = new Dictionary<string, int> { ["4.1.1"] = 60 };
        IReadOnlyList<ReviewedOrganization> reviews =
        [
            new("乙公司", China(5, 12), new Dictionary<string, int> { ["4.1.1"] = 40 }, consensus),
            new("甲公司", China(5, 9), new Dictionary<string, int> { ["4.1.1"] = 70 }, consensus),
            new("丙公司", null, new Dictionary<string, int>(), null),
        ];
        var facts = ExpertServiceFacts.Reviewer(reviews, new DateOnly(2026, 5, 10));
        Assert.Equal(AssignmentRole.ReportReviewer, facts.Role);
        Assert.Equal("负责评价 3 家组织，已提交 2 份（按期 1 份、逾期 1 份）；评分与共识平均相差 15.0 个百分点（2 家、2 个条目）", facts.Headline);
        Assert.Equal(["丙公司：未提交", "乙公司：2026-05-12 10:00 提交，逾期 2 天，与共识相差 20.0 个百分点", "甲公司：2026-05-09 10:00 提交，按期，与共识相差 10.0 个百分点"],
            facts.Details.Order(StringComparer.Ordinal));
        Assert.Contains("2026-05-10", facts.Note, StringComparison.Ordinal);

        var undated = ExpertServiceFacts.Reviewer([new("甲公司", China(5, 9), new Dictionary<string, int>(), null)], null);
        Assert.Equal("负责评价 1 家组织，已提交 1 份；尚无可与共识比较的评分", undated.Headline);
        Assert.Equal(["甲公司：2026-05-09 10:00 提交，尚无共识评分"], undated.Details);
        Assert.Contains("不判断是否按期", undated.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Lecturer_facts_count_held_sessions_and_their_attendance()
    {
        var now = China(6, 1);
        var facts = ExpertServiceFacts.Lecturer(
        [
            new("条款解析", China(5, 10), China(5, 10, 12), Present: 5, Late: 1, LeftEarly: 1, Absent: 2, Organizations: 4),
            new("核心理念", China(5, 20), China(5, 20, 12), 0, 0, 0, 0, 0),
            new("质量工具", China(6, 10), China(6, 10, 12), 0, 0, 0, 0, 0),
        ], now);
        Assert.Equal("授课 3 场（已举行 2 场），到场 7 人次，缺席 2 人次", facts.Headline);
        Assert.Equal(
        [
            "条款解析（2026-05-10 10:00）：到场 7 人（其中迟到 1 人、早退 1 人），缺席 2 人，来自 4 家组织",
            "核心理念（2026-05-20 10:00）：未记录出勤",
            "质量工具（2026-06-10 10:00）：尚未举行",
        ], facts.Details);
    }

    [Fact]
    public void Coach_facts_count_held_visits_led_visits_absences_and_returned_opinions()
    {
        var facts = ExpertServiceFacts.Coach(
        [
            new("甲公司", China(5, 10), Held: true, Lead: true, Attended: true, OpinionReturns: 2),
            new("乙公司", China(5, 12), Held: true, Lead: false, Attended: false, OpinionReturns: 1),
            new("丙公司", China(6, 12), Held: false, Lead: false, Attended: null, OpinionReturns: 0),
        ]);
        Assert.Equal("参加现场扶优 2 次（任组长 1 次，缺席 1 次），所在专家组的意见汇总表被退回修改 3 次（其中任组长时 2 次）", facts.Headline);
        Assert.Equal(
        [
            "甲公司（2026-05-10 10:00）：组长，出席，意见汇总表退回 2 次",
            "乙公司（2026-05-12 10:00）：组员，缺席，意见汇总表退回 1 次",
            "丙公司（2026-06-12 10:00）：组员，尚未举行",
        ], facts.Details);
        Assert.Equal("参加现场扶优 0 次（任组长 0 次），所在专家组的意见汇总表被退回修改 0 次", ExpertServiceFacts.Coach([]).Headline);
    }
}
