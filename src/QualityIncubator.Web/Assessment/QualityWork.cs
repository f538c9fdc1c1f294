using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Assessment;

/// <summary>
/// The Office's quality analysis (4.4.3): penalties of the last two years entered by hand or imported, the written quality-management status,
/// feedback to the organization (4.4.3.3) and its acknowledgement. Feedback moves the case to 已完成质量分析 when the facts allow.
/// </summary>
public sealed class QualityWork(AppDbContext db, Notifier notifier, AssessmentProgress progress, TimeProvider clock, IAuditActor actor)
{
    /// <summary>The cases that take part in the quality analysis: from the continuation decision until the pool selection.</summary>
    public static readonly IReadOnlyList<CaseState> Involved = [CaseState.Continuing, CaseState.SelfEvaluated, CaseState.Reviewed, CaseState.Analysed];

    /// <summary>The hidden version of a form opened before the analysis existed.</summary>
    public const long NoRecord = -1;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public DateOnly Today => ChinaTime.Today(clock);

    public Task<QualityAnalysis?> FindAsync(Guid programmeId, Guid organizationId, CancellationToken ct) =>
        db.Set<QualityAnalysis>().AsNoTracking().FirstOrDefaultAsync(q => q.ProgrammeId == programmeId && q.OrganizationId == organizationId, ct);

    public Task<List<AdministrativePenalty>> PenaltiesAsync(Guid programmeId, Guid organizationId, CancellationToken ct) =>
        db.Set<AdministrativePenalty>().AsNoTracking().Where(p => p.ProgrammeId == programmeId && p.OrganizationId == organizationId)
            .OrderByDescending(p => p.DecidedOn).ThenBy(p => p.DecisionNumber).ToListAsync(ct);

