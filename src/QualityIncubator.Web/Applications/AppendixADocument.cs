using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Applications;

/// <summary>
/// 《松江区政府质量奖培育孵化项目申请书》 (DB31117/Z 018-2022 Appendix A) as an A4 .docx:
/// title, programme and submission line, then the appendix's bordered table with its rows in the same order and pairing.
/// </summary>
public static class AppendixADocument
{
    public const string Title = "松江区政府质量奖培育孵化项目申请书";
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // SimSun is in every Chinese Word/WPS install; LibreOffice substitutes a CJK font (Noto CJK) for it.
    private const string Font = "SimSun";
    private const int BodySize = 21;   // half-points: 10.5 pt (五号)
    private const int TitleSize = 36;  // 18 pt (小二)
    private const string LabelFill = "D9D9D9";

    // A4 in twentieths of a point, 2 cm margins; the four grid columns fill the text width exactly.
    // Labels fit "统一社会信用代码" on one line; the first value column is the wider one, for the organization's name
    // and address (15 characters a line); the second still fits the 18-character credit code.
    private const int PageWidth = 11906, PageHeight = 16838, Margin = 1134;
    private const int TextWidth = PageWidth - 2 * Margin;
    private const int LabelWidth = 1950, WideValueWidth = 3400, NarrowValueWidth = TextWidth - 2 * LabelWidth - WideValueWidth;

    public static byte[] Build(AppendixAData data)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = Title;
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = DefaultStyles();

            var body = new Body();
            body.Append(Paragraph(JustificationValues.Center, spacingAfter: 120, TextRun(Title, bold: true, size: TitleSize)));
            if (data.IsDemo)
            {
                body.Append(Paragraph(JustificationValues.Center, spacingAfter: 120, TextRun("演示数据", bold: true, color: "C00000")));
            }
            body.Append(ProgrammeLine(data));
            body.Append(FormTable(data));
            body.Append(new SectionProperties(
                new PageSize { Width = PageWidth, Height = PageHeight, Orient = PageOrientationValues.Portrait },
                new PageMargin { Top = Margin, Bottom = Margin, Left = Margin, Right = Margin, Header = 567, Footer = 567, Gutter = 0 }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    /// <summary>"1,234.56 万元"; blank when unknown.</summary>
    public static string Money(decimal? value) =>
        value is null ? "" : value.Value.ToString("N2", CultureInfo.InvariantCulture) + " 万元";

    private static Table FormTable(AppendixAData d)
    {
        var table = new Table(
            new TableProperties(
                new TableWidth { Width = W(TextWidth), Type = TableWidthUnitValues.Dxa },
                // centred: otherwise the cell margin pushes the table's left border into the page margin
                new TableJustification { Val = TableRowAlignmentValues.Center },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4 },
                    new LeftBorder { Val = BorderValues.Single, Size = 4 },
                    new BottomBorder { Val = BorderValues.Single, Size = 4 },
                    new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
                // fixed layout: Word and LibreOffice keep the grid widths instead of sizing to content
                new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(
                new GridColumn { Width = W(LabelWidth) },
                new GridColumn { Width = W(WideValueWidth) },
                new GridColumn { Width = W(LabelWidth) },
                new GridColumn { Width = W(NarrowValueWidth) }));

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

    private static TableRow Row(params TableCell[] cells)
    {
        // rows never break across pages; at least 0.9 cm high so a printed form can be read or written on
        var row = new TableRow(new TableRowProperties(
            new CantSplit(),
            new TableRowHeight { Val = 510, HeightType = HeightRuleValues.AtLeast }));
        row.Append(cells);
        return row;
    }

    private static TableCell Cell(IEnumerable<string?> lines, int width, int span, bool label = false)
    {
        var properties = new TableCellProperties(new TableCellWidth { Width = W(width), Type = TableWidthUnitValues.Dxa });
        if (span > 1)
        {
            properties.Append(new GridSpan { Val = span });
        }
        if (label)
        {
            properties.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = LabelFill });
        }
        properties.Append(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center });

        var cell = new TableCell(properties);
        var justification = label ? JustificationValues.Center : JustificationValues.Left;
        foreach (var line in lines)
        {
            cell.Append(string.IsNullOrEmpty(line)
                ? Paragraph(justification, 0)
                : Paragraph(justification, 0, TextRun(line, bold: label)));
        }
        return cell;
    }

    private static Paragraph ProgrammeLine(AppendixAData d)
    {
        var submitted = d.SubmittedAt is null ? "未提交" : ChinaTime.DateTimeText(d.SubmittedAt);
        // the submission time sits at the right margin via a right-aligned tab stop
        var paragraph = Paragraph(JustificationValues.Left, spacingAfter: 120,
            TextRun($"培育计划：{d.ProgrammeTitle}"), new Run(new TabChar()), TextRun($"提交时间：{submitted}"));
        paragraph.ParagraphProperties!.PrependChild(new Tabs(new TabStop { Val = TabStopValues.Right, Position = TextWidth }));
        return paragraph;
    }

    private static Paragraph Paragraph(JustificationValues justification, int spacingAfter, params Run[] runs)
    {
        var paragraph = new Paragraph(new ParagraphProperties(
            new SpacingBetweenLines { Before = "0", After = W(spacingAfter) },
            new Justification { Val = justification }));
        paragraph.Append(runs);
        return paragraph;
    }

    private static Run TextRun(string text, bool bold = false, int size = BodySize, string? color = null)
    {
        // EastAsia must be set or Word picks its Latin font for Chinese characters
        var properties = new RunProperties(Fonts());
        if (bold)
        {
            properties.Append(new Bold(), new BoldComplexScript());
        }
        if (color is not null)
        {
            properties.Append(new Color { Val = color });
        }
        properties.Append(new FontSize { Val = W(size) }, new FontSizeComplexScript { Val = W(size) }, new Languages { EastAsia = "zh-CN" });
        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static RunFonts Fonts() =>
        new() { Ascii = Font, HighAnsi = Font, EastAsia = Font, ComplexScript = Font, Hint = FontTypeHintValues.EastAsia };

    /// <summary>Document defaults, so empty paragraphs (blank cells) have the body font and size too.</summary>
    private static Styles DefaultStyles() => new(new DocDefaults(
        new RunPropertiesDefault(new RunPropertiesBaseStyle(
            Fonts(),
            new FontSize { Val = W(BodySize) },
            new FontSizeComplexScript { Val = W(BodySize) },
            new Languages { Val = "zh-CN", EastAsia = "zh-CN" })),
        new ParagraphPropertiesDefault()));

    // "□无 □有" in the appendix: true means 有; null leaves both unticked
    private static string NoneOrSome(bool? has) => $"{Box(has == false)}无　　{Box(has == true)}有";

    private static string YesOrNo(bool? yes) => $"{Box(yes == true)}是　　{Box(yes == false)}否";

    private static string Box(bool ticked) => ticked ? "☑" : "☐";

    private static IEnumerable<string?> OrNone(IReadOnlyList<string> items) => items.Count == 0 ? ["无"] : items;

    private static string Count(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string W(int value) => value.ToString(CultureInfo.InvariantCulture);
}
