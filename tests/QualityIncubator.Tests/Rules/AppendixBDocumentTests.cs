using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using QualityIncubator.Web.Assessment;

namespace QualityIncubator.Tests.Rules;

public sealed class AppendixBDocumentTests
{
    public const string OrganizationName = "上海松江示例精密制造有限公司";

    public static Dictionary<string, string?> SampleAnswers() => new()
    {
        ["B-01"] = OrganizationName,
        ["B-02"] = "李娜",
        ["B-03"] = "质量管理部",
        ["B-04"] = "13800138000",
        ["B-05"] = "lina@example.com",
        ["B-06"] = "MEDIUM",
        ["B-07"] = "MANUFACTURING",
        ["B-08"] = AppendixB.Yes,
        ["B-09"] = AppendixB.No,
        ["B-12"] = "CERTIFIED",
        ["B-21"] = "ABOVE_AVERAGE",
        ["B-32"] = "DIGITAL,QC,OTHER",
        ["B-33"] = "供应链质量管理",
        ["B-34"] = "希望安排现场扶优专家\n结合行业特点授课",
        // B-10, B-11 and the rest are left unanswered
    };

    private static readonly DateTime Submitted = new(2025, 3, 1, 2, 30, 0, DateTimeKind.Utc);

    private static Body BodyOf(IReadOnlyDictionary<string, string?> answers, DateTime? submitted = null)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(AppendixBDocument.Build(OrganizationName, submitted ?? Submitted, answers)), false);
        return (Body)document.MainDocumentPart!.Document!.Body!.CloneNode(true);
    }

    private static List<string> Paragraphs(Body body) => body.Descendants<Paragraph>().Select(p => p.InnerText).ToList();

    private static List<List<string>> Rows(Body body) =>
        body.Descendants<TableRow>()
            .Select(r => r.Elements<TableCell>().Select(c => string.Join("\n", c.Elements<Paragraph>().Select(p => p.InnerText))).ToList())
            .ToList();

    /// <summary>The cells' texts of the row that has a cell <paramref name="text"/> (a label or a question).</summary>
    private static List<string> RowWith(Body body, string text) => Rows(body).Single(cells => cells.Contains(text));

    [Fact]
    public void Title_organization_and_submission_line_come_first()
    {
        var paragraphs = Paragraphs(BodyOf(SampleAnswers()));

        Assert.Equal("松江区政府质量奖培育孵化前期自评表", paragraphs[0]);
        Assert.StartsWith($"组织：{OrganizationName}", paragraphs[1], StringComparison.Ordinal);
        Assert.EndsWith("提交时间：2025-03-01 10:30", paragraphs[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Header_rows_pair_the_labels_as_the_appendix_does()
    {
        var body = BodyOf(SampleAnswers());

        Assert.Equal(["组织名称", OrganizationName], RowWith(body, "组织名称"));
        Assert.Equal(["联系人", "李娜", "所在部门", "质量管理部"], RowWith(body, "联系人"));
        Assert.Equal(["联系电话", "13800138000", "电子邮箱", "lina@example.com"], RowWith(body, "联系电话"));
        Assert.Equal(["组织规模", "☐大型　　☑中型　　☐小型　　☐微型"], RowWith(body, "组织规模"));
        Assert.Equal(["行业类别", "☑制造业　　☐服务业"], RowWith(body, "行业类别"));
    }

    [Fact]
    public void Questions_show_the_chosen_option_ticked_and_the_others_empty()
    {
        var body = BodyOf(SampleAnswers());

        Assert.Equal(["战略制定与实施", "是否确立使命、愿景和价值观", "☑是　　☐否"], RowWith(body, "是否确立使命、愿景和价值观"));
        Assert.Equal(["", "是否制定发展战略规划", "☐是　　☑否"], RowWith(body, "是否制定发展战略规划"));
        Assert.Equal("☐未建立\n☐已建立，未认证注册\n☑已获认证注册", RowWith(body, "是否建立相关的质量体系")[2]);
        Assert.Equal("☐行业平均水平\n☑高于行业平均水平\n☐行业领先，国际先进", RowWith(body, "所提供的产品或服务的关键质量指标水平")[2]);
    }

    [Fact]
    public void Unanswered_questions_have_every_box_empty()
    {
        var body = BodyOf(SampleAnswers());
        var empty = BodyOf(new Dictionary<string, string?>());

        Assert.Equal("☐是　　☐否", RowWith(body, "是否设立专门的质量管理部门")[2]);
        Assert.Equal("☐国际标准\n☐国家标准\n☐行业标准\n☐企业标准", RowWith(body, "组织执行的标准")[2]);
        Assert.DoesNotContain('☑', empty.InnerText);
        // an empty form still names the organization it was printed for
        Assert.Equal(["组织名称", OrganizationName], RowWith(empty, "组织名称"));
    }

    [Fact]
    public void Every_group_is_a_block_whose_first_cell_is_merged_down_its_rows()
    {
        var body = BodyOf(SampleAnswers());
        var rows = body.Descendants<TableRow>().ToList();

        foreach (var group in AppendixB.Groups)
        {
            var questions = AppendixB.Questions.Where(q => q.Group == group).Select(q => q.Text).ToList();
            var block = rows.Where(r => questions.Contains(r.Elements<TableCell>().ElementAt(1).InnerText)).ToList();
            Assert.Equal(questions.Count, block.Count);
            var merges = block.Select(r => r.Elements<TableCell>().First().TableCellProperties!.VerticalMerge!.Val?.Value).ToList();
            Assert.Equal(MergedCellValues.Restart, merges[0]);
            Assert.All(merges.Skip(1), m => Assert.True(m is null || m == MergedCellValues.Continue));
            Assert.Equal(group, block[0].Elements<TableCell>().First().InnerText);
        }
    }

    [Fact]
    public void Course_needs_tick_at_most_three_and_print_the_other_text()
    {
        var body = BodyOf(SampleAnswers());
        var tooMany = SampleAnswers();
        tooMany["B-32"] = "LEAN,5S,SIXSIGMA,KEYPRODUCT";
        tooMany.Remove("B-33");

        Assert.Equal(
            ["专项课程培育需求（最多选3项）", "☑数字化转型管理☐精益管理\n☐六西格玛专题课程☐5S现场管理\n☑QC小组专题课程☐重点产品质量攻关\n☑其他：供应链质量管理"],
            RowWith(body, "专项课程培育需求（最多选3项）"));
        var ticked = RowWith(BodyOf(tooMany), "专项课程培育需求（最多选3项）")[1];
        Assert.Equal(3, ticked.Count(c => c == '☑'));
        Assert.Contains("☐其他：", ticked, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_needs_and_suggestions_keep_their_lines()
    {
        var body = BodyOf(SampleAnswers());

        Assert.Equal(["其他需求和建议", "希望安排现场扶优专家\n结合行业特点授课"], RowWith(body, "其他需求和建议"));
    }

    [Fact]
    public void Not_submitted_is_said_so()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(AppendixBDocument.Build(OrganizationName, null, SampleAnswers())), false);

        Assert.EndsWith("提交时间：未提交", document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().ElementAt(1).InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_is_a4_and_every_run_names_an_east_asian_font()
    {
        var body = BodyOf(SampleAnswers());

        var section = body.GetFirstChild<SectionProperties>()!;
        Assert.Equal(11906u, section.GetFirstChild<PageSize>()!.Width!.Value);
        Assert.Equal(16838u, section.GetFirstChild<PageSize>()!.Height!.Value);
        Assert.Equal(1134u, section.GetFirstChild<PageMargin>()!.Left!.Value);
        var textRuns = body.Descendants<Run>().Where(r => r.InnerText.Length > 0).ToList();
        Assert.All(textRuns, r => Assert.Equal("SimSun", r.RunProperties?.RunFonts?.EastAsia?.Value));
        Assert.Single(body.Descendants<Table>());
    }

    [Fact]
    public void Document_is_valid_open_xml()
    {
        foreach (var answers in new[] { SampleAnswers(), new Dictionary<string, string?>() })
        {
            using var document = WordprocessingDocument.Open(new MemoryStream(AppendixBDocument.Build(OrganizationName, Submitted, answers)), false);

            var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }
}
