using QualityIncubator.Web.Applications;

namespace QualityIncubator.Web.Experts;

/// <summary>The organization an assignment would expose to an expert.</summary>
public sealed record ConflictTarget(string CreditCode, string Name);

/// <summary>What the rule knows of the expert.</summary>
public sealed record ConflictFacts(string? Employer, string? EmployerCreditCode, IReadOnlyList<ExpertConflict> Declared)
{
    /// <summary>What an expert record (with its conflicts loaded) tells the rule.</summary>
    public static ConflictFacts Of(Expert e) => new(e.Employer, e.EmployerCreditCode, e.Conflicts);
}

/// <summary>4.2.3 回避: does this expert have an interest in this organization? Pure; every finding comes with its reason in Chinese.</summary>
public static class ConflictRule
{
    public static IReadOnlyList<string> Find(ConflictFacts expert, ConflictTarget organization, DateOnly today)
    {
        var reasons = new List<string>();
        var code = CreditCode.Normalize(organization.CreditCode);
        var name = Normalize(organization.Name);
        // 4.2.3: same employer as the expert — detected, not declared.
        if (!string.IsNullOrEmpty(expert.EmployerCreditCode) && CreditCode.Normalize(expert.EmployerCreditCode) == code)
        {
            reasons.Add($"专家现任职于该组织（统一社会信用代码 {code}）");
        }
        else if (!string.IsNullOrWhiteSpace(expert.Employer) && Normalize(expert.Employer) == name)
        {
            reasons.Add($"专家现任职单位“{expert.Employer}”与该组织同名");
        }
        foreach (var c in expert.Declared)
        {
            var matches = (!string.IsNullOrEmpty(c.CreditCode) && CreditCode.Normalize(c.CreditCode) == code)
                          || (!string.IsNullOrWhiteSpace(c.OrganizationName) && Normalize(c.OrganizationName) == name);
            if (!matches)
            {
                continue;
            }
            var by = c.DeclaredByOffice ? "区评审办登记" : "专家申报";
            switch (c.Kind)
            {
                case ConflictKind.FormerEmployer:
                    // A former employment counts for three years after it ended (a common recusal period; the Office can add a conflict to extend it).
                    if (c.To is null || c.To.Value.AddYears(3) >= today)
                    {
                        reasons.Add($"专家曾任职于该组织（{c.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} 至 {c.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "今"}，{by}）");
                    }
                    break;
                case ConflictKind.Organization:
                case ConflictKind.Other:
                    reasons.Add($"{ExpertLabels.Kind(c.Kind)}：{c.Note ?? c.OrganizationName ?? c.CreditCode}（{by}）");
                    break;
            }
        }
        return reasons;
    }

    /// <summary>Names compared without spaces and brackets' width differences: “（上海）” equals “(上海)”.</summary>
    private static string Normalize(string s) =>
        new string(s.Where(c => !char.IsWhiteSpace(c)).ToArray()).Replace('（', '(').Replace('）', ')');
}
