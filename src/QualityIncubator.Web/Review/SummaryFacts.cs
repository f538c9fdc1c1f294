using System.Text.Json.Serialization;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Review;

// ---- What the summary shows (5.1.2); frozen as JSON in ProgrammeSummary.FactsJson when the Office approves it ----

/// <summary>
/// One figure of a stage: a stable key (the page's <c>data-fact</c>, the tests), the Chinese label, the value (a count, a percentage
/// 0–100 or points; null when nothing could be counted, e.g. a rate with no session held) and its unit.
/// </summary>
public sealed record FactItem(string Key, string Label, decimal? Value, string Unit)
{
    [JsonIgnore] public string Text => SummaryDraft.Format(Value, Unit);
}

/// <summary>The figures of one stage of the procedure (4.1–4.7), under the stage's clause and name.</summary>
public sealed record StageSection(ProgrammeStage Stage, string Heading, IReadOnlyList<FactItem> Items)
{
    public FactItem? Item(string key) => Items.FirstOrDefault(i => i.Key == key);
}

/// <summary>How many organizations reached one step of the path (clause 4's order).</summary>
public sealed record FunnelStep(string Key, string Label, string Clause, int Count);

/// <summary>
/// One course session: the organizations expected at it (in the right state at the time), those of them that attended, and the rate
/// (a percentage with one decimal; null until the session is over or when nobody was expected).
/// </summary>
public sealed record SessionFacts(string Course, CourseStage Stage, CourseKind Kind, DateTime StartsAt, bool Held, int Expected, int Attended, decimal? Rate);

/// <summary>One exit from the incubation pool (4.4.4.3) with its recorded reason.</summary>
public sealed record ExitFacts(string Organization, ExitGround? Ground, string? Reason, DateTime ExitedAt);

/// <summary>Where the organizations ended up, as the summary groups them.</summary>
public enum SummaryOutcome
{
    /// <summary>已成果展示 or 培育孵化完成: the whole path.</summary>
    Completed,

    /// <summary>In the pool at the end without an approved showcase.</summary>
    Unfinished,

    /// <summary>Left the pool (4.4.4.3).</summary>
    Exited,

    /// <summary>Not selected for the pool (4.4.4.1).</summary>
    NotSelected,

    /// <summary>Withdrew before the pool (4.3.5).</summary>
    Withdrawn,

    /// <summary>Did not meet the conditions (4.1.2).</summary>
    Ineligible,

    /// <summary>Still before the pool when the programme ended (no decision recorded).</summary>
    Stalled,
}

/// <summary>A count of organizations per outcome.</summary>
public sealed record OutcomeCount(SummaryOutcome Outcome, string Label, int Count);

/// <summary>One step of an organization's timeline: the state it entered and the China date (null when the case has no timeline entry for it).</summary>
public sealed record PathStep(CaseState State, DateOnly? On);

/// <summary>One organization in the summary: its path through the programme (from the case timeline), outcome and scores before and after.</summary>
public sealed record OrganizationFacts(Guid OrganizationId, string Name, CaseState State, SummaryOutcome Outcome, string? ClosingReason,
    IReadOnlyList<PathStep> Path, decimal? BaselineTotal, decimal? RescoreTotal);

/// <summary>
/// The drafted facts of a programme (5.1.2 各阶段工作的整体情况、培育孵化组织的培育孵化情况). <see cref="Organizations"/> holds every
/// organization when the facts are frozen or exported, and is null on the live page (which pages them in the database).
/// </summary>
public sealed record SummaryFacts(int Schema, Guid ProgrammeId, string ProgrammeTitle, int Year, DateTime DraftedAt,
    IReadOnlyList<StageSection> Stages, IReadOnlyList<FunnelStep> Funnel, IReadOnlyList<SessionFacts> Sessions, IReadOnlyList<ExitFacts> Exits,
    IReadOnlyList<OutcomeCount> Outcomes, int OrganizationCount, IReadOnlyList<OrganizationFacts>? Organizations)
{
    public const int CurrentSchema = 1;

    public StageSection? Stage(ProgrammeStage stage) => Stages.FirstOrDefault(s => s.Stage == stage);

    /// <summary>The item with this key in whichever stage holds it.</summary>
    public FactItem? Item(string key) => Stages.SelectMany(s => s.Items).FirstOrDefault(i => i.Key == key);
}

// ---- Chart geometry (server-rendered SVG, no script, no inline style) ----

