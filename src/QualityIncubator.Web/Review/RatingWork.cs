using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Web.Review;

/// <summary>A programme as the pages of clause 5 show it.</summary>
public sealed record ReviewProgramme(Guid Id, string Title, int Year, ProgrammeStage Stage, DateTime CreatedAt)
{
    /// <summary>Why records of clause 5 cannot be written now; null in the Review stage.</summary>
    public string? WriteRefusal => ReviewStage.WriteRefusal(Stage);
}

public sealed record RatingView(Guid Id, ExpertRatingLevel Level, string LevelLabel, string? Comment, DateTime RatedAt, string? RatedBy, long Version);

public sealed record DecisionView(Guid Id, TeamDecision Decision, string DecisionLabel, string? Reason, DateTime DecidedAt, string? DecidedBy, long Version);

/// <summary>
/// One expert in one role of one programme (5.2.3): the facts of the work, this programme's rating and team decision, the rating record across
/// programmes with the proposed decision, and whether the expert serves in the role now (5.3.2).
/// </summary>
public sealed record ServedRole(Guid ExpertId, string ExpertName, AssignmentRole Role, string RoleLabel, ServiceFacts Facts, RatingView? Rating, DecisionView? Decision,
    RatingSummary? Record, DecisionSuggestion Suggestion, bool HoldsRole, bool Suspended)
{
    public string Standing => !HoldsRole ? "已不在该类别" : Suspended ? "该类别已暂停" : "在该类别中";
}

/// <summary>One rating on an expert's record, with its programme.</summary>
public sealed record RatingRecordRow(Guid ProgrammeId, string ProgrammeTitle, int Year, AssignmentRole Role, ExpertRatingLevel Level, string? Comment, DateTime RatedAt, string? RatedBy);

public sealed record DecisionRecordRow(Guid ProgrammeId, string ProgrammeTitle, int Year, AssignmentRole Role, TeamDecision Decision, string? Reason, DateTime DecidedAt, string? DecidedBy);

/// <summary>An expert's record of clause 5 across programmes: every rating, the summary per role, every team decision, and the roles suspended now.</summary>
public sealed record ExpertRecord(Guid ExpertId, string Name, IReadOnlyList<RatingRecordRow> Ratings, IReadOnlyList<RatingSummary> Summary,
    IReadOnlyList<DecisionRecordRow> Decisions, IReadOnlyList<AssignmentRole> SuspendedRoles);

public enum ReviewOutcome
{
    Saved,

    /// <summary>Input errors, by field.</summary>
    Invalid,

    /// <summary>Not allowed now (the programme's stage, a carry that is not possible).</summary>
    Refused,

    /// <summary>Someone else saved first.</summary>
    Stale,

    NotFound,
}

/// <summary>What a write of clause 5 came to, with the reasons in Chinese.</summary>
public sealed record ReviewResult(ReviewOutcome Outcome, IReadOnlyList<FieldError> Errors, string? Message, Guid? Id = null)
{
    public bool Succeeded => Outcome == ReviewOutcome.Saved;

    public static ReviewResult Saved(Guid id) => new(ReviewOutcome.Saved, [], null, id);
    public static ReviewResult Invalid(IReadOnlyList<FieldError> errors) => new(ReviewOutcome.Invalid, errors, string.Join("；", errors.Select(e => e.Message)));
    public static ReviewResult Refused(string message) => new(ReviewOutcome.Refused, [], message);
    public static ReviewResult Stale() => new(ReviewOutcome.Stale, [], ConcurrencyMessages.Stale);
    public static ReviewResult NotFound(string message) => new(ReviewOutcome.NotFound, [], message);
}

/// <summary>
/// 5.2 expert rating and 5.3.2 the adjustment of the expert teams: who served in which role of a programme and how, the Office's rating 好/中/差
/// with a comment, and its decision to keep, suspend or remove the expert in the role, which takes effect on the expert at once.
/// </summary>
public sealed class RatingWork(AppDbContext db, TimeProvider clock, IAuditActor actor)
{
    public Task<ReviewProgramme?> ProgrammeAsync(Guid programmeId, CancellationToken ct) =>
        db.Programmes.AsNoTracking().Where(p => p.Id == programmeId)
            .Select(p => new ReviewProgramme(p.Id, p.Title, p.Year, p.Stage, p.CreatedAt)).FirstOrDefaultAsync(ct);

