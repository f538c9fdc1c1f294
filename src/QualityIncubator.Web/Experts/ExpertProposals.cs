using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Experts.Assignment;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Experts;

/// <summary>Feeds the assignment engine from the database: the programme's open organizations, the active pool, conflicts, current load.</summary>
public sealed class ExpertProposals(AppDbContext db, TimeProvider clock)
{
    public sealed record Proposal(AssignmentResult Result, IReadOnlyDictionary<Guid, string> OrganizationNames);

    // The Office's limits for one proposal: experts wanted per organization, tasks per expert.
    public const int DefaultPerOrganization = 2;
    public const int MaxPerOrganization = 5;
    public const int DefaultMaxPerExpert = 12;
    public const int MaxLoadPerExpert = 100;

    public static ExpertRole EngineRole(AssignmentRole role) => role switch
    {
        AssignmentRole.Lecturer => ExpertRole.Lecturer,
        AssignmentRole.ReportReviewer => ExpertRole.ReportReviewer,
        AssignmentRole.SiteCoach => ExpertRole.SiteCoach,
    };

    /// <summary>An expert of the pool as the engine sees them: the roles they serve in (5.2.3, without the ones suspended by 5.3.2, <see cref="ExpertRoles"/>).</summary>
    public static Candidate ToCandidate(Expert e, int? capacity = null) => ToCandidate(e, ExpertRoles.Of(e), capacity);

    private static Candidate ToCandidate(Expert e, RoleState roles, int? capacity) => new(e.Id, e.Name,
        roles.Serving.Select(EngineRole).ToHashSet(),
        e.Status == ExpertStatus.Active, [.. (e.Industries ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)],
        [.. (e.Specialties ?? "").Split(['、', ',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        e.Unavailability.Select(u => u.Date).ToHashSet(), capacity, roles.Suspended.Where(roles.Flags.Contains).Select(EngineRole).ToHashSet());

    /// <summary>Proposes <paramref name="perOrganization"/> experts of <paramref name="role"/> for every open organization still short of them (4.4.2, 4.6.1).</summary>
    public async Task<Proposal> ProposeAsync(Guid programmeId, AssignmentRole role, int perOrganization, int maxPerExpert, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var cases = (await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId)
            .Select(c => new { c.OrganizationId, c.State, c.Organization!.Name, c.Organization.CreditCode }).ToListAsync(ct))
            // 4.6.1: site coaches go to the organizations of the incubation pool; reviewers to every open organization (4.4.2)
            .Where(c => role == AssignmentRole.SiteCoach ? CaseTransitions.PoolStates.Contains(c.State) : !CaseTransitions.IsClosed(c.State)).ToList();
        var industries = await db.Applications.AsNoTracking().Where(a => a.ProgrammeId == programmeId)
            .Select(a => new { a.OrganizationId, a.IndustryCode }).ToDictionaryAsync(a => a.OrganizationId, a => a.IndustryCode, ct);
        var active = await db.ExpertAssignments.AsNoTracking().Where(a => a.ProgrammeId == programmeId && a.Status == AssignmentStatus.Active)
            .Select(a => new { a.ExpertId, a.OrganizationId, a.Role }).ToListAsync(ct);
        // An expert who recused from an organization is never proposed for it again (4.2.3).
        var recused = await db.ExpertAssignments.AsNoTracking().Where(a => a.ProgrammeId == programmeId && a.Status == AssignmentStatus.Recused)
            .Select(a => new { a.ExpertId, a.OrganizationId }).ToListAsync(ct);
        var experts = await db.Experts.AsNoTracking().Include(e => e.Conflicts).Include(e => e.Unavailability).Where(e => e.Status == ExpertStatus.Active).ToListAsync(ct);
        var options = new AssignmentOptions { MaxPerExpert = maxPerExpert };

        var demands = cases
            .Select(c => new Demand(c.OrganizationId, c.Name, EngineRole(role), perOrganization - active.Count(a => a.OrganizationId == c.OrganizationId && a.Role == role), null,
                industries.GetValueOrDefault(c.OrganizationId), [],
                // continuity: the organization's report reviewers are preferred as its site coaches
                role == AssignmentRole.SiteCoach ? [.. active.Where(a => a.OrganizationId == c.OrganizationId && a.Role == AssignmentRole.ReportReviewer).Select(a => a.ExpertId)] : []))
            .Where(d => d.Required > 0).ToList();
        var candidates = experts.Select(e => ToCandidate(e, Math.Max(0, options.MaxPerExpert - active.Count(a => a.ExpertId == e.Id)))).ToList();
        var conflicts = new List<Conflict>();
        foreach (var e in experts)
        {
            var facts = ConflictFacts.Of(e);
            foreach (var c in cases)
            {
                // 4.2.3 回避, and nobody twice on the same organization
                if (ConflictRule.Find(facts, new ConflictTarget(c.CreditCode, c.Name), today).Count > 0
                    || active.Any(a => a.ExpertId == e.Id && a.OrganizationId == c.OrganizationId)
                    || recused.Any(a => a.ExpertId == e.Id && a.OrganizationId == c.OrganizationId))
                {
                    conflicts.Add(new Conflict(e.Id, c.OrganizationId));
                }
            }
        }
        var result = AssignmentEngine.Solve(demands, candidates, conflicts, options);
        return new Proposal(result, cases.ToDictionary(c => c.OrganizationId, c => c.Name));
    }
}
