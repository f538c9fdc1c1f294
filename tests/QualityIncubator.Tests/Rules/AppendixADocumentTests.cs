using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using QualityIncubator.Web.Applications;

namespace QualityIncubator.Tests.Rules;

public sealed class AppendixADocumentTests
{
    public const string CreditCodeValue = "91330100716105852F";

    public static AppendixAData Sample() => new(
        OrganizationName: "上海松江示例精密制造有限公司",
        LegalRepresentative: "张伟",
        Address: "上海市松江区示例路100号",
        Phone: "021-57001234",
        ContactName: "李娜",
        ContactDepartment: "质量管理部",
        ContactPhone: "13800138000",
        ContactEmail: "lina@example.com",
        EstablishedOn: new DateOnly(2008, 5, 20),
        CreditCode: CreditCodeValue,
        EconomicType: "有限责任公司",
        Industry: "通用设备制造业",
        TotalAssets: 1234.56m,
        LastYearRevenue: 98765.4m,
        LastYearTax: 321m,
        LastYearNetProfit: -12.5m,
        EmployeeCount: 356,
        RdStaffCount: 48,
        District: "松江经济技术开发区",
        HasMajorAccident: false,
        HasMajorComplaintOrDishonesty: true,
        HasViolationThisYear: null,
        HasKpiSystem: true,
        Certifications: ["ISO 9001 质量管理体系认证", "ISO 14001 环境管理体系认证"],
        Honours: [],
        ProgrammeTitle: "2025年度松江区政府质量奖培育孵化计划",
        SubmittedAt: new DateTime(2025, 3, 1, 2, 30, 0, DateTimeKind.Utc),
        IsDemo: false);

    private static readonly string[] Labels =
    [
        "组织名称", "法定代表人", "组织地址", "电话/手机", "联系人", "所属部门", "电子邮件", "成立日期", "统一社会信用代码",
        "经济类型", "所属行业", "总资产", "上年度销售总额", "上年度纳税总额", "上年度净利润", "员工总数", "研发人员数",
        "所属镇、街道、开发区", "近两年有无重大质量、安全、环境、公共卫生、食品安全等事故",
        "近两年有无因组织责任导致的重大质量投诉、严重失信行为", "当年度有无违反法律法规的行为",
        "是否已建立关键绩效考核体系", "已获得的管理体系认证", "近三年获得的区级及以上荣誉",
    ];