    /// <summary>How many served roles the programme has (5.2.3) and how many of them are rated (5.2.1), counted in the database.</summary>
    public sealed record ServedCounts(int Served, int Rated)
    {
        public int Unrated => Served - Rated;
    }

    /// <summary>
    /// The experts who served in one role of the programme (5.2.3), as the rating page lists them: lecturers of its sessions, reviewers and
    /// coaches not recused, coaches on the team of a visit that was not cancelled, and anyone with a rating or decision on file in the role.
    /// Uncorrelated IN subqueries over the expert table: counted, ordered and paged in the database.
    /// </summary>
    private IQueryable<Expert> ServedIn(Guid programmeId, AssignmentRole role)
    {
        var rated = db.Set<ExpertRating>().Where(r => r.ProgrammeId == programmeId && r.Role == role).Select(r => r.ExpertId);
        var decided = db.Set<ExpertTeamDecision>().Where(d => d.ProgrammeId == programmeId && d.Role == role).Select(d => d.ExpertId);
        var assigned = db.ExpertAssignments.Where(a => a.ProgrammeId == programmeId && a.Role == role && a.Status != AssignmentStatus.Recused).Select(a => a.ExpertId);
        var experts = db.Experts.AsNoTracking();
        return role switch
        {
            AssignmentRole.Lecturer => experts.Where(e => db.Set<SessionLecturer>().Where(l => l.ProgrammeId == programmeId).Select(l => l.ExpertId).Contains(e.Id)
                || rated.Contains(e.Id) || decided.Contains(e.Id)),
            AssignmentRole.ReportReviewer => experts.Where(e => assigned.Contains(e.Id) || rated.Contains(e.Id) || decided.Contains(e.Id)),
            AssignmentRole.SiteCoach => experts.Where(e => assigned.Contains(e.Id)
                || db.Set<SiteVisitAttendee>().Where(a => a.ProgrammeId == programmeId && a.Side == AttendeeSide.Team && a.ExpertId != null
                    && db.Set<SiteVisit>().Any(v => v.Id == a.VisitId && v.Status != SiteVisitStatus.Cancelled)).Select(a => a.ExpertId!.Value).Contains(e.Id)
                || rated.Contains(e.Id) || decided.Contains(e.Id)),
            _ => experts.Where(e => false),
        };
    }

    /// <summary>Served roles per role (a rating keeps its row, so the rated rows are the ratings on file).</summary>
    private async Task<Dictionary<AssignmentRole, int>> CountsByRoleAsync(Guid programmeId, CancellationToken ct)
    {
        var counts = new Dictionary<AssignmentRole, int>();
        foreach (var role in Enum.GetValues<AssignmentRole>())
        {
            counts[role] = await ServedIn(programmeId, role).CountAsync(ct);
        }
        return counts;
    }

    private Task<int> RatedAsync(Guid programmeId, CancellationToken ct) =>
        db.Set<ExpertRating>().CountAsync(r => r.ProgrammeId == programmeId && db.Experts.Any(e => e.Id == r.ExpertId), ct);

    /// <summary>5.2.3 / 5.2.1 in figures: the served roles and the rated ones (four count queries).</summary>
    public async Task<ServedCounts> ServedCountsAsync(Guid programmeId, CancellationToken ct) =>
        new((await CountsByRoleAsync(programmeId, ct)).Values.Sum(), await RatedAsync(programmeId, ct));

