using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Tests.Rules;

/// <summary>5.1.2 the summary as Word: read back with the library that wrote it.</summary>
public sealed class SummaryDocumentTests
{
    public const string ProgrammeTitle = "2026年度松江区政府质量奖培育孵化计划";

    /// <summary>A small programme's facts: two organizations (one completed, one exited), one held session, one exit.</summary>
    public static SummaryFacts SampleFacts()
    {
        var t0 = new DateTime(2026, 3, 1, 1, 0, 0, DateTimeKind.Utc);
        var now = new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
        var cases = new CaseCounts(2, new Dictionary<CaseState, int> { [CaseState.Completed] = 1, [CaseState.Exited] = 1 },
            new Dictionary<CaseState, int>
            {
                [CaseState.Applied] = 2, [CaseState.Eligible] = 2, [CaseState.Awareness] = 2, [CaseState.Continuing] = 2, [CaseState.SelfEvaluated] = 2,
                [CaseState.Reviewed] = 2, [CaseState.Analysed] = 2, [CaseState.InPool] = 2, [CaseState.Theory] = 2, [CaseState.SiteVisited] = 1,
                [CaseState.Showcased] = 1, [CaseState.Completed] = 1, [CaseState.Exited] = 1,
            },
            new Dictionary<CaseState, int>());
        var data = new SummaryData(Guid.NewGuid(), ProgrammeTitle, 2026, now, cases, new ExpertCounts(2, 3, 2, 5, 0), new CourseCounts(3, 2, 4, 2, 3, 2),
            [new("GB/T 19580条款解析", CourseStage.Theory, CourseKind.Mandatory, t0.AddDays(150), t0.AddDays(150).AddHours(3), 2, 1)], [], [],
            new AssessmentCounts(2, 6, 2, 2, 2, 2, 1, 1), new PoolCounts(2, 1),
            [new("松江示例食品有限公司", ExitGround.MajorIncident, "发生较大生产安全事故", t0.AddDays(200))],
            new VisitCounts(1, 0, 1, 1, 1, 1, 1, 1), new ShowcaseCounts(1, 1, 1, 1, 1, 1, 1, 1, 4), [new(300m, 420m)]);
        TimelineEntry E(CaseState s, int day) => new(s, t0.AddDays(day));
        return SummaryDraft.Build(data,
        [
            new(Guid.NewGuid(), "上海松江示例精密制造有限公司", CaseState.Completed, null,
                [E(CaseState.Applied, 0), E(CaseState.Eligible, 10), E(CaseState.InPool, 100), E(CaseState.Showcased, 250), E(CaseState.Completed, 260)], 300m, 420m),
            new(Guid.NewGuid(), "松江示例食品有限公司", CaseState.Exited, "发生较大生产安全事故",
                [E(CaseState.Applied, 0), E(CaseState.Eligible, 10), E(CaseState.InPool, 100), E(CaseState.Exited, 200)], 250m, null),
        ]);
    }

    public static ProgrammeSummary SampleSummary() => new()
    {
        OverallEvaluation = "整体程序按标准依次开展", CourseSetupEvaluation = "课程设置合理", SiteVisitEvaluation = "现场扶优安排得当",
        ShowcaseEvaluation = "成果展示与标杆学习结合", FormsEvaluation = "前期自评表题目偏多\n建议精简", ImprovementSuggestions = "增加行业分组辅导",
        Status = SummaryStatus.Approved, ApprovedAt = new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc), ApprovedBy = "区评审办管理员",
    };

    private static WordprocessingDocument Open(SummaryFacts facts, ProgrammeSummary? summary) =>
        WordprocessingDocument.Open(new MemoryStream(SummaryDocument.Build(facts, summary)), false);

    [Fact]
    public void The_document_holds_every_stage_the_organizations_and_the_offices_texts()
    {
        using var document = Open(SampleFacts(), SampleSummary());
        var body = document.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();

        Assert.Equal(SummaryDocument.Title, paragraphs[0]);
        Assert.Contains(paragraphs, p => p.StartsWith("状态：区评审办 区评审办管理员 于 2026-12-01 11:00 审核通过", StringComparison.Ordinal));
        foreach (var heading in new[] { "4.1 组织发动", "4.2 专家遴选", "4.3 普及培育", "4.4 摸底评估", "4.5 理论指导", "4.6 现场扶优", "4.7 孵化成果展示及交流",
            "三、培育孵化工作程序的总结和评估（5.1.1、5.1.3）", "相关表单设计（5.3.1）", "四、培育孵化工作的完善和改进建议（5.1.2）" })
        {
            Assert.Contains(heading, paragraphs);
        }
        // multi-line texts keep their lines
        Assert.Contains("前期自评表题目偏多", paragraphs);
        Assert.Contains("建议精简", paragraphs);

        var rows = body.Descendants<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Contains(rows, r => r.SequenceEqual(["入选培育孵化库", "2 家"]));
        Assert.Contains(rows, r => r.SequenceEqual(["理论指导课程出勤率（按场次合计）", "50.0%"]));
        Assert.Contains(rows, r => r.SequenceEqual(["完成现场扶优", "4.6", "1", "50.0%"]));
        Assert.Contains(rows, r => r[0] == "松江示例食品有限公司" && r[1] == "已申报 → 符合申报条件 → 入选培育孵化库 → 已退出培育孵化库"
            && r[2] == "退出培育孵化库（发生较大生产安全事故）" && r[3] == "250.0" && r[4] == "—");
        Assert.Contains(rows, r => r[0] == "GB/T 19580条款解析" && r[1] == "必修课程" && r[3] == "2" && r[4] == "1" && r[5] == "50.0%");
        Assert.Contains(rows, r => r[0] == "松江示例食品有限公司" && r[1] == ExitRule.Label(ExitGround.MajorIncident));

        // every row has the cells of its grid, and the grid fills the text width
        foreach (var table in body.Elements<Table>())
        {
            var grid = table.GetFirstChild<TableGrid>()!.Elements<GridColumn>().Select(g => int.Parse(g.Width!.Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(11906 - 2 * 1134, grid.Sum());
            Assert.All(table.Elements<TableRow>(), r => Assert.Equal(grid.Count, r.Elements<TableCell>().Count()));
        }
    }

    [Fact]
    public void A_draft_says_so_and_unwritten_texts_are_marked()
    {
        using var document = Open(SampleFacts(), null);
        var paragraphs = document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Contains(paragraphs, p => p.StartsWith("状态：未开始（数据截至 2026-12-01 10:00", StringComparison.Ordinal));
        Assert.Equal(6, paragraphs.Count(p => p == "（未填写）"));
    }

    [Fact]
    public void The_document_is_valid_open_xml()
    {
        using var document = Open(SampleFacts(), SampleSummary());
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
