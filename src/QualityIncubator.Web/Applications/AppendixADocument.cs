using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using QualityIncubator.Web.Platform.Web;
using static QualityIncubator.Web.Applications.WordForm;

namespace QualityIncubator.Web.Applications;

/// <summary>
/// 《松江区政府质量奖培育孵化项目申请书》 (DB31117/Z 018-2022 Appendix A) as an A4 .docx:
/// title, programme and submission line, then the appendix's bordered table with its rows in the same order and pairing.
/// </summary>
public static class AppendixADocument
{
    public const string Title = "松江区政府质量奖培育孵化项目申请书";

    // The four grid columns fill the A4 text width exactly.
    // Labels fit "统一社会信用代码" on one line; the first value column is the wider one, for the organization's name
    // and address (15 characters a line); the second still fits the 18-character credit code.
    private const int LabelWidth = 1950, WideValueWidth = 3400, NarrowValueWidth = TextWidth - 2 * LabelWidth - WideValueWidth;

    public static byte[] Build(AppendixAData data)
    {
        var content = new List<OpenXmlElement> { TitleParagraph(Title) };
        if (data.IsDemo)
        {
            content.Add(Paragraph(JustificationValues.Center, spacingAfter: 120, TextRun("演示数据", bold: true, color: "C00000")));
        }
        content.Add(ProgrammeLine(data));
        content.Add(FormTable(data));
        return WordForm.Build(Title, content);
    }

    /// <summary>"1,234.56 万元"; blank when unknown.</summary>
    public static string Money(decimal? value) =>
        value is null ? "" : value.Value.ToString("N2", CultureInfo.InvariantCulture) + " 万元";

    private static Table FormTable(AppendixAData d)
    {
        var table = BorderedTable(LabelWidth, WideValueWidth, LabelWidth, NarrowValueWidth);

        table.Append(
            Pair("组织名称", d.OrganizationName, "法定代表人", d.LegalRepresentative),
            Pair("组织地址", d.Address, "电话/手机", d.Phone),
            Pair("联系人", d.ContactName, "所属部门", d.ContactDepartment),
            Pair("电话/手机", d.ContactPhone, "电子邮件", d.ContactEmail),
            Pair("成立日期", ChinaTime.DateText(d.EstablishedOn), "统一社会信用代码", d.CreditCode),
            Pair("经济类型", d.EconomicType, "所属行业", d.Industry),
            Pair("总资产", Money(d.TotalAssets), "上年度销售总额", Money(d.LastYearRevenue)),
            Pair("上年度纳税总额", Money(d.LastYearTax), "上年度净利润", Money(d.LastYearNetProfit)),
            Pair("员工总数", Count(d.EmployeeCount), "研发人员数", Count(d.RdStaffCount)),
            Wide("所属镇、街道、开发区", [d.District]),
            Declaration("近两年有无重大质量、安全、环境、公共卫生、食品安全等事故", NoneOrSome(d.HasMajorAccident)),
            Declaration("近两年有无因组织责任导致的重大质量投诉、严重失信行为", NoneOrSome(d.HasMajorComplaintOrDishonesty)),
            Declaration("当年度有无违反法律法规的行为", NoneOrSome(d.HasViolationThisYear)),
            Declaration("是否已建立关键绩效考核体系", YesOrNo(d.HasKpiSystem)),
            Wide("已获得的管理体系认证", OrNone(d.Certifications)),
            Wide("近三年获得的区级及以上荣誉", OrNone(d.Honours)));
        return table;
    }

    // The three row shapes of the appendix: two label/value pairs; a label with a value across the rest;
    // a long question across three columns with its tick boxes in the last.
    private static TableRow Pair(string label1, string? value1, string label2, string? value2) =>
        Row(Cell([label1], LabelWidth, 1, label: true), Cell([value1], WideValueWidth, 1),
            Cell([label2], LabelWidth, 1, label: true), Cell([value2], NarrowValueWidth, 1));

    private static TableRow Wide(string label, IEnumerable<string?> lines) =>
        Row(Cell([label], LabelWidth, 1, label: true), Cell(lines, TextWidth - LabelWidth, 3));

    private static TableRow Declaration(string question, string boxes) =>
        Row(Cell([question], TextWidth - NarrowValueWidth, 3, label: true), Cell([boxes], NarrowValueWidth, 1));

    private static Paragraph ProgrammeLine(AppendixAData d)
    {
        var submitted = d.SubmittedAt is null ? "未提交" : ChinaTime.DateTimeText(d.SubmittedAt);
        return LeftRightLine($"培育计划：{d.ProgrammeTitle}", $"提交时间：{submitted}");
    }

    // "□无 □有" in the appendix: true means 有; null leaves both unticked
    private static string NoneOrSome(bool? has) => $"{Box(has == false)}无　　{Box(has == true)}有";

    private static string YesOrNo(bool? yes) => $"{Box(yes == true)}是　　{Box(yes == false)}否";

    private static IEnumerable<string?> OrNone(IReadOnlyList<string> items) => items.Count == 0 ? ["无"] : items;

    private static string Count(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
