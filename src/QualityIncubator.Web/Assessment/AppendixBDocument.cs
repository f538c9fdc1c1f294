using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Web;
using static QualityIncubator.Web.Applications.WordForm;

namespace QualityIncubator.Web.Assessment;

/// <summary>
/// 《松江区政府质量奖培育孵化前期自评表》 (DB31117/Z 018-2022 Appendix B) as an A4 .docx, laid out as the appendix:
/// title, organization and submission line, then one bordered table — the header rows (组织名称 … 行业类别), a block of rows
/// per group with the group's name in a first column merged down its rows, the question, and its options as ☑/☐,
/// then 专项课程培育需求 (at most three ticked, 其他 with its text) and 其他需求和建议.
/// </summary>
public static class AppendixBDocument
{
    // Four grid columns fill the A4 text width: label/group | question (or value) | second label | options (or value).
    // The group column fits four characters a line (the appendix breaks 战略制定/与实施 the same way);
    // a question spans the middle two; the options column fits "☐高于行业平均水平" on one line.
    private const int LabelWidth = 1600, ValueWidth = 3400, OptionsWidth = TextWidth - 2 * LabelWidth - ValueWidth;
    private const int QuestionWidth = ValueWidth + LabelWidth, RestWidth = TextWidth - LabelWidth;

    private const string Gap = "　　";

    public static byte[] Build(string organizationName, DateTime? submittedAtUtc, IReadOnlyDictionary<string, string?> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var submitted = submittedAtUtc is null ? "未提交" : ChinaTime.DateTimeText(submittedAtUtc);
        OpenXmlElement[] content =
        [
            TitleParagraph(AppendixB.Title),
            LeftRightLine($"组织：{organizationName}", $"提交时间：{submitted}"),
            FormTable(organizationName, answers),
        ];
        return WordForm.Build(AppendixB.Title, content);
    }

    private static Table FormTable(string organizationName, IReadOnlyDictionary<string, string?> answers)
    {
        string? Answer(string code) => answers.TryGetValue(code, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var table = BorderedTable(LabelWidth, ValueWidth, LabelWidth, OptionsWidth);

        // the header rows, paired as the appendix pairs them
        table.Append(
            Wide("组织名称", [Answer("B-01") ?? organizationName]),
            Row(Cell(["联系人"], LabelWidth, 1, label: true), Cell([Answer("B-02")], ValueWidth, 1),
                Cell(["所在部门"], LabelWidth, 1, label: true), Cell([Answer("B-03")], OptionsWidth, 1)),
            Row(Cell(["联系电话"], LabelWidth, 1, label: true), Cell([Answer("B-04")], ValueWidth, 1),
                Cell(["电子邮箱"], LabelWidth, 1, label: true), Cell([Answer("B-05")], OptionsWidth, 1)));
        foreach (var code in new[] { "B-06", "B-07" })
        {
            var question = AppendixB.Find(code)!;
            table.Append(Wide(question.Text, [string.Join(Gap, question.Options.Select(o => Option(o, Answer(code))))]));
        }

        // a block of rows per group: the group's cell restarts a vertical merge, the rows below continue it
        foreach (var group in AppendixB.Groups)
        {
            var first = true;
            foreach (var question in AppendixB.Questions.Where(q => q.Group == group))
            {
                var value = Answer(question.Code);
                IEnumerable<string> options = question.Kind == AnswerKind.YesNo
                    ? [string.Join(Gap, question.Options.Select(o => Option(o, value)))]
                    : question.Options.Select(o => Option(o, value));
                table.Append(Row(
                    Cell(first ? [group] : [], LabelWidth, 1, label: true, merge: first ? MergedCellValues.Restart : MergedCellValues.Continue),
                    Cell([question.Text], QuestionWidth, 2),
                    Cell(options, OptionsWidth, 1)));
                first = false;
            }
        }

        table.Append(CourseNeeds(AppendixB.SplitChoices(Answer(AppendixB.CourseNeedsCode)), Answer(AppendixB.CourseNeedsOtherCode)));
        var suggestions = AppendixB.Find("B-34")!;
        table.Append(Wide(suggestions.Text, (Answer(suggestions.Code) ?? "").Split('\n').Select(l => l.TrimEnd('\r'))));
        return table;
    }

    /// <summary>The course topics two to a line, as printed; only the first three chosen are ticked (最多选3项); 其他 on its own line with its text.</summary>
    private static TableRow CourseNeeds(IReadOnlyList<string> chosen, string? otherText)
    {
        var question = AppendixB.Find(AppendixB.CourseNeedsCode)!;
        var ticked = chosen.Take(AppendixB.MaxCourseNeeds).ToHashSet(StringComparer.Ordinal);
        string Topic(AnswerOption o) => Box(ticked.Contains(o.Code)) + o.Label;

        var topics = question.Options.Where(o => o.Code != AppendixB.OtherCourseTopic).ToList();
        var other = question.Options.Single(o => o.Code == AppendixB.OtherCourseTopic);
        var cell = Cell([], RestWidth, 3);
        cell.RemoveAllChildren<Paragraph>();
        for (var i = 0; i < topics.Count; i += 2)
        {
            var line = Paragraph(JustificationValues.Left, 0, TextRun(Topic(topics[i])));
            if (i + 1 < topics.Count)
            {
                // the second topic of a line at a tab stop halfway across the cell, so the two columns line up
                line.Append(new Run(new TabChar()), TextRun(Topic(topics[i + 1])));
                line.ParagraphProperties!.PrependChild(new Tabs(new TabStop { Val = TabStopValues.Left, Position = RestWidth / 2 }));
            }
            cell.Append(line);
        }
        cell.Append(Paragraph(JustificationValues.Left, 0, TextRun($"{Topic(other)}：{otherText}")));
        return Row(Cell([question.Text], LabelWidth, 1, label: true), cell);
    }

    private static TableRow Wide(string label, IEnumerable<string?> lines) =>
        Row(Cell([label], LabelWidth, 1, label: true), Cell(lines, RestWidth, 3));

    /// <summary>"☑是" for the chosen option, "☐否" for the others; an unanswered question has every box empty.</summary>
    private static string Option(AnswerOption option, string? answer) => Box(option.Code == answer) + option.Label;
}