    /// <summary>
    /// One page of the experts who served in the programme, once per role (5.2.3), by role then name (<paramref name="role"/> keeps one
    /// role), with the counts of every role: the page is cut in the database role by role, and only its experts' facts are read.
    /// </summary>
    public async Task<(PagedList<ServedRole> Page, ServedCounts Counts)> ServedAsync(Guid programmeId, AssignmentRole? role, int? page, int? pageSize, CancellationToken ct)
    {
        var counts = await CountsByRoleAsync(programmeId, ct);
        var rated = await RatedAsync(programmeId, ct);
        var (number, size) = Paging.Normalize(page, pageSize);
        var skip = (number - 1) * size;
        var keys = new List<(Guid ExpertId, AssignmentRole Role)>();
        foreach (var r in Enum.GetValues<AssignmentRole>().Where(r => role is null || r == role))
        {
            if (skip >= counts[r])
            {
                skip -= counts[r];
                continue;
            }
            if (keys.Count == size)
            {
                break;
            }
            var ids = await ServedIn(programmeId, r).OrderBy(e => e.Name).ThenBy(e => e.Id).Skip(skip).Take(size - keys.Count).Select(e => e.Id).ToListAsync(ct);
            keys.AddRange(ids.Select(id => (id, r)));
            skip = 0;
        }
        var total = role is { } only ? counts[only] : counts.Values.Sum();
        return (new PagedList<ServedRole>(await FactsAsync(programmeId, keys, ct), number, size, total), new ServedCounts(counts.Values.Sum(), rated));
    }

    /// <summary>One expert in one role, as the list shows it (null when the expert did not serve in the role).</summary>
    public async Task<ServedRole?> ServedRoleAsync(Guid programmeId, Guid expertId, AssignmentRole role, CancellationToken ct) =>
        await ServedIn(programmeId, role).AnyAsync(e => e.Id == expertId, ct) ? (await FactsAsync(programmeId, [(expertId, role)], ct)).Single() : null;

