using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Assessment;

/// <summary>The outcome of a review save: the field errors, or a refusal, or nothing when it was saved.</summary>
public sealed record ReviewResult(IReadOnlyList<FieldError> Errors, string? Message)
{
    public static readonly ReviewResult Saved = new([], null);
    public static ReviewResult Refused(string message) => new([], message);
    public bool Succeeded => Errors.Count == 0 && Message is null;
}

/// <summary>One submitted review as the Office (and, after submitting their own, the other reviewers) see it.</summary>
public sealed record SubmittedReview(Guid Id, string ExpertName, DateTime? SubmittedAt, ExpertReview Review);

/// <summary>A report reviewer assigned to an organization and how far their review is.</summary>
public sealed record ReviewerProgress(Guid AssignmentId, string ExpertName, ReviewStatus? Status, DateTime? SubmittedAt);

/// <summary>
/// 4.4.2 专家评价: assigned report reviewers write and score their review independently; the Office compares them, records the
/// consensus (which moves the case to 已完成专家评价) and releases it to the organization.
/// </summary>
public sealed class ReviewWork(AppDbContext db, ExpertAccess access, AssessmentProgress progress, Notifier notifier, TimeProvider clock, IAuditActor actor)
{
    /// <summary>The expert's own report-review assignment, after the confidentiality gate of 4.2.3; the refusal otherwise.</summary>
    public async Task<(ExpertAssignment? Assignment, string? Refusal)> OpenAsync(ClaimsPrincipal user, Guid assignmentId, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var assignment = await db.ExpertAssignments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == assignmentId && a.Expert!.UserId == userId, ct);
        if (assignment is null)
        {
            return (null, null);
        }
        if (assignment.Role != AssignmentRole.ReportReviewer)
        {
            return (assignment, "该任务不是自评报告评价任务");
        }
        var gate = await access.CheckAsync(user, assignment.ProgrammeId, assignment.OrganizationId, ct);
        return gate.Allowed ? (assignment, null) : (assignment, gate.Refusal);
    }

    public Task<ExpertReview?> OwnAsync(Guid assignmentId, CancellationToken ct) =>
        db.Set<ExpertReview>().AsNoTracking().FirstOrDefaultAsync(r => r.AssignmentId == assignmentId, ct);

    /// <summary>
    /// The submitted reviews of an organization. An expert sees the others' only after submitting their own
    /// (4.4.2.1, independent then consensus review): pass <paramref name="forAssignmentId"/> and get nothing before that.
    /// </summary>
    public async Task<IReadOnlyList<SubmittedReview>> SubmittedAsync(Guid programmeId, Guid organizationId, Guid? forAssignmentId, CancellationToken ct)
    {
        if (forAssignmentId is { } own && !await db.Set<ExpertReview>().AnyAsync(r => r.AssignmentId == own && r.Status == ReviewStatus.Submitted, ct))
        {
            return [];
        }
        var rows = await db.Set<ExpertReview>().AsNoTracking()
            .Where(r => r.ProgrammeId == programmeId && r.OrganizationId == organizationId && r.Status == ReviewStatus.Submitted)
            .Join(db.Experts, r => r.ExpertId, e => e.Id, (r, e) => new { Review = r, e.Name })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Review.SubmittedAt).Select(r => new SubmittedReview(r.Review.Id, r.Name, r.Review.SubmittedAt, r.Review))];
    }

    public async Task<IReadOnlyList<ReviewerProgress>> ReviewersAsync(Guid programmeId, Guid organizationId, CancellationToken ct) =>
        await db.ExpertAssignments.AsNoTracking()
            .Where(a => a.ProgrammeId == programmeId && a.OrganizationId == organizationId && a.Role == AssignmentRole.ReportReviewer && a.Status == AssignmentStatus.Active)
            .OrderBy(a => a.CreatedAt)
            .Select(a => new ReviewerProgress(a.Id, a.Expert!.Name,
                db.Set<ExpertReview>().Where(r => r.AssignmentId == a.Id).Select(r => (ReviewStatus?)r.Status).FirstOrDefault(),
                db.Set<ExpertReview>().Where(r => r.AssignmentId == a.Id).Select(r => r.SubmittedAt).FirstOrDefault()))
            .ToListAsync(ct);

    public Task<ReviewConsensus?> ConsensusAsync(Guid programmeId, Guid organizationId, CancellationToken ct) =>
        db.Set<ReviewConsensus>().AsNoTracking().FirstOrDefaultAsync(r => r.ProgrammeId == programmeId && r.OrganizationId == organizationId, ct);

    /// <summary>An expert saves (draft) or submits their review. Nothing can change once submitted or once the Office has recorded the consensus.</summary>
    public async Task<ReviewResult> SaveAsync(ClaimsPrincipal user, Guid assignmentId, IReadOnlyDictionary<ReviewPart, string?> parts,
        IReadOnlyDictionary<string, string?> postedScores, long version, bool submit, CancellationToken ct)
    {
        var (assignment, refusal) = await OpenAsync(user, assignmentId, ct);
        if (assignment is null || refusal is not null)
        {
            return ReviewResult.Refused(refusal ?? "任务不存在");
        }
        if (await StageRefusalAsync(assignment.ProgrammeId, assignment.OrganizationId, ct) is { } stageRefusal)
        {
            return ReviewResult.Refused(stageRefusal);
        }
        if (await db.Set<ReviewConsensus>().AnyAsync(r => r.ProgrammeId == assignment.ProgrammeId && r.OrganizationId == assignment.OrganizationId && r.RecordedAt != null, ct))
        {
            return ReviewResult.Refused("区评审办已确定该组织的评价一致意见，不能再提交或修改评价");
        }
        var (percentages, parseErrors) = ReviewRule.Parse(postedScores);
        var errors = parseErrors.ToList();
        if (submit)
        {
            errors.AddRange(ReviewRule.Check(parts, percentages));
        }
        else
        {
            errors.AddRange(parts.Where(p => p.Value?.Trim().Length > ReviewContent.PartMaxLength)
                .Select(p => new FieldError(p.Key.ToString(), $"“{ReviewContent.Label(p.Key)}”不能超过{ReviewContent.PartMaxLength}字")));
        }
        if (errors.Count > 0)
        {
            return new ReviewResult(errors, null);
        }
        var review = await db.Set<ExpertReview>().FirstOrDefaultAsync(r => r.AssignmentId == assignmentId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (review is null)
        {
            review = new ExpertReview
            {
                AssignmentId = assignmentId, ExpertId = assignment.ExpertId, ProgrammeId = assignment.ProgrammeId, OrganizationId = assignment.OrganizationId, CreatedAt = now,
            };
            db.Add(review);
        }
        else if (review.Status == ReviewStatus.Submitted)
        {
            return ReviewResult.Refused("您已提交评价，不能再修改");
        }
        else
        {
            db.ExpectVersion(review, version);
        }
        Fill(review, parts, percentages, now);
        if (submit)
        {
            review.Status = ReviewStatus.Submitted;
            review.SubmittedAt = now;
            var name = await db.Organizations.Where(o => o.Id == assignment.OrganizationId).Select(o => o.Name).FirstAsync(ct);
            await notifier.NotifyOfficeAsync($"{name}：专家已提交自评报告评价", "所有评价专家提交后，请比对评分并确定一致意见（4.4.2）。",
                $"/Assessment/Organization/{assignment.ProgrammeId}/{assignment.OrganizationId}", ct);
        }
        return await SaveAsync(ct);
    }

    /// <summary>The Office records (or corrects, until released) the consensus review and scores; the case moves to 已完成专家评价.</summary>
    public async Task<ReviewResult> RecordConsensusAsync(Guid programmeId, Guid organizationId, IReadOnlyDictionary<ReviewPart, string?> parts,
        IReadOnlyDictionary<string, string?> postedScores, long version, CancellationToken ct)
    {
        if (await StageRefusalAsync(programmeId, organizationId, ct) is { } stageRefusal)
        {
            return ReviewResult.Refused(stageRefusal);
        }
        if (!await db.Set<ExpertReview>().AnyAsync(r => r.ProgrammeId == programmeId && r.OrganizationId == organizationId && r.Status == ReviewStatus.Submitted, ct))
        {
            return ReviewResult.Refused("尚无专家提交评价，不能确定一致意见（4.4.2.1）");
        }
        var (percentages, parseErrors) = ReviewRule.Parse(postedScores);
        var errors = parseErrors.Concat(ReviewRule.Check(parts, percentages)).ToList();
        if (errors.Count > 0)
        {
            return new ReviewResult(errors, null);
        }
        var consensus = await db.Set<ReviewConsensus>().FirstOrDefaultAsync(r => r.ProgrammeId == programmeId && r.OrganizationId == organizationId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (consensus is null)
        {
            consensus = new ReviewConsensus { ProgrammeId = programmeId, OrganizationId = organizationId };
            db.Add(consensus);
        }
        else if (consensus.ReleasedAt is not null)
        {
            return ReviewResult.Refused("评价意见已反馈给组织，不能再修改");
        }
        else
        {
            db.ExpectVersion(consensus, version);
        }
        Fill(consensus, parts, percentages, now);
        consensus.RecordedAt = now;
        consensus.RecordedBy = actor.UserName;
        var saved = await SaveAsync(ct);
        if (!saved.Succeeded)
        {
            return saved;
        }
        var moved = await progress.AdvanceAsync(programmeId, organizationId, ct);
        return moved.Succeeded ? ReviewResult.Saved : ReviewResult.Refused(moved.Error!);
    }

    /// <summary>4.4.2 the review reaches the organization only when the Office releases it.</summary>
    public async Task<ReviewResult> ReleaseAsync(Guid programmeId, Guid organizationId, long version, CancellationToken ct)
    {
        var consensus = await db.Set<ReviewConsensus>().FirstOrDefaultAsync(r => r.ProgrammeId == programmeId && r.OrganizationId == organizationId, ct);
        if (consensus?.RecordedAt is null)
        {
            return ReviewResult.Refused("请先确定专家评价一致意见，再反馈给组织");
        }
        if (consensus.ReleasedAt is not null)
        {
            return ReviewResult.Refused("评价意见已反馈给组织");
        }
        db.ExpectVersion(consensus, version);
        consensus.ReleasedAt = clock.GetUtcNow().UtcDateTime;
        consensus.ReleasedBy = actor.UserName;
        await notifier.NotifyOrganizationAsync(organizationId, "专家评价意见已反馈", "区评审办已将自评报告的专家评价意见反馈给贵组织，请登录查看。",
            $"/Assessment/Feedback/{programmeId}", ct);
        return await SaveAsync(ct);
    }

    /// <summary>The Office's settings of the baseline assessment: the self-evaluation due date and the reviewers' spread threshold.</summary>
    public async Task<string?> SaveSettingsAsync(Guid programmeId, DateOnly? dueOn, int spreadThreshold, long version, CancellationToken ct)
    {
        if (spreadThreshold is < 0 or > 100 || spreadThreshold % 5 != 0)
        {
            return "评分差异提示阈值须为0至100之间5的整数倍";
        }
        var programme = await db.Programmes.FirstOrDefaultAsync(p => p.Id == programmeId, ct);
        if (programme is null)
        {
            return "培育计划不存在";
        }
        db.ExpectVersion(programme, version);
        programme.SelfEvaluationDueOn = dueOn;
        programme.ReviewSpreadThreshold = spreadThreshold;
        return (await SaveAsync(ct)).Message;
    }

    private async Task<string?> StageRefusalAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId)
            .Select(c => new { c.State, c.Programme!.Stage }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return "该组织未参加该培育计划";
        }
        if (c.Stage != ProgrammeStage.BaselineAssessment)
        {
            return $"培育计划当前阶段为“{ProgrammeStages.Label(c.Stage)}”，摸底评估阶段才能开展专家评价（4.4.2）";
        }
        return c.State is CaseState.SelfEvaluated or CaseState.Reviewed or CaseState.Analysed
            ? null
            : $"该组织当前状态为“{CaseTransitions.Label(c.State)}”，提交自评后才能评价";
    }

    private static void Fill(ReviewContent content, IReadOnlyDictionary<ReviewPart, string?> parts, IReadOnlyDictionary<string, int> percentages, DateTime now)
    {
        foreach (var part in Enum.GetValues<ReviewPart>())
        {
            content.SetPart(part, parts.GetValueOrDefault(part));
        }
        content.SetScores(percentages);
        content.UpdatedAt = now;
    }

    private async Task<ReviewResult> SaveAsync(CancellationToken ct) =>
        await db.TrySaveAsync(ct) ? ReviewResult.Saved : ReviewResult.Refused(ConcurrencyMessages.Stale);
}
