using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>Read models of on-site coaching (4.6): one visit with its people, checklist and history.</summary>
public static class SiteVisitQueries
{
    public sealed record Details(SiteVisit Visit, string OrganizationName, string ProgrammeTitle, IReadOnlyList<SiteVisitAttendee> Attendees,
        IReadOnlyList<SiteVisitChecklistItem> Checklist, IReadOnlyList<SiteVisitChange> History)
    {
        public IEnumerable<SiteVisitAttendee> Team => Attendees.Where(a => a.Side == AttendeeSide.Team);
        public IEnumerable<SiteVisitAttendee> People => Attendees.Where(a => a.Side == AttendeeSide.Organization);
        public string ChecklistText => string.Join("\n", Checklist.Select(i => i.Text));
    }

    public static async Task<Details?> DetailsAsync(AppDbContext db, Guid visitId, CancellationToken ct)
    {
        var visit = await db.Set<SiteVisit>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return null;
        }
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == visit.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == visit.ProgrammeId).Select(p => p.Title).FirstAsync(ct);
        var attendees = await db.Set<SiteVisitAttendee>().AsNoTracking().Where(a => a.VisitId == visitId).ToListAsync(ct);
        // the team in the order of the assignment (lead first), then the organization's people by name
        attendees = [.. attendees.OrderBy(a => a.Side).ThenBy(a => a.Title == "组长" ? 0 : 1).ThenBy(a => a.Name, StringComparer.Ordinal)];
        var checklist = await db.Set<SiteVisitChecklistItem>().AsNoTracking().Where(i => i.VisitId == visitId).OrderBy(i => i.SortOrder).ToListAsync(ct);
        var history = await db.Set<SiteVisitChange>().AsNoTracking().Where(c => c.VisitId == visitId).OrderBy(c => c.At).ToListAsync(ct);
        return new Details(visit, organization, programme, attendees, checklist, history);
    }

    /// <summary>The visits of the teams an expert (by user id) is on: visits of organizations where the expert has an active site-coach assignment.</summary>
    public static IQueryable<SiteVisit> OfCoach(AppDbContext db, string userId) =>
        db.Set<SiteVisit>().AsNoTracking().Where(v => db.ExpertAssignments.Any(a => a.Expert!.UserId == userId && a.ProgrammeId == v.ProgrammeId
            && a.OrganizationId == v.OrganizationId && a.Role == Experts.AssignmentRole.SiteCoach && a.Status == Experts.AssignmentStatus.Active));
}
