using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace QualityIncubator.Web.Applications;

/// <summary>
/// The conventions shared by the appendix forms as .docx: A4 with 2 cm margins, SimSun (宋体) 五号 body with the
/// East Asian font named on every run, bold 小二 titles, bordered fixed-layout tables with shaded bold label cells, ☑/☐ boxes.
/// </summary>
internal static class WordForm
{
    // SimSun is in every Chinese Word/WPS install; LibreOffice substitutes a CJK font (Noto CJK) for it.
    private const string Font = "SimSun";
    public const int BodySize = 21;   // half-points: 10.5 pt (五号)
    public const int TitleSize = 36;  // 18 pt (小二)
    public const string LabelFill = "D9D9D9";

    // A4 in twentieths of a point, 2 cm margins.
    private const int PageWidth = 11906, PageHeight = 16838, Margin = 1134;
    public const int TextWidth = PageWidth - 2 * Margin;

    /// <summary>A document with the form's styles, <paramref name="content"/> as its body and an A4 portrait page.</summary>
    public static byte[] Build(string title, IEnumerable<OpenXmlElement> content)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = DefaultStyles();

            var body = new Body();
            body.Append(content);
            body.Append(new SectionProperties(
                new PageSize { Width = PageWidth, Height = PageHeight, Orient = PageOrientationValues.Portrait },
                new PageMargin { Top = Margin, Bottom = Margin, Left = Margin, Right = Margin, Header = 567, Footer = 567, Gutter = 0 }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    public static Paragraph TitleParagraph(string title) =>
        Paragraph(JustificationValues.Center, spacingAfter: 120, TextRun(title, bold: true, size: TitleSize));

    /// <summary>A bordered table filling the text width, with the given grid column widths.</summary>
    public static Table BorderedTable(params int[] columnWidths)
    {
        var grid = new TableGrid();
        grid.Append(columnWidths.Select(w => new GridColumn { Width = W(w) }));
        return new Table(
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
            grid);
    }

    public static TableRow Row(params TableCell[] cells)
    {
        // rows never break across pages; at least 0.9 cm high so a printed form can be read or written on
        var row = new TableRow(new TableRowProperties(
            new CantSplit(),
            new TableRowHeight { Val = 510, HeightType = HeightRuleValues.AtLeast }));
        row.Append(cells);
        return row;
    }

    /// <param name="merge">Restart on the first cell of a vertically merged block, Continue on the cells below it.</param>
    public static TableCell Cell(IEnumerable<string?> lines, int width, int span, bool label = false, MergedCellValues? merge = null)
    {
        var properties = new TableCellProperties(new TableCellWidth { Width = W(width), Type = TableWidthUnitValues.Dxa });
        if (span > 1)
        {
            properties.Append(new GridSpan { Val = span });
        }
        if (merge is not null)
        {
            properties.Append(new VerticalMerge { Val = merge.Value });
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
        if (!cell.Elements<Paragraph>().Any())
        {
            // a cell must end with a paragraph
            cell.Append(Paragraph(justification, 0));
        }
        return cell;
    }

    public static Paragraph Paragraph(JustificationValues justification, int spacingAfter, params Run[] runs)
    {
        var paragraph = new Paragraph(new ParagraphProperties(
            new SpacingBetweenLines { Before = "0", After = W(spacingAfter) },
            new Justification { Val = justification }));
        paragraph.Append(runs);
        return paragraph;
    }

    /// <summary>Two texts on one line, the second at the right margin via a right-aligned tab stop.</summary>
    public static Paragraph LeftRightLine(string left, string right)
    {
        var paragraph = Paragraph(JustificationValues.Left, spacingAfter: 120, TextRun(left), new Run(new TabChar()), TextRun(right));
        paragraph.ParagraphProperties!.PrependChild(new Tabs(new TabStop { Val = TabStopValues.Right, Position = TextWidth }));
        return paragraph;
    }

    public static Run TextRun(string text, bool bold = false, int size = BodySize, string? color = null)
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

    public static string Box(bool ticked) => ticked ? "☑" : "☐";

    public static string W(int value) => value.ToString(CultureInfo.InvariantCulture);
}
