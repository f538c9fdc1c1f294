using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>A member of a coaching team (4.6.1): an active SiteCoach assignment of the organization.</summary>
public sealed record TeamMember(Guid AssignmentId, Guid ExpertId, string Name, bool IsLead, string? UserId);

/// <summary>The coaching team of a pool member: its active site-coach assignments, the lead first.</summary>
public static class SiteVisitTeam
{
    public static async Task<IReadOnlyList<TeamMember>> LoadAsync(AppDbContext db, Guid programmeId, Guid organizationId, CancellationToken ct) =>
        await db.ExpertAssignments.AsNoTracking()
            .Where(a => a.ProgrammeId == programmeId && a.OrganizationId == organizationId && a.Role == AssignmentRole.SiteCoach && a.Status == AssignmentStatus.Active)
            .OrderByDescending(a => a.IsLead).ThenBy(a => a.CreatedAt)
            .Select(a => new TeamMember(a.Id, a.ExpertId, a.Expert!.Name, a.IsLead, a.Expert.UserId))
            .ToListAsync(ct);
}
