using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Review;

/// <summary>An improvement action as the lists show it, with the earlier programme it was carried from.</summary>
public sealed record ImprovementRow(Guid Id, Guid ProgrammeId, ProcedureArea Area, string Action, string Owner, DateOnly? DueOn, ImprovementStatus Status, string? Outcome,
    Guid? CarriedFromId, Guid? CarriedFromProgrammeId, string? CarriedFromProgramme, DateTime CreatedAt, string? CreatedBy, DateTime UpdatedAt, long Version);

/// <summary>An open action of an earlier programme not yet carried forward (5.3.1).</summary>
public sealed record CarryCandidate(Guid Id, Guid ProgrammeId, string ProgrammeTitle, int ProgrammeYear, ProcedureArea Area, string Action, string Owner, DateOnly? DueOn,
    ImprovementStatus Status);

/// <summary>
/// 5.3.1 持续完善和改进: the Office's improvement actions of a programme (course setup, site-visit arrangements, showcase, forms), their status and
/// outcome, and the carrying of the ones still open into the next programme's planning.
/// </summary>
public sealed class ImprovementWork(AppDbContext db, TimeProvider clock, IAuditActor actor)
{
    /// <summary>A programme's actions, open ones first, then by due date; filtered in the database, read-only, for paging.</summary>
    public IQueryable<ImprovementRow> List(Guid programmeId, ProcedureArea? area = null, ImprovementStatus? status = null) => Query(programmeId, area, status, null);

    public Task<ImprovementRow?> FindAsync(Guid programmeId, Guid id, CancellationToken ct) =>
        Query(programmeId, null, null, id).FirstOrDefaultAsync(ct);