    /// <summary>The programme's organizations in the quality analysis, by normalized credit code (for the import).</summary>
    public async Task<Dictionary<string, Guid>> OrganizationsByCodeAsync(Guid programmeId, CancellationToken ct)
    {
        var states = Involved.ToList();
        var rows = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && states.Contains(c.State))
            .Select(c => new { c.OrganizationId, c.Organization!.CreditCode }).ToListAsync(ct);
        return rows.GroupBy(r => CreditCode.Normalize(r.CreditCode)).Where(g => g.Key.Length > 0).ToDictionary(g => g.Key, g => g.First().OrganizationId, StringComparer.Ordinal);
    }

    /// <summary>Null when the Office may change this organization's analysis now; else the Chinese reason.</summary>
    private async Task<string?> RefusalAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId)
            .Select(c => new { c.State, c.Programme!.Stage }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return "该组织未参加本培育计划";
        }
        if (c.Stage != ProgrammeStage.BaselineAssessment)
        {
            return $"培育计划当前阶段为“{ProgrammeStages.Label(c.Stage)}”，摸底评估阶段才能开展质量分析（4.4.3）";
        }
        return Involved.Contains(c.State) ? null : $"该组织当前状态为“{CaseTransitions.Label(c.State)}”，不在质量分析范围内";
    }

    private Task<bool> FedBackAsync(Guid programmeId, Guid organizationId, CancellationToken ct) =>
        db.Set<QualityAnalysis>().AnyAsync(q => q.ProgrammeId == programmeId && q.OrganizationId == organizationId && q.FedBackAt != null, ct);

    private const string FedBackRefusal = "质量分析结果已反馈给该组织，不能再修改";

    /// <summary>Adds a penalty typed by the Office. Field errors by <see cref="PenaltyFields"/> name; a general refusal under "".</summary>
    public async Task<IReadOnlyList<FieldError>> AddPenaltyAsync(Guid programmeId, Guid organizationId, PenaltyFields input, CancellationToken ct)
    {
        if (await RefusalAsync(programmeId, organizationId, ct) is { } refusal)
        {
            return [new("", refusal)];
        }
        if (await FedBackAsync(programmeId, organizationId, ct))
        {
            return [new("", FedBackRefusal)];
        }
        var (penalty, errors) = PenaltyRules.Check(input, Today);
        if (penalty is null)
        {
            return errors;
        }
        if (await db.Set<AdministrativePenalty>().AnyAsync(p => p.ProgrammeId == programmeId && p.OrganizationId == organizationId && p.DecisionNumber == penalty.DecisionNumber, ct))
        {
            return [new(PenaltyRules.Fields.DecisionNumber, $"处罚决定书文号“{penalty.DecisionNumber}”已有记录，不能重复添加")];
        }
        db.Add(New(programmeId, organizationId, penalty, PenaltySource.Manual));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // a concurrent add of the same decision number hit the unique index
            db.ChangeTracker.Clear();
            return [new(PenaltyRules.Fields.DecisionNumber, $"处罚决定书文号“{penalty.DecisionNumber}”已有记录，不能重复添加")];
        }
        return [];
    }

    private AdministrativePenalty New(Guid programmeId, Guid organizationId, CheckedPenalty p, PenaltySource source) => new()
    {
        ProgrammeId = programmeId, OrganizationId = organizationId, DecidedOn = p.DecidedOn, Authority = p.Authority, DecisionNumber = p.DecisionNumber,
        Category = p.Category, AmountYuan = p.AmountYuan, Summary = p.Summary, Source = source, RecordedAt = Now, RecordedBy = actor.UserName,
    };

    /// <summary>Removes a penalty recorded by mistake; only before the feedback.</summary>
    public async Task<string?> RemovePenaltyAsync(Guid programmeId, Guid organizationId, Guid penaltyId, CancellationToken ct)
    {
        if (await RefusalAsync(programmeId, organizationId, ct) is { } refusal)
        {
            return refusal;
        }
        if (await FedBackAsync(programmeId, organizationId, ct))
        {
            return FedBackRefusal;
        }
        var penalty = await db.Set<AdministrativePenalty>().FirstOrDefaultAsync(p => p.Id == penaltyId && p.ProgrammeId == programmeId && p.OrganizationId == organizationId, ct);
        if (penalty is null)
        {
            return "该处罚记录不存在或已删除";
        }
        db.Remove(penalty);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// Saves the status and conclusion from <paramref name="version"/> (<see cref="NoRecord"/> when the form was opened before any save);
    /// with <paramref name="feedBack"/> also feeds the result back: the status is required, the organization is told, and the case advances.
    /// </summary>
    public async Task<string?> SaveAnalysisAsync(Guid programmeId, Guid organizationId, string? status, string? conclusion, long version, bool feedBack, CancellationToken ct)
    {
        if (await RefusalAsync(programmeId, organizationId, ct) is { } refusal)
        {
            return refusal;
        }
        status = string.IsNullOrWhiteSpace(status) ? null : status.Trim();
        conclusion = string.IsNullOrWhiteSpace(conclusion) ? null : conclusion.Trim();
        if (status?.Length > QualityAnalysis.TextMaxLength || conclusion?.Length > QualityAnalysis.TextMaxLength)
        {
            return $"质量管理现状和分析结论均不能超过{QualityAnalysis.TextMaxLength}个字";
        }
        if (feedBack && status is null)
        {
            return "请先填写质量管理现状，再反馈给组织（4.4.3.2）";
        }
        var analysis = await db.Set<QualityAnalysis>().FirstOrDefaultAsync(q => q.ProgrammeId == programmeId && q.OrganizationId == organizationId, ct);
        if (analysis?.FedBackAt is not null)
        {
            return FedBackRefusal;
        }
        if ((analysis is null) != (version == NoRecord))
        {
            return ConcurrencyMessages.Stale;
        }
        if (analysis is null)
        {
            analysis = new QualityAnalysis { ProgrammeId = programmeId, OrganizationId = organizationId };
            db.Add(analysis);
        }
        else
        {
            db.ExpectVersion(analysis, version);
        }
        analysis.Status = status;
        analysis.Conclusion = conclusion;
        analysis.UpdatedAt = Now;
        analysis.UpdatedBy = actor.UserName;
        if (feedBack)
        {
            analysis.FedBackAt = Now;
            analysis.FedBackBy = actor.UserName;
            await notifier.NotifyOrganizationAsync(organizationId, "质量分析结果已反馈",
                "区评审办已完成对贵组织的质量分析（近两年行政处罚情况和质量管理现状，4.4.3），请登录平台查看并确认收到。",
                $"/Assessment/Quality/Mine/{programmeId}", ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // stale version, or another save created the analysis first
            db.ChangeTracker.Clear();
            return ConcurrencyMessages.Stale;
        }
        if (feedBack)
        {
            var moved = await progress.AdvanceAsync(programmeId, organizationId, ct);
            if (!moved.Succeeded)
            {
                return $"质量分析已反馈，但组织状态未能更新：{moved.Error}";
            }
        }
        return null;
    }

    /// <summary>The organization confirms it has received the fed-back analysis.</summary>
    public async Task<string?> AcknowledgeAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var analysis = await db.Set<QualityAnalysis>().FirstOrDefaultAsync(q => q.ProgrammeId == programmeId && q.OrganizationId == organizationId, ct);
        if (analysis?.FedBackAt is null)
        {
            return "质量分析结果尚未反馈，暂不能确认";
        }
        if (analysis.AcknowledgedAt is not null)
        {
            return null;
        }
        analysis.AcknowledgedAt = Now;
        analysis.AcknowledgedBy = actor.UserName;
        return await db.TrySaveAsync(ct) ? null : ConcurrencyMessages.Stale;
    }

    /// <summary>Saves the accepted rows of an import together; rows of organizations already fed back are refused.</summary>
    public async Task<PenaltyImportReport> ImportAsync(Guid programmeId, IReadOnlyList<PenaltyImportRow> rows, CancellationToken ct)
    {
        var stage = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => (ProgrammeStage?)p.Stage).FirstOrDefaultAsync(ct);
        if (stage != ProgrammeStage.BaselineAssessment)
        {
            return new PenaltyImportReport([], $"培育计划当前阶段为“{(stage is { } s ? ProgrammeStages.Label(s) : "")}”，摸底评估阶段才能导入行政处罚记录（4.4.3）");
        }
        var organizations = await OrganizationsByCodeAsync(programmeId, ct);
        var existing = await db.Set<AdministrativePenalty>().AsNoTracking().Where(p => p.ProgrammeId == programmeId)
            .Select(p => new { p.OrganizationId, p.DecisionNumber }).ToListAsync(ct);
        var taken = existing.Select(p => PenaltyRules.Key(p.OrganizationId, p.DecisionNumber)).ToHashSet(StringComparer.Ordinal);
        var fedBack = (await db.Set<QualityAnalysis>().AsNoTracking().Where(q => q.ProgrammeId == programmeId && q.FedBackAt != null)
            .Select(q => q.OrganizationId).ToListAsync(ct)).ToHashSet();
        var today = Today;
        var results = new List<PenaltyImportResult>();
        foreach (var row in rows)
        {
            var decision = PenaltyRules.Decide(row.CreditCode, row.Fields, today, organizations, taken);
            if (decision.Outcome == PenaltyRowOutcome.Saved && fedBack.Contains(decision.OrganizationId!.Value))
            {
                decision = decision with { Outcome = PenaltyRowOutcome.Invalid, Penalty = null, Errors = [new(PenaltyRules.Fields.CreditCode, FedBackRefusal)] };
            }
            if (decision.Outcome == PenaltyRowOutcome.Saved)
            {
                db.Add(New(programmeId, decision.OrganizationId!.Value, decision.Penalty!, PenaltySource.Imported));
            }
            results.Add(new PenaltyImportResult(row, decision));
        }
        if (results.Any(r => r.Decision.Outcome == PenaltyRowOutcome.Saved))
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return new PenaltyImportReport(results, "保存时发现其他人同时录入了相同文号的处罚记录，本次导入未保存任何记录，请重新导入");
            }
        }
        return new PenaltyImportReport(results, null);
    }
}