    /// <summary>Builds the document and reads it back; the body is cloned so it outlives the package.</summary>
    private static Body BodyOf(AppendixAData data)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(AppendixADocument.Build(data)), false);
        return (Body)document.MainDocumentPart!.Document!.Body!.CloneNode(true);
    }

    private static List<string> Paragraphs(Body body) => body.Descendants<Paragraph>().Select(p => p.InnerText).ToList();

    /// <summary>The cells' texts of the table row whose first cell is <paramref name="label"/>.</summary>
    private static List<string> RowOf(Body body, string label) =>
        body.Descendants<TableRow>()
            .Select(r => r.Elements<TableCell>().Select(c => string.Join("\n", c.Elements<Paragraph>().Select(p => p.InnerText))).ToList())
            .Single(cells => cells[0] == label);

    [Fact]
    public void Document_has_the_title_every_appendix_label_and_the_organizations_values()
    {
        var body = BodyOf(Sample());
        var paragraphs = Paragraphs(body);

        Assert.Equal("松江区政府质量奖培育孵化项目申请书", paragraphs[0]);
        // label cells are the shaded ones, in bold
        var labelCells = body.Descendants<TableCell>().Where(c => c.TableCellProperties?.Shading?.Fill?.Value == "D9D9D9").ToList();
        Assert.All(Labels, label => Assert.Contains(label, labelCells.Select(c => c.InnerText)));
        Assert.Equal(2, labelCells.Count(c => c.InnerText == "电话/手机"));
        Assert.All(labelCells.SelectMany(c => c.Descendants<Run>()), r => Assert.NotNull(r.RunProperties?.Bold));
        Assert.Equal(["组织名称", "上海松江示例精密制造有限公司", "法定代表人", "张伟"], RowOf(body, "组织名称"));
        Assert.Equal(["成立日期", "2008-05-20", "统一社会信用代码", CreditCodeValue], RowOf(body, "成立日期"));
        Assert.Equal(["员工总数", "356", "研发人员数", "48"], RowOf(body, "员工总数"));
        Assert.Equal(["所属镇、街道、开发区", "松江经济技术开发区"], RowOf(body, "所属镇、街道、开发区"));
    }

    [Fact]
    public void Money_is_shown_in_wan_yuan_with_two_decimals_and_a_minus_sign_for_a_loss()
    {
        var body = BodyOf(Sample());

        Assert.Equal(["总资产", "1,234.56 万元", "上年度销售总额", "98,765.40 万元"], RowOf(body, "总资产"));
        Assert.Equal(["上年度纳税总额", "321.00 万元", "上年度净利润", "-12.50 万元"], RowOf(body, "上年度纳税总额"));
        Assert.Equal("", AppendixADocument.Money(null));
    }

    [Fact]
    public void Declarations_tick_the_chosen_box_and_leave_both_empty_when_unanswered()
    {
        var body = BodyOf(Sample());

        Assert.Equal("☑无　　☐有", RowOf(body, "近两年有无重大质量、安全、环境、公共卫生、食品安全等事故")[1]);
        Assert.Equal("☐无　　☑有", RowOf(body, "近两年有无因组织责任导致的重大质量投诉、严重失信行为")[1]);
        Assert.Equal("☐无　　☐有", RowOf(body, "当年度有无违反法律法规的行为")[1]);
        Assert.Equal("☑是　　☐否", RowOf(body, "是否已建立关键绩效考核体系")[1]);
    }

    [Fact]
    public void Lists_have_one_paragraph_per_item_and_none_when_empty()
    {
        var body = BodyOf(Sample());

        Assert.Equal("ISO 9001 质量管理体系认证\nISO 14001 环境管理体系认证", RowOf(body, "已获得的管理体系认证")[1]);
        Assert.Equal("无", RowOf(body, "近三年获得的区级及以上荣誉")[1]);
    }

    [Fact]
    public void Programme_line_shows_the_submission_in_china_time_or_not_submitted()
    {
        var submitted = BodyOf(Sample());
        var draft = BodyOf(Sample() with { SubmittedAt = null });

        Assert.StartsWith("培育计划：2025年度松江区政府质量奖培育孵化计划", Paragraphs(submitted)[1], StringComparison.Ordinal);
        Assert.EndsWith("提交时间：2025-03-01 10:30", Paragraphs(submitted)[1], StringComparison.Ordinal);
        Assert.EndsWith("提交时间：未提交", Paragraphs(draft)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_data_is_marked_under_the_title_only_for_demo_organizations()
    {
        var demo = BodyOf(Sample() with { IsDemo = true });
        var real = BodyOf(Sample());

        Assert.Equal("演示数据", Paragraphs(demo)[1]);
        Assert.DoesNotContain("演示数据", Paragraphs(real));
    }

    [Fact]
    public void Empty_values_are_left_blank()
    {
        var empty = Sample() with { LegalRepresentative = null, TotalAssets = null, EstablishedOn = null, EmployeeCount = null };
        var body = BodyOf(empty);

        Assert.Equal(["组织名称", "上海松江示例精密制造有限公司", "法定代表人", ""], RowOf(body, "组织名称"));
        Assert.Equal("", RowOf(body, "总资产")[1]);
        Assert.Equal("", RowOf(body, "成立日期")[1]);
        Assert.Equal("", RowOf(body, "员工总数")[1]);
    }

    [Fact]
    public void Page_is_a4_with_2_cm_margins_and_every_run_names_an_east_asian_font()
    {
        var body = BodyOf(Sample());

        var section = body.GetFirstChild<SectionProperties>()!;
        Assert.Equal(11906u, section.GetFirstChild<PageSize>()!.Width!.Value);
        Assert.Equal(16838u, section.GetFirstChild<PageSize>()!.Height!.Value);
        Assert.Equal(1134u, section.GetFirstChild<PageMargin>()!.Left!.Value);
        Assert.Equal(1134, section.GetFirstChild<PageMargin>()!.Top!.Value);
        var textRuns = body.Descendants<Run>().Where(r => r.InnerText.Length > 0).ToList();
        Assert.NotEmpty(textRuns);
        Assert.All(textRuns, r => Assert.False(string.IsNullOrEmpty(r.RunProperties?.RunFonts?.EastAsia?.Value), r.InnerText));
    }

    [Fact]
    public void Document_is_valid_open_xml()
    {
        foreach (var data in new[] { Sample(), Sample() with { IsDemo = true, SubmittedAt = null, Certifications = [], HasKpiSystem = null } })
        {
            using var document = WordprocessingDocument.Open(new MemoryStream(AppendixADocument.Build(data)), false);

            var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }
}
