using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Review;

/// <summary>
/// 5.1.2 培育孵化工作总结: drafts the facts of every stage, the organizations' paths and outcomes, and the charts, from plain data. Pure.
/// </summary>
public static class SummaryDraft
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The facts of the whole programme; <paramref name="organizations"/> (every one, for freezing and export) or null (the page pages them).</summary>
    public static SummaryFacts Build(SummaryData data, IReadOnlyList<OrganizationRow>? organizations)
    {
        ArgumentNullException.ThrowIfNull(data);
        var c = data.Cases;
        var sessions = data.Sessions.OrderBy(s => s.StartsAt).Select(s => Session(s, data.NowUtc)).ToList();
        var compliance = Compliance(data.MandatorySessions, data.Members, data.NowUtc);
        var stages = new List<StageSection>
        {
            // 4.1.2 / 4.1.3: every case is an application; the eligible are those the Office did not leave undecided or refuse, and that did not withdraw before the decision
            new(ProgrammeStage.Mobilization, Heading(ProgrammeStage.Mobilization),
            [
                new("applications.submitted", "收到《培育孵化项目申请书》", data.Cases.ApplicationsSubmitted, "份"),
                new("organizations.applied", "申报组织", c.Total, "家"),
                new("organizations.eligible", "符合申报条件", Eligible(c), "家"),
                new("organizations.ineligible", "不符合申报条件", c.CurrentIn(CaseState.Ineligible), "家"),
                new("organizations.undecided", "未作申报条件结论", c.CurrentIn(CaseState.Applied), "家"),
                new("withdrawn.mobilization", "组织发动阶段撤回", WithdrawnIn(c, ProgrammeStage.Mobilization), "家"),
            ]),
            // 4.2 / 5.2.3: the experts of the three roles who worked in this programme
            new(ProgrammeStage.ExpertSelection, Heading(ProgrammeStage.ExpertSelection),
            [
                new("experts.lecturers", "理论课程授课专家", data.Experts.Lecturers, "人"),
                new("experts.reviewers", "自评报告评价专家", data.Experts.ReportReviewers, "人"),
                new("experts.coaches", "现场扶优指导专家", data.Experts.SiteCoaches, "人"),
                new("experts.pledges", "签署廉洁自律、保密和回避承诺书", data.Experts.Pledges, "份"),
                new("experts.recusals", "专家回避", data.Experts.Recusals, "次"),
            ]),
            // 4.3.4–4.3.5: courses, sessions held, who studied everything and who went on
            new(ProgrammeStage.AwarenessTraining, Heading(ProgrammeStage.AwarenessTraining),
            [
                new("awareness.courses", "普及培育课程", data.Courses.AwarenessCourses, "门"),
                new("awareness.sessionsHeld", "已举行的普及培育课程场次", sessions.Count(s => s.Held && s.Stage == CourseStage.Awareness), "场"),
                new("awareness.organizations", "参加普及培育的组织", c.ReachedIn(CaseState.Awareness), "家"),
                new("awareness.studiedAll", "学完全部普及培育课程的组织", data.Courses.AwarenessStudiedAll, "家"),
                new("awareness.continuing", "确认继续参与", c.ReachedIn(CaseState.Continuing), "家"),
                new("withdrawn.awareness", "普及培育阶段退出", WithdrawnIn(c, ProgrammeStage.AwarenessTraining), "家"),
            ]),
            // 4.4: self-evaluation, expert review, quality analysis, the pool and its exits
            new(ProgrammeStage.BaselineAssessment, Heading(ProgrammeStage.BaselineAssessment),
            [
                new("withdrawn.baseline", "摸底评估阶段退出", WithdrawnIn(c, ProgrammeStage.BaselineAssessment), "家"),
                new("selfEvaluations.submitted", "提交前期自评表", data.Assessment.SelfEvaluationsSubmitted, "份"),
                new("reviews.submitted", "专家提交的评价", data.Assessment.ReviewsSubmitted, "份"),
                new("reviews.organizations", "完成专家评价的组织", data.Assessment.OrganizationsReviewed, "家"),
                new("reviews.released", "专家评价意见已反馈的组织", data.Assessment.ConsensusReleased, "家"),
                new("quality.fedBack", "质量分析结果已反馈的组织", data.Assessment.AnalysesFedBack, "家"),
                new("quality.acknowledged", "确认收到质量分析结果的组织", data.Assessment.AnalysesAcknowledged, "家"),
                new("penalties.count", "近两年行政处罚记录", data.Assessment.Penalties, "起"),
                new("penalties.organizations", "有行政处罚记录的组织", data.Assessment.OrganizationsWithPenalties, "家"),
                new("pool.entered", "入选培育孵化库", data.Pool.Entered, "家"),
                new("pool.notSelected", "未入选培育孵化库", c.ReachedIn(CaseState.NotSelected), "家"),
                new("pool.exited", "退出培育孵化库", data.Exits.Count, "家次"),
                new("pool.atEnd", "期末在库", data.Pool.AtEnd, "家"),
            ]),
            // 4.5.3: attendance of the held sessions and full attendance of the mandatory series by the responsible persons
            new(ProgrammeStage.TheoryGuidance, Heading(ProgrammeStage.TheoryGuidance),
            [
                new("theory.mandatoryCourses", "必修课程", data.Courses.MandatoryCourses, "门"),
                new("theory.electiveCourses", "辅助课程", data.Courses.ElectiveCourses, "门"),
                new("theory.sessionsHeld", "已举行的理论指导课程场次", sessions.Count(s => s.Held && s.Stage == CourseStage.Theory), "场"),
                new("theory.attendanceRate", "理论指导课程出勤率（按场次合计）", Rate(sessions.Where(s => s.Stage == CourseStage.Theory)), "%"),
                new("theory.fullAttendanceRate", "相关负责人全程参加必修课程的比例（4.5.3）", Percent(AttendanceRule.Rate(compliance)), "%"),
                new("theory.fullAttendance", "全程参加全部必修课程的组织", compliance.Count(x => x.Met), "家"),
                new("theory.electiveChoices", "辅助课程选课", data.Courses.ElectiveChoices, "门次"),
                new("theory.electiveOrganizations", "选学辅助课程的组织", data.Courses.ElectiveOrganizations, "家"),
            ]),
            // 4.6.4–4.6.6: visits held and the opinions' way to the Office (returns counted, 4.6.6)
            new(ProgrammeStage.SiteCoaching, Heading(ProgrammeStage.SiteCoaching),
            [
                new("visits.held", "已开展现场扶优", data.Visits.Held, "次"),
                new("visits.organizations", "接受现场扶优的组织", data.Visits.OrganizationsVisited, "家"),
                new("visits.cancelled", "取消的现场扶优", data.Visits.Cancelled, "次"),
                new("opinions.submitted", "提交区评审办的意见汇总表", data.Visits.OpinionsSubmitted, "份"),
                new("opinions.returned", "被退回修改的意见汇总表", data.Visits.OpinionsReturned, "份"),
                new("opinions.returns", "退回修改", data.Visits.Returns, "次"),
                new("opinions.accepted", "区评审办接收的意见汇总表", data.Visits.OpinionsAccepted, "份"),
                new("opinions.released", "已反馈组织的意见汇总表", data.Visits.OpinionsReleased, "份"),
            ]),
            // 4.7.2: profiles and the before/after of the scores; 4.7.1 / 4.7.3: the exchange events
            new(ProgrammeStage.Showcase, Heading(ProgrammeStage.Showcase),
            [
                new("showcase.finalForms", "提交最终前期自评表", data.Showcase.FinalFormsSubmitted, "份"),
                new("showcase.profilesSubmitted", "提交成果展示资料的组织", data.Showcase.ProfilesSubmitted, "家"),
                new("showcase.profilesApproved", "成果展示资料审核通过", data.Showcase.ProfilesApproved, "家"),
                new("showcase.publicConsent", "同意公开展示", data.Showcase.PublicConsent, "家"),
                new("showcase.rescored", "完成再次评分的组织", data.Showcase.Rescored, "家"),
                new("showcase.baselineAverage", "摸底评估平均得分（前后均有评分的组织）", Average(data.Scores.Select(s => s.Baseline)), "分"),
                new("showcase.rescoreAverage", "再次评分平均得分（同上）", Average(data.Scores.Select(s => s.Rescore)), "分"),
                new("showcase.averageGain", "平均提高", Average(data.Scores.Select(s => s.Rescore - s.Baseline)), "分"),
                new("exchange.showcaseEvents", "成果展示交流会", data.Showcase.ShowcaseEvents, "场"),
                new("exchange.benchmarkVisits", "标杆企业学习", data.Showcase.BenchmarkVisits, "场"),
                new("exchange.attended", "参加交流活动的组织", data.Showcase.AttendedOrganizations, "家次"),
                new("exchange.participants", "参加交流活动的人数", data.Showcase.Participants, "人"),
            ]),
        };
        return new SummaryFacts(SummaryFacts.CurrentSchema, data.ProgrammeId, data.Title, data.Year, data.NowUtc, stages, Funnel(c), sessions,
            [.. data.Exits.OrderBy(e => e.ExitedAt)], Outcomes(c.Current), c.Total, organizations?.Select(Organization).ToList());
    }

    private static string Heading(ProgrammeStage stage) => ProgrammeStages.LabelWithClause(stage);

    /// <summary>4.1.2: eligible = all applicants except those still undecided, refused, or withdrawn before the decision (a re-decision counts once).</summary>
    public static int Eligible(CaseCounts c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.Total - c.CurrentIn(CaseState.Applied) - c.CurrentIn(CaseState.Ineligible) - c.WithdrawnFromAny(CaseState.Applied);
    }

    /// <summary>The stage a withdrawal belongs to, by the state left (4.3.5 after awareness; 4.4.1.1 during the baseline assessment).</summary>
    public static ProgrammeStage WithdrawalStage(CaseState from) => from switch
    {
        // 4.1: before the awareness courses began
        CaseState.Applied or CaseState.Eligible => ProgrammeStage.Mobilization,
        // 4.3.5: the organization's own decision after the awareness courses
        CaseState.Awareness => ProgrammeStage.AwarenessTraining,
        // 4.4.1.1: having continued, it left during the baseline assessment
        _ => ProgrammeStage.BaselineAssessment,
    };

    private static int WithdrawnIn(CaseCounts c, ProgrammeStage stage) => c.WithdrawnFrom.Where(w => WithdrawalStage(w.Key) == stage).Sum(w => w.Value);

    /// <summary>4 工作程序: how many organizations reached each step of the path, in the standard's order.</summary>
    public static IReadOnlyList<FunnelStep> Funnel(CaseCounts c)
    {
        // 4: the path Applied → … → Completed; every step after eligibility is counted from the timeline (a state once reached stays reached)
        ArgumentNullException.ThrowIfNull(c);
        return
        [
            new("applied", "申报", "4.1.3", c.Total),
            new("eligible", "符合申报条件", "4.1.2", Eligible(c)),
            new("awareness", "参加普及培育", "4.3", c.ReachedIn(CaseState.Awareness)),
            new("continuing", "确认继续参与", "4.3.5", c.ReachedIn(CaseState.Continuing)),
            new("selfEvaluated", "完成自评", "4.4.1", c.ReachedIn(CaseState.SelfEvaluated)),
            new("reviewed", "完成专家评价", "4.4.2", c.ReachedIn(CaseState.Reviewed)),
            new("analysed", "完成质量分析", "4.4.3", c.ReachedIn(CaseState.Analysed)),
            new("inPool", "入选培育孵化库", "4.4.4", c.ReachedIn(CaseState.InPool)),
            new("theory", "参加理论指导", "4.5", c.ReachedIn(CaseState.Theory)),
            new("siteVisited", "完成现场扶优", "4.6", c.ReachedIn(CaseState.SiteVisited)),
            new("showcased", "完成成果展示", "4.7", c.ReachedIn(CaseState.Showcased)),
            new("completed", "培育孵化完成", "5.1.1", c.ReachedIn(CaseState.Completed)),
        ];
    }

    /// <summary>5.1.2 培育孵化组织的培育孵化情况: where an organization ended, from its final state.</summary>
    public static SummaryOutcome Outcome(CaseState state) => state switch
    {
        // 4.7 / 5.1.1: showcased organizations went the whole way, whether or not the Office also marked them completed
        CaseState.Showcased or CaseState.Completed => SummaryOutcome.Completed,
        CaseState.InPool or CaseState.Theory or CaseState.SiteVisited => SummaryOutcome.Unfinished,
        CaseState.Exited => SummaryOutcome.Exited,
        CaseState.NotSelected => SummaryOutcome.NotSelected,
        CaseState.Withdrawn => SummaryOutcome.Withdrawn,
        CaseState.Ineligible => SummaryOutcome.Ineligible,
        CaseState.Applied or CaseState.Eligible or CaseState.Awareness or CaseState.Continuing
            or CaseState.SelfEvaluated or CaseState.Reviewed or CaseState.Analysed => SummaryOutcome.Stalled,
    };

    public static string OutcomeLabel(SummaryOutcome outcome) => outcome switch
    {
        SummaryOutcome.Completed => "完成培育孵化（已成果展示）",
        SummaryOutcome.Unfinished => "在库但未完成成果展示",
        SummaryOutcome.Exited => "退出培育孵化库",
        SummaryOutcome.NotSelected => "未入选培育孵化库",
        SummaryOutcome.Withdrawn => "主动退出",
        SummaryOutcome.Ineligible => "不符合申报条件",
        SummaryOutcome.Stalled => "停留在入库前阶段",
    };

    private static List<OutcomeCount> Outcomes(IReadOnlyDictionary<CaseState, int> current) =>
        [.. Enum.GetValues<SummaryOutcome>().Select(o => new OutcomeCount(o, OutcomeLabel(o), current.Where(s => Outcome(s.Key) == o).Sum(s => s.Value)))];

    /// <summary>One organization's path: the states of its timeline in order (a repeated state once), its outcome and totals.</summary>
    public static OrganizationFacts Organization(OrganizationRow row)
    {
        // 5.1.2: the path is the case timeline (architecture "one workflow"); a case without a timeline shows where it stands now
        ArgumentNullException.ThrowIfNull(row);
        var path = new List<PathStep>();
        foreach (var e in row.Timeline.OrderBy(e => e.At))
        {
            if (path.Count == 0 || path[^1].State != e.To)
            {
                path.Add(new PathStep(e.To, ChinaTime.DateOf(e.At)));
            }
        }
        if (path.Count == 0 || path[^1].State != row.State)
        {
            path.Add(new PathStep(row.State, null));
        }
        return new OrganizationFacts(row.OrganizationId, row.Name, row.State, Outcome(row.State), row.ClosingReason, path, row.BaselineTotal, row.RescoreTotal);
    }

    /// <summary>The path as one line: 已申报 → 符合申报条件 → ….</summary>
    public static string PathText(IEnumerable<PathStep> path) => string.Join(" → ", path.Select(p => CaseTransitions.Label(p.State)));

    /// <summary>A session's rate: attended ÷ expected, once the session is over (4.3 / 4.5.3).</summary>
    public static SessionFacts Session(SessionCount s, DateTime nowUtc)
    {
        // 4.5.3: only a held session has an attendance; attended counts only organizations that were expected (never above 100 %)
        ArgumentNullException.ThrowIfNull(s);
        var held = s.EndsAt <= nowUtc;
        var attended = Math.Min(s.Attended, s.Expected);
        return new SessionFacts(s.Course, s.Stage, s.Kind, s.StartsAt, held, s.Expected, attended, held ? Ratio(attended, s.Expected) : null);
    }

    /// <summary>The attendance of several held sessions together: all attendances ÷ all expected (not the mean of the rates).</summary>
    public static decimal? Rate(IEnumerable<SessionFacts> sessions)
    {
        var held = sessions.Where(s => s.Held).ToList();
        return Ratio(held.Sum(s => s.Attended), held.Sum(s => s.Expected));
    }

    /// <summary>
    /// 4.5.3 for every pool member, on the mandatory sessions held while it was in the pool: a responsible person present in full
    /// (the course stage's own rule, <see cref="AttendanceRule.Evaluate"/>).
    /// </summary>
    public static IReadOnlyList<AttendanceRule.Compliance> Compliance(IReadOnlyList<AttendanceRule.MandatorySession> sessions, IReadOnlyList<MemberAttendance> members, DateTime nowUtc)
    {
        // 4.5.3 培育孵化组织相关的负责人应全程参加学习: an organization answers only for the sessions of its stay in the pool
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(members);
        return [.. members.Select(m => AttendanceRule.Evaluate(
            [.. sessions.Where(s => s.EndsAt >= m.EnteredAt && (m.ExitedAt is not { } exit || s.StartsAt < exit))],
            m.Records, m.ResponsiblePersons, nowUtc))];
    }

    /// <summary>A percentage with one decimal; null when there is nothing to divide by.</summary>
    public static decimal? Ratio(int part, int whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    private static decimal? Percent(double? fraction) => fraction is { } f ? Math.Round((decimal)f * 100m, 1, MidpointRounding.AwayFromZero) : null;

    private static decimal? Average(IEnumerable<decimal> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? null : Math.Round(list.Average(), 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>A figure as shown: counts as integers, percentages and points with one decimal, "—" when there is none.</summary>
    public static string Format(decimal? value, string unit) => value switch
    {
        null => "—",
        { } v when unit == "%" => v.ToString("0.0", CultureInfo.InvariantCulture) + "%",
        { } v when unit == "分" => v.ToString("0.0", CultureInfo.InvariantCulture) + " 分",
        { } v => v.ToString("0.##", CultureInfo.InvariantCulture) + " " + unit,
    };

    // ---- charts ----

    private const decimal LabelWidth = 220m, PlotWidth = 400m, ValueSpace = 70m, Top = 8m, RowHeight = 26m, BarHeight = 18m;

    /// <summary>The funnel: organizations per step; bar length = count ÷ applicants.</summary>
    public static SummaryChart FunnelChart(SummaryFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return Chart("funnel-chart", "各环节组织数（家）", [.. facts.Funnel.Select(f => (f.Key, f.Label, (decimal)f.Count, f.Count.ToString(CultureInfo.InvariantCulture)))], null);
    }

    /// <summary>The held sessions' attendance rates; bar length = rate ÷ 100 %.</summary>
    public static SummaryChart AttendanceChart(SummaryFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return Chart("attendance-chart", "已举行课程场次的出勤率（%）", [.. facts.Sessions.Where(s => s.Rate is not null).Select((s, i) =>
            ($"session-{i + 1}", $"{ChinaTime.DateOf(s.StartsAt):MM-dd} {Short(s.Course, 12)}", s.Rate!.Value, Format(s.Rate, "%")))], 100m);
    }

    /// <summary>The outcomes: organizations per outcome; bar length = count ÷ all organizations.</summary>
    public static SummaryChart OutcomeChart(SummaryFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return Chart("outcome-chart", "培育孵化组织的结果（家）", [.. facts.Outcomes.Select(o => (o.Outcome.ToString(), o.Label, (decimal)o.Count, o.Count.ToString(CultureInfo.InvariantCulture)))], null);
    }

    /// <summary>Horizontal bars, one row each; <paramref name="max"/> null: the largest value (at least 1) fills the plot.</summary>
    private static SummaryChart Chart(string id, string caption, IReadOnlyList<(string Key, string Label, decimal Value, string Text)> rows, decimal? max)
    {
        var scale = max ?? Math.Max(1m, rows.Count == 0 ? 1m : rows.Max(r => r.Value));
        var bars = rows.Select((r, i) =>
        {
            var width = Math.Round(Math.Min(r.Value, scale) / scale * PlotWidth, 2);
            return new SummaryBar(r.Key, r.Label, r.Value, r.Text, LabelWidth, Top + i * RowHeight + (RowHeight - BarHeight) / 2, width, BarHeight, $"{r.Label}：{r.Text}");
        }).ToList();
        return new SummaryChart(id, caption, LabelWidth + PlotWidth + ValueSpace, Top * 2 + Math.Max(1, rows.Count) * RowHeight, LabelWidth, PlotWidth, scale, bars);
    }

    private static string Short(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    // ---- frozen JSON ----

    public static string ToJson(SummaryFacts facts) => JsonSerializer.Serialize(facts, Json);

    public static SummaryFacts FromJson(string json) =>
        JsonSerializer.Deserialize<SummaryFacts>(json, Json) ?? throw new InvalidOperationException("工作总结的冻结数据无法读取");
}
