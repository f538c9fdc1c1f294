using QualityIncubator.Web.Experts;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.2.3 回避: declared, recorded and detected conflicts of interest.</summary>
public sealed class ConflictRuleTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);
    private static readonly ConflictTarget Target = new("91350100M000100Y43", "上海（松江）精密机械有限公司");

    [Fact]
    public void An_expert_with_no_relation_has_no_conflict() =>
        Assert.Empty(ConflictRule.Find(new ConflictFacts("某大学", null, []), Target, Today));

    [Fact]
    public void The_same_employer_is_detected_by_credit_code_or_by_name()
    {
        Assert.Contains("现任职于该组织", ConflictRule.Find(new ConflictFacts("别名", "91350100m000100y43", []), Target, Today).Single());
        Assert.Contains("同名", ConflictRule.Find(new ConflictFacts("上海(松江)精密机械有限公司", null, []), Target, Today).Single());
    }

    [Fact]
    public void A_declared_interest_matches_by_code_or_name_and_says_who_recorded_it()
    {
        var byCode = new ExpertConflict { Kind = ConflictKind.Organization, CreditCode = "91350100M000100Y43", Note = "持有股份" };
        var byName = new ExpertConflict { Kind = ConflictKind.Other, OrganizationName = "上海（松江）精密机械有限公司", Note = "配偶任职", DeclaredByOffice = true };
        var reasons = ConflictRule.Find(new ConflictFacts(null, null, [byCode, byName]), Target, Today);
        Assert.Equal(2, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("持有股份", StringComparison.Ordinal) && r.Contains("专家申报", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("配偶任职", StringComparison.Ordinal) && r.Contains("区评审办登记", StringComparison.Ordinal));
    }

    [Fact]
    public void A_former_employer_counts_for_three_years_after_leaving()
    {
        ExpertConflict Former(DateOnly? to) => new() { Kind = ConflictKind.FormerEmployer, CreditCode = Target.CreditCode, From = new DateOnly(2010, 1, 1), To = to };
        Assert.Single(ConflictRule.Find(new ConflictFacts(null, null, [Former(new DateOnly(2023, 6, 1))]), Target, Today));
        Assert.Empty(ConflictRule.Find(new ConflictFacts(null, null, [Former(new DateOnly(2023, 5, 31))]), Target, Today));
        Assert.Single(ConflictRule.Find(new ConflictFacts(null, null, [Former(null)]), Target, Today));
    }

    [Fact]
    public void Another_organizations_declaration_does_not_match()
    {
        var other = new ExpertConflict { Kind = ConflictKind.Organization, CreditCode = "914403001922038216", OrganizationName = "别的公司" };
        Assert.Empty(ConflictRule.Find(new ConflictFacts(null, null, [other]), Target, Today));
    }

    [Fact]
    public void The_pledge_text_covers_the_four_duties_and_its_hash_is_stable()
    {
        var text = string.Join("", Pledge.Text);
        foreach (var duty in new[] { "廉洁自律", "公正", "保密", "回避" })
        {
            Assert.Contains(duty, text);
        }
        Assert.Equal(Pledge.Sha256, Pledge.Sha256);
        Assert.Equal(64, Pledge.Sha256.Length);
    }
}
