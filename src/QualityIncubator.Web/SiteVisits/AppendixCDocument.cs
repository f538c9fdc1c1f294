using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Web;
using static QualityIncubator.Web.Applications.WordForm;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>One line of 评审组签名: the signer's name and when they signed.</summary>
public sealed record AppendixCSignature(string Name, DateTime SignedAtUtc);

/// <summary>
/// 《松江区政府质量奖现场扶优意见汇总表》 (DB31117/Z 018-2022 Appendix C) as an A4 .docx, laid out as the appendix: the title,
/// then one bordered two-column table — 组织名称, 扶优时间, 扶优意见 (its four parts, each under its heading) and 评审组签名
/// with each signer's name and date.
/// </summary>
public static class AppendixCDocument
{
    public const string Title = "松江区政府质量奖现场扶优意见汇总表";

    private const int LabelWidth = 1600, ValueWidth = TextWidth - LabelWidth;
    private static readonly string[] Numerals = ["一", "二", "三", "四"];

    public static byte[] Build(string organizationName, DateTime visitStartsAtUtc, OpinionText text, IReadOnlyList<AppendixCSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signatures);
        var table = BorderedTable(LabelWidth, ValueWidth);
        table.Append(
            Row(Cell(["组织名称"], LabelWidth, 1, label: true), Cell([organizationName], ValueWidth, 1)),
            Row(Cell(["扶优时间"], LabelWidth, 1, label: true), Cell([ChinaTime.DateText(ChinaTime.DateOf(visitStartsAtUtc))], ValueWidth, 1)),
            Row(Cell(["扶　优", "意　见"], LabelWidth, 1, label: true), OpinionCell(text.Normalized())),
            Row(Cell(["评审组签名"], LabelWidth, 1, label: true),
                Cell(signatures.Count == 0 ? [""] : signatures.Select(s => $"{s.Name}　　日期：{ChinaTime.DateText(ChinaTime.DateOf(s.SignedAtUtc))}"), ValueWidth, 1)));
        OpenXmlElement[] content = [TitleParagraph(Title), table];
        return WordForm.Build(Title, content);
    }

    /// <summary>The four parts, each under a bold numbered heading, its lines as paragraphs.</summary>
    private static TableCell OpinionCell(OpinionText text)
    {
        var cell = Cell([], ValueWidth, 1);
        cell.RemoveAllChildren<Paragraph>();
        foreach (var (part, i) in OpinionRules.Parts.Select((p, i) => (p, i)))
        {
            cell.Append(Paragraph(JustificationValues.Left, 0, TextRun($"{Numerals[i]}、{OpinionRules.Label(part)}", bold: true)));
            foreach (var line in (text.Part(part) ?? "").Split('\n'))
            {
                cell.Append(line.Length == 0 ? Paragraph(JustificationValues.Left, 0) : Paragraph(JustificationValues.Left, 0, TextRun(line)));
            }
        }
        return cell;
    }
}
