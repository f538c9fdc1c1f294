using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Tests.Rules;

/// <summary>5.1.2: the summary's facts are drafted from plain data — funnel, withdrawals, attendance rates, paths, outcomes, charts.</summary>
public sealed class SummaryDraftTests
{
    private static readonly DateTime Now = new(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);

    private static Dictionary<CaseState, int> States(params (CaseState State, int Count)[] counts) => counts.ToDictionary(c => c.State, c => c.Count);

    /// <summary>10 applicants: 1 undecided, 2 refused (one of them after having been found eligible), 1 withdrew before the decision,
    /// 1 withdrew after awareness, 1 not selected, 1 exited, 3 showcased (1 of them completed).</summary>
    private static CaseCounts Cases() => new(9,
        States((CaseState.Applied, 1), (CaseState.Ineligible, 2), (CaseState.Withdrawn, 2), (CaseState.NotSelected, 1), (CaseState.Exited, 1),
            (CaseState.Showcased, 2), (CaseState.Completed, 1)),
        States((CaseState.Applied, 10), (CaseState.Eligible, 7), (CaseState.Ineligible, 2), (CaseState.Awareness, 6), (CaseState.Continuing, 5),
            (CaseState.SelfEvaluated, 5), (CaseState.Reviewed, 5), (CaseState.Analysed, 5), (CaseState.InPool, 4), (CaseState.NotSelected, 1),
            (CaseState.Theory, 4), (CaseState.SiteVisited, 3), (CaseState.Showcased, 3), (CaseState.Completed, 1), (CaseState.Exited, 1), (CaseState.Withdrawn, 2)),
        States((CaseState.Applied, 1), (CaseState.Awareness, 1)));

    private static SummaryData Data(CaseCounts? cases = null, IReadOnlyList<SessionCount>? sessions = null, IReadOnlyList<ScorePair>? scores = null,
        IReadOnlyList<AttendanceRule.MandatorySession>? mandatory = null, IReadOnlyList<MemberAttendance>? members = null) =>
        new(Guid.NewGuid(), "2026年度培育孵化计划", 2026, Now, cases ?? Cases(),
            new ExpertCounts(3, 6, 4, 12, 1), new CourseCounts(3, 5, 4, 2, 7, 4),
            sessions ?? [], mandatory ?? [], members ?? [],
            new AssessmentCounts(5, 15, 5, 5, 5, 4, 3, 2), new PoolCounts(4, 3),
            [new ExitFacts("退出甲公司", ExitGround.MajorIncident, "发生较大生产安全事故", Now.AddDays(-60))],
            new VisitCounts(3, 1, 3, 3, 1, 2, 3, 3), new ShowcaseCounts(3, 3, 3, 2, 3, 1, 1, 5, 12), scores ?? []);

    [Fact]
    public void Funnel_counts_each_step_from_the_timeline_and_eligibility_from_the_final_decisions()
    {
        var funnel = SummaryDraft.Funnel(Cases()).ToDictionary(f => f.Key, f => f.Count);

        // 10 applied − 1 undecided − 2 refused − 1 withdrawn before the decision; the re-decided one is not counted twice
        Assert.Equal(10, funnel["applied"]);
        Assert.Equal(6, funnel["eligible"]);
        Assert.Equal([10, 6, 6, 5, 5, 5, 5, 4, 4, 3, 3, 1], SummaryDraft.Funnel(Cases()).Select(f => f.Count));
        Assert.Equal(["4.1.3", "4.1.2", "4.3", "4.3.5", "4.4.1", "4.4.2", "4.4.3", "4.4.4", "4.5", "4.6", "4.7", "5.1.1"], SummaryDraft.Funnel(Cases()).Select(f => f.Clause));

        var facts = SummaryDraft.Build(Data(), null);
        Assert.Equal(9m, facts.Item("applications.submitted")!.Value);
        Assert.Equal(10m, facts.Item("organizations.applied")!.Value);
        Assert.Equal(6m, facts.Item("organizations.eligible")!.Value);
        Assert.Equal(2m, facts.Item("organizations.ineligible")!.Value);
        Assert.Equal(1m, facts.Item("organizations.undecided")!.Value);
        Assert.Equal(1m, facts.Item("pool.notSelected")!.Value);
        Assert.Equal(1m, facts.Item("pool.exited")!.Value);
        Assert.Equal(10, facts.OrganizationCount);
    }

