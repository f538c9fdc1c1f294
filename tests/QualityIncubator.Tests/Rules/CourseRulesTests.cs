using System.ComponentModel.DataAnnotations;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Courses;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.3.4–4.3.5 continuation, 4.5.5 electives, 4.5.3 check-in codes and attendance, and the standard's course presets.</summary>
public sealed class CourseRulesTests
{
    // ---------- ContinuationRule (4.3.4–4.3.5) ----------

    private static readonly ContinuationRule.AwarenessCourse Overview = new(Guid.NewGuid(), "GB/T 19580 概述");
    private static readonly ContinuationRule.AwarenessCourse CoreValues = new(Guid.NewGuid(), "卓越绩效的核心理念");
    private static readonly ContinuationRule.AwarenessCourse Adoption = new(Guid.NewGuid(), "卓越绩效的导入和应用");
    private static readonly IReadOnlyList<ContinuationRule.AwarenessCourse> Awareness = [Overview, CoreValues, Adoption];

    private static HashSet<Guid> Studied(params ContinuationRule.AwarenessCourse[] courses) => [.. courses.Select(c => c.Id)];

    [Fact]
    public void Continuing_is_refused_while_an_awareness_course_is_unstudied_and_each_one_is_named()
    {
        var decision = ContinuationRule.Check(ContinuationChoice.Continue, true, Awareness, Studied(CoreValues), null);
        Assert.False(decision.Allowed);
        Assert.Equal(["尚未学习“GB/T 19580 概述”", "尚未学习“卓越绩效的导入和应用”"], decision.Reasons);
        Assert.Equal([Overview, Adoption], ContinuationRule.Unstudied(Awareness, Studied(CoreValues)));

        var nothing = ContinuationRule.Check(ContinuationChoice.Continue, true, Awareness, Studied(), null);
        Assert.False(nothing.Allowed);
        Assert.Equal(3, nothing.Reasons.Count);
        Assert.All(Awareness, c => Assert.Contains(nothing.Reasons, r => r.Contains(c.Title, StringComparison.Ordinal)));
    }

    [Fact]
    public void Continuing_is_allowed_once_every_awareness_course_is_studied()
    {
        var decision = ContinuationRule.Check(ContinuationChoice.Continue, true, Awareness, Studied(Overview, CoreValues, Adoption), null);
        Assert.True(decision.Allowed);
        Assert.Empty(decision.Reasons);
        Assert.Empty(ContinuationRule.Unstudied(Awareness, Studied(Overview, CoreValues, Adoption)));
    }

    [Fact]
    public void Studying_a_course_of_another_stage_does_not_count_for_the_awareness_courses()
    {
        var decision = ContinuationRule.Check(ContinuationChoice.Continue, true, Awareness, new HashSet<Guid> { Guid.NewGuid(), Overview.Id, CoreValues.Id }, null);
        Assert.False(decision.Allowed);
        Assert.Equal(["尚未学习“卓越绩效的导入和应用”"], decision.Reasons);
    }

    [Theory]
    [InlineData(ContinuationChoice.Continue)]
    [InlineData(ContinuationChoice.Withdraw)]
    public void No_decision_outside_the_awareness_stage(ContinuationChoice choice)
    {
        var decision = ContinuationRule.Check(choice, false, Awareness, Studied(Overview, CoreValues, Adoption), "不再参与");
        Assert.False(decision.Allowed);
        Assert.Contains(decision.Reasons, r => r.Contains("当前不在普及培育阶段", StringComparison.Ordinal));
    }

