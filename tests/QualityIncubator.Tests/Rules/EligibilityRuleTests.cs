using QualityIncubator.Web.Applications;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.1.2, condition by condition.</summary>
public sealed class EligibilityRuleTests
{
    private static readonly DateOnly Deadline = new(2026, 4, 30);

    private static EligibilityFacts Good() => new(new DateOnly(2018, 5, 1), "T-九亭", "上海市松江区九亭镇某路1号", false, false, false, true,
        [("ISO 9001 质量管理体系", new DateOnly(2027, 1, 1))]);

    private static CriterionResult Criterion(EligibilityVerdict v, string key) => v.Criteria.Single(c => c.Key == key);

    [Fact]
    public void A_complete_good_application_is_eligible_with_leadership_left_to_the_office()
    {
        var v = EligibilityRule.Evaluate(Good(), Deadline);
        Assert.Equal(CriterionStatus.Met, v.Overall);
        Assert.Equal(CriterionStatus.NeedsJudgement, Criterion(v, EligibilityRule.Leadership).Status);
        Assert.Contains("区评审办确认", v.Summary);
        Assert.Contains("ISO 9001", Criterion(v, EligibilityRule.QualitySystem).Reason);
    }

    [Theory]
    [InlineData("2024-04-30", CriterionStatus.Met)]       // exactly two years at the deadline
    [InlineData("2024-05-01", CriterionStatus.NotMet)]    // one day short
    [InlineData("2024-02-29", CriterionStatus.Met)]       // leap day: two years later is 2026-02-28
    public void Two_years_of_operation_are_counted_to_the_deadline(string established, CriterionStatus expected)
    {
        var v = EligibilityRule.Evaluate(Good() with { EstablishedOn = DateOnly.Parse(established, System.Globalization.CultureInfo.InvariantCulture) }, Deadline);
        Assert.Equal(expected, Criterion(v, EligibilityRule.Registration).Status);
        if (expected == CriterionStatus.NotMet)
        {
            Assert.Contains("不满2年", Criterion(v, EligibilityRule.Registration).Reason);
            Assert.Equal(CriterionStatus.NotMet, v.Overall);
        }
    }

    [Fact]
    public void Registration_outside_the_listed_district_or_address_needs_judgement_and_missing_data_fails()
    {
        Assert.Equal(CriterionStatus.NeedsJudgement, Criterion(EligibilityRule.Evaluate(Good() with { DistrictCode = CodeLists.OtherDistrict }, Deadline), EligibilityRule.Registration).Status);
        var elsewhere = EligibilityRule.Evaluate(Good() with { Address = "上海市闵行区某路" }, Deadline);
        Assert.Equal(CriterionStatus.NeedsJudgement, Criterion(elsewhere, EligibilityRule.Registration).Status);
        Assert.Equal(CriterionStatus.NeedsJudgement, elsewhere.Overall);
        Assert.Equal(CriterionStatus.NotMet, Criterion(EligibilityRule.Evaluate(Good() with { EstablishedOn = null }, Deadline), EligibilityRule.Registration).Status);
        Assert.Equal(CriterionStatus.NotMet, Criterion(EligibilityRule.Evaluate(Good() with { DistrictCode = null }, Deadline), EligibilityRule.Registration).Status);
    }

    [Theory]
    [InlineData(true, false, false, "重大质量、安全")]
    [InlineData(false, true, false, "严重失信")]
    [InlineData(false, false, true, "违反法律法规")]
    public void Any_declared_accident_complaint_or_violation_makes_it_ineligible(bool accident, bool complaint, bool violation, string named)
    {
        var v = EligibilityRule.Evaluate(Good() with { HasMajorAccident = accident, HasMajorComplaintOrDishonesty = complaint, HasViolationThisYear = violation }, Deadline);
        Assert.Equal(CriterionStatus.NotMet, v.Overall);
        Assert.Contains(named, Criterion(v, EligibilityRule.Record).Reason);
    }

    [Fact]
    public void An_unanswered_declaration_is_not_taken_as_a_no()
    {
        var v = EligibilityRule.Evaluate(Good() with { HasViolationThisYear = null }, Deadline);
        Assert.Equal(CriterionStatus.NotMet, Criterion(v, EligibilityRule.Record).Status);
        Assert.Contains("未回答", Criterion(v, EligibilityRule.Record).Reason);
    }

    [Fact]
    public void Quality_system_is_met_by_a_valid_certificate_partly_by_kpis_or_expired_ones_and_not_at_all_without_either()
    {
        Assert.Equal(CriterionStatus.Met, Criterion(EligibilityRule.Evaluate(Good() with { HasKpiSystem = false }, Deadline), EligibilityRule.QualitySystem).Status);
        var kpiOnly = EligibilityRule.Evaluate(Good() with { Certifications = [] }, Deadline);
        Assert.Equal(CriterionStatus.NeedsJudgement, Criterion(kpiOnly, EligibilityRule.QualitySystem).Status);
        Assert.Equal(CriterionStatus.NeedsJudgement, kpiOnly.Overall);
        var expired = EligibilityRule.Evaluate(Good() with { HasKpiSystem = false, Certifications = [("ISO 9001", new DateOnly(2026, 4, 29))] }, Deadline);
        Assert.Equal(CriterionStatus.NeedsJudgement, Criterion(expired, EligibilityRule.QualitySystem).Status);
        Assert.Contains("已过期", Criterion(expired, EligibilityRule.QualitySystem).Reason);
        var onDeadline = EligibilityRule.Evaluate(Good() with { Certifications = [("ISO 9001", Deadline)] }, Deadline);
        Assert.Equal(CriterionStatus.Met, Criterion(onDeadline, EligibilityRule.QualitySystem).Status);
        var none = EligibilityRule.Evaluate(Good() with { HasKpiSystem = false, Certifications = [] }, Deadline);
        Assert.Equal(CriterionStatus.NotMet, none.Overall);
    }

    [Fact]
    public void Failure_outweighs_judgement()
    {
        var v = EligibilityRule.Evaluate(Good() with { Certifications = [], HasMajorAccident = true }, Deadline);
        Assert.Equal(CriterionStatus.NotMet, v.Overall);
    }
}
