using System.Globalization;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Experts.Assignment;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.ScaleData;

internal sealed partial class ScaleWriter
{
    /// <summary>The report reviewers of each organization, for the site coaches' continuity preference (4.6.1).</summary>
    private readonly Dictionary<Guid, List<Guid>> _reviewers = [];

    /// <summary>Every report-review task: the expert opens the organization's material (audited) while reviewing.</summary>
    private readonly List<(Guid AssignmentId, Guid ExpertId, PlannedOrg Org)> _reviewTasks = [];

    // ---------- 4.4 baseline assessment: Appendix B, reviews, consensus, quality analysis, the pool ----------

    private async Task AssessmentAsync(PlannedProgramme p, PhaseTiming timing)
    {
        await AdvanceAsync(p, ProgrammeStage.BaselineAssessment, 61, timing);
        var actions = new List<Timed>();
        foreach (var org in p.Orgs)
        {
            actions.AddRange(Steps(org, 61, Calendar.TheoryStart));
            if (org.HasBaselineForm)
            {
                actions.Add(new Timed(org.BaselineSubmitted ? org.BaselineSubmitDay!.Value : org.BaselineStartDay!.Value, 4 + 2 * org.EvidenceFiles, b => BaselineFormAsync(b, org)));
            }
        }
        actions.AddRange(Reviews(p));
        foreach (var org in p.Orgs.Where(o => o.ConsensusDay is not null))
        {
            actions.Add(new Timed(org.ConsensusDay!.Value, 2, b =>
            {
                var consensus = new ReviewConsensus
                {
                    ProgrammeId = p.Id, OrganizationId = org.OrganizationId, RecordedBy = p.Officer.Actor, RecordedAt = clock.UtcNow, UpdatedAt = clock.UtcNow,
                };
                foreach (var (part, text) in Content.ReviewParts(_text, org, complete: true))
                {
                    consensus.SetPart(part, text);
                }
                consensus.SetScores(org.Consensus!);
                // released to the organization a little later (recorded as it stands on the as-of date)
                if (org.ReleaseDay is { } release && p.Reached(release))
                {
                    consensus.ReleasedAt = p.At(release);
                    consensus.ReleasedBy = p.Officer.Actor;
                }
                b.Db.Add(consensus);
                return Task.CompletedTask;
            }));
        }
        foreach (var org in p.Orgs.Where(o => o.AnalysisDay is { } d && p.Reached(d)))
        {
            actions.Add(new Timed(org.AnalysisDay!.Value, 1 + org.Penalties.Count, b =>
            {
                var now = clock.UtcNow;
                foreach (var penalty in org.Penalties)
                {
                    b.Db.Add(new AdministrativePenalty
                    {
                        ProgrammeId = p.Id, OrganizationId = org.OrganizationId, DecidedOn = penalty.DecidedOn, Authority = penalty.Authority, DecisionNumber = penalty.DecisionNumber,
                        Category = penalty.Category, AmountYuan = penalty.AmountYuan, Summary = penalty.Summary, Source = _misc.Chance(0.6) ? PenaltySource.Imported : PenaltySource.Manual,
                        RecordedAt = now, RecordedBy = p.Officer.Actor,
                    });
                }
                var analysis = new QualityAnalysis
                {
                    ProgrammeId = p.Id, OrganizationId = org.OrganizationId, Status = Content.QualityStatus(org), Conclusion = Content.QualityConclusion(org),
                    UpdatedAt = now, UpdatedBy = p.Officer.Actor,
                };
                if (org.FeedbackDay is { } fed)
                {
                    analysis.FedBackAt = p.At(fed);
                    analysis.FedBackBy = p.Officer.Actor;
                    if (org.AcknowledgeDay is { } ack && p.Reached(ack))
                    {
                        analysis.AcknowledgedAt = p.At(ack);
                        analysis.AcknowledgedBy = org.UserActor;
                    }
                }
                b.Db.Add(analysis);
                return Task.CompletedTask;
            }));
        }
        if (p.PoolPublished)
        {
            actions.Add(new Timed(Calendar.PoolPublished + 0.01, 2 * p.Orgs.Count(o => o.Rank is not null), b => PublishPoolAsync(b, p)));
        }
        await RunAsync(p, timing, actions);
    }

