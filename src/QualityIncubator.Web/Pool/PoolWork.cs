using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Pool;

/// <summary>The outcome of publishing the pool: refused with reasons (per organization where it is about one), or done with counts.</summary>
public sealed record PublishResult(IReadOnlyList<string> Errors, IReadOnlyDictionary<Guid, string> ByOrganization, int Selected, int NotSelected)
{
    public bool Succeeded => Errors.Count == 0;
    public static PublishResult Refused(params string[] errors) => new(errors, new Dictionary<Guid, string>(), 0, 0);
}

/// <summary>
/// Every change of the incubation pool (4.4.4): the ranking weights, publishing the Office's selection and recording an exit (4.4.4.3).
/// Cases move only through <see cref="CaseWorkflow"/>; each publication or exit is saved in one transaction.
/// </summary>
public sealed class PoolWork(AppDbContext db, CaseWorkflow workflow, Notifier notifier, TimeProvider clock, IAuditActor actor)
{
    public const string NotSelectedReason = "未入选松江区政府质量奖培育孵化库（4.4.4.1）";
    public const int ReasonMaxLength = 1000;

    /// <summary>The decision text goes to the case timeline (1000 characters), so the description is kept shorter.</summary>
    public const int ExitDescriptionMaxLength = 800;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Saves the programme's ranking weights; returns the problems in Chinese (empty when saved).</summary>
    public async Task<IReadOnlyList<string>> SaveWeightsAsync(Guid programmeId, RankingWeights weights, long expectedVersion, CancellationToken ct)
    {
        var problems = weights.Problems();
        if (problems.Count > 0)
        {
            return problems;
        }
        var programme = await db.Programmes.FirstOrDefaultAsync(p => p.Id == programmeId, ct);
        if (programme is null)
        {
            return ["培育计划不存在"];
        }
        if (WeightsRule.Refusal(programme.Stage) is { } refusal)
        {
            return [refusal];
        }
        db.ExpectVersion(programme, expectedVersion);
        programme.RankingWeightsJson = weights == RankingWeights.Default ? null : PoolQueries.ToJson(weights);
        return await db.TrySaveAsync(ct) ? [] : [ConcurrencyMessages.Stale];
    }

