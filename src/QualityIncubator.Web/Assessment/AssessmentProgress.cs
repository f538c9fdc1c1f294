using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Assessment;

/// <summary>Where the facts of the baseline assessment put a case. Pure.</summary>
public static class AssessmentStep
{
    // 4.4.2 then 4.4.3: a self-evaluated case is reviewed once the consensus is recorded, and analysed once the quality analysis is also fed back.
    public static IReadOnlyList<CaseState> Moves(CaseState state, bool consensusRecorded, bool analysisFedBack)
    {
        var moves = new List<CaseState>();
        if (state == CaseState.SelfEvaluated && consensusRecorded)
        {
            moves.Add(CaseState.Reviewed);
            state = CaseState.Reviewed;
        }
        if (state == CaseState.Reviewed && analysisFedBack)
        {
            moves.Add(CaseState.Analysed);
        }
        return moves;
    }
}

/// <summary>Moves a case through 已完成专家评价 and 已完成质量分析 as soon as the consensus and the analysis feedback exist, whichever comes first.</summary>
public sealed class AssessmentProgress(AppDbContext db, CaseWorkflow workflow)
{
    /// <summary>How many times a move found the case changed by someone else and started again from the facts (more is a real conflict).</summary>
    private const int Attempts = 3;

    public async Task<WorkflowResult> AdvanceAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        // The moves follow from facts already saved, so a stale move (another Office user recorded the other fact and moved the case
        // between this read and this save) is started again from what is in the database now, not reported: otherwise the case
        // could stay at 已完成专家评价 with both facts recorded.
        for (var attempt = 1; ; attempt++)
        {
            var result = await TryAdvanceAsync(programmeId, organizationId, ct);
            if (!result.Conflict || attempt == Attempts)
            {
                return result;
            }
        }
    }

    private async Task<WorkflowResult> TryAdvanceAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var @case = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId)
            .Select(c => new { c.Id, c.State, c.Version }).FirstOrDefaultAsync(ct);
        if (@case is null)
        {
            return WorkflowResult.NotFound();
        }
        var consensus = await db.Set<ReviewConsensus>().AnyAsync(r => r.ProgrammeId == programmeId && r.OrganizationId == organizationId && r.RecordedAt != null, ct);
        var fedBack = await db.Set<QualityAnalysis>().AnyAsync(q => q.ProgrammeId == programmeId && q.OrganizationId == organizationId && q.FedBackAt != null, ct);
        var version = @case.Version;
        foreach (var to in AssessmentStep.Moves(@case.State, consensus, fedBack))
        {
            var moved = await workflow.TransitionAsync(@case.Id, to, null, version, ct);
            if (!moved.Succeeded)
            {
                return moved;
            }
            version = await db.Cases.AsNoTracking().Where(c => c.Id == @case.Id).Select(c => c.Version).FirstAsync(ct);
        }
        return WorkflowResult.Ok;
    }
}