    [Fact]
    public void Continuing_is_refused_when_the_office_has_set_no_awareness_courses()
    {
        var decision = ContinuationRule.Check(ContinuationChoice.Continue, true, [], Studied(), null);
        Assert.False(decision.Allowed);
        Assert.Contains(decision.Reasons, r => r.Contains("尚未设置普及培育课程", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Withdrawing_needs_a_reason(string? reason)
    {
        var decision = ContinuationRule.Check(ContinuationChoice.Withdraw, true, Awareness, Studied(), reason);
        Assert.False(decision.Allowed);
        Assert.Equal(["退出须填写原因"], decision.Reasons);
    }

    [Fact]
    public void Withdrawing_with_a_reason_is_allowed_without_studying_and_without_courses()
    {
        Assert.True(ContinuationRule.Check(ContinuationChoice.Withdraw, true, Awareness, Studied(), "经自我评估，暂不适合继续参与").Allowed);
        Assert.True(ContinuationRule.Check(ContinuationChoice.Withdraw, true, [], Studied(), "经自我评估，暂不适合继续参与").Allowed);
    }

    // ---------- ElectiveRule (4.5.5, Appendix B: at most three) ----------

    private static readonly Guid[] Electives = [.. Enumerable.Range(0, 6).Select(_ => Guid.NewGuid())];
    private static readonly HashSet<Guid> ElectivesOfProgramme = [.. Electives];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Up_to_three_electives_are_allowed(int count)
    {
        var decision = ElectiveRule.Check(Electives.Take(count).ToList(), ElectivesOfProgramme, true);
        Assert.True(decision.Allowed, string.Join("；", decision.Reasons));
        Assert.Equal(3, ElectiveRule.MaxElectives);
    }

    [Fact]
    public void A_fourth_elective_is_refused_with_appendix_b_named()
    {
        var decision = ElectiveRule.Check(Electives.Take(4).ToList(), ElectivesOfProgramme, true);
        Assert.False(decision.Allowed);
        Assert.Equal(["辅助课程最多选择3门（附录B 专项课程培育需求最多选3项）"], decision.Reasons);
    }

    [Fact]
    public void The_same_elective_chosen_twice_counts_once()
    {
        var chosen = new List<Guid> { Electives[0], Electives[1], Electives[2], Electives[0], Electives[2] };
        Assert.True(ElectiveRule.Check(chosen, ElectivesOfProgramme, true).Allowed);
    }

    [Fact]
    public void A_course_that_is_not_an_elective_of_the_programme_is_refused()
    {
        var mandatory = Guid.NewGuid();
        var decision = ElectiveRule.Check([Electives[0], mandatory], ElectivesOfProgramme, true);
        Assert.False(decision.Allowed);
        Assert.Equal(["所选课程不是本计划的辅助课程"], decision.Reasons);

        var both = ElectiveRule.Check([mandatory, .. Electives.Take(4)], ElectivesOfProgramme, true);
        Assert.False(both.Allowed);
        Assert.Equal(2, both.Reasons.Count);
    }

    [Fact]
    public void Only_an_organization_in_the_pool_chooses_electives()
    {
        var decision = ElectiveRule.Check([Electives[0]], ElectivesOfProgramme, false);
        Assert.False(decision.Allowed);
        Assert.Contains(decision.Reasons, r => r.Contains("培育孵化库", StringComparison.Ordinal) && r.Contains("4.5.5", StringComparison.Ordinal));
        Assert.False(ElectiveRule.Check([], ElectivesOfProgramme, false).Allowed);
    }

    // ---------- CheckInCodes (4.5.3 self check-in) ----------

    private static readonly DateTime Start = new(2026, 6, 10, 1, 0, 0, DateTimeKind.Utc);   // 09:00 in Shanghai
    private static readonly DateTime End = Start.AddHours(3);

    private static CheckInCodes.SessionCode Session(string? code = "123456", DateTime? issuedAt = null) =>
        new(Guid.NewGuid(), code, code is null ? null : issuedAt ?? Start.AddMinutes(-30), Start, End);

    [Fact]
    public void The_right_code_during_the_session_is_accepted_and_whitespace_is_trimmed()
    {
        var session = Session();
        Assert.Equal(CheckInRefusal.None, CheckInCodes.Validate(session, "123456", Start.AddMinutes(5), false));
        Assert.Equal(CheckInRefusal.None, CheckInCodes.Validate(session, "  123456 \t", Start.AddMinutes(5), false));
        Assert.Equal(CheckInRefusal.None, CheckInCodes.Validate(session, "123456", Start.AddMinutes(5), false, [Session("654321")]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_code_is_refused(string? entered) =>
        Assert.Equal(CheckInRefusal.Missing, CheckInCodes.Validate(Session(), entered, Start, false));

    [Fact]
    public void A_session_without_an_issued_code_refuses_every_code()
    {
        Assert.Equal(CheckInRefusal.NotIssued, CheckInCodes.Validate(Session(code: null), "123456", Start, false));
        Assert.Equal(CheckInRefusal.NotIssued, CheckInCodes.Validate(new(Guid.NewGuid(), "123456", null, Start, End), "123456", Start, false));
    }

    [Fact]
    public void A_wrong_code_is_refused()
    {
        Assert.Equal(CheckInRefusal.Wrong, CheckInCodes.Validate(Session(), "123457", Start, false));
        Assert.Equal(CheckInRefusal.Wrong, CheckInCodes.Validate(Session(), "12345", Start, false));
        Assert.Equal(CheckInRefusal.Wrong, CheckInCodes.Validate(Session(), "1234567", Start, false));
    }

    [Fact]
    public void The_code_of_another_session_still_running_is_named_as_such_and_one_already_ended_is_just_wrong()
    {
        var here = Session("111111");
        var running = new CheckInCodes.SessionCode(Guid.NewGuid(), "222222", Start.AddMinutes(-10), Start.AddHours(-1), Start.AddHours(2));
        var ended = new CheckInCodes.SessionCode(Guid.NewGuid(), "333333", Start.AddDays(-7), Start.AddDays(-7), Start.AddMinutes(10));
        var now = Start.AddMinutes(20);
        Assert.Equal(CheckInRefusal.WrongSession, CheckInCodes.Validate(here, " 222222 ", now, false, [running, ended]));
        Assert.Equal(CheckInRefusal.Wrong, CheckInCodes.Validate(here, "333333", now, false, [running, ended]));
        // at the very end of the other session its code no longer counts as running
        Assert.Equal(CheckInRefusal.Wrong, CheckInCodes.Validate(here, "333333", ended.EndsAt, false, [ended]));
        Assert.Equal(CheckInRefusal.WrongSession, CheckInCodes.Validate(here, "333333", ended.EndsAt.AddTicks(-1), false, [ended]));
        // the session itself in the list of others is not "another session"
        Assert.Equal(CheckInRefusal.Wrong, CheckInCodes.Validate(here, "999999", now, false, [here with { Code = "999999" }]));
    }

    [Fact]
    public void Choosing_a_session_without_a_code_and_typing_the_code_of_the_running_one_says_wrong_session()
    {
        // two sessions today: the morning one is running with its code shown, the afternoon one has no code yet
        var afternoon = new CheckInCodes.SessionCode(Guid.NewGuid(), null, null, Start.AddHours(5), End.AddHours(5));
        var morning = Session("222222");
        var now = Start.AddMinutes(20);
        Assert.Equal(CheckInRefusal.WrongSession, CheckInCodes.Validate(afternoon, "222222", now, false, [morning]));
        Assert.Equal(CheckInRefusal.NotIssued, CheckInCodes.Validate(afternoon, "999999", now, false, [morning]));
        Assert.Equal(CheckInRefusal.NotIssued, CheckInCodes.Validate(afternoon, "222222", End, false, [morning]));
    }

    [Fact]
    public void Check_in_opens_one_hour_before_the_start()
    {
        var session = Session(issuedAt: Start.AddHours(-2));
        Assert.Equal(TimeSpan.FromMinutes(60), CheckInCodes.OpensBeforeStart);
        Assert.Equal(CheckInRefusal.NotYetOpen, CheckInCodes.Validate(session, "123456", Start.AddMinutes(-61), false));
        Assert.Equal(CheckInRefusal.NotYetOpen, CheckInCodes.Validate(session, "123456", Start.AddMinutes(-60).AddTicks(-1), false));
        Assert.Equal(CheckInRefusal.None, CheckInCodes.Validate(session, "123456", Start.AddMinutes(-60), false));
        Assert.Equal(CheckInRefusal.None, CheckInCodes.Validate(session, "123456", Start.AddMinutes(-59), false));
    }

    [Fact]
    public void The_code_expires_when_the_session_ends()
    {
        var session = Session();
        Assert.Equal(CheckInRefusal.None, CheckInCodes.Validate(session, "123456", End.AddTicks(-1), false));
        Assert.Equal(CheckInRefusal.Expired, CheckInCodes.Validate(session, "123456", End, false));
        Assert.Equal(CheckInRefusal.Expired, CheckInCodes.Validate(session, "123456", End.AddDays(1), false));
    }

    [Fact]
    public void Checking_in_twice_is_refused()
    {
        Assert.Equal(CheckInRefusal.AlreadyCheckedIn, CheckInCodes.Validate(Session(), "123456", Start.AddMinutes(5), true));
        // an expired session reports the expiry, not the earlier check-in
        Assert.Equal(CheckInRefusal.Expired, CheckInCodes.Validate(Session(), "123456", End, true));
    }

    [Theory]
    [InlineData(CheckInRefusal.None, "签到成功")]
    [InlineData(CheckInRefusal.Missing, "请输入签到码")]
    [InlineData(CheckInRefusal.NotIssued, "尚未发布签到码")]
    [InlineData(CheckInRefusal.NotYetOpen, "签到尚未开始")]
    [InlineData(CheckInRefusal.Expired, "签到码已失效")]
    [InlineData(CheckInRefusal.WrongSession, "另一场课程")]
    [InlineData(CheckInRefusal.Wrong, "签到码不正确")]
    [InlineData(CheckInRefusal.AlreadyCheckedIn, "不能重复签到")]
    public void Every_outcome_has_a_chinese_message(CheckInRefusal refusal, string expected) =>
        Assert.Contains(expected, CheckInCodes.Message(refusal), StringComparison.Ordinal);

    [Fact]
    public void Every_refusal_is_covered_by_a_message_of_its_own()
    {
        var messages = Enum.GetValues<CheckInRefusal>().Select(CheckInCodes.Message).ToList();
        Assert.All(messages, m => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", m));
        Assert.Equal(messages.Count, messages.Distinct().Count());
    }

    [Fact]
    public void New_codes_are_six_digits_and_vary()
    {
        var codes = Enumerable.Range(0, 500).Select(_ => CheckInCodes.NewCode()).ToList();
        Assert.All(codes, c => Assert.Matches("^[0-9]{6}$", c));
        Assert.True(codes.Distinct().Count() > 1, "500 codes were all the same");
        // a code with a leading zero is still six characters; the range 000000–999999 means most of 500 draws differ
        Assert.True(codes.Distinct().Count() > 450);
    }

    // ---------- AttendanceRule (4.5.3) ----------

    private static readonly DateTime Now = new(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc);

    private static AttendanceRule.MandatorySession Held(string title, int daysAgo) =>
        new(Guid.NewGuid(), title, Now.AddDays(-daysAgo), Now.AddDays(-daysAgo).AddHours(3));

    private static readonly Guid Manager = Guid.NewGuid();
    private static readonly Guid QualityHead = Guid.NewGuid();
    private static readonly HashSet<Guid> Persons = [Manager, QualityHead];

    private static AttendanceRule.Record Rec(AttendanceRule.MandatorySession s, Guid? person, AttendanceStatus status) => new(s.SessionId, person, status);

    [Fact]
    public void Met_when_a_responsible_person_was_present_at_every_held_session()
    {
        var a = Held("条款解析（一）", 30);
        var b = Held("条款解析（二）", 20);
        var c = Held("条款解析（三）", 10);
        var records = new[]
        {
            Rec(a, Manager, AttendanceStatus.Present),
            Rec(b, QualityHead, AttendanceStatus.Present), Rec(b, Manager, AttendanceStatus.Absent),
            Rec(c, Manager, AttendanceStatus.Late), Rec(c, QualityHead, AttendanceStatus.Present),
        };
        var compliance = AttendanceRule.Evaluate([a, b, c], records, Persons, Now);
        Assert.True(compliance.Met);
        Assert.True(compliance.HasResponsiblePersons);
        Assert.Equal(3, compliance.Attended);
        Assert.Equal(3, compliance.Held);
        Assert.Equal(0, compliance.Upcoming);
        Assert.Empty(compliance.Missing);
        Assert.Empty(compliance.Reasons);
    }

    [Theory]
    [InlineData(AttendanceStatus.Late, "迟到")]
    [InlineData(AttendanceStatus.LeftEarly, "早退")]
    public void Late_or_leaving_early_is_not_attending_the_whole_session(AttendanceStatus status, string named)
    {
        var a = Held("条款解析（一）", 20);
        var b = Held("条款解析（二）", 10);
        var compliance = AttendanceRule.Evaluate([a, b], [Rec(a, Manager, AttendanceStatus.Present), Rec(b, Manager, status)], Persons, Now);
        Assert.False(compliance.Met);
        Assert.Equal(1, compliance.Attended);
        Assert.Equal(2, compliance.Held);
        var gap = Assert.Single(compliance.Missing);
        Assert.Equal(b.SessionId, gap.SessionId);
        Assert.Equal("条款解析（二）", gap.Title);
        Assert.Equal(b.StartsAt, gap.StartsAt);
        Assert.Contains(named, gap.Reason, StringComparison.Ordinal);
        Assert.Contains("未全程参加", gap.Reason, StringComparison.Ordinal);
        Assert.Contains(compliance.Reasons, r => r.StartsWith("条款解析（二）：", StringComparison.Ordinal) && r.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void One_person_late_and_another_leaving_early_names_both()
    {
        var a = Held("条款解析（一）", 10);
        var compliance = AttendanceRule.Evaluate([a], [Rec(a, Manager, AttendanceStatus.Late), Rec(a, QualityHead, AttendanceStatus.LeftEarly)], Persons, Now);
        var gap = Assert.Single(compliance.Missing);
        Assert.Contains("迟到", gap.Reason, StringComparison.Ordinal);
        Assert.Contains("早退", gap.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attendee_who_is_not_a_designated_person_does_not_count()
    {
        var a = Held("条款解析（一）", 10);
        var stranger = Guid.NewGuid();     // e.g. a person since removed, or someone else of the organization
        foreach (var records in new[]
        {
            new[] { Rec(a, null, AttendanceStatus.Present) },
            [Rec(a, stranger, AttendanceStatus.Present)],
            [Rec(a, Manager, AttendanceStatus.Absent), Rec(a, null, AttendanceStatus.Late)],
        })
        {
            var compliance = AttendanceRule.Evaluate([a], records, Persons, Now);
            Assert.False(compliance.Met);
            Assert.Equal(0, compliance.Attended);
            Assert.Equal("出席人员不是指定的相关负责人", Assert.Single(compliance.Missing).Reason);
        }
    }

    [Fact]
    public void Nobody_attending_is_named_as_such()
    {
        var a = Held("条款解析（一）", 10);
        foreach (var records in new[]
        {
            Array.Empty<AttendanceRule.Record>(),
            [Rec(a, Manager, AttendanceStatus.Absent), Rec(a, null, AttendanceStatus.Absent)],
            [Rec(Held("别的课程", 10), Manager, AttendanceStatus.Present)],     // a record of another session
        })
        {
            var compliance = AttendanceRule.Evaluate([a], records, Persons, Now);
            Assert.False(compliance.Met);
            Assert.Equal("相关负责人未出席", Assert.Single(compliance.Missing).Reason);
        }
    }

    [Fact]
    public void Sessions_not_yet_over_are_upcoming_not_missing_and_keep_it_unmet()
    {
        var done = Held("条款解析（一）", 10);
        var running = new AttendanceRule.MandatorySession(Guid.NewGuid(), "条款解析（二）", Now.AddHours(-1), Now.AddHours(2));
        var later = new AttendanceRule.MandatorySession(Guid.NewGuid(), "条款解析（三）", Now.AddDays(7), Now.AddDays(7).AddHours(3));
        var endsNow = new AttendanceRule.MandatorySession(Guid.NewGuid(), "条款解析（四）", Now.AddHours(-3), Now);
        var compliance = AttendanceRule.Evaluate([later, running, done, endsNow],
            [Rec(done, Manager, AttendanceStatus.Present), Rec(running, Manager, AttendanceStatus.Present), Rec(endsNow, Manager, AttendanceStatus.Present)], Persons, Now);
        Assert.False(compliance.Met);
        Assert.Equal(2, compliance.Upcoming);
        Assert.Equal(2, compliance.Held);       // a session ending exactly now is held
        Assert.Equal(2, compliance.Attended);
        Assert.Empty(compliance.Missing);
        Assert.Empty(compliance.Reasons);
    }

    [Fact]
    public void No_sessions_at_all_is_not_met()
    {
        var compliance = AttendanceRule.Evaluate([], [], Persons, Now);
        Assert.False(compliance.Met);
        Assert.Equal(0, compliance.Held);
        Assert.Empty(compliance.Missing);
    }

    [Fact]
    public void Without_responsible_persons_it_is_not_met_and_the_reason_says_so()
    {
        var a = Held("条款解析（一）", 10);
        var compliance = AttendanceRule.Evaluate([a], [Rec(a, Guid.NewGuid(), AttendanceStatus.Present)], new HashSet<Guid>(), Now);
        Assert.False(compliance.Met);
        Assert.False(compliance.HasResponsiblePersons);
        Assert.Equal(0, compliance.Attended);
        Assert.Contains(compliance.Reasons, r => r.Contains("尚未指定相关负责人", StringComparison.Ordinal));
        Assert.Contains(compliance.Reasons, r => r == "条款解析（一）：出席人员不是指定的相关负责人");

        var nothingHeld = AttendanceRule.Evaluate([], [], new HashSet<Guid>(), Now);
        Assert.Equal(["尚未指定相关负责人（4.5.3）"], nothingHeld.Reasons);
    }

    [Fact]
    public void Gaps_are_listed_in_session_order()
    {
        var first = Held("第一讲", 30);
        var second = Held("第二讲", 20);
        var third = Held("第三讲", 10);
        var compliance = AttendanceRule.Evaluate([third, first, second], [Rec(second, Manager, AttendanceStatus.Present)], Persons, Now);
        Assert.Equal(["第一讲", "第三讲"], compliance.Missing.Select(m => m.Title));
        Assert.Equal(1, compliance.Attended);
        Assert.Equal(3, compliance.Held);
    }

    [Fact]
    public void The_rate_is_null_before_anything_is_held()
    {
        Assert.Null(AttendanceRule.Rate([]));
        var upcomingOnly = AttendanceRule.Evaluate([new(Guid.NewGuid(), "条款解析（一）", Now.AddDays(1), Now.AddDays(1).AddHours(3))], [], Persons, Now);
        Assert.Null(AttendanceRule.Rate([upcomingOnly, upcomingOnly]));
    }

    [Fact]
    public void The_rate_counts_organization_and_held_session_pairs()
    {
        var a = Held("条款解析（一）", 20);
        var b = Held("条款解析（二）", 10);
        var upcoming = new AttendanceRule.MandatorySession(Guid.NewGuid(), "条款解析（三）", Now.AddDays(1), Now.AddDays(1).AddHours(3));
        AttendanceRule.MandatorySession[] sessions = [a, b, upcoming];
        var full = AttendanceRule.Evaluate(sessions, [Rec(a, Manager, AttendanceStatus.Present), Rec(b, Manager, AttendanceStatus.Present)], Persons, Now);
        var half = AttendanceRule.Evaluate(sessions, [Rec(a, Manager, AttendanceStatus.Present), Rec(b, Manager, AttendanceStatus.Late)], Persons, Now);
        var none = AttendanceRule.Evaluate(sessions, [], Persons, Now);
        Assert.Equal(3.0 / 6.0, AttendanceRule.Rate([full, half, none])!.Value, 10);
        Assert.Equal(1.0, AttendanceRule.Rate([full])!.Value, 10);
        Assert.Equal(0.0, AttendanceRule.Rate([none])!.Value, 10);
    }

    // ---------- CoursePresets (4.3.3, 4.5.2, 4.5.4, Appendix B) ----------

    private static CourseInput InputOf(CoursePresets.Preset p, int order) => new()
    {
        Stage = p.Stage, Kind = p.Kind, Title = p.Title, Description = p.Description, Topic = p.Topic, SortOrder = order,
    };

    [Fact]
    public void The_awareness_presets_are_the_three_courses_of_4_3_3()
    {
        var awareness = CoursePresets.All.Where(p => p.Stage == CourseStage.Awareness).ToList();
        Assert.Equal(["GB/T 19580 概述", "卓越绩效的核心理念", "卓越绩效的导入和应用"], awareness.Select(p => p.Title));
        Assert.All(awareness, p =>
        {
            Assert.Equal(CourseKind.Mandatory, p.Kind);
            Assert.Equal("4.3.3", p.Clause);
            Assert.Null(p.Topic);
        });
    }

    [Fact]
    public void The_theory_mandatory_presets_are_the_clause_analysis_of_4_5_2()
    {
        var mandatory = CoursePresets.All.Where(p => p.Stage == CourseStage.Theory && p.Kind == CourseKind.Mandatory).ToList();
        Assert.NotEmpty(mandatory);
        Assert.Contains(mandatory, p => p.Title.Contains("条款解析与应用", StringComparison.Ordinal));
        Assert.All(mandatory, p => Assert.Equal("4.5.2", p.Clause));
    }

    [Fact]
    public void The_elective_presets_answer_every_appendix_b_topic_but_other()
    {
        var electives = CoursePresets.All.Where(p => p.Kind == CourseKind.Elective).ToList();
        Assert.All(electives, p =>
        {
            Assert.Equal(CourseStage.Theory, p.Stage);
            Assert.Equal("4.5.4", p.Clause);
            Assert.NotNull(p.Topic);
        });
        var topics = CodeLists.CourseTopics.Select(t => t.Code).Where(c => c != "OTHER").ToList();
        Assert.Equal(6, topics.Count);
        Assert.All(topics, code => Assert.Contains(electives, p => p.Topic == code));
        Assert.DoesNotContain(electives, p => p.Topic == "OTHER");
    }

    [Fact]
    public void Every_preset_is_a_valid_course_input_with_a_title_of_its_own()
    {
        Assert.Equal(CoursePresets.All.Count, CoursePresets.All.Select(p => p.Title).Distinct().Count());
        var order = 0;
        foreach (var preset in CoursePresets.All)
        {
            var input = InputOf(preset, ++order);
            var results = new List<ValidationResult>();
            Assert.True(Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true),
                $"{preset.Title}: {string.Join("；", results.Select(r => r.ErrorMessage))}");
            Assert.False(string.IsNullOrWhiteSpace(preset.Description));
        }
    }
}