    /// <summary>4.4.1: Appendix B (answers through <see cref="SelfEvaluation.SetAnswers"/>), the report written in the product or uploaded, evidence files.</summary>
    private async Task BaselineFormAsync(Batch b, PlannedOrg org)
    {
        var p = org.Programme;
        var form = new SelfEvaluation
        {
            ProgrammeId = p.Id, OrganizationId = org.OrganizationId, Kind = SelfEvaluationKind.Baseline,
            Status = org.BaselineSubmitted ? SelfEvaluationStatus.Submitted : SelfEvaluationStatus.Draft,
            CreatedAt = p.At(org.BaselineStartDay ?? org.BaselineSubmitDay!.Value), UpdatedAt = clock.UtcNow,
            SubmittedAt = org.BaselineSubmitted ? clock.UtcNow : null,
        };
        form.SetAnswers(org.BaselineSubmitted ? org.AppendixB : org.AppendixB.Where((kv, i) => i < 12).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        if (org.ReportSections is { } sections)
        {
            form.SetReportSections(org.BaselineSubmitted ? sections : sections.Take(3).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        }
        b.Db.Add(form);
        org.BaselineFormId = form.Id;
        if (!org.BaselineSubmitted)
        {
            return;
        }
        await UploadAsync(b, "Self-evaluation report", $"{org.Name}自评报告.pdf", nameof(SelfEvaluation), form.Id, org.OrganizationId, p.Id, SelfEvaluationWork.ReportPurpose, Ascii(org));
        for (var i = 0; i < org.EvidenceFiles; i++)
        {
            await UploadAsync(b, "Evidence", string.Create(CultureInfo.InvariantCulture, $"{org.Name}证实性材料{i + 1}.pdf"), nameof(SelfEvaluation), form.Id, org.OrganizationId, p.Id,
                SelfEvaluationWork.EvidencePurpose, Ascii(org));
        }
    }

    /// <summary>4.4.2: the engine proposes the report reviewers (Office accepts), each signs the pledge, then writes and scores independently.</summary>
    private List<Timed> Reviews(PlannedProgramme p)
    {
        var orgs = p.Orgs.Where(o => o.Reviewers > 0).ToList();
        if (orgs.Count == 0)
        {
            return [];
        }
        var byId = orgs.ToDictionary(o => o.OrganizationId);
        var demands = orgs.Select(o => new Demand(o.OrganizationId, o.Name, ExpertRole.ReportReviewer, o.Reviewers, null, o.Form.IndustryCode, [], [])).ToList();
        var result = Propose(p, AssignmentRole.ReportReviewer, demands, byId, p.DateAt(orgs.Min(o => o.AssignDay!.Value)), new Dictionary<Guid, int>(), (_, _) => false);
        var actions = new List<Timed>();
        foreach (var group in result.Assignments.GroupBy(a => a.ItemId))
        {
            var org = byId[group.Key];
            var team = group.ToList();
            _reviewers[org.OrganizationId] = [.. team.Select(a => a.ExpertId)];
            actions.Add(new Timed(org.AssignDay!.Value, 4 * team.Count, b =>
            {
                for (var i = 0; i < team.Count; i++)
                {
                    var a = team[i];
                    var planned = org.Reviews[Math.Min(i, org.Reviews.Count - 1)];
                    var assignment = new ExpertAssignment
                    {
                        ProgrammeId = p.Id, ExpertId = a.ExpertId, OrganizationId = org.OrganizationId, Role = AssignmentRole.ReportReviewer, Status = AssignmentStatus.Active,
                        Explanation = a.Explanation, CreatedAt = clock.UtcNow,
                    };
                    b.Db.Add(assignment);
                    _reviewTasks.Add((assignment.Id, a.ExpertId, org));
                    Pledge(b.Db, p, a.ExpertId, clock.UtcNow);
                    // the review as it stands on the as-of date: submitted, or a draft with the basics and part of the score sheet
                    var review = new ExpertReview
                    {
                        AssignmentId = assignment.Id, ExpertId = a.ExpertId, ProgrammeId = p.Id, OrganizationId = org.OrganizationId,
                        Status = planned.Submitted ? ReviewStatus.Submitted : ReviewStatus.Draft, CreatedAt = clock.UtcNow.AddHours(_misc.Between(2, 30)),
                        SubmittedAt = planned.Submitted ? p.At(planned.SubmitDay) : null,
                    };
                    review.UpdatedAt = review.SubmittedAt ?? review.CreatedAt;
                    foreach (var (part, text) in Content.ReviewParts(_text, org, planned.Submitted))
                    {
                        review.SetPart(part, text);
                    }
                    review.SetScores(planned.Submitted ? planned.Scores : planned.Scores.Where((kv, n) => n < 10).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
                    b.Db.Add(review);
                }
                return Task.CompletedTask;
            }));
        }
        return actions;
    }

    /// <summary>4.4.4.1: the Office publishes its selection as the ranking proposed it; every case moves, members get their record, everyone is told.</summary>
    private Task PublishPoolAsync(Batch b, PlannedProgramme p)
    {
        var now = clock.UtcNow;
        foreach (var org in p.Orgs.Where(o => o.Rank is not null).OrderBy(o => o.Rank))
        {
            if (org.InPool)
            {
                var member = new PoolMember
                {
                    ProgrammeId = p.Id, OrganizationId = org.OrganizationId, EnteredAt = now, EnteredBy = p.Officer.Actor, Rank = org.Rank, RankingTotal = org.RankingTotal,
                };
                b.Db.Add(member);
                _poolMembers[org.OrganizationId] = member.Id;
                Notify(b, org, "入选松江区政府质量奖培育孵化库",
                    "经摸底评估，贵组织入选松江区政府质量奖培育孵化库（4.4.4），将参加理论指导、现场扶优和成果展示等培育孵化工作。", $"/Courses/Mine/{p.Id}");
            }
            else
            {
                Notify(b, org, "培育孵化库筛选结果", $"经摸底评估，贵组织{PoolWork.NotSelectedReason}。感谢参与，欢迎继续关注政府质量奖培育孵化工作。", $"/Courses/Mine/{p.Id}");
            }
        }
        b.Db.Audit(AuditActions.PoolPublished, nameof(Programme), p.Id.ToString(), null,
            new { Selected = p.Orgs.Where(o => o.InPool).OrderBy(o => o.Rank).Select(o => o.Name).ToList(), NotSelected = p.Orgs.Count(o => o.Rank is not null && !o.InPool) }, p.Id);
        return SetPublishedAsync(b, p, now);
    }

    private static async Task SetPublishedAsync(Batch b, PlannedProgramme p, DateTime now)
    {
        var programme = await b.Db.Programmes.FindAsync(p.Id) ?? throw new InvalidOperationException("programme missing");
        programme.PoolPublishedAt ??= now;
    }

    private readonly Dictionary<Guid, Guid> _poolMembers = [];
}
