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

    public static async Task<Details?> DetailsAsync(AppDbContext db, Guid visitId, CancellationToken ct) =>
        (await DetailsAsync(db, db.Set<SiteVisit>().Where(v => v.Id == visitId), ct)).FirstOrDefault();

    /// <summary>
    /// The details of the visits <paramref name="visits"/> selects, in its order: four queries whatever their number (the visits with
    /// their organization and programme, then the attendees, checklists and histories of all of them).
    /// </summary>
    public static async Task<List<Details>> DetailsAsync(AppDbContext db, IQueryable<SiteVisit> visits, CancellationToken ct)
    {
        var rows = await visits.AsNoTracking().Select(v => new
        {
            Visit = v,
            Organization = db.Organizations.Where(o => o.Id == v.OrganizationId).Select(o => o.Name).First(),
            Programme = db.Programmes.Where(p => p.Id == v.ProgrammeId).Select(p => p.Title).First(),
        }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var ids = rows.Select(r => r.Visit.Id).ToList();
        var attendees = (await db.Set<SiteVisitAttendee>().AsNoTracking().Where(a => ids.Contains(a.VisitId)).ToListAsync(ct)).ToLookup(a => a.VisitId);
        var checklists = (await db.Set<SiteVisitChecklistItem>().AsNoTracking().Where(i => ids.Contains(i.VisitId)).OrderBy(i => i.SortOrder).ToListAsync(ct)).ToLookup(i => i.VisitId);
        var histories = (await db.Set<SiteVisitChange>().AsNoTracking().Where(c => ids.Contains(c.VisitId)).OrderBy(c => c.At).ToListAsync(ct)).ToLookup(c => c.VisitId);
        // the team in the order of the assignment (lead first), then the organization's people by name
        return [.. rows.Select(r => new Details(r.Visit, r.Organization, r.Programme,
            [.. attendees[r.Visit.Id].OrderBy(a => a.Side).ThenBy(a => a.Title == "组长" ? 0 : 1).ThenBy(a => a.Name, StringComparer.Ordinal)],
            [.. checklists[r.Visit.Id]], [.. histories[r.Visit.Id]]))];
    }

    /// <summary>The visits of the teams an expert (by user id) is on: visits of organizations where the expert has an active site-coach assignment.</summary>
    public static IQueryable<SiteVisit> OfCoach(AppDbContext db, string userId) =>
        db.Set<SiteVisit>().AsNoTracking().Where(v => db.ExpertAssignments.Any(a => a.Expert!.UserId == userId && a.ProgrammeId == v.ProgrammeId
            && a.OrganizationId == v.OrganizationId && a.Role == Experts.AssignmentRole.SiteCoach && a.Status == Experts.AssignmentStatus.Active));
}
