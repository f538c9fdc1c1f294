using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Web.Archive;

/// <summary>
/// 6.1 归档 follows 评估和改进 (5): a programme leaves the review stage only when its summary is approved (5.1) and every role an expert
/// served in is rated (5.2). The same facts decide whether it may be sealed.
/// </summary>
public sealed class ReviewCompletion(AppDbContext db, RatingWork ratings) : IStageGate
{
    public async Task<string?> RefusalAsync(Guid programmeId, ProgrammeStage from, CancellationToken ct)
    {
        if (from != ProgrammeStage.Review)
        {
            return null;
        }
        var missing = new List<string>();
        if (!await SummaryApprovedAsync(programmeId, ct))
        {
            missing.Add("培育孵化工作总结尚未审定（5.1）");
        }
        if (await UnratedRolesAsync(programmeId, ct) is > 0 and var unrated)
        {
            missing.Add($"尚有 {unrated} 项专家评价未完成（5.2）");
        }
        return missing.Count == 0 ? null : "评估与改进尚未完成，不能进入归档阶段：" + string.Join("；", missing);
    }

    public Task<bool> SummaryApprovedAsync(Guid programmeId, CancellationToken ct) =>
        db.Set<ProgrammeSummary>().AnyAsync(s => s.ProgrammeId == programmeId && s.Status == SummaryStatus.Approved, ct);

    /// <summary>The roles experts served in (5.2.3, as the rating page lists them) that have no rating yet (5.2.1).</summary>
    public async Task<int> UnratedRolesAsync(Guid programmeId, CancellationToken ct) =>
        (await ratings.ServedCountsAsync(programmeId, ct)).Unrated;
}
