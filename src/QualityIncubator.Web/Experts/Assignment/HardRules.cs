using System.Globalization;

namespace QualityIncubator.Web.Experts.Assignment;

/// <summary>The hard constraints on one expert ↔ demand pair, in the order the engine explains a shortage. Capacity is counted separately.</summary>
public enum HardRule
{
    Role,
    Active,
    Conflict,
    Date,
}

/// <summary>The one place where the hard constraints are checked: by the engine and by the Office's manual changes.</summary>
public static class HardRules
{
    public static readonly IReadOnlyList<HardRule> InOrder = [HardRule.Role, HardRule.Active, HardRule.Conflict, HardRule.Date];

    public static bool Breaks(HardRule rule, Candidate expert, Demand demand, IReadOnlySet<(Guid ExpertId, Guid ItemId)> conflicts) => rule switch
    {
        // 5.2.3 / 4.2.1: the expert holds the role the demand needs (授课 / 自评报告评价 / 现场扶优指导)
        HardRule.Role => !expert.Roles.Contains(demand.Role),
        // 4.2.1: only experts currently in the pool (专家库) are assigned
        HardRule.Active => !expert.Active,
        // 4.2.3 回避：no expert on an organization they have a conflict with
        HardRule.Conflict => conflicts.Contains((expert.ExpertId, demand.ItemId)),
        // 4.5 / 4.6.1: the expert can attend on the session's or visit's date
        HardRule.Date => demand.Date is { } date && expert.UnavailableOn.Contains(date),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    public static bool Allows(Candidate expert, Demand demand, IReadOnlySet<(Guid ExpertId, Guid ItemId)> conflicts)
    {
        foreach (var rule in InOrder)
        {
            if (Breaks(rule, expert, demand, conflicts))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>At most N assignments per expert (configurable, 4.2).</summary>
    public static int CapacityOf(Candidate expert, AssignmentOptions options) => Math.Max(0, expert.Capacity ?? options.MaxPerExpert);

    public static HashSet<(Guid ExpertId, Guid ItemId)> ConflictSet(IEnumerable<Conflict> conflicts) => conflicts.Select(c => (c.ExpertId, c.ItemId)).ToHashSet();

    public static string RoleName(ExpertRole role) => role switch
    {
        ExpertRole.Lecturer => "授课专家",
        ExpertRole.ReportReviewer => "自评报告评价专家",
        ExpertRole.SiteCoach => "现场扶优指导专家",
        _ => role.ToString(),
    };

    /// <summary>"C 制造业" for a GB/T 4754 section letter.</summary>
    public static string IndustryName(string code) =>
        Applications.CodeLists.IndustrySections.FirstOrDefault(s => s.Code == code) is { Label: { } label } ? $"{code} {label}" : code;

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The condition a rule adds to "没有…的专家": "无利益冲突", "在 2026-05-12 可参加".</summary>
    internal static string? Condition(HardRule rule, Demand demand) => rule switch
    {
        HardRule.Active => "在库",
        HardRule.Conflict => "无利益冲突",
        HardRule.Date when demand.Date is { } date => $"在 {Date(date)} 可参加",
        _ => null,
    };

    /// <summary>Why this pair is refused, in Chinese.</summary>
    internal static string Reason(HardRule rule, Candidate expert, Demand demand) => rule switch
    {
        HardRule.Role when expert.Suspended?.Contains(demand.Role) == true => $"{expert.Name} 的{RoleName(demand.Role)}资格已暂停（5.3.2）",
        HardRule.Role => $"{expert.Name} 不是{RoleName(demand.Role)}",
        HardRule.Active => $"{expert.Name} 不在专家库中（已停用）",
        HardRule.Conflict => $"{expert.Name} 与{demand.Label}存在利益冲突，须回避（4.2.3）",
        HardRule.Date => $"{expert.Name} 在 {Date(demand.Date!.Value)} 不可参加",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };
}
