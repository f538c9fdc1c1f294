using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Experts.Assignment;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Courses;

/// <summary>
/// Every change in the course stages (4.3, 4.5): catalogue, sessions, lecturers, self-study, the continuation decision,
/// responsible persons, electives and attendance. Audited (IAudited entities and explicit events), saved with optimistic concurrency.
/// </summary>
public sealed class CourseWork(AppDbContext db, CaseWorkflow workflow, Notifier notifier, TimeProvider clock, IAuditActor actor)
{
    /// <summary>Minutes after the start from which a self check-in counts as late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(15);

    public const string NoSuchCourse = "课程不存在";
    public const string NoSuchSession = "课程场次不存在";
    public const string NotOnRoll = "本组织不在本场次的学员名单中";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // ---------- Catalogue (4.3.2, 4.3.3, 4.5.1–4.5.4) ----------

    /// <summary>Adds the standard's courses the programme does not have yet (by title); returns how many were added.</summary>
    public async Task<int> AddPresetsAsync(Guid programmeId, CancellationToken ct)
    {
        var existing = await db.Set<Course>().Where(c => c.ProgrammeId == programmeId).Select(c => c.Title).ToListAsync(ct);
        var order = existing.Count;
        var added = 0;
        foreach (var preset in CoursePresets.All.Where(p => !existing.Contains(p.Title)))
        {
            db.Add(new Course
            {
                ProgrammeId = programmeId, Stage = preset.Stage, Kind = preset.Kind, Title = preset.Title, Description = preset.Description,
                Topic = preset.Topic, SortOrder = ++order, CreatedAt = Now,
            });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    /// <summary>Copies another programme's courses and link materials (not its sessions, which are dated); titles already present are skipped.</summary>
    public async Task<int> CopyFromAsync(Guid programmeId, Guid sourceProgrammeId, CancellationToken ct)
    {
        if (programmeId == sourceProgrammeId)
        {
            return 0;
        }
        var existing = await db.Set<Course>().Where(c => c.ProgrammeId == programmeId).Select(c => c.Title).ToListAsync(ct);
        var source = await db.Set<Course>().AsNoTracking().Include(c => c.Materials).Where(c => c.ProgrammeId == sourceProgrammeId)
            .OrderBy(c => c.Stage).ThenBy(c => c.SortOrder).ToListAsync(ct);
        var added = 0;
        foreach (var c in source.Where(c => !existing.Contains(c.Title)))
        {
            var copy = new Course
            {
                ProgrammeId = programmeId, Stage = c.Stage, Kind = c.Kind, Title = c.Title, Description = c.Description, Topic = c.Topic,
                SortOrder = c.SortOrder, CreatedAt = Now,
            };
            copy.Materials.AddRange(c.Materials.Select(m => new CourseMaterial
            {
                CourseId = copy.Id, ProgrammeId = programmeId, Title = m.Title, Url = m.Url, AttachmentId = m.AttachmentId, SortOrder = m.SortOrder,
            }));
            db.Add(copy);
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    /// <summary>Creates or updates a course; returns null when saved, else the stale message.</summary>
    public async Task<(Course? Course, string? Error)> SaveCourseAsync(Guid programmeId, Guid? courseId, CourseInput input, CancellationToken ct)
    {
        Course? course;
        if (courseId is { } id)
        {
            course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id && c.ProgrammeId == programmeId, ct);
            if (course is null)
            {
                return (null, "课程不存在");
            }
            db.ExpectVersion(course, input.Version);
        }
        else
        {
            var order = await db.Set<Course>().CountAsync(c => c.ProgrammeId == programmeId, ct);
            course = new Course { ProgrammeId = programmeId, CreatedAt = Now, SortOrder = order + 1 };
            db.Add(course);
        }
        input.ApplyTo(course);
        return await SaveAsync(ct) is { } error ? (null, error) : (course, null);
    }

    /// <summary>Deletes a course that nobody has studied, chosen or attended yet.</summary>
    public async Task<string?> DeleteCourseAsync(Guid programmeId, Guid courseId, CancellationToken ct)
    {
        var course = await db.Set<Course>().Include(c => c.Sessions).Include(c => c.Materials).FirstOrDefaultAsync(c => c.Id == courseId && c.ProgrammeId == programmeId, ct);
        if (course is null)
        {
            return "课程不存在";
        }
        var sessionIds = course.Sessions.Select(s => s.Id).ToList();
        if (await db.Set<StudyRecord>().AnyAsync(s => s.CourseId == courseId && s.StudiedAt != null, ct)
            || await db.Set<ElectiveChoice>().AnyAsync(e => e.CourseId == courseId, ct)
            || await db.Set<Attendance>().AnyAsync(a => sessionIds.Contains(a.SessionId), ct))
        {
            return "已有组织学习、选择或出席该课程，不能删除；可修改课程内容";
        }
        db.Remove(course);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string?> AddMaterialAsync(Guid programmeId, Guid courseId, string? title, string? url, Guid? attachmentId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > 200)
        {
            return "请填写资料名称（不超过200个字）";
        }
        if (attachmentId is null && !(Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            return "请上传资料文件，或填写以 http:// 或 https:// 开头的链接";
        }
        var course = await db.Set<Course>().Where(c => c.Id == courseId && c.ProgrammeId == programmeId).Select(c => new { c.Id, Count = c.Materials.Count }).FirstOrDefaultAsync(ct);
        if (course is null)
        {
            return "课程不存在";
        }
        db.Add(new CourseMaterial
        {
            CourseId = courseId, ProgrammeId = programmeId, Title = title.Trim(), Url = attachmentId is null ? url!.Trim() : null, AttachmentId = attachmentId,
            SortOrder = course.Count + 1,
        });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Removes a material of this course; false when the course has no such material.</summary>
    public async Task<bool> RemoveMaterialAsync(Guid programmeId, Guid courseId, Guid materialId, CancellationToken ct)
    {
        var material = await db.Set<CourseMaterial>().FirstOrDefaultAsync(m => m.Id == materialId && m.ProgrammeId == programmeId && m.CourseId == courseId, ct);
        if (material is null)
        {
            return false;
        }
        db.Remove(material);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<string?> SaveSessionAsync(Guid programmeId, Guid courseId, Guid? sessionId, SessionInput input, CancellationToken ct)
    {
        if (!await db.Set<Course>().AnyAsync(c => c.Id == courseId && c.ProgrammeId == programmeId, ct))
        {
            return "课程不存在";
        }
        CourseSession? session;
        if (sessionId is { } id)
        {
            session = await db.Set<CourseSession>().FirstOrDefaultAsync(s => s.Id == id && s.CourseId == courseId, ct);
            if (session is null)
            {
                return "课程场次不存在";
            }
            db.ExpectVersion(session, input.Version);
        }
        else
        {
            session = new CourseSession { CourseId = courseId, ProgrammeId = programmeId };
            db.Add(session);
        }
        input.ApplyTo(session);
        return await SaveAsync(ct);
    }

    public async Task<string?> DeleteSessionAsync(Guid programmeId, Guid sessionId, CancellationToken ct)
    {
        var session = await db.Set<CourseSession>().FirstOrDefaultAsync(s => s.Id == sessionId && s.ProgrammeId == programmeId, ct);
        if (session is null)
        {
            return "课程场次不存在";
        }
        if (await db.Set<Attendance>().AnyAsync(a => a.SessionId == sessionId, ct))
        {
            return "该场次已有出席记录，不能删除";
        }
        db.Remove(session);
        await db.SaveChangesAsync(ct);
        return null;
    }

    // ---------- Lecturers (4.5, 5.2.3 授课专家) through the assignment engine's checks ----------

    /// <summary>Proposes a lecturer for every session of the programme that has none (engine: role, active, available on the date, load).</summary>
    public async Task<(AssignmentResult Result, IReadOnlyDictionary<Guid, string> Labels)> ProposeLecturersAsync(Guid programmeId, CancellationToken ct)
    {
        var sessions = await db.Set<CourseSession>().AsNoTracking().Where(s => s.ProgrammeId == programmeId && !s.Lecturers.Any())
            .Select(s => new { s.Id, s.StartsAt, s.Course!.Title, s.Course.Topic }).ToListAsync(ct);
        var (candidates, options) = await LecturerPoolAsync(programmeId, ct);
        var labels = sessions.ToDictionary(s => s.Id, s => $"{s.Title}（{Platform.Web.ChinaTime.DateTimeText(s.StartsAt)}）");
        var demands = sessions.Select(s => new Demand(s.Id, labels[s.Id], ExpertRole.Lecturer, 1, Platform.Web.ChinaTime.DateOf(s.StartsAt), null,
            s.Topic is null ? [] : [Applications.CodeLists.CourseTopicLabel(s.Topic)], [])).ToList();
        return (AssignmentEngine.Solve(demands, candidates, [], options), labels);
    }

    /// <summary>Adds a lecturer to a session after the engine's hard checks (role, active, date, capacity).</summary>
    public async Task<string?> AssignLecturerAsync(Guid programmeId, Guid sessionId, Guid expertId, string? explanation, CancellationToken ct)
    {
        var session = await db.Set<CourseSession>().AsNoTracking().Where(s => s.Id == sessionId && s.ProgrammeId == programmeId)
            .Select(s => new { s.Id, s.StartsAt, s.Course!.Title, Lecturers = s.Lecturers.Select(l => l.ExpertId).ToList() }).FirstOrDefaultAsync(ct);
        if (session is null)
        {
            return "课程场次不存在";
        }
        if (session.Lecturers.Contains(expertId))
        {
            return "该专家已是本场次的授课专家";
        }
        var expert = await db.Experts.AsNoTracking().Include(e => e.Unavailability).FirstOrDefaultAsync(e => e.Id == expertId, ct);
        if (expert is null)
        {
            return "专家不存在";
        }
        var options = await LecturerOptionsAsync(programmeId, ct);
        var current = await db.Set<SessionLecturer>().AsNoTracking().Where(l => l.ProgrammeId == programmeId)
            .Select(l => new AssignedPair(l.SessionId, l.ExpertId)).ToListAsync(ct);
        var check = AssignmentEngine.Validate(
            new Demand(sessionId, session.Title, ExpertRole.Lecturer, 1, Platform.Web.ChinaTime.DateOf(session.StartsAt), null, [], []),
            ExpertProposals.ToCandidate(expert), current, [], options);
        if (!check.Allowed)
        {
            return string.Join("；", check.Reasons);
        }
        db.Add(new SessionLecturer
        {
            SessionId = sessionId, ProgrammeId = programmeId, ExpertId = expertId,
            Explanation = string.IsNullOrWhiteSpace(explanation) ? "区评审办手动安排" : explanation.Trim(),
        });
        await notifier.NotifyAsync(expert.UserId ?? "", $"授课安排：{session.Title}",
            $"您被安排为“{session.Title}”（{Platform.Web.ChinaTime.DateTimeText(session.StartsAt)}）的授课专家。", "/Courses/Teaching", ct);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task RemoveLecturerAsync(Guid programmeId, Guid sessionId, Guid expertId, CancellationToken ct)
    {
        var row = await db.Set<SessionLecturer>().FirstOrDefaultAsync(l => l.SessionId == sessionId && l.ExpertId == expertId && l.ProgrammeId == programmeId, ct);
        if (row is not null)
        {
            db.Remove(row);
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>4.2: the programme's limit of tasks per expert.</summary>
    private async Task<AssignmentOptions> LecturerOptionsAsync(Guid programmeId, CancellationToken ct)
    {
        var limit = await db.Programmes.Where(p => p.Id == programmeId).Select(p => p.ExpertAssignmentLimit).FirstOrDefaultAsync(ct);
        return new AssignmentOptions { MaxPerExpert = limit > 0 ? limit : new AssignmentOptions().MaxPerExpert };
    }

    private async Task<(List<Candidate> Candidates, AssignmentOptions Options)> LecturerPoolAsync(Guid programmeId, CancellationToken ct)
    {
        var options = await LecturerOptionsAsync(programmeId, ct);
        var load = await db.Set<SessionLecturer>().AsNoTracking().Where(l => l.ProgrammeId == programmeId).GroupBy(l => l.ExpertId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var experts = await db.Experts.AsNoTracking().Include(e => e.Unavailability).Where(e => e.Status == ExpertStatus.Active).ServingIn(AssignmentRole.Lecturer).ToListAsync(ct);
        return ([.. experts.Select(e => ExpertProposals.ToCandidate(e, Math.Max(0, options.MaxPerExpert - load.GetValueOrDefault(e.Id))))], options);
    }

    // ---------- Awareness stage (4.3.4, 4.3.5) ----------

    /// <summary>4.3.1: the Office opens the awareness stage: every eligible organization starts studying and is told so.</summary>
    public async Task<StageStart> StartAwarenessAsync(Guid programmeId, CancellationToken ct) =>
        await MoveAllAsync(programmeId, CaseState.Eligible, CaseState.Awareness, "普及培育已开始",
            "请登录平台自主学习普及培育课程（4.3.4），学习后确认是否继续参与培育孵化（4.3.5）。", ct);

    /// <summary>4.5: the Office opens theory guidance for every organization in the pool.</summary>
    public async Task<StageStart> StartTheoryAsync(Guid programmeId, CancellationToken ct) =>
        await MoveAllAsync(programmeId, CaseState.InPool, CaseState.Theory, "理论指导已开始",
            "请指定相关负责人（须全程参加必修课程，4.5.3），并根据自身实际选择辅助课程（4.5.5）。", ct);

    /// <summary>How many organizations a stage start moved, and why the others could not move.</summary>
    public sealed record StageStart(int Moved, IReadOnlyList<string> Refusals)
    {
        /// <summary>The Office's message: <paramref name="done"/> when all moved, else the count and the first reasons.</summary>
        public string Message(string done) =>
            Refusals.Count == 0 ? done : $"{Moved} 家已开始；{Refusals.Count} 家未能开始：{string.Join("；", Refusals.Distinct().Take(5))}";
    }

    private async Task<StageStart> MoveAllAsync(Guid programmeId, CaseState from, CaseState to, string title, string body, CancellationToken ct)
    {
        var cases = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.State == from)
            .Select(c => new { c.Id, c.Version, c.OrganizationId, c.Organization!.Name }).ToListAsync(ct);
        var refusals = new List<string>();
        var moved = 0;
        foreach (var c in cases)
        {
            // the notice is saved with the move, or not at all: a retry after a failure tells those it moves, and only them
            await notifier.NotifyOrganizationAsync(c.OrganizationId, title, body, $"/Courses/Mine/{programmeId}", ct);
            var result = await workflow.TransitionAsync(c.Id, to, null, c.Version, ct);
            if (result.Succeeded)
            {
                moved++;
            }
            else
            {
                db.ChangeTracker.Clear();
                refusals.Add($"{c.Name}：{result.Error}");
            }
        }
        return new StageStart(moved, refusals);
    }

    /// <summary>Records that the organization opened a material; the first opening of a course is kept for the Office's progress view.</summary>
    public async Task RecordOpenedAsync(Guid programmeId, Guid organizationId, Guid courseId, CancellationToken ct)
    {
        var record = await StudyRecordAsync(programmeId, organizationId, courseId, ct);
        record.FirstOpenedAt ??= Now;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>4.3.4: the organization marks an awareness course studied. An eligible case enters the awareness stage on its first study.</summary>
    public async Task<string?> MarkStudiedAsync(Guid programmeId, Guid organizationId, Guid courseId, CancellationToken ct)
    {
        var course = await db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == courseId && c.ProgrammeId == programmeId && c.Stage == CourseStage.Awareness, ct);
        var @case = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId, ct);
        if (course is null || @case is null)
        {
            return NoSuchCourse;
        }
        if (@case.State is not (CaseState.Eligible or CaseState.Awareness))
        {
            return "当前不在普及培育阶段，不能记录学习";
        }
        var record = await StudyRecordAsync(programmeId, organizationId, courseId, ct);
        record.FirstOpenedAt ??= Now;
        record.StudiedAt ??= Now;
        record.StudiedBy ??= actor.UserName;
        if (@case.State == CaseState.Awareness)
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        // the first study and the case's entry into the awareness stage are one save
        var moved = await workflow.TransitionAsync(@case.Id, CaseState.Awareness, null, @case.Version, ct);
        if (!moved.Succeeded)
        {
            db.ChangeTracker.Clear();
            return moved.Error;
        }
        return null;
    }

    private async Task<StudyRecord> StudyRecordAsync(Guid programmeId, Guid organizationId, Guid courseId, CancellationToken ct)
    {
        var record = await db.Set<StudyRecord>().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId && s.OrganizationId == organizationId && s.CourseId == courseId, ct);
        if (record is null)
        {
            record = new StudyRecord { ProgrammeId = programmeId, OrganizationId = organizationId, CourseId = courseId };
            db.Add(record);
        }
        return record;
    }

    /// <summary>4.3.5: continue or withdraw; the rule decides whether it may, the workflow moves the case and the Office is told.</summary>
    public async Task<WorkflowResult> DecideAsync(Guid programmeId, Guid organizationId, ContinuationChoice choice, string? reason, long caseVersion, CancellationToken ct)
    {
        var @case = await db.Cases.AsNoTracking().Include(c => c.Organization).FirstOrDefaultAsync(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId, ct);
        if (@case is null)
        {
            return WorkflowResult.NotFound();
        }
        var courses = await db.Set<Course>().AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.Stage == CourseStage.Awareness)
            .OrderBy(c => c.SortOrder).Select(c => new ContinuationRule.AwarenessCourse(c.Id, c.Title)).ToListAsync(ct);
        var studied = (await db.Set<StudyRecord>().AsNoTracking().Where(s => s.ProgrammeId == programmeId && s.OrganizationId == organizationId && s.StudiedAt != null)
            .Select(s => s.CourseId).ToListAsync(ct)).ToHashSet();
        var decision = ContinuationRule.Check(choice, @case.State is CaseState.Awareness or CaseState.Eligible, courses, studied, reason);
        if (!decision.Allowed)
        {
            return WorkflowResult.Refused(string.Join("；", decision.Reasons));
        }
        // the decision's moves and the Office's notice are one transaction: never left halfway (in the awareness stage, or moved untold)
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await notifier.NotifyOfficeAsync($"{@case.Organization!.Name}：{(choice == ContinuationChoice.Continue ? "确认继续参与" : "申请退出")}培育孵化",
            choice == ContinuationChoice.Withdraw ? $"退出原因：{reason!.Trim()}" : "已完成普及培育课程学习并确认继续参与（4.3.5）。", $"/Cases/{@case.Id}", ct);
        var version = caseVersion;
        if (@case.State == CaseState.Eligible)
        {
            // withdrawing before any study: the case passes through the awareness stage on the timeline
            var entered = await workflow.TransitionAsync(@case.Id, CaseState.Awareness, null, caseVersion, ct);
            if (!entered.Succeeded)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return entered;
            }
            version = caseVersion + 1;
        }
        var to = choice == ContinuationChoice.Continue ? CaseState.Continuing : CaseState.Withdrawn;
        var result = await workflow.TransitionAsync(@case.Id, to, choice == ContinuationChoice.Withdraw ? reason : null, version, ct);
        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return result;
        }
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Reminds every organization still studying or undecided (4.3.4); returns how many were reminded.</summary>
    public async Task<int> RemindLaggardsAsync(Guid programmeId, CancellationToken ct)
    {
        var courses = (await CourseQueries.AwarenessCountsAsync(db, programmeId, ct)).CourseCount;
        var laggards = await CourseQueries.ProgressRows(db, programmeId, "undecided").ToListAsync(ct);
        foreach (var r in laggards)
        {
            await notifier.NotifyOrganizationAsync(r.OrganizationId, "请完成普及培育课程学习",
                $"已学习 {r.Studied}/{courses} 门普及培育课程。请完成学习后确认是否继续参与培育孵化（4.3.5）。", $"/Courses/Mine/{programmeId}", ct);
        }
        db.Audit(AuditActions.RemindersSent, nameof(Course), null, null, new { Count = laggards.Count, Stage = "Awareness" }, programmeId);
        await db.SaveChangesAsync(ct);
        return laggards.Count;
    }

    // ---------- Theory stage (4.5.3, 4.5.5) ----------

    /// <summary>4.5.3: the organization designates its responsible persons; blank rows are ignored, removed people are kept for the roll history.</summary>
    public async Task<IReadOnlyList<string>> SaveResponsiblePersonsAsync(Guid programmeId, Guid organizationId, IReadOnlyList<ResponsiblePersonInput> input, CancellationToken ct)
    {
        var rows = input.Where(p => !p.IsBlank).ToList();
        var errors = rows.SelectMany((p, i) => p.Check(i)).ToList();
        if (rows.Count == 0)
        {
            errors.Add("请至少指定一位相关负责人（4.5.3）");
        }
        if (rows.Count > 10)
        {
            errors.Add("相关负责人最多10位");
        }
        if (rows.GroupBy(p => p.Name!.Trim()).Any(g => g.Count() > 1))
        {
            errors.Add("相关负责人姓名不能重复");
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        var existing = await db.Set<ResponsiblePerson>().Where(p => p.ProgrammeId == programmeId && p.OrganizationId == organizationId).ToListAsync(ct);
        // an id the organization does not have (another organization's person, or a guess) is refused, not taken as a new person
        if (rows.Any(r => r.Id is { } id && existing.All(p => p.Id != id)))
        {
            return ["相关负责人不存在，请刷新页面后重新填写"];
        }
        foreach (var row in rows)
        {
            var person = existing.FirstOrDefault(p => p.Id == row.Id) ?? existing.FirstOrDefault(p => p.Name == row.Name!.Trim());
            if (person is null)
            {
                person = new ResponsiblePerson { ProgrammeId = programmeId, OrganizationId = organizationId };
                db.Add(person);
                existing.Add(person);
            }
            person.Name = row.Name!.Trim();
            person.Title = row.Title!.Trim();
            person.Phone = Applications.PhoneNumbers.Normalize(row.Phone);
            person.Removed = false;
        }
        var kept = rows.Select(r => r.Name!.Trim()).ToHashSet();
        foreach (var gone in existing.Where(p => !kept.Contains(p.Name)))
        {
            gone.Removed = true;
        }
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>4.5.5: the organization's own choice of electives (at most three, Appendix B).</summary>
    public async Task<RuleDecision> ChooseElectivesAsync(Guid programmeId, Guid organizationId, IReadOnlyCollection<Guid> courseIds, CancellationToken ct)
    {
        var state = await db.Cases.Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId).Select(c => (CaseState?)c.State).FirstOrDefaultAsync(ct);
        var electives = (await db.Set<Course>().Where(c => c.ProgrammeId == programmeId && c.Stage == CourseStage.Theory && c.Kind == CourseKind.Elective)
            .Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var decision = ElectiveRule.Check(courseIds, electives, state is { } s && CourseEnrolment.PoolStates.Contains(s));
        if (!decision.Allowed)
        {
            return decision;
        }
        var current = await db.Set<ElectiveChoice>().Where(e => e.ProgrammeId == programmeId && e.OrganizationId == organizationId).ToListAsync(ct);
        db.RemoveRange(current.Where(c => !courseIds.Contains(c.CourseId)));
        foreach (var id in courseIds.Distinct().Where(id => current.All(c => c.CourseId != id)))
        {
            db.Add(new ElectiveChoice { ProgrammeId = programmeId, OrganizationId = organizationId, CourseId = id, ChosenAt = Now });
        }
        await db.SaveChangesAsync(ct);
        return decision;
    }

    // ---------- Attendance (4.5.3) ----------

    /// <summary>Issues a new check-in code for the session (the previous one stops working); valid until the session ends.</summary>
    public async Task<string?> IssueCheckInCodeAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.Set<CourseSession>().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return "课程场次不存在";
        }
        if (Now >= session.EndsAt)
        {
            return "本场课程已结束，不能再发布签到码";
        }
        if (Now < session.StartsAt - CheckInCodes.OpensBeforeStart)
        {
            return "开课前1小时起才能发布签到码";
        }
        session.CheckInCode = CheckInCodes.NewCode();
        session.CheckInIssuedAt = Now;
        await db.SaveChangesAsync(ct);
        return null;
    }

    public sealed record RollEntry(Guid OrganizationId, Guid? ResponsiblePersonId, string? AttendeeName, AttendanceStatus? Status, string? Note);

    /// <summary>The roll taken by the Office or the session's lecturer: one status per expected person; an empty status leaves a person unrecorded.</summary>
    public async Task<IReadOnlyList<string>> TakeRollAsync(Guid sessionId, IReadOnlyList<RollEntry> entries, CancellationToken ct)
    {
        var session = await db.Set<CourseSession>().AsNoTracking().Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return ["课程场次不存在"];
        }
        // only the organizations and persons of the posted lines (one page of the roll) are read
        var organizationIds = entries.Select(e => e.OrganizationId).Distinct().ToList();
        var personIds = entries.Where(e => e.ResponsiblePersonId is not null).Select(e => e.ResponsiblePersonId!.Value).Distinct().ToList();
        var expected = (await CourseEnrolment.Expected(db, session.Course!).Where(id => organizationIds.Contains(id)).ToListAsync(ct)).ToHashSet();
        var persons = await db.Set<ResponsiblePerson>().AsNoTracking().Where(p => p.ProgrammeId == session.ProgrammeId && personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var errors = new List<string>();
        var existing = await db.Set<Attendance>().Where(a => a.SessionId == sessionId && organizationIds.Contains(a.OrganizationId)).ToListAsync(ct);
        foreach (var e in entries.Where(e => e.Status is not null))
        {
            var name = e.ResponsiblePersonId is { } pid && persons.TryGetValue(pid, out var person) && person.OrganizationId == e.OrganizationId ? person.Name : e.AttendeeName?.Trim();
            if (!expected.Contains(e.OrganizationId))
            {
                errors.Add("有组织不在本场次的学员名单中");
                continue;
            }
            if (string.IsNullOrEmpty(name) || name.Length > 50)
            {
                errors.Add("请填写出席人员姓名（不超过50个字）");
                continue;
            }
            var row = existing.FirstOrDefault(a => a.OrganizationId == e.OrganizationId && a.AttendeeName == name);
            if (row is null)
            {
                row = new Attendance { SessionId = sessionId, ProgrammeId = session.ProgrammeId, OrganizationId = e.OrganizationId, AttendeeName = name, Method = AttendanceMethod.Roll };
                db.Add(row);
                existing.Add(row);
            }
            if (row.Status != e.Status || row.RecordedAt == default)
            {
                row.Status = e.Status!.Value;
                row.RecordedAt = Now;
                row.RecordedBy = actor.UserName;
            }
            row.ResponsiblePersonId = e.ResponsiblePersonId is { } id && persons.ContainsKey(id) ? id : row.ResponsiblePersonId;
            row.Note = string.IsNullOrWhiteSpace(e.Note) ? row.Note : e.Note.Trim()[..Math.Min(500, e.Note.Trim().Length)];
        }
        if (errors.Count > 0)
        {
            return [.. errors.Distinct()];
        }
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Self check-in with the code shown in the room, for the organization's responsible persons present (late after 15 minutes).</summary>
    public async Task<string?> CheckInAsync(Guid sessionId, Guid organizationId, string? code, IReadOnlyCollection<Guid> personIds, CancellationToken ct)
    {
        var session = await db.Set<CourseSession>().AsNoTracking().Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return NoSuchSession;
        }
        if (!await CourseEnrolment.IsExpectedAsync(db, session.Course!, organizationId, ct))
        {
            return NotOnRoll;
        }
        var persons = await db.Set<ResponsiblePerson>().AsNoTracking()
            .Where(p => p.ProgrammeId == session.ProgrammeId && p.OrganizationId == organizationId && !p.Removed && personIds.Contains(p.Id)).ToListAsync(ct);
        if (persons.Count == 0)
        {
            return "请选择签到的相关负责人";
        }
        var already = await db.Set<Attendance>().Where(a => a.SessionId == sessionId && a.OrganizationId == organizationId).ToListAsync(ct);
        var others = await db.Set<CourseSession>().AsNoTracking().Where(s => s.ProgrammeId == session.ProgrammeId && s.Id != sessionId && s.CheckInCode != null && s.EndsAt > Now)
            .Select(s => new CheckInCodes.SessionCode(s.Id, s.CheckInCode, s.CheckInIssuedAt, s.StartsAt, s.EndsAt)).ToListAsync(ct);
        var thisSession = new CheckInCodes.SessionCode(session.Id, session.CheckInCode, session.CheckInIssuedAt, session.StartsAt, session.EndsAt);
        var alreadyIn = persons.All(p => already.Any(a => a.ResponsiblePersonId == p.Id && a.Status != AttendanceStatus.Absent));
        var refusal = CheckInCodes.Validate(thisSession, code, Now, alreadyIn, others);
        if (refusal != CheckInRefusal.None)
        {
            return CheckInCodes.Message(refusal);
        }
        var status = Now > session.StartsAt + LateAfter ? AttendanceStatus.Late : AttendanceStatus.Present;
        foreach (var p in persons.Where(p => !already.Any(a => a.ResponsiblePersonId == p.Id && a.Status != AttendanceStatus.Absent)))
        {
            var row = already.FirstOrDefault(a => a.AttendeeName == p.Name);
            if (row is null)
            {
                row = new Attendance { SessionId = sessionId, ProgrammeId = session.ProgrammeId, OrganizationId = organizationId, AttendeeName = p.Name };
                db.Add(row);
            }
            row.ResponsiblePersonId = p.Id;
            row.Status = status;
            row.Method = AttendanceMethod.CheckIn;
            row.RecordedAt = Now;
            row.RecordedBy = actor.UserName;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // two phones of one organization checking in the same person at the same moment: the unique index keeps one row
            return CheckInCodes.Message(CheckInRefusal.AlreadyCheckedIn);
        }
        return null;
    }

    private async Task<string?> SaveAsync(CancellationToken ct) => await db.TrySaveAsync(ct) ? null : ConcurrencyMessages.Stale;
}

/// <summary>Who is expected at a course: awareness — the organizations of the awareness stage; mandatory theory — every pool member (4.5.3); elective — those that chose it (4.5.5).</summary>
public static class CourseEnrolment
{
    public static readonly IReadOnlyList<CaseState> AwarenessStates = [CaseState.Eligible, CaseState.Awareness, CaseState.Continuing];

    /// <summary>States of an organization in the incubation pool (4.4.4) that follows theory guidance.</summary>
    public static IReadOnlyList<CaseState> PoolStates => CaseTransitions.PoolStates;

    /// <summary>The organizations expected at a course, as a query: filtered, counted or paged in the database.</summary>
    public static IQueryable<Guid> Expected(AppDbContext db, Course course)
    {
        var states = (course.Stage == CourseStage.Awareness ? AwarenessStates : PoolStates).ToList();
        var q = db.Cases.AsNoTracking().Where(c => c.ProgrammeId == course.ProgrammeId && states.Contains(c.State));
        if (course.Kind == CourseKind.Elective)
        {
            q = q.Where(c => db.Set<ElectiveChoice>().Any(e => e.CourseId == course.Id && e.OrganizationId == c.OrganizationId));
        }
        return q.Select(c => c.OrganizationId);
    }

    /// <summary>Whether one organization is expected at a course (one query, whatever the size of the cohort).</summary>
    public static Task<bool> IsExpectedAsync(AppDbContext db, Course course, Guid organizationId, CancellationToken ct) =>
        Expected(db, course).AnyAsync(id => id == organizationId, ct);
}
