using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Platform.Workflow;

/// <summary>The outcome of a state change: done, refused with a Chinese reason, or stale (someone else saved first).</summary>
public sealed record WorkflowResult(bool Succeeded, string? Error, bool Conflict = false)
{
    public static readonly WorkflowResult Ok = new(true, null);
    public static WorkflowResult Refused(string error) => new(false, error);
    public static WorkflowResult Stale() => new(false, ConcurrencyMessages.Stale, true);
    public static WorkflowResult NotFound() => new(false, "记录不存在或无权访问");
}

public static class ConcurrencyMessages
{
    public const string Stale = "该记录已被他人修改，您的保存未生效。请查看最新内容后重新提交（您填写的内容已保留）。";
}

/// <summary>A condition a programme must meet before it leaves a stage (e.g. 5 must be done before 6); registered by the stage that owns it.</summary>
public interface IStageGate
{
    /// <summary>Why the programme may not leave <paramref name="from"/> yet, in Chinese; null when it may.</summary>
    Task<string?> RefusalAsync(Guid programmeId, ProgrammeStage from, CancellationToken ct);
}

/// <summary>
/// Every change of a case's state and of a programme's stage goes through here: the move is checked against the state machine
/// and the stage order, written to the audit trail and the case timeline, and saved with optimistic concurrency.
/// </summary>
public sealed class CaseWorkflow(AppDbContext db, TimeProvider clock, IAuditActor actor, IEnumerable<IStageGate> gates)
{
    public async Task<WorkflowResult> TransitionAsync(Guid caseId, CaseState to, string? reason, long expectedVersion, CancellationToken ct = default)
    {
        var @case = await db.Cases.Include(c => c.Programme).FirstOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null)
        {
            return WorkflowResult.NotFound();
        }
        if (@case.Version != expectedVersion && db.Entry(@case).State == EntityState.Unchanged)
        {
            // a copy this context loaded earlier (the query hands back the tracked instance as it was then): the caller's version is
            // judged against the database, not against that copy
            await db.Entry(@case).ReloadAsync(ct);
        }
        if (@case.Version != expectedVersion)
        {
            return WorkflowResult.Stale();
        }
        var check = CaseTransitions.Check(@case.State, to, @case.Programme!.Stage, reason);
        if (!check.Allowed)
        {
            return WorkflowResult.Refused(check.Refusal!);
        }
        var from = @case.State;
        var now = clock.GetUtcNow().UtcDateTime;
        @case.State = to;
        @case.UpdatedAt = now;
        if (CaseTransitions.IsClosed(to) || !string.IsNullOrWhiteSpace(reason))
        {
            @case.ClosingReason = CaseTransitions.IsClosed(to) ? reason?.Trim() : @case.ClosingReason;
        }
        db.ExpectVersion(@case, expectedVersion);
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = @case.Id, ProgrammeId = @case.ProgrammeId, From = from, To = to, At = now, ActorName = actor.UserName, Reason = reason?.Trim(),
        });
        db.Audit(AuditActions.Transition, nameof(Case), @case.Id.ToString(),
            new { State = from.ToString() }, new { State = to.ToString(), Reason = reason?.Trim() }, @case.ProgrammeId);
        return await SaveAsync(ct);
    }

    /// <summary>Starts a case in <see cref="CaseState.Applied"/> (4.1.3).</summary>
    public Case Open(Guid programmeId, Guid organizationId, string? note = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var @case = new Case { ProgrammeId = programmeId, OrganizationId = organizationId, State = CaseState.Applied, CreatedAt = now, UpdatedAt = now };
        db.Cases.Add(@case);
        db.CaseEvents.Add(new CaseEvent { CaseId = @case.Id, ProgrammeId = programmeId, From = null, To = CaseState.Applied, At = now, ActorName = actor.UserName, Reason = note });
        return @case;
    }

    /// <summary>Moves a programme one stage forward (the stage order of clause 4 to 6); sealing is <see cref="SealProgrammeAsync"/>.</summary>
    public Task<WorkflowResult> AdvanceProgrammeAsync(Guid programmeId, ProgrammeStage expectedCurrent, long expectedVersion, CancellationToken ct = default) =>
        AdvanceAsync(programmeId, expectedCurrent, expectedVersion, sealing: false, ct);

    /// <summary>
    /// The last step, 归档 → 已封存 (6.1), taken only by the archive, which adds the seal record to the same save; from then on the
    /// programme's records are read-only.
    /// </summary>
    public Task<WorkflowResult> SealProgrammeAsync(Guid programmeId, long expectedVersion, CancellationToken ct = default) =>
        AdvanceAsync(programmeId, ProgrammeStage.Archive, expectedVersion, sealing: true, ct);

    private async Task<WorkflowResult> AdvanceAsync(Guid programmeId, ProgrammeStage expectedCurrent, long expectedVersion, bool sealing, CancellationToken ct)
    {
        var programme = await db.Programmes.FirstOrDefaultAsync(p => p.Id == programmeId, ct);
        if (programme is null)
        {
            return WorkflowResult.NotFound();
        }
        if (programme.Version != expectedVersion || programme.Stage != expectedCurrent)
        {
            return WorkflowResult.Stale();
        }
        if (ProgrammeStages.Next(programme.Stage) is not { } next)
        {
            return WorkflowResult.Refused("培育计划已封存归档，不能再推进");
        }
        if ((next == ProgrammeStage.Sealed) != sealing)
        {
            return WorkflowResult.Refused(sealing ? "只有处于“6 归档”阶段的培育计划可以封存" : "请在“归档”页面封存培育计划（封存后全部记录只读，并生成档案包）");
        }
        foreach (var gate in gates)
        {
            if (await gate.RefusalAsync(programmeId, programme.Stage, ct) is { } refusal)
            {
                return WorkflowResult.Refused(refusal);
            }
        }
        db.ExpectVersion(programme, expectedVersion);
        programme.Stage = next;
        db.Audit(AuditActions.StageAdvanced, nameof(Programme), programme.Id.ToString(),
            new { Stage = expectedCurrent.ToString() }, new { Stage = next.ToString() }, programme.Id);
        return await SaveAsync(ct);
    }

    private async Task<WorkflowResult> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return WorkflowResult.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            DiscardPending();
            return WorkflowResult.Stale();
        }
    }

    private void DiscardPending()
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
