namespace QualityIncubator.Web.Applications;

public enum CriterionStatus
{
    Met,
    NotMet,
    NeedsJudgement,
}

/// <summary>One condition of 4.1.2 with its outcome and the reason in Chinese.</summary>
public sealed record CriterionResult(string Key, string Title, CriterionStatus Status, string Reason);

/// <summary>The rule's verdict: Ineligible when any condition fails; NeedsJudgement when a condition is only partly met; else Eligible.</summary>
public sealed record EligibilityVerdict(CriterionStatus Overall, IReadOnlyList<CriterionResult> Criteria)
{
    public string Summary => Overall switch
    {
        CriterionStatus.Met => "符合申报条件（领导质量意识须由区评审办确认）",
        CriterionStatus.NotMet => "不符合申报条件",
        CriterionStatus.NeedsJudgement => "部分条件须由区评审办判断",
    };
}

/// <summary>The facts of an application the rule looks at.</summary>
public sealed record EligibilityFacts(
    DateOnly? EstablishedOn,
    string? DistrictCode,
    string? Address,
    bool? HasMajorAccident,
    bool? HasMajorComplaintOrDishonesty,
    bool? HasViolationThisYear,
    bool? HasKpiSystem,
    IReadOnlyList<(string Name, DateOnly? ExpiresOn)> Certifications);

/// <summary>4.1.2: who may be incubated. Pure; decides and explains.</summary>
public static class EligibilityRule
{
    public const string Registration = "registration";
    public const string Record = "record";
    public const string QualitySystem = "quality-system";
    public const string Leadership = "leadership";

    /// <summary><paramref name="reference"/> is the programme's application deadline (or today when there is none).</summary>
    public static EligibilityVerdict Evaluate(EligibilityFacts f, DateOnly reference)
    {
        var criteria = new List<CriterionResult> { RegistrationAndOperation(f, reference), CreditRecord(f), QualityManagementSystem(f, reference) };
        // 4.1.2 "组织的主要领导质量管理意识强" cannot be decided from data.
        criteria.Add(new(Leadership, "主要领导质量管理意识强", CriterionStatus.NeedsJudgement, "须由区评审办根据了解情况作出判断并记录"));
        var decided = criteria.Where(c => c.Key != Leadership).ToList();
        var overall = decided.Any(c => c.Status == CriterionStatus.NotMet) ? CriterionStatus.NotMet
            : decided.Any(c => c.Status == CriterionStatus.NeedsJudgement) ? CriterionStatus.NeedsJudgement
            : CriterionStatus.Met;
        return new EligibilityVerdict(overall, criteria);
    }

    // 4.1.2 — registered in Songjiang and operating for at least 2 years at the deadline.
    private static CriterionResult RegistrationAndOperation(EligibilityFacts f, DateOnly reference)
    {
        const string title = "在松江区注册登记并正常运行2年以上";
        if (f.EstablishedOn is not { } established)
        {
            return new(Registration, title, CriterionStatus.NotMet, "未填写成立日期");
        }
        var twoYears = established.AddYears(2);
        if (twoYears > reference)
        {
            return new(Registration, title, CriterionStatus.NotMet,
                $"成立日期为 {established:yyyy-MM-dd}，至 {reference:yyyy-MM-dd} 不满2年（满2年之日为 {twoYears:yyyy-MM-dd}）");
        }
        if (string.IsNullOrEmpty(f.DistrictCode))
        {
            return new(Registration, title, CriterionStatus.NotMet, "未选择所属镇、街道、开发区");
        }
        if (f.DistrictCode == CodeLists.OtherDistrict)
        {
            return new(Registration, title, CriterionStatus.NeedsJudgement, "所属镇、街道、开发区为“其他”，须核实是否在松江区注册登记");
        }
        if (f.Address is null || !f.Address.Contains("松江", StringComparison.Ordinal))
        {
            return new(Registration, title, CriterionStatus.NeedsJudgement, "组织地址中未见“松江”，须核实注册地");
        }
        return new(Registration, title, CriterionStatus.Met, $"成立于 {established:yyyy-MM-dd}，已满2年；地址在松江区");
    }

    // 4.1.2 — good credit record, no major accident in the last 2 years (Appendix A declarations).
    private static CriterionResult CreditRecord(EligibilityFacts f)
    {
        const string title = "信用记录良好，近2年无重大事故";
        var problems = new List<string>();
        var unanswered = new List<string>();
        void Check(bool? answer, string what)
        {
            if (answer is null)
            {
                unanswered.Add(what);
            }
            else if (answer.Value)
            {
                problems.Add(what);
            }
        }
        Check(f.HasMajorAccident, "近两年有重大质量、安全、环境、公共卫生、食品安全等事故");
        Check(f.HasMajorComplaintOrDishonesty, "近两年有因组织责任导致的重大质量投诉或严重失信行为");
        Check(f.HasViolationThisYear, "当年度有违反法律法规的行为");
        if (problems.Count > 0)
        {
            return new(Record, title, CriterionStatus.NotMet, "申请书声明：" + string.Join("；", problems));
        }
        if (unanswered.Count > 0)
        {
            return new(Record, title, CriterionStatus.NotMet, "未回答：" + string.Join("；", unanswered));
        }
        return new(Record, title, CriterionStatus.Met, "申请书声明近两年无重大事故、无重大质量投诉或严重失信、当年度无违法行为");
    }

    // 4.1.2 — an effectively running quality management system.
    private static CriterionResult QualityManagementSystem(EligibilityFacts f, DateOnly reference)
    {
        const string title = "建立了有效运行的质量管理体系";
        var valid = f.Certifications.Where(c => c.ExpiresOn is null || c.ExpiresOn >= reference).Select(c => c.Name).ToList();
        if (valid.Count > 0)
        {
            return new(QualitySystem, title, CriterionStatus.Met, "持有有效的管理体系认证：" + string.Join("、", valid));
        }
        var expired = f.Certifications.Count > 0;
        if (f.HasKpiSystem == true || expired)
        {
            var what = new List<string>();
            if (f.HasKpiSystem == true)
            {
                what.Add("已建立关键绩效考核体系");
            }
            if (expired)
            {
                what.Add("管理体系认证均已过期");
            }
            return new(QualitySystem, title, CriterionStatus.NeedsJudgement, string.Join("，", what) + "，但无有效认证，须判断体系是否有效运行");
        }
        return new(QualitySystem, title, CriterionStatus.NotMet, "无有效的管理体系认证，也未建立关键绩效考核体系");
    }

    public static string Label(CriterionStatus s) => s switch
    {
        CriterionStatus.Met => "符合",
        CriterionStatus.NotMet => "不符合",
        CriterionStatus.NeedsJudgement => "须区评审办判断",
    };
}