    /// <summary>
    /// The facts of the work, the rating, the decision and the record of the given experts in the given roles, in this order: a fixed number of
    /// queries, each restricted to these experts (a page of the list), none per expert.
    /// </summary>
    private async Task<List<ServedRole>> FactsAsync(Guid programmeId, IReadOnlyList<(Guid ExpertId, AssignmentRole Role)> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
        {
            return [];
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var expertIds = keys.Select(k => k.ExpertId).Distinct().ToList();
        List<Guid> In(AssignmentRole role) => [.. keys.Where(k => k.Role == role).Select(k => k.ExpertId).Distinct()];
        var (lecturers, reviewers, coaches) = (In(AssignmentRole.Lecturer), In(AssignmentRole.ReportReviewer), In(AssignmentRole.SiteCoach));

        // 授课专家: the sessions they taught and each session's roll (4.5.3), counted per session in the database
        var taught = await db.Set<SessionLecturer>().AsNoTracking().Where(l => l.ProgrammeId == programmeId && lecturers.Contains(l.ExpertId))
            .Join(db.Set<CourseSession>(), l => l.SessionId, s => s.Id, (l, s) => new { l.ExpertId, s.Id, s.StartsAt, s.EndsAt, s.Course!.Title })
            .ToListAsync(ct);
        var taughtIds = taught.Select(t => t.Id).Distinct().ToList();
        var roll = await db.Set<Attendance>().AsNoTracking().Where(a => a.ProgrammeId == programmeId && taughtIds.Contains(a.SessionId))
            .GroupBy(a => a.SessionId)
            .Select(g => new
            {
                g.Key,
                Present = g.Count(a => a.Status == AttendanceStatus.Present), Late = g.Count(a => a.Status == AttendanceStatus.Late),
                LeftEarly = g.Count(a => a.Status == AttendanceStatus.LeftEarly), Absent = g.Count(a => a.Status == AttendanceStatus.Absent),
                Organizations = g.Where(a => a.Status != AttendanceStatus.Absent).Select(a => a.OrganizationId).Distinct().Count(),
            })
            .ToDictionaryAsync(r => r.Key, ct);
        TaughtSession Session(Guid id, string title, DateTime starts, DateTime ends) => roll.GetValueOrDefault(id) is { } r
            ? new TaughtSession(title, starts, ends, r.Present, r.Late, r.LeftEarly, r.Absent, r.Organizations)
            : new TaughtSession(title, starts, ends, 0, 0, 0, 0, 0);

        // 自评报告评价专家: their assignments (a recusal is not service, 4.2.3), their reviews and the consensus of each organization (4.4.2)
        var reviewing = await db.ExpertAssignments.AsNoTracking()
            .Where(a => a.ProgrammeId == programmeId && a.Role == AssignmentRole.ReportReviewer && a.Status != AssignmentStatus.Recused && reviewers.Contains(a.ExpertId))
            .Select(a => new { a.Id, a.ExpertId, a.OrganizationId, a.Organization!.Name }).ToListAsync(ct);
        var reviewed = reviewing.Select(a => a.OrganizationId).Distinct().ToList();
        var reviewingIds = reviewing.Select(a => a.Id).ToList();
        var reviews = (await db.Set<ExpertReview>().AsNoTracking().Where(r => r.ProgrammeId == programmeId && reviewingIds.Contains(r.AssignmentId))
                .Select(r => new { r.AssignmentId, r.Status, r.SubmittedAt, r.ScoresJson }).ToListAsync(ct))
            .ToDictionary(r => r.AssignmentId);
        var consensus = (await db.Set<ReviewConsensus>().AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.RecordedAt != null && reviewed.Contains(c.OrganizationId))
                .Select(c => new { c.OrganizationId, c.ScoresJson }).ToListAsync(ct))
            .ToDictionary(c => c.OrganizationId, c => (IReadOnlyDictionary<string, int>)ScoreJson.Read(c.ScoresJson));
        // Assessment sets no deadline for the reviews themselves: the programme's planned end of the baseline assessment (4.4) is the only date there is.
        var reviewDeadline = await db.ProgrammeStageWindows.AsNoTracking()
            .Where(w => w.ProgrammeId == programmeId && w.Stage == ProgrammeStage.BaselineAssessment).Select(w => w.EndsOn).FirstOrDefaultAsync(ct);

        // 现场扶优指导专家: their assignments, the visits they were on the team of (4.6.1–4.6.2) and the returns of each visit's opinion (4.6.6)
        var coaching = await db.ExpertAssignments.AsNoTracking()
            .Where(a => a.ProgrammeId == programmeId && a.Role == AssignmentRole.SiteCoach && a.Status != AssignmentStatus.Recused && coaches.Contains(a.ExpertId))
            .Select(a => new { a.ExpertId, a.OrganizationId, a.IsLead }).ToListAsync(ct);
        var teamVisits = await db.Set<SiteVisitAttendee>().AsNoTracking()
            .Where(a => a.ProgrammeId == programmeId && a.Side == AttendeeSide.Team && a.ExpertId != null && coaches.Contains(a.ExpertId.Value))
            .Join(db.Set<SiteVisit>(), a => a.VisitId, v => v.Id, (a, v) => new { ExpertId = a.ExpertId!.Value, a.Attended, v.Id, v.OrganizationId, v.StartsAt, v.Status })
            .Where(x => x.Status != SiteVisitStatus.Cancelled)
            .Join(db.Organizations, x => x.OrganizationId, o => o.Id, (x, o) => new { x.ExpertId, x.Attended, x.Id, x.OrganizationId, x.StartsAt, x.Status, o.Name })
            .ToListAsync(ct);
        var visitIds = teamVisits.Select(v => v.Id).Distinct().ToList();
        var opinions = (await db.Set<SiteVisitOpinion>().AsNoTracking().Where(o => o.ProgrammeId == programmeId && visitIds.Contains(o.VisitId))
                .Select(o => new { o.VisitId, o.LeadExpertId, o.ReturnCount }).ToListAsync(ct))
            .ToDictionary(o => o.VisitId);

        var ratings = await db.Set<ExpertRating>().AsNoTracking().Where(r => r.ProgrammeId == programmeId && expertIds.Contains(r.ExpertId)).ToListAsync(ct);
        var decisions = await db.Set<ExpertTeamDecision>().AsNoTracking().Where(d => d.ProgrammeId == programmeId && expertIds.Contains(d.ExpertId)).ToListAsync(ct);

        var experts = await db.Experts.AsNoTracking().Where(e => expertIds.Contains(e.Id))
            .Select(e => new { e.Id, e.Name, e.IsLecturer, e.IsReportReviewer, e.IsSiteCoach, e.SuspendedRoles }).ToDictionaryAsync(e => e.Id, ct);
        var record = (await RatingEntriesAsync(expertIds, ct)).ToLookup(r => r.ExpertId, r => r.Entry);

        ServiceFacts Facts(Guid expertId, AssignmentRole role) => role switch
        {
            AssignmentRole.Lecturer => ExpertServiceFacts.Lecturer(
                [.. taught.Where(t => t.ExpertId == expertId).Select(t => Session(t.Id, t.Title, t.StartsAt, t.EndsAt))], now),
            AssignmentRole.ReportReviewer => ExpertServiceFacts.Reviewer(
                [.. reviewing.Where(a => a.ExpertId == expertId).Select(a =>
                {
                    var review = reviews.GetValueOrDefault(a.Id);
                    var submitted = review?.Status == ReviewStatus.Submitted ? review.SubmittedAt : null;
                    return new ReviewedOrganization(a.Name, submitted, review is null ? new Dictionary<string, int>() : ScoreJson.Read(review.ScoresJson),
                        consensus.GetValueOrDefault(a.OrganizationId));
                })], reviewDeadline),
            AssignmentRole.SiteCoach => ExpertServiceFacts.Coach(
                [.. teamVisits.Where(v => v.ExpertId == expertId).Select(v =>
                {
                    var opinion = opinions.GetValueOrDefault(v.Id);
                    // the lead is who drafted the opinion, or, before it exists, the team lead of the organization's coaching team (4.6.1)
                    var lead = opinion is not null ? opinion.LeadExpertId == expertId : coaching.Any(a => a.ExpertId == expertId && a.OrganizationId == v.OrganizationId && a.IsLead);
                    return new CoachedVisit(v.Name, v.StartsAt, v.Status == SiteVisitStatus.Held, lead, v.Attended, opinion?.ReturnCount ?? 0);
                })]),
        };

        return [.. keys.Where(s => experts.ContainsKey(s.ExpertId))
            .Select(s =>
            {
                var e = experts[s.ExpertId];
                var state = ExpertRoles.Of(e.IsLecturer, e.IsReportReviewer, e.IsSiteCoach, e.SuspendedRoles);
                var rating = ratings.FirstOrDefault(r => r.ExpertId == s.ExpertId && r.Role == s.Role);
                var decision = decisions.FirstOrDefault(d => d.ExpertId == s.ExpertId && d.Role == s.Role);
                var summary = ExpertRatingRules.Summarize(record[s.ExpertId].Where(r => r.Role == s.Role)) is [var only] ? only : null;
                return new ServedRole(s.ExpertId, e.Name, s.Role, AssignmentLabels.Role(s.Role), Facts(s.ExpertId, s.Role),
                    rating is null ? null : new RatingView(rating.Id, rating.Level, ExpertRatingRules.Label(rating.Level), rating.Comment, rating.RatedAt, rating.RatedBy, rating.Version),
                    decision is null ? null : new DecisionView(decision.Id, decision.Decision, TeamDecisionRules.Label(decision.Decision), decision.Reason, decision.DecidedAt, decision.DecidedBy, decision.Version),
                    summary, TeamDecisionRules.Suggest(summary), state.Flags.Contains(s.Role), state.Suspended.Contains(s.Role));
            })];
    }

