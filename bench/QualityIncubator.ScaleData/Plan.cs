using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.ScaleData;

/// <summary>
/// Everything the generator decides before it writes: programmes, organizations with their path through the procedure (each step on a day
/// of the programme's calendar), experts, courses, and the counts that make the size's promises exact. Pure data, built by <see cref="Planner"/>.
/// </summary>
internal sealed class ScalePlan
{
    public required IReadOnlyList<PlannedProgramme> Programmes { get; init; }
    public required IReadOnlyList<PlannedExpert> Experts { get; init; }
    public required IReadOnlyList<PlannedOffice> Office { get; init; }
    public required DateTime PoolCreatedAt { get; init; }
    public IEnumerable<PlannedOrg> Organizations => Programmes.SelectMany(p => p.Orgs);
    public PlannedProgramme Largest => Programmes[0];
}

/// <summary>An Office (区评审办) login.</summary>
internal sealed record PlannedOffice(string UserName, string DisplayName, string Email)
{
    /// <summary>The name the audit trail and the "by" fields show for this person (<c>HttpAuditActor</c>'s form).</summary>
    public string Actor => $"{DisplayName}（{UserName}）";
}

/// <summary>
/// The days of a programme's calendar (counted from its start, the day the call opens) on which each step happens. The schedule windows
/// printed on the programme page are <see cref="Windows"/>; the Office moves the programme to a stage on its <see cref="StageDays"/>.
/// </summary>
internal static class Calendar
{
    public const double Setup = -20;
    public const double CallPublished = -5;
    public const double CallCloses = 30;
    public const double AwarenessStart = 39;
    public const double SelfEvaluationDue = 100;
    public const double PoolPublished = 116;
    public const double TheoryStart = 121;
    public const double CoachingStart = 181;
    public const double ShowcaseStart = 241;
    public const double Completed = 269.5;

    /// <summary>The planned window of each scheduled stage (the demo programme's offsets).</summary>
    public static readonly IReadOnlyList<(ProgrammeStage Stage, int From, int To)> Windows =
    [
        (ProgrammeStage.Mobilization, 0, 30), (ProgrammeStage.ExpertSelection, 15, 45), (ProgrammeStage.AwarenessTraining, 31, 60),
        (ProgrammeStage.BaselineAssessment, 61, 120), (ProgrammeStage.TheoryGuidance, 121, 180), (ProgrammeStage.SiteCoaching, 181, 240),
        (ProgrammeStage.Showcase, 241, 270), (ProgrammeStage.Review, 271, 300), (ProgrammeStage.Archive, 301, 320),
    ];

    /// <summary>The day the Office moves the programme into each stage (up to 5, review; nothing here is archived).</summary>
    public static readonly IReadOnlyList<(ProgrammeStage Stage, double Day)> StageDays =
    [
        (ProgrammeStage.Mobilization, 0), (ProgrammeStage.ExpertSelection, 31), (ProgrammeStage.AwarenessTraining, AwarenessStart),
        (ProgrammeStage.BaselineAssessment, 61), (ProgrammeStage.TheoryGuidance, TheoryStart), (ProgrammeStage.SiteCoaching, CoachingStart),
        (ProgrammeStage.Showcase, ShowcaseStart), (ProgrammeStage.Review, 271),
    ];
}

internal sealed class PlannedProgramme
{
    public required int Index { get; init; }
    public required ProgrammeSlot Slot { get; init; }
    public required DateOnly Start { get; init; }
    public required string Title { get; init; }

    /// <summary>Days from the start to the as-of date (00:00 China time): only what happens before it exists.</summary>
    public required double AsOfDay { get; init; }
    public required PlannedOffice Officer { get; init; }

    public int Year => Start.Year;
    public bool IsLargest => Index == 0;
    public List<PlannedOrg> Orgs { get; } = [];
    public List<PlannedCourse> Courses { get; } = [];
    public List<PlannedExchange> Exchanges { get; } = [];

