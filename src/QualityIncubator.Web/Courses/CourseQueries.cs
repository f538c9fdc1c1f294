using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Courses;

/// <summary>What the course pages show, read without tracking and projected to the rows they need.</summary>
public static class CourseQueries
{
    public sealed record CourseRow(Guid Id, CourseStage Stage, CourseKind Kind, string Title, string? Description, string? Topic, int SortOrder, long Version,
        IReadOnlyList<SessionRow> Sessions, IReadOnlyList<MaterialRow> Materials);

    public sealed record SessionRow(Guid Id, Guid CourseId, DateTime StartsAt, DateTime EndsAt, string? Place, string? OnlineLink, int? Capacity, long Version,
        IReadOnlyList<string> Lecturers);

    public sealed record MaterialRow(Guid Id, string Title, string? Url, Guid? AttachmentId);

    public static async Task<List<CourseRow>> CatalogueAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var courses = await db.Set<Course>().AsNoTracking().Where(c => c.ProgrammeId == programmeId)
            .OrderBy(c => c.Stage).ThenBy(c => c.Kind).ThenBy(c => c.SortOrder).ThenBy(c => c.Title)
            .Select(c => new
            {
                c.Id, c.Stage, c.Kind, c.Title, c.Description, c.Topic, c.SortOrder, c.Version,
                Sessions = c.Sessions.OrderBy(s => s.StartsAt).Select(s => new SessionRow(s.Id, s.CourseId, s.StartsAt, s.EndsAt, s.Place, s.OnlineLink, s.Capacity, s.Version,
                    s.Lecturers.Select(l => l.Expert!.Name).ToList())).ToList(),
                Materials = c.Materials.OrderBy(m => m.SortOrder).Select(m => new MaterialRow(m.Id, m.Title, m.Url, m.AttachmentId)).ToList(),
            }).ToListAsync(ct);
        return [.. courses.Select(c => new CourseRow(c.Id, c.Stage, c.Kind, c.Title, c.Description, c.Topic, c.SortOrder, c.Version, c.Sessions, c.Materials))];
    }

    public sealed record ProgressRow(Guid CaseId, Guid OrganizationId, string Name, CaseState State, int Studied, int Opened, DateTime? DecidedAt, string? Reason);

    /// <param name="DecisionDue">The awareness stage's planned end (4.3.5 decisions are due by then).</param>
    public sealed record AwarenessProgress(int CourseCount, IReadOnlyList<ProgressRow> Rows, DateOnly? DecisionDue)
    {
        public int Continuing => Rows.Count(r => r.State == CaseState.Continuing || !CourseEnrolment.AwarenessStates.Contains(r.State) && r.State != CaseState.Withdrawn);
        public int Withdrawn => Rows.Count(r => r.State == CaseState.Withdrawn);
        public int Undecided => Rows.Count(r => r.State is CaseState.Eligible or CaseState.Awareness);
    }

    private static readonly CaseState[] AwarenessView =
        [CaseState.Eligible, CaseState.Awareness, CaseState.Continuing, CaseState.Withdrawn, CaseState.SelfEvaluated, CaseState.Reviewed, CaseState.Analysed,
         CaseState.InPool, CaseState.NotSelected, CaseState.Theory, CaseState.SiteVisited, CaseState.Showcased, CaseState.Completed, CaseState.Exited];

    /// <summary>4.3.4–4.3.5: per organization, how many awareness courses it studied and what it decided.</summary>
    public static async Task<AwarenessProgress> AwarenessProgressAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var courseIds = await db.Set<Course>().AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.Stage == CourseStage.Awareness).Select(c => c.Id).ToListAsync(ct);
        var states = AwarenessView.ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && states.Contains(c.State))
            .OrderBy(c => c.Organization!.Name)
            .Select(c => new { c.Id, c.OrganizationId, c.Organization!.Name, c.State, c.ClosingReason }).ToListAsync(ct);
        var records = await db.Set<StudyRecord>().AsNoTracking().Where(s => s.ProgrammeId == programmeId && courseIds.Contains(s.CourseId))
            .Select(s => new { s.OrganizationId, s.StudiedAt, s.FirstOpenedAt }).ToListAsync(ct);
        var decisions = await db.CaseEvents.AsNoTracking()
            .Where(e => e.ProgrammeId == programmeId && (e.To == CaseState.Continuing || e.To == CaseState.Withdrawn))
            .Select(e => new { e.CaseId, e.At }).ToListAsync(ct);
        var due = await db.ProgrammeStageWindows.AsNoTracking().Where(w => w.ProgrammeId == programmeId && w.Stage == ProgrammeStage.AwarenessTraining)
            .Select(w => w.EndsOn).FirstOrDefaultAsync(ct);
        var rows = cases.Select(c => new ProgressRow(c.Id, c.OrganizationId, c.Name, c.State,
            records.Count(r => r.OrganizationId == c.OrganizationId && r.StudiedAt != null),
            records.Count(r => r.OrganizationId == c.OrganizationId && r.FirstOpenedAt != null),
            decisions.Where(d => d.CaseId == c.Id).Select(d => (DateTime?)d.At).Max(),
            c.State == CaseState.Withdrawn ? c.ClosingReason : null)).ToList();
        return new AwarenessProgress(courseIds.Count, rows, due);
    }

    public sealed record ComplianceRow(Guid CaseId, Guid OrganizationId, string Name, CaseState State, IReadOnlyList<string> ResponsiblePersons, AttendanceRule.Compliance Compliance);

    public sealed record TheoryAttendance(IReadOnlyList<AttendanceRule.MandatorySession> Sessions, IReadOnlyList<ComplianceRow> Rows, double? Rate)
    {
        /// <summary>The one row of a query for a single organization.</summary>
        public ComplianceRow? OnlyRow => Rows.Count > 0 ? Rows[0] : null;
    }

    /// <summary>4.5.3 for every pool member: attendance of the mandatory theory series by its responsible persons.</summary>
    public static async Task<TheoryAttendance> TheoryAttendanceAsync(AppDbContext db, Guid programmeId, DateTime nowUtc, Guid? organizationId, CancellationToken ct)
    {
        var sessions = await db.Set<CourseSession>().AsNoTracking()
            .Where(s => s.ProgrammeId == programmeId && s.Course!.Stage == CourseStage.Theory && s.Course.Kind == CourseKind.Mandatory)
            .OrderBy(s => s.StartsAt)
            .Select(s => new AttendanceRule.MandatorySession(s.Id, s.Course!.Title, s.StartsAt, s.EndsAt)).ToListAsync(ct);
        var states = CourseEnrolment.PoolStates.ToList();
        var casesQuery = db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && states.Contains(c.State));
        if (organizationId is { } own)
        {
            casesQuery = casesQuery.Where(c => c.OrganizationId == own);
        }
        var cases = await casesQuery.OrderBy(c => c.Organization!.Name)
            .Select(c => new { c.Id, c.OrganizationId, c.Organization!.Name, c.State }).ToListAsync(ct);
        var orgIds = cases.Select(c => c.OrganizationId).ToList();
        var persons = await db.Set<ResponsiblePerson>().AsNoTracking().Where(p => p.ProgrammeId == programmeId && !p.Removed && orgIds.Contains(p.OrganizationId))
            .Select(p => new { p.Id, p.OrganizationId, p.Name, p.Title }).ToListAsync(ct);
        var sessionIds = sessions.Select(s => s.SessionId).ToList();
        var records = await db.Set<Attendance>().AsNoTracking().Where(a => sessionIds.Contains(a.SessionId) && orgIds.Contains(a.OrganizationId))
            .Select(a => new { a.OrganizationId, a.SessionId, a.ResponsiblePersonId, a.Status }).ToListAsync(ct);
        var rows = cases.Select(c =>
        {
            var own = persons.Where(p => p.OrganizationId == c.OrganizationId).ToList();
            var compliance = AttendanceRule.Evaluate(sessions,
                [.. records.Where(r => r.OrganizationId == c.OrganizationId).Select(r => new AttendanceRule.Record(r.SessionId, r.ResponsiblePersonId, r.Status))],
                own.Select(p => p.Id).ToHashSet(), nowUtc);
            return new ComplianceRow(c.Id, c.OrganizationId, c.Name, c.State, [.. own.Select(p => $"{p.Name}（{p.Title}）")], compliance);
        }).ToList();
        return new TheoryAttendance(sessions, rows, AttendanceRule.Rate(rows.Select(r => r.Compliance)));
    }

    public sealed record ElectiveDemand(Guid CourseId, string Title, string? Topic, int Chosen, int Sessions, int Capacity);

    /// <summary>4.5.5: how many organizations chose each elective, beside the places scheduled.</summary>
    public static async Task<List<ElectiveDemand>> ElectiveDemandAsync(AppDbContext db, Guid programmeId, CancellationToken ct) =>
        await db.Set<Course>().AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.Stage == CourseStage.Theory && c.Kind == CourseKind.Elective)
            .OrderBy(c => c.SortOrder)
            .Select(c => new ElectiveDemand(c.Id, c.Title, c.Topic,
                db.Set<ElectiveChoice>().Count(e => e.CourseId == c.Id),
                c.Sessions.Count, c.Sessions.Sum(s => s.Capacity ?? 0)))
            .ToListAsync(ct);

    public sealed record RollPerson(Guid? ResponsiblePersonId, string Name, string? Title, string? Phone, AttendanceStatus? Status, AttendanceMethod? Method, DateTime? RecordedAt, string? Note);

    public sealed record RollOrganization(Guid OrganizationId, string Name, IReadOnlyList<RollPerson> People);

    public sealed record Roll(Guid SessionId, Guid ProgrammeId, string CourseTitle, CourseStage Stage, CourseKind Kind, DateTime StartsAt, DateTime EndsAt, string? Place, string? OnlineLink,
        string? CheckInCode, DateTime? CheckInIssuedAt, IReadOnlyList<string> Lecturers, IReadOnlyList<RollOrganization> Organizations, long Version)
    {
        public int Expected => Organizations.Count;
        public int Present => Organizations.Count(o => o.People.Any(p => p.Status is AttendanceStatus.Present or AttendanceStatus.Late or AttendanceStatus.LeftEarly));
    }

    /// <summary>The roll of one session: every expected organization with its responsible persons and anyone else recorded.</summary>
    public static async Task<Roll?> RollAsync(AppDbContext db, Guid sessionId, CancellationToken ct)
    {
        var session = await db.Set<CourseSession>().AsNoTracking().Include(s => s.Course).Include(s => s.Lecturers).ThenInclude(l => l.Expert)
            .FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return null;
        }
        var expected = await CourseEnrolment.ExpectedOrganizationsAsync(db, session.Course!, ct);
        var recorded = await db.Set<Attendance>().AsNoTracking().Where(a => a.SessionId == sessionId).ToListAsync(ct);
        var orgIds = expected.Union(recorded.Select(r => r.OrganizationId)).ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var persons = await db.Set<ResponsiblePerson>().AsNoTracking().Where(p => p.ProgrammeId == session.ProgrammeId && orgIds.Contains(p.OrganizationId) && !p.Removed).ToListAsync(ct);
        var organizations = orgIds.OrderBy(id => names.GetValueOrDefault(id, "")).Select(id =>
        {
            var people = persons.Where(p => p.OrganizationId == id).OrderBy(p => p.Name).Select(p =>
            {
                var a = recorded.FirstOrDefault(r => r.OrganizationId == id && (r.ResponsiblePersonId == p.Id || r.AttendeeName == p.Name));
                return new RollPerson(p.Id, p.Name, p.Title, p.Phone, a?.Status, a?.Method, a?.RecordedAt, a?.Note);
            }).ToList();
            people.AddRange(recorded.Where(r => r.OrganizationId == id && people.All(p => p.Name != r.AttendeeName))
                .Select(r => new RollPerson(r.ResponsiblePersonId, r.AttendeeName, null, null, r.Status, r.Method, r.RecordedAt, r.Note)));
            return new RollOrganization(id, names.GetValueOrDefault(id, ""), people);
        }).ToList();
        return new Roll(session.Id, session.ProgrammeId, session.Course!.Title, session.Course.Stage, session.Course.Kind, session.StartsAt, session.EndsAt, session.Place,
            session.OnlineLink, session.CheckInCode, session.CheckInIssuedAt, [.. session.Lecturers.Select(l => l.Expert!.Name)], organizations, session.Version);
    }

    /// <summary>One organization's own course record in a programme (its page and the API): state, studied awareness courses, electives, and 4.5.3 attendance once in the pool.</summary>
    public static async Task<MyCoursesDto?> OwnAsync(AppDbContext db, Guid programmeId, Guid organizationId, DateTime nowUtc, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId).Select(c => new { c.Id, c.Version, c.State }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }
        var studied = await db.Set<StudyRecord>().AsNoTracking().Where(s => s.ProgrammeId == programmeId && s.OrganizationId == organizationId && s.StudiedAt != null)
            .Select(s => s.CourseId).ToListAsync(ct);
        var electives = await db.Set<ElectiveChoice>().AsNoTracking().Where(e => e.ProgrammeId == programmeId && e.OrganizationId == organizationId).Select(e => e.CourseId).ToListAsync(ct);
        var attendance = CourseEnrolment.PoolStates.Contains(c.State) ? (await TheoryAttendanceAsync(db, programmeId, nowUtc, organizationId, ct)).OnlyRow : null;
        return new MyCoursesDto(c.Id, c.Version, c.State, studied, electives, attendance);
    }

    /// <summary>True when the signed-in expert teaches this session (a lecturer sees the roll of their own sessions only).</summary>
    public static Task<bool> TeachesAsync(AppDbContext db, string userId, Guid sessionId, CancellationToken ct) =>
        db.Set<SessionLecturer>().AnyAsync(l => l.SessionId == sessionId && l.Expert!.UserId == userId && l.Expert.Status == Experts.ExpertStatus.Active, ct);
}