    /// <summary>5.2.2 the Office rates an expert in a role of the programme: 好/中/差 with a comment. <paramref name="version"/> is null for a first rating.</summary>
    public async Task<ReviewResult> RateAsync(Guid programmeId, Guid expertId, AssignmentRole role, ExpertRatingLevel? level, string? comment, long? version, CancellationToken ct)
    {
        if (await RefusalAsync(programmeId, expertId, role, ct) is { } refused)
        {
            return refused;
        }
        if (RatingInputRules.Check(level, comment) is { Count: > 0 } errors)
        {
            return ReviewResult.Invalid(errors);
        }
        var rating = await db.Set<ExpertRating>().FirstOrDefaultAsync(r => r.ProgrammeId == programmeId && r.ExpertId == expertId && r.Role == role, ct);
        if ((rating is null) != (version is null))
        {
            // rated by someone else since the page was read (or the page was read with a rating that is gone)
            return ReviewResult.Stale();
        }
        if (rating is null)
        {
            rating = new ExpertRating { ProgrammeId = programmeId, ExpertId = expertId, Role = role };
            db.Add(rating);
        }
        else
        {
            db.ExpectVersion(rating, version!.Value);
        }
        rating.Level = level!.Value;
        rating.Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        rating.RatedAt = clock.GetUtcNow().UtcDateTime;
        rating.RatedBy = actor.UserName;
        return await SaveAsync(rating.Id, inserting: version is null, ct);
    }

