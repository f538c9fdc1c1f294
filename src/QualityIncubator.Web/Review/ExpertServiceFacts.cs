using System.Globalization;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Review;

/// <summary>One course session an expert taught (4.5) with its roll: people present (on time, late, leaving early), absent, and from how many organizations.</summary>
public sealed record TaughtSession(string CourseTitle, DateTime StartsAt, DateTime EndsAt, int Present, int Late, int LeftEarly, int Absent, int Organizations)
{
    public int Attended => Present + Late + LeftEarly;
}

/// <summary>One organization a report reviewer was assigned (4.4.2): whether and when the review was submitted, its item percentages, and the consensus's (null while none is recorded).</summary>
public sealed record ReviewedOrganization(string OrganizationName, DateTime? SubmittedAt, IReadOnlyDictionary<string, int> Scores, IReadOnlyDictionary<string, int>? Consensus);

/// <summary>One site visit (4.6) the expert was on the coaching team of: led or not, attended or not, and how often its opinion summary was returned (4.6.6).</summary>
public sealed record CoachedVisit(string OrganizationName, DateTime StartsAt, bool Held, bool Lead, bool? Attended, int OpinionReturns);

/// <summary>What the Office reads before rating an expert in one role: one line, the details, and a note on how it was measured.</summary>
public sealed record ServiceFacts(AssignmentRole Role, string Headline, IReadOnlyList<string> Details, string? Note);

/// <summary>How far a reviewer's percentages were from the consensus: the mean absolute difference in percentage points over the items both scored.</summary>
public sealed record ConsensusDistance(decimal? Mean, int Items, int Organizations);

public enum ReviewTimeliness
{
    NotSubmitted,
    OnTime,
    Late,

    /// <summary>Submitted, but the programme sets no date to measure it against.</summary>
    NoDeadline,
}

