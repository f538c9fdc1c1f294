using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Experts;

/// <summary>What the Office filters the pool by (4.2.1); every part is optional.</summary>
public sealed record ExpertFilter(string? Search = null, AssignmentRole? Role = null, ExpertStatus? Status = null, string? Industry = null);

/// <summary>One assignment of a programme as the Office lists it, with the expert's and the organization's names.</summary>
public sealed record AssignmentRow(Guid Id, Guid OrganizationId, string OrganizationName, Guid ExpertId, string ExpertName, AssignmentRole Role, bool IsLead,
    AssignmentStatus Status, string? Explanation, string? RecusalReason, DateTime CreatedAt, DateTime? EndedAt, long Version);

/// <summary>One of an expert's own tasks: the organization by name only, never its material (4.2.3).</summary>
public sealed record ExpertTask(Guid Id, Guid ProgrammeId, string ProgrammeTitle, string OrganizationName, AssignmentRole Role, bool IsLead, AssignmentStatus Status,
    bool PledgeSigned, long Version);

/// <summary>Why a change was refused, in Chinese; <paramref name="Field"/> is empty when no single field is at fault, <paramref name="Stale"/> when another user changed the record first.</summary>
public sealed record WorkRefusal(string Message, string Field = "", bool Stale = false);

/// <summary>Every change of an expert's record (4.2): profile, conflicts, pledge. Validated, audited (IAudited), saved with optimistic concurrency.</summary>
public sealed class ExpertWork(AppDbContext db, Platform.Notifications.Notifier notifier, TimeProvider clock)
{
    public Task<Expert?> FindAsync(Guid id, CancellationToken ct) =>
        db.Experts.Include(e => e.Conflicts).FirstOrDefaultAsync(e => e.Id == id, ct);

    public Task<Expert?> FindByUserAsync(string userId, CancellationToken ct) =>
        db.Experts.Include(e => e.Conflicts).FirstOrDefaultAsync(e => e.UserId == userId, ct);