    /// <summary>The stage on the as-of date: the last one the Office has moved it into.</summary>
    public ProgrammeStage Stage => Calendar.StageDays.Where(s => s.Day < AsOfDay).Select(s => s.Stage).DefaultIfEmpty(ProgrammeStage.Planning).Max();

    public bool Reached(double day) => day < AsOfDay;

    public DateTime At(double day) => ChinaTime.ToUtc(Start.ToDateTime(TimeOnly.MinValue)).AddDays(day);

    public DateOnly DateAt(double day) => ChinaTime.DateOf(At(day));

    public Guid Id { get; set; }
    public bool PoolPublished => Reached(Calendar.PoolPublished) && Orgs.Any(o => o.InPool);
}

/// <summary>One step of a case's timeline.</summary>
internal sealed record PlannedStep(CaseState To, double Day, string? Reason, string Actor);

internal sealed record PlannedPerson(string Name, string Title, string Phone)
{
    public Guid Id { get; set; }
}

internal sealed record PlannedPenalty(DateOnly DecidedOn, string Authority, string DecisionNumber, string Category, decimal AmountYuan, string Summary);

internal sealed class PlannedReview
{
    public required Dictionary<string, int> Scores { get; init; }
    public required double SubmitDay { get; init; }
    public bool Submitted { get; set; }
}

internal sealed class PlannedOrg
{
    public required int Index { get; init; }
    public required PlannedProgramme Programme { get; init; }
    public required string Name { get; init; }
    public required string CreditCode { get; init; }
    public required ApplicationInput Form { get; init; }
    public required string UserName { get; init; }
    public required string UserDisplayName { get; init; }

    /// <summary>The organization's latent level of excellence (a GB/T 19580 percentage around which its scores fall).</summary>
    public required double Quality { get; init; }

    public string UserActor => $"{UserDisplayName}（{UserName}）";
    public List<PlannedStep> Steps { get; } = [];
    public CaseState State => Steps.Where(s => Programme.Reached(s.Day)).OrderBy(s => s.Day).Select(s => s.To).DefaultIfEmpty(CaseState.Applied).Last();

    // 4.1
    public double RegisterDay { get; set; }
    public double ApplyDay { get; set; }
    public double DecideDay { get; set; }
    public EligibilityVerdict? Verdict { get; set; }
    public EligibilityDecision Decision { get; set; }
    public string? DecisionReason { get; set; }
    public string? LeadershipJudgement { get; set; }
    public int ApplicationFiles { get; set; }

    // 4.3
    public double?[] StudyDays { get; set; } = [];

    // 4.4.1
    public Dictionary<string, string?> AppendixB { get; set; } = [];
    public Dictionary<string, string?>? ReportSections { get; set; }
    public double? BaselineStartDay { get; set; }
    public double? BaselineSubmitDay { get; set; }
    public bool HasBaselineForm { get; set; }
    public bool BaselineSubmitted => HasBaselineForm && BaselineSubmitDay is { } d && Programme.Reached(d);
    public int EvidenceFiles { get; set; }

    // 4.4.2
    public double? AssignDay { get; set; }
    public int Reviewers { get; set; }
    public List<PlannedReview> Reviews { get; } = [];
    public Dictionary<string, int>? Consensus { get; set; }
    public double? ConsensusDay { get; set; }
    public double? ReleaseDay { get; set; }

    // 4.4.3
    public double? AnalysisDay { get; set; }
    public double? FeedbackDay { get; set; }
    public double? AcknowledgeDay { get; set; }
    public List<PlannedPenalty> Penalties { get; } = [];

    // 4.4.4
    public bool InPool { get; set; }
    public int? Rank { get; set; }
    public decimal? RankingTotal { get; set; }
    public decimal? ConsensusTotal { get; set; }
    public double? ExitDay { get; set; }
    public ExitGround? ExitGround { get; set; }
    public string? ExitText { get; set; }

