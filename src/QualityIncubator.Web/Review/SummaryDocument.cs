using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Pool;
using static QualityIncubator.Web.Applications.WordForm;

namespace QualityIncubator.Web.Review;

/// <summary>The programme summary of 5.1.2 as an A4 .docx: every stage's figures, the organizations' paths and outcomes, the Office's evaluation and suggestions.</summary>
public static class SummaryDocument
{
    public const string Title = "松江区政府质量奖培育孵化工作总结";

    public static byte[] Build(SummaryFacts facts, ProgrammeSummary? summary)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var content = new List<OpenXmlElement>
        {
            TitleParagraph(Title),
            LeftRightLine($"培育计划：{facts.ProgrammeTitle}", $"年度：{facts.Year.ToString(CultureInfo.InvariantCulture)}"),
            Text(summary is { Status: SummaryStatus.Approved, ApprovedAt: { } approvedAt }
                ? $"状态：区评审办 {summary.ApprovedBy} 于 {ChinaTime.DateTimeText(approvedAt)} 审核通过（数据截至 {ChinaTime.DateTimeText(facts.DraftedAt)}）"
                : $"状态：{SummaryRules.StatusLabel(summary?.Status)}（数据截至 {ChinaTime.DateTimeText(facts.DraftedAt)}，审核通过前以最新数据为准）"),
            Heading("一、培育孵化各阶段工作的整体情况（5.1.2）"),
        };
        foreach (var stage in facts.Stages)
        {
            content.Add(Heading(stage.Heading));
            content.Add(Table([TextWidth * 2 / 3, TextWidth - TextWidth * 2 / 3], ["项目", "情况"], stage.Items.Select(i => new[] { i.Label, i.Text })));
        }
        content.Add(Heading("各环节组织数"));
        var applicants = facts.Funnel.Count == 0 ? 0 : facts.Funnel[0].Count;
        content.Add(Table([TextWidth / 2, TextWidth / 6, TextWidth / 6, TextWidth - TextWidth / 2 - 2 * (TextWidth / 6)], ["环节", "条款", "组织数", "占申报组织"],
            facts.Funnel.Select(f => new[] { f.Label, f.Clause, Count(f.Count), SummaryDraft.Format(SummaryDraft.Ratio(f.Count, applicants), "%") })));
        content.Add(Heading("课程场次出勤情况"));
        if (facts.Sessions.Count == 0)
        {
            content.Add(Text("未安排课程场次。"));
        }
        else
        {
            var w = TextWidth / 8;
            content.Add(Table([3 * w, w, w + w / 2, w, w, TextWidth - 7 * w - w / 2], ["课程", "类别", "时间", "应到组织", "实到组织", "出勤率"],
                facts.Sessions.Select(s => new[] { s.Course, SessionKind(s), ChinaTime.DateTimeText(s.StartsAt), Count(s.Expected), s.Held ? Count(s.Attended) : "未举行",
                    SummaryDraft.Format(s.Rate, "%") })));
        }
        content.Add(Heading("退出培育孵化库（4.4.4.3）"));
        if (facts.Exits.Count == 0)
        {
            content.Add(Text("无组织退出培育孵化库。"));
        }
        else
        {
            var w = TextWidth / 6;
            content.Add(Table([w + w / 2, w + w / 2, w, TextWidth - 4 * w], ["组织", "退出情形", "日期", "原因"],
                facts.Exits.Select(e => new[] { e.Organization, e.Ground is { } g ? ExitRule.Label(g) : "", ChinaTime.DateText(ChinaTime.DateOf(e.ExitedAt)), e.Reason ?? "" })));
        }

        content.Add(Heading("二、培育孵化组织的培育孵化情况（5.1.2）"));
        content.Add(Table([TextWidth * 2 / 3, TextWidth - TextWidth * 2 / 3], ["结果", "组织数"], facts.Outcomes.Select(o => new[] { o.Label, Count(o.Count) })));
        var organizations = facts.Organizations ?? [];
        if (organizations.Count == 0)
        {
            content.Add(Text("尚无申报组织。"));
        }
        else
        {
            var w = TextWidth / 10;
            content.Add(Table([2 * w, 4 * w, 2 * w, w, TextWidth - 9 * w], ["组织", "培育孵化路径", "结果", "摸底评分", "再次评分"],
                organizations.Select(o => new[]
                {
                    o.Name, SummaryDraft.PathText(o.Path), SummaryDraft.OutcomeLabel(o.Outcome) + (o.ClosingReason is { } r ? $"（{r}）" : ""),
                    Points(o.BaselineTotal), Points(o.RescoreTotal),
                })));
        }

        content.Add(Heading("三、培育孵化工作程序的总结和评估（5.1.1、5.1.3）"));
        var texts = SummaryTexts.Of(summary);
        foreach (var f in SummaryRules.Fields.Where(f => f.Name != nameof(SummaryTexts.ImprovementSuggestions)))
        {
            content.Add(Heading($"{f.Label}（{f.Clause}）"));
            content.AddRange(Lines(texts[f.Name]));
        }
        content.Add(Heading("四、培育孵化工作的完善和改进建议（5.1.2）"));
        content.AddRange(Lines(texts.ImprovementSuggestions));
        return WordForm.Build(Title, content);
    }

    private static string SessionKind(SessionFacts s) => (s.Stage, s.Kind) switch
    {
        (CourseStage.Awareness, _) => "普及培育",
        (_, CourseKind.Mandatory) => "必修课程",
        _ => "辅助课程",
    };

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Points(decimal? points) => points?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—";

    private static Table Table(int[] widths, string[] headers, IEnumerable<string[]> rows)
    {
        var table = BorderedTable(widths);
        table.Append(Row([.. headers.Select((h, i) => Cell([h], widths[i], 1, label: true))]));
        foreach (var row in rows)
        {
            table.Append(Row([.. row.Select((v, i) => Cell([v], widths[i], 1))]));
        }
        return table;
    }

    private static Paragraph Heading(string text) => Paragraph(JustificationValues.Left, 120, TextRun(text, bold: true));

    private static Paragraph Text(string text) => Paragraph(JustificationValues.Left, 60, TextRun(text));

    private static IEnumerable<Paragraph> Lines(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [Text("（未填写）")] : text.Split('\n').Select(l => Text(l.TrimEnd('\r')));
}