/// <summary>
/// 5.2.2 专家的评价应结合不同阶段的工作特征开展: the facts of each role's work (5.2.3) turned into what the rating page shows. Pure.
/// </summary>
public static class ExpertServiceFacts
{
    private static string N(decimal value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    // 5.2.3 授课专家 are judged by the sessions they taught (4.5) and how they were attended (4.5.3).
    public static ServiceFacts Lecturer(IReadOnlyList<TaughtSession> sessions, DateTime nowUtc)
    {
        var held = sessions.Where(s => s.EndsAt <= nowUtc).ToList();
        var headline = $"授课 {sessions.Count} 场（已举行 {held.Count} 场），到场 {held.Sum(s => s.Attended)} 人次，缺席 {held.Sum(s => s.Absent)} 人次";
        var details = sessions.OrderBy(s => s.StartsAt).Select(s =>
        {
            var when = $"{s.CourseTitle}（{ChinaTime.DateTimeText(s.StartsAt)}）";
            if (s.EndsAt > nowUtc)
            {
                return $"{when}：尚未举行";
            }
            if (s.Attended + s.Absent == 0)
            {
                return $"{when}：未记录出勤";
            }
            return $"{when}：到场 {s.Attended} 人（其中迟到 {s.Late} 人、早退 {s.LeftEarly} 人），缺席 {s.Absent} 人，来自 {s.Organizations} 家组织";
        }).ToList();
        return new ServiceFacts(AssignmentRole.Lecturer, headline, details, null);
    }

    // 5.2.3 自评报告评价专家 are judged by their reviews (4.4.2): submitted on time, and how close their scores came to the consensus (4.4.2.1).
    public static ServiceFacts Reviewer(IReadOnlyList<ReviewedOrganization> reviews, DateOnly? deadline)
    {
        var submitted = reviews.Where(r => r.SubmittedAt is not null).ToList();
        var judged = submitted.Select(r => Timeliness(r.SubmittedAt, deadline)).ToList();
        var distance = Distance(submitted.Where(r => r.Consensus is not null).Select(r => (r.Scores, r.Consensus!)));
        var headline = $"负责评价 {reviews.Count} 家组织，已提交 {submitted.Count} 份"
            + (deadline is null ? "" : $"（按期 {judged.Count(t => t == ReviewTimeliness.OnTime)} 份、逾期 {judged.Count(t => t == ReviewTimeliness.Late)} 份）")
            + (distance.Mean is { } mean
                ? $"；评分与共识平均相差 {N(mean)} 个百分点（{distance.Organizations} 家、{distance.Items} 个条目）"
                : "；尚无可与共识比较的评分");
        var details = reviews.OrderBy(r => r.OrganizationName, StringComparer.Ordinal).Select(r =>
        {
            if (r.SubmittedAt is not { } at)
            {
                return $"{r.OrganizationName}：未提交";
            }
            var line = $"{r.OrganizationName}：{ChinaTime.DateTimeText(at)} 提交";
            line += TimelinessText(Timeliness(at, deadline), at, deadline) is { Length: > 0 } t ? $"，{t}" : "";
            if (r.Consensus is null)
            {
                return line + "，尚无共识评分";
            }
            return line + (MeanAbsoluteDifference(r.Scores, r.Consensus) is { } d ? $"，与共识相差 {N(d)} 个百分点" : "，未与共识评分相同的条目");
        }).ToList();
        var note = deadline is { } last
            ? $"评价期限取计划日程中“摸底评估”阶段的结束日期（{ChinaTime.DateText(last)}），当天（北京时间）提交即为按期。"
            : "摸底评估未设专家评价截止日期，本计划日程也未填写“摸底评估”阶段的结束日期，因此不判断是否按期，仅列出提交时间。";
        return new ServiceFacts(AssignmentRole.ReportReviewer, headline, details, note);
    }

    // 5.2.3 现场扶优指导专家 are judged by the visits they served on and led (4.6.1) and how often the team's opinion summary had to be returned (4.6.6).
    public static ServiceFacts Coach(IReadOnlyList<CoachedVisit> visits)
    {
        var held = visits.Where(v => v.Held).ToList();
        var headline = $"参加现场扶优 {held.Count} 次（任组长 {held.Count(v => v.Lead)} 次"
            + (held.Count(v => v.Attended == false) is > 0 and var absent ? $"，缺席 {absent} 次" : "")
            + $"），所在专家组的意见汇总表被退回修改 {held.Sum(v => v.OpinionReturns)} 次"
            + (held.Where(v => v.Lead).Sum(v => v.OpinionReturns) is > 0 and var led ? $"（其中任组长时 {led} 次）" : "");
        var details = visits.OrderBy(v => v.StartsAt).Select(v =>
            $"{v.OrganizationName}（{ChinaTime.DateTimeText(v.StartsAt)}）：{(v.Lead ? "组长" : "组员")}，"
            + (!v.Held ? "尚未举行" : (v.Attended switch { true => "出席", false => "缺席", null => "未记录出席" }) + $"，意见汇总表退回 {v.OpinionReturns} 次"))
            .ToList();
        return new ServiceFacts(AssignmentRole.SiteCoach, headline, details, null);
    }

    // 4.4.2.1 the distance of one review from the consensus: mean |reviewer % − consensus %| over the items both scored; null when none.
    public static decimal? MeanAbsoluteDifference(IReadOnlyDictionary<string, int> review, IReadOnlyDictionary<string, int> consensus)
    {
        var differences = review.Where(kv => consensus.ContainsKey(kv.Key)).Select(kv => Math.Abs(kv.Value - consensus[kv.Key])).ToList();
        return differences.Count == 0 ? null : Math.Round((decimal)differences.Sum() / differences.Count, 1, MidpointRounding.AwayFromZero);
    }

    // 5.2.2 a reviewer's distance over all their reviews: every compared item weighs the same, whichever organization it belongs to.
    public static ConsensusDistance Distance(IEnumerable<(IReadOnlyDictionary<string, int> Review, IReadOnlyDictionary<string, int> Consensus)> pairs)
    {
        var total = 0;
        var items = 0;
        var organizations = 0;
        foreach (var (review, consensus) in pairs)
        {
            var differences = review.Where(kv => consensus.ContainsKey(kv.Key)).Select(kv => Math.Abs(kv.Value - consensus[kv.Key])).ToList();
            if (differences.Count == 0)
            {
                continue;
            }
            organizations++;
            items += differences.Count;
            total += differences.Sum();
        }
        return new ConsensusDistance(items == 0 ? null : Math.Round((decimal)total / items, 1, MidpointRounding.AwayFromZero), items, organizations);
    }

    // 5.2.2 on time: submitted on or before the deadline's China calendar day; with no deadline nothing is judged.
    public static ReviewTimeliness Timeliness(DateTime? submittedAtUtc, DateOnly? deadline) => (submittedAtUtc, deadline) switch
    {
        (null, _) => ReviewTimeliness.NotSubmitted,
        (_, null) => ReviewTimeliness.NoDeadline,
        ({ } at, { } last) => ChinaTime.DateOf(at) <= last ? ReviewTimeliness.OnTime : ReviewTimeliness.Late,
    };

    /// <summary>"按期" / "逾期 3 天"; empty when not judged.</summary>
    public static string TimelinessText(ReviewTimeliness timeliness, DateTime? submittedAtUtc, DateOnly? deadline) => timeliness switch
    {
        ReviewTimeliness.OnTime => "按期",
        ReviewTimeliness.Late => $"逾期 {ChinaTime.DateOf(submittedAtUtc!.Value).DayNumber - deadline!.Value.DayNumber} 天",
        ReviewTimeliness.NotSubmitted => "未提交",
        ReviewTimeliness.NoDeadline => "",
    };
}