/// <summary>One horizontal bar in SVG user units; <paramref name="Value"/> and <paramref name="Text"/> are the figure the table shows.</summary>
public sealed record SummaryBar(string Key, string Label, decimal Value, string Text, decimal X, decimal Y, decimal Width, decimal Height, string Title);

/// <summary>A horizontal bar chart: labels left of <paramref name="PlotLeft"/>, bar lengths = value ÷ <paramref name="Max"/> × <paramref name="PlotWidth"/>.</summary>
public sealed record SummaryChart(string Id, string Caption, decimal Width, decimal Height, decimal PlotLeft, decimal PlotWidth, decimal Max, IReadOnlyList<SummaryBar> Bars);

// ---- The plain data the builder starts from (read by SummaryQueries) ----

/// <summary>Cases of the programme: by current state, by states reached on the timeline (distinct cases), and withdrawals by the state left.</summary>
public sealed record CaseCounts(int ApplicationsSubmitted, IReadOnlyDictionary<CaseState, int> Current, IReadOnlyDictionary<CaseState, int> Reached,
    IReadOnlyDictionary<CaseState, int> WithdrawnFrom)
{
    public int Total => Current.Values.Sum();
    public int CurrentIn(CaseState state) => Current.GetValueOrDefault(state);
    public int ReachedIn(CaseState state) => Reached.GetValueOrDefault(state);
    public int WithdrawnFromAny(params CaseState[] states) => states.Sum(s => WithdrawnFrom.GetValueOrDefault(s));
}

/// <summary>Distinct experts per role who worked in the programme (lecturers by session, the others by active or ended task), pledges, recusals.</summary>
public sealed record ExpertCounts(int Lecturers, int ReportReviewers, int SiteCoaches, int Pledges, int Recusals);

public sealed record CourseCounts(int AwarenessCourses, int AwarenessStudiedAll, int MandatoryCourses, int ElectiveCourses, int ElectiveChoices, int ElectiveOrganizations);

/// <summary>One session with the organizations expected at it and those of them that attended (read in the database).</summary>
public sealed record SessionCount(string Course, CourseStage Stage, CourseKind Kind, DateTime StartsAt, DateTime EndsAt, int Expected, int Attended);

/// <summary>A pool member's stay, designated responsible persons and attendance of the mandatory theory sessions (4.5.3).</summary>
public sealed record MemberAttendance(Guid OrganizationId, DateTime EnteredAt, DateTime? ExitedAt, IReadOnlySet<Guid> ResponsiblePersons, IReadOnlyList<AttendanceRule.Record> Records);

public sealed record AssessmentCounts(int SelfEvaluationsSubmitted, int ReviewsSubmitted, int OrganizationsReviewed, int ConsensusReleased,
    int AnalysesFedBack, int AnalysesAcknowledged, int Penalties, int OrganizationsWithPenalties);

/// <summary>Organizations that entered the pool, and those still in it at the end.</summary>
public sealed record PoolCounts(int Entered, int AtEnd);

public sealed record VisitCounts(int Held, int Cancelled, int OrganizationsVisited, int OpinionsSubmitted, int OpinionsReturned, int Returns, int OpinionsAccepted, int OpinionsReleased);

public sealed record ShowcaseCounts(int FinalFormsSubmitted, int ProfilesSubmitted, int ProfilesApproved, int PublicConsent, int Rescored,
    int ShowcaseEvents, int BenchmarkVisits, int AttendedOrganizations, int Participants);

/// <summary>The baseline consensus total and the re-score total of one organization that has both (4.7.2).</summary>
public sealed record ScorePair(decimal Baseline, decimal Rescore);

/// <summary>One entry of a case timeline.</summary>
public sealed record TimelineEntry(CaseState To, DateTime At);

/// <summary>One organization as read: its case, timeline and totals.</summary>
public sealed record OrganizationRow(Guid OrganizationId, string Name, CaseState State, string? ClosingReason, IReadOnlyList<TimelineEntry> Timeline,
    decimal? BaselineTotal, decimal? RescoreTotal);

/// <summary>Everything the summary is drafted from, as plain data.</summary>
public sealed record SummaryData(Guid ProgrammeId, string Title, int Year, DateTime NowUtc, CaseCounts Cases, ExpertCounts Experts, CourseCounts Courses,
    IReadOnlyList<SessionCount> Sessions, IReadOnlyList<AttendanceRule.MandatorySession> MandatorySessions, IReadOnlyList<MemberAttendance> Members,
    AssessmentCounts Assessment, PoolCounts Pool, IReadOnlyList<ExitFacts> Exits, VisitCounts Visits, ShowcaseCounts Showcase, IReadOnlyList<ScorePair> Scores);
