using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Web;
using static QualityIncubator.Web.Applications.WordForm;

namespace QualityIncubator.Web.Showcase;

/// <summary>The before/after page of 4.7.2 as an A4 .docx: Appendix B changes, the GB/T 19580 category comparison, the site-visit improvements and the organization's account.</summary>
public static class ShowcaseDocument
{
    public const string Title = "培育孵化成果展示（前后比对）";

    public static byte[] Build(BeforeAfter data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var quarter = TextWidth / 4;
        var content = new List<OpenXmlElement>
        {
            TitleParagraph(Title),
            LeftRightLine($"组织：{data.OrganizationName}", $"培育计划：{data.ProgrammeTitle}"),
            Heading("一、前期自评表（附录B）前后变化"),
        };
        if (data.Changes.Count == 0)
        {
            content.Add(Text("无变化或尚未提交最终自评表。"));
        }
        else
        {
            var changes = BorderedTable(2 * quarter, quarter, TextWidth - 3 * quarter);
            changes.Append(Row(Cell(["项目"], 2 * quarter, 1, label: true), Cell(["摸底评估时"], quarter, 1, label: true), Cell(["最终"], TextWidth - 3 * quarter, 1, label: true)));
            foreach (var c in data.Changes)
            {
                changes.Append(Row(Cell([c.Question.Text], 2 * quarter, 1), Cell([c.Baseline], quarter, 1), Cell([c.Final], TextWidth - 3 * quarter, 1)));
            }
            content.Add(changes);
        }
        content.Add(Heading("二、GB/T 19580 各类目得分比对"));
        var scores = BorderedTable(quarter, quarter, quarter, TextWidth - 3 * quarter);
        scores.Append(Row(Cell(["类目（满分）"], quarter, 1, label: true), Cell(["摸底评估"], quarter, 1, label: true), Cell(["再次评分"], quarter, 1, label: true),
            Cell(["变化"], TextWidth - 3 * quarter, 1, label: true)));
        foreach (var r in data.Comparison.Categories)
        {
            scores.Append(Row(Cell([$"{r.Category.Code} {r.Category.Name}（{r.Category.Points}）"], quarter, 1), Cell([ShowcaseRules.Points(r.Baseline)], quarter, 1),
                Cell([ShowcaseRules.Points(r.Rescore)], quarter, 1), Cell([ShowcaseRules.WithSign(r.Difference)], TextWidth - 3 * quarter, 1)));
        }
        scores.Append(Row(Cell(["总分（1000）"], quarter, 1, label: true), Cell([ShowcaseRules.Points(data.Comparison.BaselineTotal)], quarter, 1),
            Cell([ShowcaseRules.Points(data.Comparison.RescoreTotal)], quarter, 1), Cell([ShowcaseRules.WithSign(data.Comparison.Difference)], TextWidth - 3 * quarter, 1)));
        content.Add(scores);
        content.Add(Heading("三、现场扶优改进意见"));
        content.AddRange(Lines(data.SiteVisitImprovements));
        content.Add(Heading("四、培育孵化成果介绍"));
        content.AddRange(Lines(data.Profile?.Narrative));
        content.Add(Heading("五、提炼的管理模式"));
        content.AddRange(Lines(data.Profile?.ManagementModel));
        content.Add(Heading("六、针对改进意见采取的措施"));
        content.AddRange(Lines(data.Profile?.ImprovementActions));
        if (data.Profile?.ApprovedAt is { } approved)
        {
            content.Add(Text($"区评审办审核通过：{ChinaTime.DateTimeText(approved)}"));
        }
        return WordForm.Build(Title, content);
    }

    private static Paragraph Heading(string text) => Paragraph(JustificationValues.Left, 120, TextRun(text, bold: true));

    private static Paragraph Text(string text) => Paragraph(JustificationValues.Left, 60, TextRun(text));

    private static IEnumerable<Paragraph> Lines(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [Text("（未填写）")] : text.Split('\n').Select(l => Text(l.TrimEnd('\r')));
}
