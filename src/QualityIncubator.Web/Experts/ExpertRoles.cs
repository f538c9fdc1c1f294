using System.Linq.Expressions;

namespace QualityIncubator.Web.Experts;

/// <summary>An expert's roles (5.2.3) as the role flags and the roles suspended after a review (5.3.2).</summary>
public sealed record RoleState(IReadOnlySet<AssignmentRole> Flags, IReadOnlySet<AssignmentRole> Suspended)
{
    /// <summary>The roles the expert serves in now: held and not suspended.</summary>
    public IReadOnlyList<AssignmentRole> Serving => [.. Enum.GetValues<AssignmentRole>().Where(r => ExpertRoles.Serves(this, r))];
}

/// <summary>
/// The one place that decides whether an expert serves in a role (5.2.3 the role is held, 5.3.2 and not suspended), and the changes the
/// Office's team adjustment makes to the roles. Pure, plus the same decision as a database filter (<see cref="ServingIn"/>).
/// </summary>
public static class ExpertRoles
{
    public static RoleState Of(Expert e) => Of(e.IsLecturer, e.IsReportReviewer, e.IsSiteCoach, e.SuspendedRoles);

    public static RoleState Of(bool isLecturer, bool isReportReviewer, bool isSiteCoach, string? suspendedRoles)
    {
        var flags = new HashSet<AssignmentRole>();
        if (isLecturer)
        {
            flags.Add(AssignmentRole.Lecturer);
        }
        if (isReportReviewer)
        {
            flags.Add(AssignmentRole.ReportReviewer);
        }
        if (isSiteCoach)
        {
            flags.Add(AssignmentRole.SiteCoach);
        }
        return new RoleState(flags, ParseSuspended(suspendedRoles));
    }

    // 5.2.3 the expert holds the role; 5.3.2 a suspended role is treated as not held until the Office lifts it.
    public static bool Serves(RoleState state, AssignmentRole role) => state.Flags.Contains(role) && !state.Suspended.Contains(role);

    public static bool Serves(Expert e, AssignmentRole role) => Serves(Of(e), role);

    /// <summary>The roles named in <see cref="Expert.SuspendedRoles"/> (comma-separated <see cref="AssignmentRole"/> names; unknown names ignored).</summary>
    public static IReadOnlySet<AssignmentRole> ParseSuspended(string? suspendedRoles) =>
        (suspendedRoles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => Enum.TryParse<AssignmentRole>(n, ignoreCase: false, out var r) && Enum.IsDefined(r) ? r : (AssignmentRole?)null)
            .OfType<AssignmentRole>().ToHashSet();

    /// <summary>The stored form of the suspended roles, in role order; null when none.</summary>
    public static string? FormatSuspended(IEnumerable<AssignmentRole> roles)
    {
        var names = roles.Distinct().Order().Select(r => r.ToString()).ToList();
        return names.Count == 0 ? null : string.Join(",", names);
    }

    // 5.3.2 调出: the expert leaves the role's team (the flag is cleared, and a suspension of it no longer matters).
    public static RoleState Remove(RoleState state, AssignmentRole role) => new(Without(state.Flags, role), Without(state.Suspended, role));

    // 5.3.2 暂停: the expert keeps the role on record but is not assigned in it until the Office lifts the suspension.
    public static RoleState Suspend(RoleState state, AssignmentRole role) => new(state.Flags, With(state.Suspended, role));

    // 5.3.2 继续聘用: a suspension of the role is lifted.
    public static RoleState Keep(RoleState state, AssignmentRole role) => new(state.Flags, Without(state.Suspended, role));

    /// <summary>Gives the role back (undoing an earlier removal that the Office has since changed its mind about).</summary>
    public static RoleState Grant(RoleState state, AssignmentRole role) => new(With(state.Flags, role), state.Suspended);

    /// <summary>Writes a role state onto the expert's record.</summary>
    public static void ApplyTo(RoleState state, Expert e)
    {
        e.IsLecturer = state.Flags.Contains(AssignmentRole.Lecturer);
        e.IsReportReviewer = state.Flags.Contains(AssignmentRole.ReportReviewer);
        e.IsSiteCoach = state.Flags.Contains(AssignmentRole.SiteCoach);
        e.SuspendedRoles = FormatSuspended(state.Suspended);
    }

    /// <summary>"授课专家、现场扶优指导专家（暂停）": every held role, a suspended one marked.</summary>
    public static string Text(RoleState state) => string.Join("、", Enum.GetValues<AssignmentRole>().Where(state.Flags.Contains)
        .Select(r => AssignmentLabels.Role(r) + (state.Suspended.Contains(r) ? "（暂停）" : "")));

    /// <summary>The experts who serve in <paramref name="role"/>, as a database filter: the same decision as <see cref="Serves(RoleState, AssignmentRole)"/>.</summary>
    public static IQueryable<Expert> ServingIn(this IQueryable<Expert> experts, AssignmentRole role) => experts.Where(ServingExpression(role));

    private static Expression<Func<Expert, bool>> ServingExpression(AssignmentRole role)
    {
        var token = "," + role + ",";
        return role switch
        {
            AssignmentRole.Lecturer => e => e.IsLecturer && (e.SuspendedRoles == null || !("," + e.SuspendedRoles + ",").Contains(token)),
            AssignmentRole.ReportReviewer => e => e.IsReportReviewer && (e.SuspendedRoles == null || !("," + e.SuspendedRoles + ",").Contains(token)),
            AssignmentRole.SiteCoach => e => e.IsSiteCoach && (e.SuspendedRoles == null || !("," + e.SuspendedRoles + ",").Contains(token)),
            _ => throw new ArgumentOutOfRangeException(nameof(role)),
        };
    }

    private static HashSet<AssignmentRole> With(IReadOnlySet<AssignmentRole> set, AssignmentRole role) => [.. set, role];

    private static HashSet<AssignmentRole> Without(IReadOnlySet<AssignmentRole> set, AssignmentRole role) => [.. set.Where(r => r != role)];
}