    /// <summary>
    /// 4.4.4.1: the Office's choice among the organizations in 已完成质量分析. Chosen → 入选培育孵化库 with a <see cref="PoolMember"/> row;
    /// the others → 未入选. A choice against the ranking needs a written reason for every chosen organization ranked below an unchosen one;
    /// without it nothing changes. Can be run again for organizations still waiting.
    /// </summary>
    public async Task<PublishResult> PublishAsync(Guid programmeId, IReadOnlySet<Guid> chosen, IReadOnlyDictionary<Guid, string?> reasons, CancellationToken ct)
    {
        var programme = await db.Programmes.FirstOrDefaultAsync(p => p.Id == programmeId, ct);
        if (programme is null)
        {
            return PublishResult.Refused("培育计划不存在");
        }
        if (programme.Stage != ProgrammeStage.BaselineAssessment)
        {
            return PublishResult.Refused($"培育孵化库须在“{ProgrammeStages.LabelWithClause(ProgrammeStage.BaselineAssessment)}”阶段形成，培育计划当前处于“{ProgrammeStages.Label(programme.Stage)}”阶段");
        }
        var cohort = await PoolQueries.CohortAsync(db, programmeId, ct);
        if (cohort.Count == 0)
        {
            return PublishResult.Refused("暂无已完成质量分析、待筛选的组织");
        }
        if (chosen.Count == 0 && programme.PoolPublishedAt is null)
        {
            return PublishResult.Refused("请至少选择一家组织入选培育孵化库");
        }
        var ranking = PoolRanking.Rank([.. cohort.Select(c => c.Input)], PoolQueries.Weights(programme.RankingWeightsJson));
        var review = SelectionCheck.Check(ranking, chosen);
        var errors = new List<string>();
        var byOrganization = new Dictionary<Guid, string>();
        if (review.NotRanked.Count > 0)
        {
            errors.Add("所选组织中有不在待筛选名单内的组织（可能已由他人处理），请刷新后重新选择");
        }
        string? ReasonOf(Guid id) => reasons.TryGetValue(id, out var r) && !string.IsNullOrWhiteSpace(r) ? r.Trim() : null;
        foreach (var deviation in review.Deviations.Where(d => ReasonOf(d.Chosen.Id) is null))
        {
            errors.Add(deviation.Explanation);
            byOrganization[deviation.Chosen.Id] = "与排名不一致，请填写入选理由";
        }
        foreach (var r in ranking.Where(r => chosen.Contains(r.Id) && ReasonOf(r.Id) is { Length: > ReasonMaxLength }))
        {
            errors.Add($"“{r.Name}”的理由不能超过{ReasonMaxLength}个字");
            byOrganization[r.Id] = $"不能超过{ReasonMaxLength}个字";
        }
        if (errors.Count > 0)
        {
            return new PublishResult(errors, byOrganization, 0, 0);
        }

        var cases = cohort.ToDictionary(c => c.Input.Id);
        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var r in ranking)
        {
            var candidate = cases[r.Id];
            var selected = chosen.Contains(r.Id);
            var moved = await workflow.TransitionAsync(candidate.CaseId, selected ? CaseState.InPool : CaseState.NotSelected,
                selected ? null : NotSelectedReason, candidate.CaseVersion, ct);
            if (!moved.Succeeded)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return PublishResult.Refused($"“{r.Name}”：{moved.Error}（培育孵化库未发布，请刷新后重试）");
            }
            if (selected)
            {
                db.Add(new PoolMember
                {
                    ProgrammeId = programmeId, OrganizationId = r.Id, EnteredAt = now, EnteredBy = actor.UserName,
                    Rank = r.Rank, RankingTotal = Math.Round(r.Total, 2, MidpointRounding.AwayFromZero), SelectionReason = ReasonOf(r.Id),
                });
                await notifier.NotifyOrganizationAsync(r.Id, "入选松江区政府质量奖培育孵化库",
                    $"经摸底评估，贵组织入选松江区政府质量奖培育孵化库（4.4.4），将参加理论指导、现场扶优和成果展示等培育孵化工作。", $"/Courses/Mine/{programmeId}", ct);
            }
            else
            {
                await notifier.NotifyOrganizationAsync(r.Id, "培育孵化库筛选结果",
                    $"经摸底评估，贵组织{NotSelectedReason}。感谢参与，欢迎继续关注政府质量奖培育孵化工作。", $"/Courses/Mine/{programmeId}", ct);
            }
        }
        programme.PoolPublishedAt ??= now;
        db.Audit(AuditActions.PoolPublished, nameof(Programme), programmeId.ToString(), null,
            new { Selected = ranking.Where(r => chosen.Contains(r.Id)).Select(r => r.Name).ToList(), NotSelected = ranking.Count(r => !chosen.Contains(r.Id)) }, programmeId);
        if (!await CommitAsync(transaction, ct))
        {
            return PublishResult.Refused(ConcurrencyMessages.Stale);
        }
        return new PublishResult([], byOrganization, chosen.Count, ranking.Count - chosen.Count);
    }

    /// <summary>
    /// 4.4.4.3: a current member leaves the pool (automatic exit on a ground of the standard, or a voluntary withdrawal recorded by the Office).
    /// The case goes to 已退出培育孵化库 with the decision's text, the membership is closed, the site coaches' tasks end and the organization is told.
    /// </summary>
    public async Task<WorkflowResult> ExitAsync(Guid programmeId, Guid organizationId, ExitGround ground, string? description, long caseVersion, CancellationToken ct)
    {
        var @case = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId)
            .Select(c => new { c.Id, c.State, c.Version }).FirstOrDefaultAsync(ct);
        if (@case is null)
        {
            return WorkflowResult.NotFound();
        }
        if (description?.Trim().Length > ExitDescriptionMaxLength)
        {
            return WorkflowResult.Refused($"情况说明不能超过{ExitDescriptionMaxLength}个字");
        }
        var decision = ExitRule.Decide(@case.State, ground, description);
        if (!decision.Exits)
        {
            return WorkflowResult.Refused(decision.Text);
        }
        var member = await db.Set<PoolMember>().Where(m => m.ProgrammeId == programmeId && m.OrganizationId == organizationId && m.ExitedAt == null)
            .OrderByDescending(m => m.EnteredAt).FirstOrDefaultAsync(ct);
        if (member is null)
        {
            return WorkflowResult.Refused("未找到该组织的入库记录，不能记录退出");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var moved = await workflow.TransitionAsync(@case.Id, CaseState.Exited, decision.Text, caseVersion, ct);
        if (!moved.Succeeded)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return moved;
        }
        var now = Now;
        member.ExitedAt = now;
        member.ExitGround = ground;
        member.ExitReason = decision.Text;
        member.ExitedBy = actor.UserName;
        var coaching = await db.ExpertAssignments.Where(a => a.ProgrammeId == programmeId && a.OrganizationId == organizationId
            && a.Role == AssignmentRole.SiteCoach && a.Status == AssignmentStatus.Active).ToListAsync(ct);
        foreach (var a in coaching)
        {
            a.Status = AssignmentStatus.Ended;
            a.EndedAt = now;
        }
        await notifier.NotifyOrganizationAsync(organizationId, "退出松江区政府质量奖培育孵化库", decision.Text, $"/Courses/Mine/{programmeId}", ct);
        if (!await CommitAsync(transaction, ct))
        {
            return WorkflowResult.Stale();
        }
        return WorkflowResult.Ok;
    }

    /// <summary>Saves and commits; a stale save rolls the whole transaction back and forgets the pending changes.</summary>
    private async Task<bool> CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken ct)
    {
        if (await db.TrySaveAsync(ct))
        {
            await transaction.CommitAsync(ct);
            return true;
        }
        await transaction.RollbackAsync(ct);
        return false;
    }
}