    // 4.5
    public List<PlannedPerson> Persons { get; } = [];
    public double PersonsDay { get; set; }
    public List<PlannedCourse> Electives { get; } = [];
    public double ElectivesDay { get; set; }

    // 4.6
    public int Coaches { get; set; }
    public double? CoachAssignDay { get; set; }
    public double? VisitPlannedDay { get; set; }
    public double VisitDay { get; set; }
    public double? OpinionDraftDay { get; set; }
    public double? OpinionSignedDay { get; set; }
    public double? OpinionAcceptedDay { get; set; }
    public double? OpinionReleasedDay { get; set; }

    // 4.7
    public double? FinalStartDay { get; set; }
    public double? FinalSubmitDay { get; set; }
    public bool HasFinalForm { get; set; }
    public bool FinalSubmitted => HasFinalForm && FinalSubmitDay is { } d && Programme.Reached(d);
    public int FinalFiles { get; set; }
    public double? ProfileStartDay { get; set; }
    public double? ProfileSubmitDay { get; set; }
    public double? RescoreDay { get; set; }
    public double? ApproveDay { get; set; }
    public Dictionary<string, int>? Rescore { get; set; }
    public bool PublicConsent { get; set; }

    // written
    public Guid OrganizationId { get; set; }
    public Guid CaseId { get; set; }
    public Guid ApplicationId { get; set; }
    public string? UserId { get; set; }
    public Guid BaselineFormId { get; set; }
}

internal sealed class PlannedExpert
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required string UserName { get; init; }
    public required string? Employer { get; init; }
    public required string? EmployerCreditCode { get; init; }
    public required string Title { get; init; }
    public required string Mobile { get; init; }
    public required string Email { get; init; }
    public required IReadOnlyList<string> Industries { get; init; }
    public required IReadOnlyList<string> Specialties { get; init; }
    public required bool IsLecturer { get; init; }
    public required bool IsReportReviewer { get; init; }
    public required bool IsSiteCoach { get; init; }
    public required Web.Experts.ExpertStatus Status { get; init; }
    public required string ExaminerCertificate { get; init; }
    public required string AwardReviewExperience { get; init; }
    public required int YearsOfExperience { get; init; }
    public List<PlannedConflict> Conflicts { get; } = [];
    public List<DateOnly> Unavailable { get; } = [];

    public string Actor => $"{Name}（{UserName}）";
    public Guid Id { get; set; }
    public string? UserId { get; set; }
}

internal sealed record PlannedConflict(Web.Experts.ConflictKind Kind, string? CreditCode, string? OrganizationName, DateOnly? From, DateOnly? To, string? Note, bool DeclaredByOffice);

internal sealed class PlannedCourse
{
    public required CoursePresets.Preset Preset { get; init; }
    public required int SortOrder { get; init; }
    public List<PlannedSession> Sessions { get; } = [];
    public Guid Id { get; set; }
}

internal sealed class PlannedSession
{
    public required PlannedCourse Course { get; init; }
    public required double Day { get; init; }
    public required int StartHour { get; init; }
    public required string? Place { get; init; }
    public required string? OnlineLink { get; init; }
    public required int Capacity { get; init; }

    /// <summary>The pool members placed in this session (one session of each mandatory course, one of each chosen elective).</summary>
    public List<PlannedOrg> Orgs { get; } = [];
    public List<PlannedAttendance> Attendance { get; } = [];
    public Guid Id { get; set; }
}

internal sealed record PlannedAttendance(PlannedOrg Org, PlannedPerson Person, AttendanceStatus Status, AttendanceMethod Method);

internal sealed class PlannedExchange
{
    public required Web.Showcase.ExchangeKind Kind { get; init; }
    public required string Title { get; init; }
    public required double Day { get; init; }
    public required string Place { get; init; }
    public required string? Host { get; init; }
    public required string Summary { get; init; }
    public List<(PlannedOrg Org, bool Attended, int Participants, string? Presented)> Invited { get; } = [];
}
