using System.Security.Cryptography;

namespace QualityIncubator.Web.Courses;

/// <summary>An organization's continuation choice after the awareness stage (4.3.5).</summary>
public enum ContinuationChoice
{
    Continue,
    Withdraw,
}

/// <summary>A decision of a rule, with its reasons in Chinese.</summary>
public sealed record RuleDecision(bool Allowed, IReadOnlyList<string> Reasons)
{
    public static readonly RuleDecision Yes = new(true, []);
    public static RuleDecision No(params string[] reasons) => new(false, reasons);
}

/// <summary>4.3.4–4.3.5: the organization studies every awareness course on its own, then confirms whether it continues.</summary>
public static class ContinuationRule
{
    public sealed record AwarenessCourse(Guid Id, string Title);

    /// <summary>The awareness courses not yet marked studied, in catalogue order.</summary>
    public static IReadOnlyList<AwarenessCourse> Unstudied(IReadOnlyList<AwarenessCourse> courses, IReadOnlySet<Guid> studied) =>
        [.. courses.Where(c => !studied.Contains(c.Id))];

    // 4.3.5 申报组织通过自我评估来确认是否适合继续参与: continuing needs every awareness course studied (4.3.4); withdrawing needs a reason.
    public static RuleDecision Check(ContinuationChoice choice, bool inAwarenessStage, IReadOnlyList<AwarenessCourse> courses, IReadOnlySet<Guid> studied, string? reason)
    {
        if (!inAwarenessStage)
        {
            return RuleDecision.No("当前不在普及培育阶段，不能作出是否继续参与的决定");
        }
        if (choice == ContinuationChoice.Withdraw)
        {
            return string.IsNullOrWhiteSpace(reason) ? RuleDecision.No("退出须填写原因") : RuleDecision.Yes;
        }
        if (courses.Count == 0)
        {
            return RuleDecision.No("区评审办尚未设置普及培育课程，请学习课程后再确认");
        }
        var missing = Unstudied(courses, studied);
        return missing.Count == 0
            ? RuleDecision.Yes
            : new RuleDecision(false, [.. missing.Select(c => $"尚未学习“{c.Title}”")]);
    }
}

/// <summary>4.5.5 and Appendix B: an organization chooses its electives, at most three.</summary>
public static class ElectiveRule
{
    /// <summary>Appendix B: 专项课程培育需求（最多选3项）.</summary>
    public const int MaxElectives = 3;

    // 4.5.5 培育孵化组织可根据自身发展实际选择辅助课程 (Appendix B: at most three)
    public static RuleDecision Check(IReadOnlyCollection<Guid> chosen, IReadOnlySet<Guid> electivesOfProgramme, bool inPool)
    {
        if (!inPool)
        {
            return RuleDecision.No("只有培育孵化库内的组织可以选择辅助课程（4.5.5）");
        }
        var reasons = new List<string>();
        if (chosen.Any(c => !electivesOfProgramme.Contains(c)))
        {
            reasons.Add("所选课程不是本计划的辅助课程");
        }
        if (chosen.Distinct().Count() > MaxElectives)
        {
            reasons.Add($"辅助课程最多选择{MaxElectives}门（附录B 专项课程培育需求最多选3项）");
        }
        return reasons.Count == 0 ? RuleDecision.Yes : new RuleDecision(false, reasons);
    }
}

/// <summary>Why a check-in code was refused.</summary>
public enum CheckInRefusal
{
    None,
    Missing,
    NotIssued,
    NotYetOpen,
    Expired,
    WrongSession,
    Wrong,
    AlreadyCheckedIn,
}

/// <summary>4.5.3 attendance: the one-time code shown in the room, valid from issue until the session ends.</summary>
public static class CheckInCodes
{
    /// <summary>How long before the start a code may be issued and used.</summary>
    public static readonly TimeSpan OpensBeforeStart = TimeSpan.FromMinutes(60);

    public sealed record SessionCode(Guid SessionId, string? Code, DateTime? IssuedAt, DateTime StartsAt, DateTime EndsAt);

