using System.Globalization;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.ScaleData;

/// <summary>The written parts of reviews, analyses, opinions and showcase profiles, composed from the organization's own facts.</summary>
internal static class Content
{
    private static string Industry(PlannedOrg org) => org.Form.IndustryDetail ?? Texts.IndustryWords.GetValueOrDefault(org.Form.IndustryCode!)?[0] ?? "相关";

    public static string Basics(PlannedOrg org) => string.Create(CultureInfo.InvariantCulture,
        $"{org.Name}成立于{org.Form.EstablishedOn:yyyy}年，主营{Industry(org)}产品与服务，现有员工{org.Form.EmployeeCount}人，其中研发人员{org.Form.RdStaffCount}人，上年度销售总额{org.Form.LastYearRevenue}万元，纳税{org.Form.LastYearTax}万元。")
        + (org.Form.Certifications.Count > 0 ? "已通过质量管理体系认证。" : "已建立关键绩效考核体系，尚未取得管理体系认证。");

    public static Dictionary<ReviewPart, string?> ReviewParts(Rng rng, PlannedOrg org, bool complete)
    {
        var parts = new Dictionary<ReviewPart, string?>
        {
            [ReviewPart.Basics] = Basics(org),
            [ReviewPart.Strengths] = Texts.Some(rng, Texts.Strengths, 2, 4),
        };
        if (complete)
        {
            parts[ReviewPart.Improvements] = Texts.Some(rng, Texts.Improvements, 2, 4);
            parts[ReviewPart.Innovations] = rng.Pick(Texts.Innovations) + "。";
            parts[ReviewPart.Results] = string.Create(CultureInfo.InvariantCulture,
                $"近三年主营业务收入年均增长约{rng.Between(2, 25)}%，产品一次交验合格率{rng.Between(960, 999) / 10.0:0.0}%，顾客满意度{rng.Between(82, 97)}分。");
        }
        return parts;
    }

    public static string QualityStatus(PlannedOrg org) =>
        (org.Form.Certifications.Count > 0 ? "质量管理体系认证有效，内审和管理评审按计划开展；" : "质量管理体系已建立但未认证，运行记录不够完整；")
        + (org.Penalties.Count == 0 ? "近两年无行政处罚记录。" : string.Create(CultureInfo.InvariantCulture, $"近两年有{org.Penalties.Count}起行政处罚记录（{string.Join("；", org.Penalties.Select(p => p.Summary))}），已完成整改。"));

    public static string QualityConclusion(PlannedOrg org) => org.Penalties.Count == 0
        ? "质量管理基础较好，建议在培育孵化中重点提升过程管理和测量分析能力。"
        : "质量管理总体受控，应吸取处罚事项教训，健全合规管理和风险防控机制。";

    public static OpinionText Opinion(Rng rng, PlannedOrg org) => new(
        Basics(org) + string.Create(CultureInfo.InvariantCulture, $"专家组于{org.Programme.DateAt(org.VisitDay):yyyy年M月d日}赴现场开展扶优，听取汇报并查看生产现场。"),
        Texts.Some(rng, Texts.Strengths, 2, 3),
        Texts.Some(rng, Texts.Improvements, 2, 4),
        rng.Pick(Texts.ManagementModels) + "。");

    public static (string Narrative, string Model, string Actions) Profile(Rng rng, PlannedOrg org) => (
        string.Create(CultureInfo.InvariantCulture,
            $"参加{org.Programme.Year}年度培育孵化以来，{org.Name}系统学习GB/T 19580，按专家评价和现场扶优意见开展改进，") + rng.Pick(Texts.Innovations) + "。",
        rng.Pick(Texts.ManagementModels) + "。",
        "针对现场扶优意见：" + Texts.Some(rng, Texts.Improvements, 1, 2).Replace("建议", "已", StringComparison.Ordinal));

    public static string CallHtml(PlannedProgramme p) =>
        $"<p>{p.Title}现开始接受申报。欢迎在松江区注册登记并正常运行2年以上、建立了有效运行的质量管理体系的组织注册并填写《松江区政府质量奖培育孵化项目申请书》。</p>"
        + "<p>申报材料经区评审办资格审查后，符合条件的组织进入普及培育阶段。</p>";

    /// <summary>Appendix B at the end of the incubation: some “否” have become “是”.</summary>
    public static Dictionary<string, string?> FinalAnswers(Rng rng, PlannedOrg org)
    {
        var answers = new Dictionary<string, string?>(org.AppendixB, StringComparer.Ordinal);
        foreach (var q in AppendixB.Questions.Where(q => q.Kind == AnswerKind.YesNo))
        {
            if (answers.GetValueOrDefault(q.Code) == AppendixB.No && rng.Chance(0.35))
            {
                answers[q.Code] = AppendixB.Yes;
            }
        }
        return answers;
    }

    /// <summary>The showcase re-score: the consensus improved by zero to three steps per item.</summary>
    public static Dictionary<string, int> Rescore(Rng rng, Dictionary<string, int> consensus) =>
        consensus.ToDictionary(kv => kv.Key, kv => Math.Min(100, kv.Value + 5 * rng.Weighted<int>([(0, 30), (1, 40), (2, 22), (3, 8)])), StringComparer.Ordinal);
}
