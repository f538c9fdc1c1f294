namespace QualityIncubator.Web.Experts.Assignment;

/// <summary>The three expert roles of 5.2.3: 授课专家 / 自评报告评价专家 / 现场扶优指导专家.</summary>
public enum ExpertRole
{
    Lecturer,
    ReportReviewer,
    SiteCoach,
}

/// <summary>An expert of the pool (4.2) as the engine sees them.</summary>
/// <param name="Capacity">Overrides <see cref="AssignmentOptions.MaxPerExpert"/> for this expert.</param>
/// <param name="Industries">GB/T 4754 section letters ("C").</param>
/// <param name="Roles">The roles the expert serves in (held and not suspended, see <see cref="ExpertRoles"/>).</param>
/// <param name="Suspended">Roles the expert holds but the Office suspended (5.3.2); only used to explain a refusal.</param>
public sealed record Candidate(
    Guid ExpertId,
    string Name,
    IReadOnlySet<ExpertRole> Roles,
    bool Active,
    IReadOnlyCollection<string> Industries,
    IReadOnlyCollection<string> Specialties,
    IReadOnlySet<DateOnly> UnavailableOn,
    int? Capacity = null,
    IReadOnlySet<ExpertRole>? Suspended = null);

/// <summary>What needs experts: an organization's report review (4.4.2), its site visit (4.6.1) or a course session (4.5).</summary>
/// <param name="ItemId">The organization or the session; conflicts name it.</param>
/// <param name="Label">The organization's or session's name, for messages.</param>
/// <param name="Required">How many experts (k).</param>
/// <param name="Industry">GB/T 4754 section letter of the organization, if any.</param>
/// <param name="PreferredExperts">Continuity: e.g. the experts who reviewed this organization's report.</param>
public sealed record Demand(
    Guid ItemId,
    string Label,
    ExpertRole Role,
    int Required,
    DateOnly? Date,
    string? Industry,
    IReadOnlyCollection<string> Specialties,
    IReadOnlyCollection<Guid> PreferredExperts);

/// <summary>A declared interest (4.2.3 回避) between an expert and an organization (or session).</summary>
public sealed record Conflict(Guid ExpertId, Guid ItemId);

/// <summary>One expert on one demand, as stored or proposed.</summary>
public sealed record AssignedPair(Guid ItemId, Guid ExpertId);

/// <summary>Limits and preference weights. Weights are integer points; a higher score is preferred.</summary>
public sealed record AssignmentOptions
{
    /// <summary>At most this many assignments per expert in one solve, unless the expert's own <see cref="Candidate.Capacity"/> says otherwise.</summary>
    public int MaxPerExpert { get; init; } = 12;

    /// <summary>Points when the expert knows the organization's industry.</summary>
    public int IndustryWeight { get; init; } = 100;

    /// <summary>Points per specialty wanted and held.</summary>
    public int SpecialtyWeight { get; init; } = 40;

    /// <summary>Load spreading: an expert's n-th assignment (counted from 0) costs n × this.</summary>
    public int LoadWeight { get; init; } = 5;

    /// <summary>Penalty per extra time the same two experts serve together.</summary>
    public int RepeatedPairWeight { get; init; } = 20;

    /// <summary>Points when the expert is one the demand prefers (continuity).</summary>
    public int ContinuityWeight { get; init; } = 60;

    public bool Continuity { get; init; } = true;
}

/// <summary>One proposal with its reasons.</summary>
/// <param name="Lead">The team lead of a site-coach team (4.6.1): the best-matching member.</param>
/// <param name="Explanation">Why this expert, in Chinese.</param>
public sealed record Assignment(Guid ItemId, Guid ExpertId, string ExpertName, int Score, bool Lead, string Explanation);

/// <summary>A demand the pool cannot fully cover, with the hard constraint that leaves it short.</summary>
public sealed record UncoveredDemand(Guid ItemId, string Label, int Missing, string Reason);

/// <param name="Cost">The objective of the proposal: −preference points + load-spreading cost + repeated-pair penalty (lower is better).</param>
/// <param name="LowerBound">The min-cost-flow optimum without the repeated-pair penalty: no proposal covering as many places can cost less.</param>
/// <param name="Optimal">Cost equals the lower bound, so the proposal is provably optimal; otherwise it is within Cost − LowerBound of it.</param>
public sealed record AssignmentResult(IReadOnlyList<Assignment> Assignments, IReadOnlyList<UncoveredDemand> Uncovered, long Cost, long LowerBound, bool Optimal)
{
    public bool Feasible => Uncovered.Count == 0;
}

/// <summary>The verdict on a manual change by the Office.</summary>
public sealed record PairCheck(bool Allowed, IReadOnlyList<string> Reasons);