    [Fact]
    public void Withdrawals_are_counted_in_the_stage_they_happened()
    {
        Assert.Equal(ProgrammeStage.Mobilization, SummaryDraft.WithdrawalStage(CaseState.Applied));
        Assert.Equal(ProgrammeStage.Mobilization, SummaryDraft.WithdrawalStage(CaseState.Eligible));
        Assert.Equal(ProgrammeStage.AwarenessTraining, SummaryDraft.WithdrawalStage(CaseState.Awareness));
        Assert.Equal(ProgrammeStage.BaselineAssessment, SummaryDraft.WithdrawalStage(CaseState.Continuing));
        Assert.Equal(ProgrammeStage.BaselineAssessment, SummaryDraft.WithdrawalStage(CaseState.Analysed));

        var cases = Cases() with { WithdrawnFrom = States((CaseState.Applied, 1), (CaseState.Eligible, 2), (CaseState.Awareness, 3), (CaseState.Continuing, 4), (CaseState.Reviewed, 5)) };
        var facts = SummaryDraft.Build(Data(cases), null);
        Assert.Equal(3m, facts.Item("withdrawn.mobilization")!.Value);
        Assert.Equal(3m, facts.Item("withdrawn.awareness")!.Value);
        Assert.Equal(9m, facts.Item("withdrawn.baseline")!.Value);
        Assert.Equal("3 家", facts.Item("withdrawn.mobilization")!.Text);
    }

    [Fact]
    public void Session_rates_divide_attended_by_expected_only_once_held_and_add_up_by_attendances()
    {
        SessionCount S(string title, int daysAgo, int expected, int attended, CourseStage stage = CourseStage.Theory) =>
            new(title, stage, CourseKind.Mandatory, Now.AddDays(-daysAgo), Now.AddDays(-daysAgo).AddHours(3), expected, attended);
        var facts = SummaryDraft.Build(Data(sessions:
        [
            S("条款解析一", 30, 4, 3), S("条款解析二", 20, 3, 1), S("条款解析三", -5, 4, 0), S("概述", 90, 6, 7, CourseStage.Awareness),
        ]), null);

        var byTitle = facts.Sessions.ToDictionary(s => s.Course);
        Assert.Equal(75.0m, byTitle["条款解析一"].Rate);
        Assert.Equal(33.3m, byTitle["条款解析二"].Rate);
        // not yet held: no rate
        Assert.False(byTitle["条款解析三"].Held);
        Assert.Null(byTitle["条款解析三"].Rate);
        // attendance of organizations not expected never lifts a rate above 100 %
        Assert.Equal(6, byTitle["概述"].Attended);
        Assert.Equal(100.0m, byTitle["概述"].Rate);
        // theory: (3 + 1) ÷ (4 + 3), not the mean of 75 % and 33.3 %
        Assert.Equal(57.1m, facts.Item("theory.attendanceRate")!.Value);
        Assert.Equal("57.1%", facts.Item("theory.attendanceRate")!.Text);
        Assert.Equal(2m, facts.Item("theory.sessionsHeld")!.Value);
        Assert.Equal(1m, facts.Item("awareness.sessionsHeld")!.Value);
        Assert.Equal(["概述", "条款解析一", "条款解析二", "条款解析三"], facts.Sessions.Select(s => s.Course));
        Assert.Null(SummaryDraft.Build(Data(), null).Item("theory.attendanceRate")!.Value);
        Assert.Equal("—", SummaryDraft.Build(Data(), null).Item("theory.attendanceRate")!.Text);
    }