    /// <summary>The pool filtered in the database (4.2.1), ordered by status then name; read-only, for paging or projection.</summary>
    public IQueryable<Expert> Search(ExpertFilter filter)
    {
        var q = db.Experts.AsNoTracking();
        if (filter.Role is { } role)
        {
            // 5.3.2 an expert whose role is suspended does not serve in it (ExpertRoles)
            q = q.ServingIn(role);
        }
        if (filter.Status is { } s)
        {
            q = q.Where(e => e.Status == s);
        }
        if (!string.IsNullOrWhiteSpace(filter.Industry))
        {
            var industry = filter.Industry.Trim();
            q = q.Where(e => e.Industries != null && ("," + e.Industries + ",").Contains("," + industry + ","));
        }
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            q = q.Where(e => e.Name.Contains(term) || (e.Employer != null && e.Employer.Contains(term)) || (e.Specialties != null && e.Specialties.Contains(term)));
        }
        return q.OrderBy(e => e.Status).ThenBy(e => e.Name);
    }

    /// <summary>A programme's assignments, active, recused and ended (or one expert's only), by organization then role; read-only.</summary>
    public IQueryable<AssignmentRow> Assignments(Guid programmeId, AssignmentRole? role, AssignmentStatus? status, Guid? expertId = null)
    {
        var q = db.ExpertAssignments.AsNoTracking().Where(a => a.ProgrammeId == programmeId);
        if (expertId is { } e)
        {
            q = q.Where(a => a.ExpertId == e);
        }
        if (role is { } r)
        {
            q = q.Where(a => a.Role == r);
        }
        if (status is { } s)
        {
            q = q.Where(a => a.Status == s);
        }
        return q.OrderBy(a => a.Organization!.Name).ThenBy(a => a.Role)
            .Select(a => new AssignmentRow(a.Id, a.OrganizationId, a.Organization!.Name, a.ExpertId, a.Expert!.Name, a.Role, a.IsLead, a.Status,
                a.Explanation, a.RecusalReason, a.CreatedAt, a.EndedAt, a.Version));
    }

    /// <summary>
    /// One page of an expert's own tasks (active first, newest first), with whether the programme's pledge is signed (4.2.3): a count and
    /// the page, both compiled (the task list is one of the load benchmark's pages; bench/README.md). <paramref name="activeOnly"/> keeps the
    /// active ones.
    /// </summary>
    public async Task<PagedList<ExpertTask>> TasksPageAsync(Guid expertId, bool activeOnly, int? page, int? pageSize, CancellationToken ct) =>
        await Paging.PageAsync(page, pageSize, await TaskCount.For(db)(db, expertId, activeOnly, ct),
            (skip, take) => TaskRows.For(db)(db, expertId, activeOnly, null, skip, take).ToListAsync(ct).AsTask());

    /// <summary>One of the expert's tasks, or null when it is not theirs.</summary>
    public async Task<ExpertTask?> TaskAsync(Guid expertId, Guid id, CancellationToken ct) =>
        await TaskRows.For(db)(db, expertId, false, id, 0, 1).FirstOrDefaultAsync(ct);

    /// <summary>The expert record of a signed-in user, or null when the account has none.</summary>
    public static Task<Guid?> ExpertIdOfUserAsync(AppDbContext db, string? userId, CancellationToken ct) =>
        userId is null ? Task.FromResult<Guid?>(null) : ExpertIdOfUser.For(db)(db, userId, ct);

    private static readonly CompiledQuery<Func<AppDbContext, string?, CancellationToken, Task<Guid?>>> ExpertIdOfUser = new(() => EF.CompileAsyncQuery(
        (AppDbContext db, string? userId, CancellationToken ct) => db.Experts.Where(e => e.UserId == userId).Select(e => (Guid?)e.Id).FirstOrDefault()));

    private static readonly CompiledQuery<Func<AppDbContext, Guid, bool, CancellationToken, Task<int>>> TaskCount = new(() => EF.CompileAsyncQuery(
        (AppDbContext db, Guid expertId, bool activeOnly, CancellationToken ct) =>
            db.ExpertAssignments.Count(a => a.ExpertId == expertId && (!activeOnly || a.Status == AssignmentStatus.Active))));

    // an id (nullable: null keeps every task, and EF leaves the test out of the SQL) narrows it to one task
    private static readonly CompiledQuery<Func<AppDbContext, Guid, bool, Guid?, int, int, IAsyncEnumerable<ExpertTask>>> TaskRows = new(() => EF.CompileAsyncQuery(
        (AppDbContext db, Guid expertId, bool activeOnly, Guid? id, int skip, int take) => db.ExpertAssignments.AsNoTracking()
            .Where(a => a.ExpertId == expertId && (!activeOnly || a.Status == AssignmentStatus.Active) && (id == null || a.Id == id))
            .Join(db.Programmes, a => a.ProgrammeId, p => p.Id, (a, p) => new { a, p.Title })
            .OrderBy(x => x.a.Status).ThenByDescending(x => x.a.CreatedAt).ThenBy(x => x.a.Id)
            .Skip(skip).Take(take)
            .Select(x => new ExpertTask(x.a.Id, x.a.ProgrammeId, x.Title, x.a.Organization!.Name, x.a.Role, x.a.IsLead, x.a.Status,
                db.ExpertPledges.Any(p => p.ExpertId == expertId && p.ProgrammeId == x.a.ProgrammeId && p.TextVersion == Pledge.Version), x.a.Version))));

    /// <summary>Creates (when <paramref name="expert"/> is null) or updates a record; returns field errors or a stale-version message.</summary>
    public async Task<(Expert? Expert, IReadOnlyList<FieldError> Errors, string? Message)> SaveAsync(Expert? expert, ExpertInput input, bool byOffice, CancellationToken ct)
    {
        var book = await CodeBook.LoadAsync(db, ct);
        var errors = input.Check(byOffice, book.Sets().Industries).ToList();
        if (errors.Count > 0)
        {
            return (null, errors, null);
        }
        if (expert is null)
        {
            expert = new Expert { CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Experts.Add(expert);
        }
        else
        {
            db.ExpectVersion(expert, input.Version);
        }
        input.ApplyTo(expert, byOffice);
        try
        {
            await db.SaveChangesAsync(ct);
            return (expert, [], null);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, [], ConcurrencyMessages.Stale);
        }
    }

    public async Task<IReadOnlyList<string>> AddConflictAsync(Guid expertId, ConflictInput input, bool byOffice, CancellationToken ct)
    {
        var errors = input.Check().Select(e => e.Message).ToList();
        if (errors.Count > 0)
        {
            return errors;
        }
        db.ExpertConflicts.Add(input.ToEntity(expertId, byOffice, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Removes a conflict; an expert may not remove one the Office recorded.</summary>
    public async Task<bool> RemoveConflictAsync(Guid expertId, Guid conflictId, bool byOffice, CancellationToken ct)
    {
        var conflict = await db.ExpertConflicts.FirstOrDefaultAsync(c => c.Id == conflictId && c.ExpertId == expertId, ct);
        if (conflict is null || (!byOffice && conflict.DeclaredByOffice))
        {
            return false;
        }
        db.ExpertConflicts.Remove(conflict);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// A manual assignment by the Office, checked against the hard constraints (4.2.3 and 5.2.3): active expert, role held, no conflict, not already assigned.
    /// Returns the refusal in Chinese, or null when saved.
    /// </summary>
    public async Task<string?> AssignAsync(Guid programmeId, Guid expertId, Guid organizationId, AssignmentRole role, bool isLead, string? note, CancellationToken ct)
    {
        var expert = await db.Experts.AsNoTracking().Include(e => e.Conflicts).Include(e => e.Unavailability).FirstOrDefaultAsync(e => e.Id == expertId, ct);
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (expert is null || organization is null || !await db.Cases.AnyAsync(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId, ct))
        {
            return "专家或组织不存在，或该组织未参加本计划";
        }
        // The engine's hard constraints are the one place these checks live (4.2.3, 5.2.3, capacity).
        var conflictReasons = ConflictRule.Find(ConflictFacts.Of(expert), new ConflictTarget(organization.CreditCode, organization.Name), Platform.Web.ChinaTime.Today(clock));
        var industry = await db.Applications.AsNoTracking().Where(a => a.ProgrammeId == programmeId && a.OrganizationId == organizationId).Select(a => a.IndustryCode).FirstOrDefaultAsync(ct);
        var current = await db.ExpertAssignments.AsNoTracking().Where(a => a.ProgrammeId == programmeId && a.Role == role && a.Status == AssignmentStatus.Active)
            .Select(a => new Assignment.AssignedPair(a.OrganizationId, a.ExpertId)).ToListAsync(ct);
        var check = Assignment.AssignmentEngine.Validate(
            new Assignment.Demand(organizationId, organization.Name, ExpertProposals.EngineRole(role), 1, null, industry, [], []),
            ExpertProposals.ToCandidate(expert), current,
            conflictReasons.Count > 0 ? [new Assignment.Conflict(expertId, organizationId)] : []);
        if (!check.Allowed)
        {
            return string.Join("；", check.Reasons) + (conflictReasons.Count > 0 ? "：" + string.Join("；", conflictReasons) : "");
        }
        db.ExpertAssignments.Add(new ExpertAssignment
        {
            ProgrammeId = programmeId, ExpertId = expertId, OrganizationId = organizationId, Role = role, IsLead = isLead,
            Explanation = string.IsNullOrWhiteSpace(note) ? "区评审办手动分配" : note.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// 4.2.3: an expert who sees a conflict recuses with one click and a reason; the Office is told.
    /// With <paramref name="expectedVersion"/>, a task changed since the expert read it is refused as stale.
    /// </summary>
    public async Task<WorkRefusal?> RecuseAsync(Guid expertId, Guid assignmentId, string? reason, long? expectedVersion, CancellationToken ct)
    {
        var assignment = await db.ExpertAssignments.Include(a => a.Organization).Include(a => a.Expert).FirstOrDefaultAsync(a => a.Id == assignmentId && a.ExpertId == expertId, ct);
        if (assignment is null || assignment.Status != AssignmentStatus.Active)
        {
            return new("任务不存在或已结束");
        }
        if (expectedVersion is { } version && version != assignment.Version)
        {
            return new(ConcurrencyMessages.Stale, Stale: true);
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new("请填写回避原因", "reason");
        }
        if (expectedVersion is { } expected)
        {
            db.ExpectVersion(assignment, expected);
        }
        assignment.Status = AssignmentStatus.Recused;
        assignment.RecusalReason = reason.Trim();
        assignment.EndedAt = clock.GetUtcNow().UtcDateTime;
        await notifier.NotifyOfficeAsync($"专家申请回避：{assignment.Expert!.Name}",
            $"{assignment.Expert.Name}已回避“{assignment.Organization!.Name}”的{AssignmentLabels.Role(assignment.Role)}任务，原因：{assignment.RecusalReason}。请安排替补专家。",
            $"/Experts/Assignments/{assignment.ProgrammeId}", ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(ConcurrencyMessages.Stale, Stale: true);
        }
        return null;
    }

    /// <summary>4.2.3: the expert signs this programme's pledge (time and text version recorded); signing twice changes nothing.</summary>
    public async Task SignPledgeAsync(Guid expertId, Guid programmeId, CancellationToken ct)
    {
        if (await Pledge.IsSignedAsync(db, expertId, programmeId, ct))
        {
            return;
        }
        db.ExpertPledges.Add(new ExpertPledge { ExpertId = expertId, ProgrammeId = programmeId, SignedAt = clock.GetUtcNow().UtcDateTime, TextVersion = Pledge.Version, TextSha256 = Pledge.Sha256 });
        await db.SaveChangesAsync(ct);
    }
}
