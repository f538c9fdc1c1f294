using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Web.Archive;

/// <summary>
/// 6.1 归档 follows 评估和改进 (5): a programme leaves the review stage only when its summary is approved (5.1) and every role an expert
/// served in is rated (5.2). The same facts decide whether it may be sealed.
/// </summary>
public sealed class ReviewCompletion(AppDbContext db) : IStageGate
{
    public async Task<string?> RefusalAsync(Guid programmeId, ProgrammeStage from, CancellationToken ct)
    {
        if (from != ProgrammeStage.Review)
        {
            return null;
        }
        var missing = new List<string>();
        if (!await db.Set<ProgrammeSummary>().AnyAsync(s => s.ProgrammeId == programmeId && s.Status == SummaryStatus.Approved, ct))
        {
            missing.Add("培育孵化工作总结尚未审定（5.1）");
        }
        if (await UnratedRolesAsync(db, programmeId, ct) is > 0 and var unrated)
        {
            missing.Add($"尚有 {unrated} 项专家评价未完成（5.2）");
        }
        return missing.Count == 0 ? null : "评估与改进尚未完成，不能进入归档阶段：" + string.Join("；", missing);
    }

    /// <summary>The (expert, role) pairs that served in the programme (5.2.3) and have no rating yet.</summary>
    public static async Task<int> UnratedRolesAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var served = await ServedAsync(db, programmeId, ct);
        var rated = await db.Set<ExpertRating>().AsNoTracking().Where(r => r.ProgrammeId == programmeId).Select(r => new { r.ExpertId, r.Role }).ToListAsync(ct);
        return served.Count(s => !rated.Any(r => r.ExpertId == s.ExpertId && r.Role == s.Role));
    }

    /// <summary>5.2.3 who served in which role: lecturers of the programme's sessions, report reviewers and site coaches not recused.</summary>
    public static async Task<List<(Guid ExpertId, AssignmentRole Role)>> ServedAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var lecturers = await db.Set<SessionLecturer>().AsNoTracking().Where(l => l.ProgrammeId == programmeId).Select(l => l.ExpertId).Distinct().ToListAsync(ct);
        var assigned = await db.ExpertAssignments.AsNoTracking()
            .Where(a => a.ProgrammeId == programmeId && a.Status != AssignmentStatus.Recused && a.Role != AssignmentRole.Lecturer)
            .Select(a => new { a.ExpertId, a.Role }).Distinct().ToListAsync(ct);
        return [.. lecturers.Select(e => (e, AssignmentRole.Lecturer)).Concat(assigned.Select(a => (a.ExpertId, a.Role))).Distinct()];
    }
}