    [Fact]
    public void Full_attendance_applies_the_4_5_3_rule_to_the_sessions_of_each_stay_in_the_pool()
    {
        var s1 = new AttendanceRule.MandatorySession(Guid.NewGuid(), "一", Now.AddDays(-30), Now.AddDays(-30).AddHours(3));
        var s2 = new AttendanceRule.MandatorySession(Guid.NewGuid(), "二", Now.AddDays(-20), Now.AddDays(-20).AddHours(3));
        var (p1, p2, p3) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        MemberAttendance M(Guid person, DateTime? exited, params (Guid Session, AttendanceStatus Status)[] records) =>
            new(Guid.NewGuid(), Now.AddDays(-40), exited, new HashSet<Guid> { person }, [.. records.Select(r => new AttendanceRule.Record(r.Session, person, r.Status))]);
        var members = new[]
        {
            M(p1, null, (s1.SessionId, AttendanceStatus.Present), (s2.SessionId, AttendanceStatus.Present)),   // 2 of 2
            M(p2, null, (s1.SessionId, AttendanceStatus.Present), (s2.SessionId, AttendanceStatus.Late)),      // 1 of 2
            M(p3, Now.AddDays(-25), (s1.SessionId, AttendanceStatus.Present)),                                  // exited before the second: 1 of 1
        };

        var compliance = SummaryDraft.Compliance([s1, s2], members, Now);
        Assert.Equal([2, 2, 1], compliance.Select(c => c.Held));
        Assert.Equal([true, false, true], compliance.Select(c => c.Met));
        var facts = SummaryDraft.Build(Data(mandatory: [s1, s2], members: members), null);
        // (2 + 1 + 1) ÷ (2 + 2 + 1) = 80 %
        Assert.Equal(80.0m, facts.Item("theory.fullAttendanceRate")!.Value);
        Assert.Equal(2m, facts.Item("theory.fullAttendance")!.Value);
    }

    [Fact]
    public void Chart_bars_equal_the_numbers_they_show_with_lengths_proportional_to_them()
    {
        var facts = SummaryDraft.Build(Data(sessions:
        [
            new("条款解析一", CourseStage.Theory, CourseKind.Mandatory, Now.AddDays(-30), Now.AddDays(-30).AddHours(3), 4, 3),
            new("质量工具", CourseStage.Theory, CourseKind.Elective, Now.AddDays(-10), Now.AddDays(-10).AddHours(3), 2, 1),
        ]), null);

        var funnel = SummaryDraft.FunnelChart(facts);
        Assert.Equal(facts.Funnel.Count, funnel.Bars.Count);
        Assert.Equal(10m, funnel.Max);
        foreach (var (bar, step) in funnel.Bars.Zip(facts.Funnel))
        {
            Assert.Equal(step.Count, bar.Value);
            Assert.Equal(step.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), bar.Text);
            Assert.Equal(Math.Round(step.Count / 10m * funnel.PlotWidth, 2), bar.Width);
            Assert.Contains(step.Label, bar.Title, StringComparison.Ordinal);
        }
        // rows do not overlap
        Assert.All(funnel.Bars.Zip(funnel.Bars.Skip(1)), p => Assert.True(p.First.Y + p.First.Height <= p.Second.Y));

        var attendance = SummaryDraft.AttendanceChart(facts);
        Assert.Equal(100m, attendance.Max);
        Assert.Equal([75.0m, 50.0m], attendance.Bars.Select(b => b.Value));
        Assert.Equal(["75.0%", "50.0%"], attendance.Bars.Select(b => b.Text));
        Assert.Equal([300m, 200m], attendance.Bars.Select(b => b.Width));