    private IQueryable<ImprovementRow> Query(Guid programmeId, ProcedureArea? area, ImprovementStatus? status, Guid? id)
    {
        var q = db.Set<ImprovementAction>().AsNoTracking().Where(a => a.ProgrammeId == programmeId);
        if (id is { } only)
        {
            q = q.Where(a => a.Id == only);
        }
        if (area is { } ar)
        {
            q = q.Where(a => a.Area == ar);
        }
        if (status is { } st)
        {
            q = q.Where(a => a.Status == st);
        }
        var actions = db.Set<ImprovementAction>();
        return q.OrderBy(a => a.Status == ImprovementStatus.Done || a.Status == ImprovementStatus.Dropped).ThenBy(a => a.DueOn).ThenBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new ImprovementRow(a.Id, a.ProgrammeId, a.Area, a.Action, a.Owner, a.DueOn, a.Status, a.Outcome, a.CarriedFromId,
                actions.Where(o => o.Id == a.CarriedFromId).Select(o => (Guid?)o.ProgrammeId).FirstOrDefault(),
                actions.Where(o => o.Id == a.CarriedFromId).Join(db.Programmes, o => o.ProgrammeId, p => p.Id, (o, p) => p.Title).FirstOrDefault(),
                a.CreatedAt, a.CreatedBy, a.UpdatedAt, a.Version));
    }

    /// <summary>5.3.1 a new action of the programme (Review stage only).</summary>
    public async Task<ReviewResult> AddAsync(Guid programmeId, ImprovementInput input, CancellationToken ct)
    {
        if (await RefusalAsync(programmeId, ct) is { } refused)
        {
            return refused;
        }
        if (ImprovementRules.Check(input) is { Count: > 0 } errors)
        {
            return ReviewResult.Invalid(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var action = new ImprovementAction { ProgrammeId = programmeId, CreatedAt = now, CreatedBy = actor.UserName };
        Apply(action, input, now);
        db.Add(action);
        return await db.TrySaveAsync(ct) ? ReviewResult.Saved(action.Id) : ReviewResult.Stale();
    }

    /// <summary>5.3.1 the Office edits an action or changes its status and outcome, from the version it read (Review stage only).</summary>
    public async Task<ReviewResult> UpdateAsync(Guid programmeId, Guid id, ImprovementInput input, long version, CancellationToken ct)
    {
        if (await RefusalAsync(programmeId, ct) is { } refused)
        {
            return refused;
        }
        var action = await db.Set<ImprovementAction>().FirstOrDefaultAsync(a => a.Id == id && a.ProgrammeId == programmeId, ct);
        if (action is null)
        {
            return ReviewResult.NotFound("改进措施不存在");
        }
        if (ImprovementRules.Check(input) is { Count: > 0 } errors)
        {
            return ReviewResult.Invalid(errors);
        }
        db.ExpectVersion(action, version);
        Apply(action, input, clock.GetUtcNow().UtcDateTime);
        return await db.TrySaveAsync(ct) ? ReviewResult.Saved(action.Id) : ReviewResult.Stale();
    }

    /// <summary>
    /// 5.3.1 the actions still open in programmes before <paramref name="programmeId"/> that nobody carried forward yet (one carried forward
    /// goes on as its continuation), newest programme first.
    /// </summary>
    public async Task<IReadOnlyList<CarryCandidate>> CarryCandidatesAsync(Guid programmeId, CancellationToken ct)
    {
        var target = await TargetAsync(programmeId, ct);
        if (target is null)
        {
            return [];
        }
        var actions = db.Set<ImprovementAction>();
        var rows = await actions.AsNoTracking()
            .Where(a => a.ProgrammeId != programmeId && (a.Status == ImprovementStatus.Open || a.Status == ImprovementStatus.InProgress)
                && !actions.Any(c => c.CarriedFromId == a.Id))
            .Join(db.Programmes.Where(p => p.Year <= target.Year), a => a.ProgrammeId, p => p.Id,
                (a, p) => new { a.Id, a.ProgrammeId, p.Title, p.Year, ProgrammeCreatedAt = p.CreatedAt, a.Area, a.Action, a.Owner, a.DueOn, a.Status, a.CreatedAt })
            .ToListAsync(ct);
        return [.. rows.Where(r => ImprovementRules.IsEarlier(r.Year, r.ProgrammeCreatedAt, target))
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.ProgrammeCreatedAt).ThenBy(r => r.DueOn).ThenBy(r => r.CreatedAt)
            .Select(r => new CarryCandidate(r.Id, r.ProgrammeId, r.Title, r.Year, r.Area, r.Action, r.Owner, r.DueOn, r.Status))];
    }

    /// <summary>
    /// 5.3.1 纳入本计划: a new action in <paramref name="programmeId"/> continuing <paramref name="actionId"/> (area, action, owner, due date and
    /// status copied, <see cref="ImprovementAction.CarriedFromId"/> set); the earlier action is not touched, its programme may be sealed.
    /// </summary>
    public async Task<ReviewResult> CarryAsync(Guid programmeId, Guid actionId, CancellationToken ct)
    {
        var target = await TargetAsync(programmeId, ct);
        if (target is null)
        {
            return ReviewResult.NotFound("培育计划不存在");
        }
        var source = await db.Set<ImprovementAction>().AsNoTracking().Where(a => a.Id == actionId)
            .Join(db.Programmes, a => a.ProgrammeId, p => p.Id, (a, p) => new { Action = a, p.Year, p.CreatedAt }).FirstOrDefaultAsync(ct);
        if (source is null)
        {
            return ReviewResult.NotFound("改进措施不存在");
        }
        var carried = await db.Set<ImprovementAction>().AnyAsync(a => a.CarriedFromId == actionId, ct);
        if (ImprovementRules.CarryRefusal(new CarrySource(source.Action.ProgrammeId, source.Year, source.CreatedAt, source.Action.Status, carried), target) is { } refusal)
        {
            return ReviewResult.Refused(refusal);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var copy = new ImprovementAction
        {
            ProgrammeId = programmeId, Area = source.Action.Area, Action = source.Action.Action, Owner = source.Action.Owner, DueOn = source.Action.DueOn,
            Status = source.Action.Status, CarriedFromId = actionId, CreatedAt = now, CreatedBy = actor.UserName, UpdatedAt = now,
        };
        db.Add(copy);
        try
        {
            return await db.TrySaveAsync(ct) ? ReviewResult.Saved(copy.Id) : ReviewResult.Stale();
        }
        catch (DbUpdateException)
        {
            // someone carried it at the same moment: the unique index on CarriedFromId kept theirs
            db.ChangeTracker.Clear();
            if (!await db.Set<ImprovementAction>().AnyAsync(a => a.CarriedFromId == actionId, ct))
            {
                throw;
            }
            return ReviewResult.Refused(ImprovementRules.AlreadyCarried);
        }
    }

    private Task<CarryTarget?> TargetAsync(Guid programmeId, CancellationToken ct) =>
        db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => new CarryTarget(p.Id, p.Year, p.CreatedAt, p.Stage)).FirstOrDefaultAsync(ct);

    private async Task<ReviewResult?> RefusalAsync(Guid programmeId, CancellationToken ct)
    {
        var stage = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => (ProgrammeStage?)p.Stage).FirstOrDefaultAsync(ct);
        if (stage is null)
        {
            return ReviewResult.NotFound("培育计划不存在");
        }
        return ReviewStage.WriteRefusal(stage.Value) is { } refusal ? ReviewResult.Refused(refusal) : null;
    }

    private static void Apply(ImprovementAction action, ImprovementInput input, DateTime now)
    {
        action.Area = input.Area!.Value;
        action.Action = input.Action!.Trim();
        action.Owner = input.Owner!.Trim();
        action.DueOn = input.DueOn;
        action.Status = input.Status!.Value;
        action.Outcome = string.IsNullOrWhiteSpace(input.Outcome) ? null : input.Outcome.Trim();
        action.UpdatedAt = now;
    }
}
