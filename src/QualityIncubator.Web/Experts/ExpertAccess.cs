using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Experts;

/// <summary>Why an expert may or may not open an organization's material (4.2.3), in Chinese.</summary>
public sealed record ExpertGate(bool Allowed, string? Refusal, Guid? ExpertId = null)
{
    public static ExpertGate No(string refusal) => new(false, refusal);
}

/// <summary>
/// 4.2.3 confidentiality by construction: an expert sees an organization only through an active assignment, while active in the pool,
/// after signing the programme's pledge, and never when a conflict of interest is known.
/// </summary>
public sealed class ExpertAccess(AppDbContext db, TimeProvider clock)
{
    public async Task<ExpertGate> CheckAsync(ClaimsPrincipal user, Guid programmeId, Guid organizationId, CancellationToken ct = default)
    {
        if (!user.IsInRole(Roles.Expert))
        {
            return ExpertGate.No("只有专家可以通过任务查看组织材料");
        }
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var expert = await db.Experts.AsNoTracking().Include(e => e.Conflicts).FirstOrDefaultAsync(e => e.UserId == userId, ct);
        if (expert is null)
        {
            return ExpertGate.No("您的账号尚未关联专家库记录，请联系区评审办");
        }
        if (expert.Status != ExpertStatus.Active)
        {
            return ExpertGate.No($"您在专家库中的状态为“{ExpertLabels.Status(expert.Status)}”，暂不能查看组织材料");
        }
        var assigned = await db.ExpertAssignments.AsNoTracking()
            .AnyAsync(a => a.ExpertId == expert.Id && a.ProgrammeId == programmeId && a.OrganizationId == organizationId && a.Status == AssignmentStatus.Active, ct);
        if (!assigned)
        {
            return ExpertGate.No("您没有该组织的任务");
        }
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => new { o.CreditCode, o.Name }).FirstAsync(ct);
        var conflicts = ConflictRule.Find(ConflictFacts.Of(expert), new ConflictTarget(organization.CreditCode, organization.Name), ChinaTime.Today(clock));
        if (conflicts.Count > 0)
        {
            return ExpertGate.No("您与该组织存在利益关系，应当回避：" + string.Join("；", conflicts));
        }
        if (!await Pledge.IsSignedAsync(db, expert.Id, programmeId, ct))
        {
            return ExpertGate.No("查看组织材料前，请先签署本培育计划的专家承诺书（廉洁自律、公正、保密、回避）");
        }
        return new ExpertGate(true, null, expert.Id);
    }
}