    /// <summary>
    /// 5.3.2 the Office decides to keep, suspend or remove the expert in the role; the expert's roles change at once (<see cref="TeamDecisionRules.Apply"/>).
    /// <paramref name="version"/> is null for a first decision.
    /// </summary>
    public async Task<ReviewResult> DecideAsync(Guid programmeId, Guid expertId, AssignmentRole role, TeamDecision? decision, string? reason, long? version, CancellationToken ct)
    {
        if (await RefusalAsync(programmeId, expertId, role, ct) is { } refused)
        {
            return refused;
        }
        if (TeamDecisionRules.Check(decision, reason) is { Count: > 0 } errors)
        {
            return ReviewResult.Invalid(errors);
        }
        var record = await db.Set<ExpertTeamDecision>().FirstOrDefaultAsync(d => d.ProgrammeId == programmeId && d.ExpertId == expertId && d.Role == role, ct);
        if ((record is null) != (version is null))
        {
            return ReviewResult.Stale();
        }
        var previous = record?.Decision;
        if (record is null)
        {
            record = new ExpertTeamDecision { ProgrammeId = programmeId, ExpertId = expertId, Role = role };
            db.Add(record);
        }
        else
        {
            db.ExpectVersion(record, version!.Value);
        }
        record.Decision = decision!.Value;
        record.Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        record.DecidedAt = clock.GetUtcNow().UtcDateTime;
        record.DecidedBy = actor.UserName;
        var expert = await db.Experts.FirstAsync(e => e.Id == expertId, ct);
        ExpertRoles.ApplyTo(TeamDecisionRules.Apply(ExpertRoles.Of(expert), role, record.Decision, previous), expert);
        return await SaveAsync(record.Id, inserting: version is null, ct);
    }

    /// <summary>An expert's record across programmes (5.2.2, 5.3.2); null when there is no such expert.</summary>
    public async Task<ExpertRecord?> RecordAsync(Guid expertId, CancellationToken ct)
    {
        var expert = await db.Experts.AsNoTracking().Where(e => e.Id == expertId).Select(e => new { e.Name, e.SuspendedRoles, e.IsLecturer, e.IsReportReviewer, e.IsSiteCoach })
            .FirstOrDefaultAsync(ct);
        if (expert is null)
        {
            return null;
        }
        var ratings = await db.Set<ExpertRating>().AsNoTracking().Where(r => r.ExpertId == expertId)
            .Join(db.Programmes, r => r.ProgrammeId, p => p.Id, (r, p) => new RatingRecordRow(r.ProgrammeId, p.Title, p.Year, r.Role, r.Level, r.Comment, r.RatedAt, r.RatedBy))
            .ToListAsync(ct);
        var decisions = await db.Set<ExpertTeamDecision>().AsNoTracking().Where(d => d.ExpertId == expertId)
            .Join(db.Programmes, d => d.ProgrammeId, p => p.Id, (d, p) => new DecisionRecordRow(d.ProgrammeId, p.Title, p.Year, d.Role, d.Decision, d.Reason, d.DecidedAt, d.DecidedBy))
            .ToListAsync(ct);
        var state = ExpertRoles.Of(expert.IsLecturer, expert.IsReportReviewer, expert.IsSiteCoach, expert.SuspendedRoles);
        return new ExpertRecord(expertId, expert.Name,
            [.. ratings.OrderByDescending(r => r.Year).ThenByDescending(r => r.RatedAt).ThenBy(r => r.Role)],
            ExpertRatingRules.Summarize(ratings.Select(r => new ExpertRatingEntry(r.ProgrammeId, r.Year, r.Role, r.Level))),
            [.. decisions.OrderByDescending(d => d.DecidedAt)],
            [.. state.Suspended.Where(state.Flags.Contains).Order()]);
    }

