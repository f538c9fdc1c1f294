using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
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

    /// <summary>The awareness stage in figures (4.3.4–4.3.5): courses, and how many organizations continue, withdrew, have not decided, wait for the start.</summary>
    /// <param name="DecisionDue">The awareness stage's planned end (4.3.5 decisions are due by then).</param>
    public sealed record AwarenessCounts(int CourseCount, int Continuing, int Withdrawn, int Undecided, int EligibleWaiting, DateOnly? DecisionDue);

    /// <summary>The counts and one page of the organizations.</summary>
    public sealed record AwarenessProgress(int CourseCount, int Continuing, int Withdrawn, int Undecided, DateOnly? DecisionDue, PagedList<ProgressRow> Rows);

    private static readonly CaseState[] AwarenessView =
        [CaseState.Eligible, CaseState.Awareness, CaseState.Continuing, CaseState.Withdrawn, CaseState.SelfEvaluated, CaseState.Reviewed, CaseState.Analysed,
         CaseState.InPool, CaseState.NotSelected, CaseState.Theory, CaseState.SiteVisited, CaseState.Showcased, CaseState.Completed, CaseState.Exited];

    private static readonly CaseState[] Undecided = [CaseState.Eligible, CaseState.Awareness];

    /// <summary>4.3.4–4.3.5 in figures, counted in the database (one query per figure, none per organization).</summary>
    public static async Task<AwarenessCounts> AwarenessCountsAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var courses = await db.Set<Course>().CountAsync(c => c.ProgrammeId == programmeId && c.Stage == CourseStage.Awareness, ct);
        var states = AwarenessView.ToList();
        var byState = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && states.Contains(c.State))
            .GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var due = await db.ProgrammeStageWindows.AsNoTracking().Where(w => w.ProgrammeId == programmeId && w.Stage == ProgrammeStage.AwarenessTraining)
            .Select(w => w.EndsOn).FirstOrDefaultAsync(ct);
        int Of(Func<CaseState, bool> which) => byState.Where(kv => which(kv.Key)).Sum(kv => kv.Value);
        return new AwarenessCounts(courses,
            Of(s => s == CaseState.Continuing || !CourseEnrolment.AwarenessStates.Contains(s) && s != CaseState.Withdrawn),
            Of(s => s == CaseState.Withdrawn), Of(Undecided.Contains), Of(s => s == CaseState.Eligible), due);
    }

    /// <summary>
    /// 4.3.4–4.3.5 per organization, filtered and ordered in the database for paging: how many awareness courses it opened and studied,
    /// when it decided. <paramref name="show"/>: undecided / continuing / withdrawn, anything else all.
    /// </summary>
    public static IQueryable<ProgressRow> ProgressRows(AppDbContext db, Guid programmeId, string? show)
    {
        var states = show switch
        {
            "undecided" => [.. Undecided],
            "continuing" => AwarenessView.Where(s => s != CaseState.Withdrawn && !Undecided.Contains(s)).ToList(),
            "withdrawn" => [CaseState.Withdrawn],
            _ => AwarenessView.ToList(),
        };
        var records = db.Set<StudyRecord>().Where(r => r.ProgrammeId == programmeId
            && db.Set<Course>().Any(c => c.Id == r.CourseId && c.Stage == CourseStage.Awareness));
        return db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && states.Contains(c.State))
            .OrderBy(c => c.Organization!.Name).ThenBy(c => c.Id)
            .Select(c => new ProgressRow(c.Id, c.OrganizationId, c.Organization!.Name, c.State,
                records.Count(r => r.OrganizationId == c.OrganizationId && r.StudiedAt != null),
                records.Count(r => r.OrganizationId == c.OrganizationId && r.FirstOpenedAt != null),
                db.CaseEvents.Where(e => e.CaseId == c.Id && (e.To == CaseState.Continuing || e.To == CaseState.Withdrawn))
                    .OrderByDescending(e => e.At).Select(e => (DateTime?)e.At).FirstOrDefault(),
                c.State == CaseState.Withdrawn ? c.ClosingReason : null));
    }

    /// <summary>The figures and one page of the organizations (the Office's progress page and its API).</summary>
    public static async Task<AwarenessProgress> AwarenessProgressAsync(AppDbContext db, Guid programmeId, string? show, int? page, int? pageSize, CancellationToken ct)
    {
        var counts = await AwarenessCountsAsync(db, programmeId, ct);
        var rows = await ProgressRows(db, programmeId, show).ToPagedAsync(page, pageSize, ct);
        return new AwarenessProgress(counts.CourseCount, counts.Continuing, counts.Withdrawn, counts.Undecided, counts.DecisionDue, rows);
    }

    public sealed record ComplianceRow(Guid CaseId, Guid OrganizationId, string Name, CaseState State, IReadOnlyList<string> ResponsiblePersons, AttendanceRule.Compliance Compliance);

    /// <summary>4.5.3 for the pool: the mandatory sessions, one page of the members, the rate over every member and how many have a gap.</summary>
    /// <param name="Rate">Share of (member × held mandatory session) pairs attended in full (<see cref="AttendanceRule.Rate"/>); null before any is held.</param>
    /// <param name="Members">Every pool member (the page may be filtered).</param>
    /// <param name="WithMissing">Members with a held mandatory session not attended in full.</param>
    /// <param name="InPool">Members that have not started theory guidance yet (入选培育孵化库).</param>
    public sealed record TheoryAttendance(IReadOnlyList<AttendanceRule.MandatorySession> Sessions, PagedList<ComplianceRow> Rows, double? Rate, int Members, int WithMissing, int InPool);

    private static Task<List<AttendanceRule.MandatorySession>> MandatorySessionsAsync(AppDbContext db, Guid programmeId, CancellationToken ct) =>
        db.Set<CourseSession>().AsNoTracking()
            .Where(s => s.ProgrammeId == programmeId && s.Course!.Stage == CourseStage.Theory && s.Course.Kind == CourseKind.Mandatory)
            .OrderBy(s => s.StartsAt)
            .Select(s => new AttendanceRule.MandatorySession(s.Id, s.Course!.Title, s.StartsAt, s.EndsAt)).ToListAsync(ct);

    /// <summary>4.5.3 in figures over every pool member (the programme page shows them): the rate, members, members with a gap, members waiting for the start.</summary>
    public sealed record TheoryFigures(double? Rate, int Members, int WithMissing, int InPool);

    /// <summary>A pool member with the counts the 4.5.3 figures rest on.</summary>
    private sealed class MemberCounts
    {
        public Guid Id { get; init; }
        public Guid OrganizationId { get; init; }
        public string Name { get; init; } = "";
        public CaseState State { get; init; }
        public bool HasPersons { get; init; }
        public int Attended { get; init; }
    }

    /// <summary>
    /// The pool members with, computed in SQL, whether they designated a responsible person and how many held mandatory sessions they
    /// attended in full: a designated, not removed responsible person of the organization present, as <see cref="AttendanceRule.Evaluate"/>
    /// decides. The rate, the gap count and the “only gaps” filter then need no member in memory.
    /// </summary>
    private static (IQueryable<MemberCounts> Members, IQueryable<Attendance> InFull, IQueryable<CourseSession> Held) Counted(AppDbContext db, Guid programmeId, DateTime nowUtc)
    {
        var states = CourseEnrolment.PoolStates.ToList();
        var persons = db.Set<ResponsiblePerson>().Where(p => p.ProgrammeId == programmeId && !p.Removed);
        var held = db.Set<CourseSession>().Where(s => s.ProgrammeId == programmeId && s.Course!.Stage == CourseStage.Theory
            && s.Course.Kind == CourseKind.Mandatory && s.EndsAt <= nowUtc);
        var inFull = db.Set<Attendance>().Where(a => a.ProgrammeId == programmeId && a.Status == AttendanceStatus.Present
            && persons.Any(p => p.Id == a.ResponsiblePersonId && p.OrganizationId == a.OrganizationId));
        var members = db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && states.Contains(c.State))
            .Select(c => new MemberCounts
            {
                Id = c.Id, OrganizationId = c.OrganizationId, Name = c.Organization!.Name, State = c.State,
                HasPersons = persons.Any(p => p.OrganizationId == c.OrganizationId),
                // the held sessions among the organization's own records in full (a handful each), not a lookup per held session
                Attended = inFull.Where(a => a.OrganizationId == c.OrganizationId && held.Any(s => s.Id == a.SessionId)).Select(a => a.SessionId).Distinct().Count(),
            });
        return (members, inFull, held);
    }

    /// <summary>4.5.3 in figures, counted in the database (four queries, none per member).</summary>
    public static async Task<TheoryFigures> TheoryFiguresAsync(AppDbContext db, Guid programmeId, DateTime nowUtc, int heldSessions, CancellationToken ct)
    {
        var (members, inFull, held) = Counted(db, programmeId, nowUtc);
        var total = await members.CountAsync(ct);
        var attended = heldSessions == 0 ? 0 : await inFull.Where(a => held.Any(s => s.Id == a.SessionId) && members.Any(m => m.OrganizationId == a.OrganizationId))
            .Select(a => new { a.OrganizationId, a.SessionId }).Distinct().CountAsync(ct);
        var withMissing = heldSessions == 0 ? 0 : await members.CountAsync(m => m.Attended < heldSessions, ct);
        var inPool = await members.CountAsync(m => m.State == CaseState.InPool, ct);
        return new TheoryFigures(heldSessions == 0 || total == 0 ? null : (double)attended / (heldSessions * total), total, withMissing, inPool);
    }

    /// <summary>The held mandatory sessions of the programme, for <see cref="TheoryFiguresAsync"/>.</summary>
    public static Task<int> HeldMandatorySessionsAsync(AppDbContext db, Guid programmeId, DateTime nowUtc, CancellationToken ct) =>
        db.Set<CourseSession>().CountAsync(s => s.ProgrammeId == programmeId && s.Course!.Stage == CourseStage.Theory && s.Course.Kind == CourseKind.Mandatory && s.EndsAt <= nowUtc, ct);

    /// <summary>
    /// 4.5.3 for the pool: the figures over every member and one page of the members (by name; <paramref name="onlyGaps"/> keeps those
    /// with a reason: no responsible person, or a gap), filtered and paged in the database; the rule explains the members of the page.
    /// </summary>
    public static async Task<TheoryAttendance> TheoryAttendanceAsync(AppDbContext db, Guid programmeId, DateTime nowUtc, bool onlyGaps, int? page, int? pageSize, CancellationToken ct)
    {
        var sessions = await MandatorySessionsAsync(db, programmeId, ct);
        var held = sessions.Count(s => s.EndsAt <= nowUtc);
        var figures = await TheoryFiguresAsync(db, programmeId, nowUtc, held, ct);
        var members = Counted(db, programmeId, nowUtc).Members;
        if (onlyGaps)
        {
            members = members.Where(m => !m.HasPersons || m.Attended < held);
        }
        var found = await members.OrderBy(m => m.Name).ThenBy(m => m.Id).ToPagedAsync(page, pageSize, ct);
        var rows = await ComplianceRowsAsync(db, programmeId, sessions, [.. found.Items.Select(m => (m.Id, m.OrganizationId, m.Name, m.State))], nowUtc, ct);
        return new TheoryAttendance(sessions, new PagedList<ComplianceRow>(rows, found.Page, found.PageSize, found.Total), figures.Rate, figures.Members, figures.WithMissing, figures.InPool);
    }

    /// <summary>The rule's verdict for the given members (a page, or one organization): their responsible persons and attendance, two queries.</summary>
    private static async Task<List<ComplianceRow>> ComplianceRowsAsync(AppDbContext db, Guid programmeId, IReadOnlyList<AttendanceRule.MandatorySession> sessions,
        IReadOnlyList<(Guid CaseId, Guid OrganizationId, string Name, CaseState State)> members, DateTime nowUtc, CancellationToken ct)
    {
        if (members.Count == 0)
        {
            return [];
        }
        var orgIds = members.Select(m => m.OrganizationId).ToList();
        var persons = await db.Set<ResponsiblePerson>().AsNoTracking().Where(p => p.ProgrammeId == programmeId && !p.Removed && orgIds.Contains(p.OrganizationId))
            .Select(p => new { p.Id, p.OrganizationId, p.Name, p.Title }).ToListAsync(ct);
        var sessionIds = sessions.Select(s => s.SessionId).ToList();
        var records = (await db.Set<Attendance>().AsNoTracking().Where(a => sessionIds.Contains(a.SessionId) && orgIds.Contains(a.OrganizationId))
            .Select(a => new { a.OrganizationId, a.SessionId, a.ResponsiblePersonId, a.Status }).ToListAsync(ct)).ToLookup(a => a.OrganizationId);
        var byOrganization = persons.ToLookup(p => p.OrganizationId);
        return [.. members.Select(m =>
        {
            var own = byOrganization[m.OrganizationId].ToList();
            var compliance = AttendanceRule.Evaluate(sessions,
                [.. records[m.OrganizationId].Select(r => new AttendanceRule.Record(r.SessionId, r.ResponsiblePersonId, r.Status))],
                own.Select(p => p.Id).ToHashSet(), nowUtc);
            return new ComplianceRow(m.CaseId, m.OrganizationId, m.Name, m.State, [.. own.Select(p => $"{p.Name}（{p.Title}）")], compliance);
        })];
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

    /// <summary>
    /// A session's roll: the organizations on it (expected, or with someone recorded) — all of them for the Excel roll and the archive,
    /// one page for the session page — with how many there are and how many had someone present.
    /// </summary>
    public sealed record Roll(Guid SessionId, Guid ProgrammeId, string CourseTitle, CourseStage Stage, CourseKind Kind, DateTime StartsAt, DateTime EndsAt, string? Place, string? OnlineLink,
        string? CheckInCode, DateTime? CheckInIssuedAt, IReadOnlyList<string> Lecturers, PagedList<RollOrganization> Organizations, int Present, long Version)
    {
        /// <summary>Organizations on the roll (every page).</summary>
        public int Expected => Organizations.Total;
    }

    /// <summary>Organizations on one page of the session page's roll (a room's worth; the Excel roll holds every organization).</summary>
    public const int RollPageSize = 50;

    /// <summary>The whole roll of one session (the Excel roll, the archive): every expected organization with its responsible persons and anyone else recorded.</summary>
    public static Task<Roll?> RollAsync(AppDbContext db, Guid sessionId, CancellationToken ct) => ReadRollAsync(db, sessionId, null, whole: true, ct);

    /// <summary>One page of the roll (<see cref="RollPageSize"/> organizations by name), counted and paged in the database.</summary>
    public static Task<Roll?> RollPageAsync(AppDbContext db, Guid sessionId, int? page, CancellationToken ct) => ReadRollAsync(db, sessionId, page, whole: false, ct);

    private static async Task<Roll?> ReadRollAsync(AppDbContext db, Guid sessionId, int? page, bool whole, CancellationToken ct)
    {
        var session = await db.Set<CourseSession>().AsNoTracking().Include(s => s.Course).Include(s => s.Lecturers).ThenInclude(l => l.Expert)
            .FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return null;
        }
        var expected = CourseEnrolment.Expected(db, session.Course!);
        var recorded = db.Set<Attendance>().AsNoTracking().Where(a => a.SessionId == sessionId);
        var onRoll = db.Organizations.AsNoTracking().Where(o => expected.Contains(o.Id) || recorded.Any(a => a.OrganizationId == o.Id));
        var ordered = onRoll.OrderBy(o => o.Name).ThenBy(o => o.Id).Select(o => new RollName(o.Id, o.Name));
        PagedList<RollName> names;
        var persons = db.Set<ResponsiblePerson>().AsNoTracking().Where(p => p.ProgrammeId == session.ProgrammeId && !p.Removed);
        var records = recorded;
        if (whole)
        {
            var all = await ordered.ToListAsync(ct);
            names = new PagedList<RollName>(all, 1, Math.Max(1, all.Count), all.Count);
            persons = persons.Where(p => onRoll.Any(o => o.Id == p.OrganizationId));
        }
        else
        {
            names = await ordered.ToPagedAsync(page, RollPageSize, ct);
            var ids = names.Items.Select(o => o.Id).ToList();
            persons = persons.Where(p => ids.Contains(p.OrganizationId));
            records = records.Where(a => ids.Contains(a.OrganizationId));
        }
        var people = (await persons.ToListAsync(ct)).ToLookup(p => p.OrganizationId);
        var attendance = (await records.ToListAsync(ct)).ToLookup(a => a.OrganizationId);
        var organizations = names.Items.Select(o =>
        {
            var recordedHere = attendance[o.Id].ToList();
            var rows = people[o.Id].OrderBy(p => p.Name).Select(p =>
            {
                var a = recordedHere.FirstOrDefault(r => r.ResponsiblePersonId == p.Id || r.AttendeeName == p.Name);
                return new RollPerson(p.Id, p.Name, p.Title, p.Phone, a?.Status, a?.Method, a?.RecordedAt, a?.Note);
            }).ToList();
            rows.AddRange(recordedHere.Where(r => rows.All(p => p.Name != r.AttendeeName))
                .Select(r => new RollPerson(r.ResponsiblePersonId, r.AttendeeName, null, null, r.Status, r.Method, r.RecordedAt, r.Note)));
            return new RollOrganization(o.Id, o.Name, rows);
        }).ToList();
        var present = await recorded.Where(a => a.Status == AttendanceStatus.Present || a.Status == AttendanceStatus.Late || a.Status == AttendanceStatus.LeftEarly)
            .Select(a => a.OrganizationId).Distinct().CountAsync(ct);
        return new Roll(session.Id, session.ProgrammeId, session.Course!.Title, session.Course.Stage, session.Course.Kind, session.StartsAt, session.EndsAt, session.Place,
            session.OnlineLink, session.CheckInCode, session.CheckInIssuedAt, [.. session.Lecturers.Select(l => l.Expert!.Name)],
            new PagedList<RollOrganization>(organizations, names.Page, names.PageSize, names.Total), present, session.Version);
    }

    private sealed record RollName(Guid Id, string Name);

    /// <summary>One organization's own course record in a programme (its page and the API): state, studied awareness courses, electives, and 4.5.3 attendance once in the pool.</summary>
    public static async Task<MyCoursesDto?> OwnAsync(AppDbContext db, Guid programmeId, Guid organizationId, DateTime nowUtc, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId).Select(c => new { c.Id, c.Version, c.State, c.Organization!.Name }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }
        var studied = await db.Set<StudyRecord>().AsNoTracking().Where(s => s.ProgrammeId == programmeId && s.OrganizationId == organizationId && s.StudiedAt != null)
            .Select(s => s.CourseId).ToListAsync(ct);
        var electives = await db.Set<ElectiveChoice>().AsNoTracking().Where(e => e.ProgrammeId == programmeId && e.OrganizationId == organizationId).Select(e => e.CourseId).ToListAsync(ct);
        ComplianceRow? attendance = null;
        if (CourseEnrolment.PoolStates.Contains(c.State))
        {
            attendance = (await ComplianceRowsAsync(db, programmeId, await MandatorySessionsAsync(db, programmeId, ct), [(c.Id, organizationId, c.Name, c.State)], nowUtc, ct)).Single();
        }
        return new MyCoursesDto(c.Id, c.Version, c.State, studied, electives, attendance);
    }

    /// <summary>True when the signed-in expert teaches this session (a lecturer sees the roll of their own sessions only).</summary>
    public static Task<bool> TeachesAsync(AppDbContext db, string userId, Guid sessionId, CancellationToken ct) =>
        db.Set<SessionLecturer>().AnyAsync(l => l.SessionId == sessionId && l.Expert!.UserId == userId && l.Expert.Status == Experts.ExpertStatus.Active, ct);
}