    /// <summary>A new six-digit code from a cryptographic source.</summary>
    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    // 4.5.3 attendance by self check-in: the code of this session, issued, not expired, once per attendee.
    public static CheckInRefusal Validate(SessionCode session, string? entered, DateTime nowUtc, bool attendeeAlreadyIn, IEnumerable<SessionCode>? otherSessions = null)
    {
        var code = entered?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            return CheckInRefusal.Missing;
        }
        bool Elsewhere() => otherSessions?.Any(o => o.SessionId != session.SessionId && o.Code == code && nowUtc < o.EndsAt) == true;
        if (session.Code is null || session.IssuedAt is null)
        {
            // the organization picked a session with no code yet but typed the code of the one running: say which is wrong
            return Elsewhere() ? CheckInRefusal.WrongSession : CheckInRefusal.NotIssued;
        }
        if (!string.Equals(session.Code, code, StringComparison.Ordinal))
        {
            return Elsewhere() ? CheckInRefusal.WrongSession : CheckInRefusal.Wrong;
        }
        if (nowUtc < session.StartsAt - OpensBeforeStart)
        {
            return CheckInRefusal.NotYetOpen;
        }
        if (nowUtc >= session.EndsAt)
        {
            return CheckInRefusal.Expired;
        }
        return attendeeAlreadyIn ? CheckInRefusal.AlreadyCheckedIn : CheckInRefusal.None;
    }

    public static string Message(CheckInRefusal refusal) => refusal switch
    {
        CheckInRefusal.None => "签到成功",
        CheckInRefusal.Missing => "请输入签到码",
        CheckInRefusal.NotIssued => "本场课程尚未发布签到码，请向现场工作人员确认",
        CheckInRefusal.NotYetOpen => "签到尚未开始（开课前1小时起可签到）",
        CheckInRefusal.Expired => "本场课程已结束，签到码已失效",
        CheckInRefusal.WrongSession => "该签到码属于另一场课程，请确认所在场次",
        CheckInRefusal.Wrong => "签到码不正确",
        CheckInRefusal.AlreadyCheckedIn => "已签到，不能重复签到",
        _ => refusal.ToString(),
    };
}

/// <summary>4.5.3: whether an organization's responsible persons attended the whole mandatory series.</summary>
public static class AttendanceRule
{
    public sealed record MandatorySession(Guid SessionId, string Title, DateTime StartsAt, DateTime EndsAt);

    /// <param name="ResponsiblePersonId">Null when the attendee is not one of the designated 相关负责人.</param>
    public sealed record Record(Guid SessionId, Guid? ResponsiblePersonId, AttendanceStatus Status);

    public sealed record Gap(Guid SessionId, string Title, DateTime StartsAt, string Reason);

    /// <param name="Met">Every mandatory session has been held and attended in full by a responsible person.</param>
    /// <param name="Missing">Held sessions without full attendance by a responsible person.</param>
    /// <param name="Upcoming">Sessions not yet over.</param>
    public sealed record Compliance(bool Met, bool HasResponsiblePersons, int Attended, int Held, IReadOnlyList<Gap> Missing, int Upcoming)
    {
        public IEnumerable<string> Reasons => (HasResponsiblePersons ? [] : new[] { "尚未指定相关负责人（4.5.3）" }).Concat(Missing.Select(m => $"{m.Title}：{m.Reason}"));
    }

    // 4.5.3 在必修课程学习的阶段，培育孵化组织相关的负责人应全程参加学习: a designated person present (not late, not leaving early) at every mandatory session.
    public static Compliance Evaluate(IReadOnlyList<MandatorySession> sessions, IReadOnlyCollection<Record> records, IReadOnlySet<Guid> responsiblePersons, DateTime nowUtc)
    {
        var missing = new List<Gap>();
        var attended = 0;
        var held = 0;
        var upcoming = 0;
        foreach (var s in sessions.OrderBy(s => s.StartsAt))
        {
            if (nowUtc < s.EndsAt)
            {
                upcoming++;
                continue;
            }
            held++;
            var ofPersons = records.Where(r => r.SessionId == s.SessionId && r.ResponsiblePersonId is { } p && responsiblePersons.Contains(p)).ToList();
            if (ofPersons.Any(r => r.Status == AttendanceStatus.Present))
            {
                attended++;
            }
            else if (ofPersons.Any(r => r.Status is AttendanceStatus.Late or AttendanceStatus.LeftEarly))
            {
                var how = string.Join("、", ofPersons.Where(r => r.Status is AttendanceStatus.Late or AttendanceStatus.LeftEarly).Select(r => CourseLabels.Attendance(r.Status)).Distinct());
                missing.Add(new Gap(s.SessionId, s.Title, s.StartsAt, $"相关负责人{how}，未全程参加"));
            }
            else
            {
                missing.Add(new Gap(s.SessionId, s.Title, s.StartsAt, records.Any(r => r.SessionId == s.SessionId && r.Status != AttendanceStatus.Absent)
                    ? "出席人员不是指定的相关负责人"
                    : "相关负责人未出席"));
            }
        }
        var hasPersons = responsiblePersons.Count > 0;
        return new Compliance(hasPersons && missing.Count == 0 && upcoming == 0 && sessions.Count > 0, hasPersons, attended, held, missing, upcoming);
    }

    /// <summary>Share of (organization × held mandatory session) pairs attended in full; null when nothing has been held.</summary>
    public static double? Rate(IEnumerable<Compliance> organizations)
    {
        var list = organizations.ToList();
        var held = list.Sum(c => c.Held);
        return held == 0 ? null : (double)list.Sum(c => c.Attended) / held;
    }
}