    private async Task<List<(Guid ExpertId, ExpertRatingEntry Entry)>> RatingEntriesAsync(IReadOnlyCollection<Guid> expertIds, CancellationToken ct) =>
        [.. (await db.Set<ExpertRating>().AsNoTracking().Where(r => expertIds.Contains(r.ExpertId))
                .Join(db.Programmes, r => r.ProgrammeId, p => p.Id, (r, p) => new { r.ExpertId, r.ProgrammeId, p.Year, r.Role, r.Level }).ToListAsync(ct))
            .Select(r => (r.ExpertId, new ExpertRatingEntry(r.ProgrammeId, r.Year, r.Role, r.Level)))];

    /// <summary>Why nothing of this expert and role can be written now: no programme or expert, the wrong stage (5), or the expert did not serve in the role (5.2.3).</summary>
    private async Task<ReviewResult?> RefusalAsync(Guid programmeId, Guid expertId, AssignmentRole role, CancellationToken ct)
    {
        var programme = await ProgrammeAsync(programmeId, ct);
        if (programme is null)
        {
            return ReviewResult.NotFound("培育计划不存在");
        }
        if (programme.WriteRefusal is { } stage)
        {
            return ReviewResult.Refused(stage);
        }
        if (!Enum.IsDefined(role) || !await HasServedAsync(programmeId, expertId, role, ct))
        {
            return ReviewResult.NotFound($"该专家未在本计划中担任{(Enum.IsDefined(role) ? AssignmentLabels.Role(role) : "该类别专家")}");
        }
        return null;
    }

    // 5.2.3 the role is the stage of the work the expert took part in: taught a session, was a (not recused) reviewer, or a coach on a team.
    private async Task<bool> HasServedAsync(Guid programmeId, Guid expertId, AssignmentRole role, CancellationToken ct) => role switch
    {
        AssignmentRole.Lecturer => await db.Set<SessionLecturer>().AnyAsync(l => l.ProgrammeId == programmeId && l.ExpertId == expertId, ct),
        AssignmentRole.ReportReviewer => await db.ExpertAssignments.AnyAsync(a => a.ProgrammeId == programmeId && a.ExpertId == expertId
            && a.Role == AssignmentRole.ReportReviewer && a.Status != AssignmentStatus.Recused, ct),
        AssignmentRole.SiteCoach => await db.ExpertAssignments.AnyAsync(a => a.ProgrammeId == programmeId && a.ExpertId == expertId
                && a.Role == AssignmentRole.SiteCoach && a.Status != AssignmentStatus.Recused, ct)
            || await db.Set<SiteVisitAttendee>().AnyAsync(a => a.ProgrammeId == programmeId && a.ExpertId == expertId && a.Side == AttendeeSide.Team, ct),
        _ => false,
    }
        // a rating or decision on file stays writable, whatever changed in the assignments since
        || await db.Set<ExpertRating>().AnyAsync(r => r.ProgrammeId == programmeId && r.ExpertId == expertId && r.Role == role, ct)
        || await db.Set<ExpertTeamDecision>().AnyAsync(d => d.ProgrammeId == programmeId && d.ExpertId == expertId && d.Role == role, ct);

    /// <summary>Saves; a stale version, or a first save that loses the race for the record's unique index to another user's, is answered as stale and nothing is kept.</summary>
    private async Task<ReviewResult> SaveAsync(Guid id, bool inserting, CancellationToken ct)
    {
        try
        {
            return await db.TrySaveAsync(ct) ? ReviewResult.Saved(id) : ReviewResult.Stale();
        }
        catch (DbUpdateException) when (inserting)
        {
            db.ChangeTracker.Clear();
            return ReviewResult.Stale();
        }
    }
}
