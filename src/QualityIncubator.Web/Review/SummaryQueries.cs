using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Showcase;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Web.Review;

/// <summary>
/// Reads what the summary (5.1.2) is drafted from: counts and sums computed in the database (a fixed number of queries, none per
/// organization), the pool members' 4.5.3 attendance (bounded by the pool), and the organizations with their timelines one page at a time.
/// </summary>
public static class SummaryQueries
{
    /// <summary>Everything but the organizations' rows; null when the programme does not exist.</summary>
    public static async Task<SummaryData?> DataAsync(AppDbContext db, Guid programmeId, DateTime nowUtc, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => new { p.Title, p.Year }).FirstOrDefaultAsync(ct);
        if (programme is null)
        {
            return null;
        }
        return new SummaryData(programmeId, programme.Title, programme.Year, nowUtc,
            await CasesAsync(db, programmeId, ct),
            await ExpertsAsync(db, programmeId, ct),
            await CoursesAsync(db, programmeId, ct),
            await SessionsAsync(db, programmeId, ct),
            await MandatorySessionsAsync(db, programmeId, ct),
            await MembersAsync(db, programmeId, ct),
            await AssessmentAsync(db, programmeId, ct),
            await PoolAsync(db, programmeId, ct),
            await ExitsAsync(db, programmeId, ct),
            await VisitsAsync(db, programmeId, ct),
            await ShowcaseAsync(db, programmeId, ct),
            await ScoresAsync(db, programmeId, ct));
    }

    private static async Task<CaseCounts> CasesAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var submitted = await db.Applications.CountAsync(a => a.ProgrammeId == programmeId && a.SubmittedAt != null, ct);
        var current = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId)
            .GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var reached = await db.CaseEvents.AsNoTracking().Where(e => e.ProgrammeId == programmeId)
            .GroupBy(e => e.To).Select(g => new { g.Key, Count = g.Select(e => e.CaseId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var withdrawn = await db.CaseEvents.AsNoTracking().Where(e => e.ProgrammeId == programmeId && e.To == CaseState.Withdrawn && e.From != null)
            .GroupBy(e => e.From!.Value).Select(g => new { g.Key, Count = g.Select(e => e.CaseId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new CaseCounts(submitted, current, reached, withdrawn);
    }

    private static async Task<ExpertCounts> ExpertsAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var lecturers = await db.Set<SessionLecturer>().Where(l => l.ProgrammeId == programmeId).Select(l => l.ExpertId).Distinct().CountAsync(ct);
        var byRole = await db.ExpertAssignments.Where(a => a.ProgrammeId == programmeId && a.Status != AssignmentStatus.Recused)
            .GroupBy(a => a.Role).Select(g => new { g.Key, Count = g.Select(a => a.ExpertId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var recusals = await db.ExpertAssignments.CountAsync(a => a.ProgrammeId == programmeId && a.Status == AssignmentStatus.Recused, ct);
        var pledges = await db.ExpertPledges.CountAsync(p => p.ProgrammeId == programmeId, ct);
        return new ExpertCounts(lecturers, byRole.GetValueOrDefault(AssignmentRole.ReportReviewer), byRole.GetValueOrDefault(AssignmentRole.SiteCoach), pledges, recusals);
    }

    private static async Task<CourseCounts> CoursesAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var courses = await db.Set<Course>().AsNoTracking().Where(c => c.ProgrammeId == programmeId)
            .GroupBy(c => new { c.Stage, c.Kind }).Select(g => new { g.Key.Stage, g.Key.Kind, Count = g.Count() }).ToListAsync(ct);
        var awareness = courses.Where(c => c.Stage == CourseStage.Awareness).Sum(c => c.Count);
        var studiedAll = awareness == 0 ? 0 : await db.Set<StudyRecord>()
            .Where(s => s.ProgrammeId == programmeId && s.StudiedAt != null && db.Set<Course>().Any(c => c.Id == s.CourseId && c.Stage == CourseStage.Awareness))
            .GroupBy(s => s.OrganizationId).Where(g => g.Count() >= awareness).CountAsync(ct);
        var choices = db.Set<ElectiveChoice>().Where(e => e.ProgrammeId == programmeId);
        return new CourseCounts(awareness, studiedAll,
            courses.Where(c => c.Stage == CourseStage.Theory && c.Kind == CourseKind.Mandatory).Sum(c => c.Count),
            courses.Where(c => c.Stage == CourseStage.Theory && c.Kind == CourseKind.Elective).Sum(c => c.Count),
            await choices.CountAsync(ct), await choices.Select(e => e.OrganizationId).Distinct().CountAsync(ct));
    }

    /// <summary>
    /// Every session with the organizations expected at it and those of them that attended (someone present, late or leaving early):
    /// awareness sessions expect the organizations in the awareness courses at the time (reached 普及培育中 before the end, not withdrawn before
    /// the start); theory sessions the pool members at the time, electives only those that chose the course.
    /// </summary>
    private static async Task<List<SessionCount>> SessionsAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var cases = db.Cases.Where(c => c.ProgrammeId == programmeId);
        var attendance = db.Set<Attendance>().Where(a => a.ProgrammeId == programmeId && a.Status != AttendanceStatus.Absent);
        var awareness = await db.Set<CourseSession>().AsNoTracking().Where(s => s.ProgrammeId == programmeId && s.Course!.Stage == CourseStage.Awareness)
            .Select(s => new
            {
                s.Course!.Title, s.Course.Stage, s.Course.Kind, s.StartsAt, s.EndsAt,
                Expected = cases.Count(c => db.CaseEvents.Any(e => e.CaseId == c.Id && e.To == CaseState.Awareness && e.At <= s.EndsAt)
                    && !db.CaseEvents.Any(e => e.CaseId == c.Id && e.To == CaseState.Withdrawn && e.At < s.StartsAt)),
                Attended = cases.Count(c => db.CaseEvents.Any(e => e.CaseId == c.Id && e.To == CaseState.Awareness && e.At <= s.EndsAt)
                    && !db.CaseEvents.Any(e => e.CaseId == c.Id && e.To == CaseState.Withdrawn && e.At < s.StartsAt)
                    && attendance.Any(a => a.SessionId == s.Id && a.OrganizationId == c.OrganizationId)),
            }).ToListAsync(ct);
        var members = db.Set<PoolMember>().Where(m => m.ProgrammeId == programmeId);
        var theory = await db.Set<CourseSession>().AsNoTracking().Where(s => s.ProgrammeId == programmeId && s.Course!.Stage == CourseStage.Theory)
            .Select(s => new
            {
                s.Course!.Title, s.Course.Stage, s.Course.Kind, s.StartsAt, s.EndsAt,
                Expected = cases.Count(c => members.Any(m => m.OrganizationId == c.OrganizationId && m.EnteredAt <= s.EndsAt && (m.ExitedAt == null || m.ExitedAt > s.StartsAt))
                    && (s.Course.Kind == CourseKind.Mandatory || db.Set<ElectiveChoice>().Any(e => e.CourseId == s.CourseId && e.OrganizationId == c.OrganizationId))),
                Attended = cases.Count(c => members.Any(m => m.OrganizationId == c.OrganizationId && m.EnteredAt <= s.EndsAt && (m.ExitedAt == null || m.ExitedAt > s.StartsAt))
                    && (s.Course.Kind == CourseKind.Mandatory || db.Set<ElectiveChoice>().Any(e => e.CourseId == s.CourseId && e.OrganizationId == c.OrganizationId))
                    && attendance.Any(a => a.SessionId == s.Id && a.OrganizationId == c.OrganizationId)),
            }).ToListAsync(ct);
        return [.. awareness.Concat(theory).OrderBy(s => s.StartsAt).Select(s => new SessionCount(s.Title, s.Stage, s.Kind, s.StartsAt, s.EndsAt, s.Expected, s.Attended))];
    }

    private static Task<List<AttendanceRule.MandatorySession>> MandatorySessionsAsync(AppDbContext db, Guid programmeId, CancellationToken ct) =>
        db.Set<CourseSession>().AsNoTracking()
            .Where(s => s.ProgrammeId == programmeId && s.Course!.Stage == CourseStage.Theory && s.Course.Kind == CourseKind.Mandatory)
            .OrderBy(s => s.StartsAt)
            .Select(s => new AttendanceRule.MandatorySession(s.Id, s.Course!.Title, s.StartsAt, s.EndsAt)).ToListAsync(ct);

    /// <summary>4.5.3 per pool member (the pool is a selection, so this stays small): its stay, responsible persons and their mandatory attendance.</summary>
    private static async Task<List<MemberAttendance>> MembersAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var members = db.Set<PoolMember>().Where(m => m.ProgrammeId == programmeId);
        var stays = await members.AsNoTracking().Select(m => new { m.OrganizationId, m.EnteredAt, m.ExitedAt }).ToListAsync(ct);
        var persons = await db.Set<ResponsiblePerson>().AsNoTracking()
            .Where(p => p.ProgrammeId == programmeId && !p.Removed && members.Any(m => m.OrganizationId == p.OrganizationId))
            .Select(p => new { p.OrganizationId, p.Id }).ToListAsync(ct);
        var records = await db.Set<Attendance>().AsNoTracking()
            .Where(a => a.ProgrammeId == programmeId && a.ResponsiblePersonId != null && members.Any(m => m.OrganizationId == a.OrganizationId)
                && db.Set<CourseSession>().Any(s => s.Id == a.SessionId && s.Course!.Stage == CourseStage.Theory && s.Course.Kind == CourseKind.Mandatory))
            .Select(a => new { a.OrganizationId, a.SessionId, a.ResponsiblePersonId, a.Status }).ToListAsync(ct);
        return [.. stays.GroupBy(s => s.OrganizationId).Select(g => new MemberAttendance(g.Key, g.Min(s => s.EnteredAt),
            g.Any(s => s.ExitedAt is null) ? null : g.Max(s => s.ExitedAt),
            persons.Where(p => p.OrganizationId == g.Key).Select(p => p.Id).ToHashSet(),
            [.. records.Where(r => r.OrganizationId == g.Key).Select(r => new AttendanceRule.Record(r.SessionId, r.ResponsiblePersonId, r.Status))]))];
    }

    private static async Task<AssessmentCounts> AssessmentAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var reviews = db.Set<ExpertReview>().Where(r => r.ProgrammeId == programmeId && r.Status == ReviewStatus.Submitted);
        var analyses = db.Set<QualityAnalysis>().Where(q => q.ProgrammeId == programmeId);
        var penalties = db.Set<AdministrativePenalty>().Where(p => p.ProgrammeId == programmeId);
        return new AssessmentCounts(
            await db.Set<SelfEvaluation>().CountAsync(s => s.ProgrammeId == programmeId && s.Kind == SelfEvaluationKind.Baseline && s.Status == SelfEvaluationStatus.Submitted, ct),
            await reviews.CountAsync(ct),
            await reviews.Select(r => r.OrganizationId).Distinct().CountAsync(ct),
            await db.Set<ReviewConsensus>().CountAsync(r => r.ProgrammeId == programmeId && r.ReleasedAt != null, ct),
            await analyses.CountAsync(q => q.FedBackAt != null, ct),
            await analyses.CountAsync(q => q.AcknowledgedAt != null, ct),
            await penalties.CountAsync(ct),
            await penalties.Select(p => p.OrganizationId).Distinct().CountAsync(ct));
    }

    private static async Task<PoolCounts> PoolAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var members = db.Set<PoolMember>().Where(m => m.ProgrammeId == programmeId);
        return new PoolCounts(await members.Select(m => m.OrganizationId).Distinct().CountAsync(ct),
            await members.Where(m => m.ExitedAt == null).Select(m => m.OrganizationId).Distinct().CountAsync(ct));
    }

    private static async Task<List<ExitFacts>> ExitsAsync(AppDbContext db, Guid programmeId, CancellationToken ct) =>
        [.. (await db.Set<PoolMember>().AsNoTracking().Where(m => m.ProgrammeId == programmeId && m.ExitedAt != null)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { o.Name, m.ExitGround, m.ExitReason, m.ExitedAt })
            .ToListAsync(ct)).Select(x => new ExitFacts(x.Name, x.ExitGround, x.ExitReason, x.ExitedAt!.Value))];

    private static async Task<VisitCounts> VisitsAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var visits = db.Set<SiteVisit>().Where(v => v.ProgrammeId == programmeId);
        var opinions = db.Set<SiteVisitOpinion>().Where(o => o.ProgrammeId == programmeId);
        return new VisitCounts(
            await visits.CountAsync(v => v.Status == SiteVisitStatus.Held, ct),
            await visits.CountAsync(v => v.Status == SiteVisitStatus.Cancelled, ct),
            await visits.Where(v => v.Status == SiteVisitStatus.Held).Select(v => v.OrganizationId).Distinct().CountAsync(ct),
            await opinions.CountAsync(o => o.SubmittedAt != null, ct),
            await opinions.CountAsync(o => o.ReturnCount > 0, ct),
            await opinions.SumAsync(o => o.ReturnCount, ct),
            await opinions.CountAsync(o => o.AcceptedAt != null, ct),
            await opinions.CountAsync(o => o.Status == OpinionStatus.Released, ct));
    }

    private static async Task<ShowcaseCounts> ShowcaseAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var profiles = db.Set<ShowcaseProfile>().Where(p => p.ProgrammeId == programmeId);
        var events = db.Set<ExchangeEvent>().Where(e => e.ProgrammeId == programmeId);
        var attended = db.Set<ExchangeAttendance>().Where(a => a.ProgrammeId == programmeId && a.Attended == true);
        return new ShowcaseCounts(
            await db.Set<SelfEvaluation>().CountAsync(s => s.ProgrammeId == programmeId && s.Kind == SelfEvaluationKind.Final && s.Status == SelfEvaluationStatus.Submitted, ct),
            await profiles.CountAsync(p => p.SubmittedAt != null, ct),
            await profiles.CountAsync(p => p.Status == ProfileStatus.Approved, ct),
            await profiles.CountAsync(p => p.Status == ProfileStatus.Approved && p.PublicConsent, ct),
            await profiles.CountAsync(p => p.RescoreTotal != null, ct),
            await events.CountAsync(e => e.Kind == ExchangeKind.Showcase, ct),
            await events.CountAsync(e => e.Kind == ExchangeKind.BenchmarkVisit, ct),
            await attended.CountAsync(ct),
            await attended.SumAsync(a => a.Participants ?? 0, ct));
    }

    /// <summary>4.7.2 the organizations scored both at the baseline (the consensus) and again at the showcase.</summary>
    private static async Task<List<ScorePair>> ScoresAsync(AppDbContext db, Guid programmeId, CancellationToken ct) =>
        [.. (await db.Set<ShowcaseProfile>().AsNoTracking().Where(p => p.ProgrammeId == programmeId && p.RescoreTotal != null)
            .Join(db.Set<ReviewConsensus>().Where(r => r.ProgrammeId == programmeId && r.RecordedAt != null && r.Total != null),
                p => p.OrganizationId, r => r.OrganizationId, (p, r) => new { Baseline = r.Total!.Value, Rescore = p.RescoreTotal!.Value })
            .ToListAsync(ct)).Select(x => new ScorePair(x.Baseline, x.Rescore))];

    private sealed record CaseRow(Guid CaseId, Guid OrganizationId, string Name, CaseState State, string? ClosingReason, decimal? Baseline, decimal? Rescore);

    private static IQueryable<CaseRow> Rows(AppDbContext db, Guid programmeId) =>
        db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId)
            .OrderBy(c => c.Organization!.Name).ThenBy(c => c.Id)
            .Select(c => new CaseRow(c.Id, c.OrganizationId, c.Organization!.Name, c.State, c.ClosingReason,
                db.Set<ReviewConsensus>().Where(r => r.ProgrammeId == programmeId && r.OrganizationId == c.OrganizationId && r.RecordedAt != null).Select(r => r.Total).FirstOrDefault(),
                db.Set<ShowcaseProfile>().Where(p => p.ProgrammeId == programmeId && p.OrganizationId == c.OrganizationId).Select(p => p.RescoreTotal).FirstOrDefault()));

    /// <summary>One page of the organizations (paged in the database) with their timelines (one query for the page).</summary>
    public static async Task<PagedList<OrganizationRow>> OrganizationsAsync(AppDbContext db, Guid programmeId, int? page, int? pageSize, CancellationToken ct)
    {
        var rows = await Rows(db, programmeId).ToPagedAsync(page, pageSize, ct);
        var ids = rows.Items.Select(r => r.CaseId).ToList();
        var timeline = await db.CaseEvents.AsNoTracking().Where(e => ids.Contains(e.CaseId)).Select(e => new { e.CaseId, e.To, e.At }).ToListAsync(ct);
        return new PagedList<OrganizationRow>([.. rows.Items.Select(r => Row(r, timeline.Where(e => e.CaseId == r.CaseId).Select(e => new TimelineEntry(e.To, e.At))))],
            rows.Page, rows.PageSize, rows.Total);
    }

    /// <summary>Every organization with its timeline (two queries), for freezing and export.</summary>
    public static async Task<List<OrganizationRow>> AllOrganizationsAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var rows = await Rows(db, programmeId).ToListAsync(ct);
        var timeline = (await db.CaseEvents.AsNoTracking().Where(e => e.ProgrammeId == programmeId).Select(e => new { e.CaseId, e.To, e.At }).ToListAsync(ct))
            .ToLookup(e => e.CaseId, e => new TimelineEntry(e.To, e.At));
        return [.. rows.Select(r => Row(r, timeline[r.CaseId]))];
    }

    private static OrganizationRow Row(CaseRow r, IEnumerable<TimelineEntry> timeline) =>
        new(r.OrganizationId, r.Name, r.State, r.ClosingReason, [.. timeline], r.Baseline, r.Rescore);
}