        var outcomes = SummaryDraft.OutcomeChart(facts);
        Assert.Equal(facts.Outcomes.Select(o => (decimal)o.Count), outcomes.Bars.Select(b => b.Value));
        Assert.Equal(facts.OrganizationCount, facts.Outcomes.Sum(o => o.Count));
    }

    [Fact]
    public void An_organizations_path_follows_its_timeline_in_order_and_ends_where_it_stands()
    {
        var t0 = new DateTime(2026, 3, 1, 1, 0, 0, DateTimeKind.Utc);
        TimelineEntry E(CaseState to, int day) => new(to, t0.AddDays(day));
        var row = new OrganizationRow(Guid.NewGuid(), "路径甲公司", CaseState.Exited, "发生较大生产安全事故",
            [E(CaseState.InPool, 60), E(CaseState.Applied, 0), E(CaseState.Eligible, 5), E(CaseState.Ineligible, 6), E(CaseState.Eligible, 8), E(CaseState.Awareness, 20),
             E(CaseState.Continuing, 30), E(CaseState.SelfEvaluated, 40), E(CaseState.Reviewed, 50), E(CaseState.Analysed, 55), E(CaseState.Exited, 90)],
            320.5m, null);

        var o = SummaryDraft.Organization(row);
        Assert.Equal([CaseState.Applied, CaseState.Eligible, CaseState.Ineligible, CaseState.Eligible, CaseState.Awareness, CaseState.Continuing,
            CaseState.SelfEvaluated, CaseState.Reviewed, CaseState.Analysed, CaseState.InPool, CaseState.Exited], o.Path.Select(p => p.State));
        Assert.Equal(new DateOnly(2026, 3, 1), o.Path[0].On);
        Assert.Equal(SummaryOutcome.Exited, o.Outcome);
        Assert.Equal("发生较大生产安全事故", o.ClosingReason);
        Assert.StartsWith("已申报 → 符合申报条件 → 不符合申报条件 → 符合申报条件 → 普及培育中", SummaryDraft.PathText(o.Path), StringComparison.Ordinal);
        Assert.Equal(320.5m, o.BaselineTotal);

        // the same state twice in a row counts once; a case without a timeline shows where it stands
        var twice = SummaryDraft.Organization(row with { State = CaseState.Applied, Timeline = [E(CaseState.Applied, 0), E(CaseState.Applied, 1)] });
        Assert.Single(twice.Path);
        var bare = SummaryDraft.Organization(row with { State = CaseState.Showcased, Timeline = [] });
        Assert.Equal(CaseState.Showcased, Assert.Single(bare.Path).State);
        Assert.Null(bare.Path[0].On);
        Assert.Equal(SummaryOutcome.Completed, bare.Outcome);
    }

    [Fact]
    public void Every_final_state_has_an_outcome_and_outcomes_add_up_to_the_applicants()
    {
        Assert.All(Enum.GetValues<CaseState>(), s => Assert.False(string.IsNullOrEmpty(SummaryDraft.OutcomeLabel(SummaryDraft.Outcome(s)))));
        Assert.Equal(SummaryOutcome.Completed, SummaryDraft.Outcome(CaseState.Completed));
        Assert.Equal(SummaryOutcome.Unfinished, SummaryDraft.Outcome(CaseState.SiteVisited));
        Assert.Equal(SummaryOutcome.Stalled, SummaryDraft.Outcome(CaseState.Analysed));

        var outcomes = SummaryDraft.Build(Data(), null).Outcomes.ToDictionary(o => o.Outcome, o => o.Count);
        Assert.Equal(3, outcomes[SummaryOutcome.Completed]);
        Assert.Equal(1, outcomes[SummaryOutcome.Exited]);
        Assert.Equal(2, outcomes[SummaryOutcome.Withdrawn]);
        Assert.Equal(2, outcomes[SummaryOutcome.Ineligible]);
        Assert.Equal(1, outcomes[SummaryOutcome.Stalled]);
        Assert.Equal(10, outcomes.Values.Sum());
    }

    [Fact]
    public void Score_averages_and_the_gain_are_over_organizations_scored_twice()
    {
        var facts = SummaryDraft.Build(Data(scores: [new(300m, 420m), new(500m, 550.5m)]), null);
        Assert.Equal(400.0m, facts.Item("showcase.baselineAverage")!.Value);
        Assert.Equal(485.3m, facts.Item("showcase.rescoreAverage")!.Value);
        Assert.Equal(85.3m, facts.Item("showcase.averageGain")!.Value);
        Assert.Equal("85.3 分", facts.Item("showcase.averageGain")!.Text);
        Assert.Null(SummaryDraft.Build(Data(), null).Item("showcase.averageGain")!.Value);
    }

    [Fact]
    public void Frozen_facts_read_back_from_json_exactly()
    {
        var t0 = new DateTime(2026, 3, 1, 1, 0, 0, DateTimeKind.Utc);
        var facts = SummaryDraft.Build(Data(sessions: [new("条款解析一", CourseStage.Theory, CourseKind.Mandatory, Now.AddDays(-30), Now.AddDays(-30).AddHours(3), 4, 3)]),
            [new(Guid.NewGuid(), "冻结甲公司", CaseState.Completed, null, [new(CaseState.Applied, t0), new(CaseState.Completed, t0.AddDays(200))], 300m, 420m)]);

        var json = SummaryDraft.ToJson(facts);
        var back = SummaryDraft.FromJson(json);
        Assert.Equal(json, SummaryDraft.ToJson(back));
        Assert.Contains("冻结甲公司", json, StringComparison.Ordinal);
        Assert.Contains("\"Completed\"", json, StringComparison.Ordinal);
        Assert.Equal(facts.Item("organizations.eligible")!.Value, back.Item("organizations.eligible")!.Value);
        Assert.Equal(DateTimeKind.Utc, back.DraftedAt.Kind);
        Assert.Equal(2, Assert.Single(back.Organizations!).Path.Count);
    }
}
