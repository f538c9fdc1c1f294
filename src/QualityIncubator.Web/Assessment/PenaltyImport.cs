using System.Globalization;
using System.Text;
using MiniExcelLibs;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Assessment;

/// <summary>One data row of a penalty import, numbered as the file shows it (the header is row 1).</summary>
public sealed record PenaltyImportRow(int Row, string? CreditCode, PenaltyFields Fields);

/// <summary>What became of one row, with the reasons in Chinese.</summary>
public sealed record PenaltyImportResult(PenaltyImportRow Row, PenaltyRowDecision Decision)
{
    public string OutcomeLabel => PenaltyImport.Label(Decision.Outcome);

    public string Message => string.Join("；", Decision.Errors.Select(e => $"{PenaltyImport.ColumnOf(e.Field)}：{e.Message}"));
}

/// <summary>The report of one import: every row's outcome, or a file-level refusal (nothing saved).</summary>
public sealed record PenaltyImportReport(IReadOnlyList<PenaltyImportResult> Rows, string? Error)
{
    public int Count(PenaltyRowOutcome outcome) => Error is null ? Rows.Count(r => r.Decision.Outcome == outcome) : 0;
}

/// <summary>
/// Administrative penalties (4.4.3.2) from the market-supervision system's export, as .xlsx or .csv (UTF-8 with or without BOM, or GB18030/GBK).
/// Pure apart from reading the file; matching and saving are <see cref="QualityWork.ImportAsync"/>'s.
/// </summary>
public static class PenaltyImport
{
    public const string CreditCodeColumn = "统一社会信用代码";
    public const string DecidedOnColumn = "处罚决定日期";
    public const string AuthorityColumn = "处罚机关";
    public const string DecisionNumberColumn = "处罚决定书文号";
    public const string CategoryColumn = "处罚类别";
    public const string AmountColumn = "罚没金额（元）";
    public const string SummaryColumn = "违法事实摘要";

    public static readonly string[] Columns = [CreditCodeColumn, DecidedOnColumn, AuthorityColumn, DecisionNumberColumn, CategoryColumn, AmountColumn, SummaryColumn];

    private const string TemplateName = "行政处罚导入模板";

    public static string Label(PenaltyRowOutcome outcome) => outcome switch
    {
        PenaltyRowOutcome.Saved => "已导入",
        PenaltyRowOutcome.Invalid => "有误未导入",
        PenaltyRowOutcome.Unmatched => "信用代码未匹配",
        PenaltyRowOutcome.Duplicate => "重复未导入",
    };

    public static string ColumnOf(string field) => field switch
    {
        PenaltyRules.Fields.CreditCode => CreditCodeColumn,
        PenaltyRules.Fields.DecidedOn => DecidedOnColumn,
        PenaltyRules.Fields.Authority => AuthorityColumn,
        PenaltyRules.Fields.DecisionNumber => DecisionNumberColumn,
        PenaltyRules.Fields.Category => CategoryColumn,
        PenaltyRules.Fields.Amount => AmountColumn,
        PenaltyRules.Fields.Summary => SummaryColumn,
        _ => field,
    };

    /// <summary>The template: the header row on the first sheet, and how to fill it on the second.</summary>
    public static byte[] Template()
    {
        var header = Columns.ToDictionary(c => c, _ => (object?)null);
        var help = new List<Dictionary<string, object>>
        {
            Help(CreditCodeColumn, "18位，须为本计划摸底评估中的组织；大小写和空格不影响匹配"),
            Help(DecidedOnColumn, "写作 2025-06-01；须在近两年内且不晚于今天（4.4.3.2）"),
            Help(AuthorityColumn, "必填，如 上海市松江区市场监督管理局"),
            Help(DecisionNumberColumn, "必填；同一组织的文号不能重复"),
            Help(CategoryColumn, "必填，如 警告、罚款、没收违法所得"),
            Help(AmountColumn, "以元为单位，最多两位小数；没有罚没金额填 0 或留空"),
            Help(SummaryColumn, "选填，不超过2000字"),
            Help("文件格式", "可直接导入市场监管系统导出的 .xlsx 或 .csv（UTF-8 或 GBK 编码）文件，表头须包含以上各列"),
        };
        return Spreadsheet.ImportTemplate("行政处罚", header, help);

        static Dictionary<string, object> Help(string item, string text) => new() { ["列"] = item, ["说明"] = text };
    }

    /// <summary>The uploaded file buffered with its kind, or the Chinese refusal: .xlsx by content, .csv by name.</summary>
    public static async Task<(MemoryStream? Content, ExcelType Type, string? Error)> ReadUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return (null, ExcelType.UNKNOWN, "请选择要导入的 Excel（.xlsx）或 CSV 文件。");
        }
        if (Spreadsheet.TooLarge(file) is { } tooLarge)
        {
            return (null, ExcelType.UNKNOWN, tooLarge);
        }
        var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var inspection = FileTypes.Inspect(buffer);
        if (inspection.Kind == FileTypes.Xlsx)
        {
            return (buffer, ExcelType.XLSX, null);
        }
        if (inspection.Refusal is { } refusal and not FileTypes.UnsupportedMessage)
        {
            // a zip bomb or a broken Office package, whatever its name says
            await buffer.DisposeAsync();
            return (null, ExcelType.UNKNOWN, refusal);
        }
        if (file.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var utf8 = ToUtf8(buffer.ToArray());
            await buffer.DisposeAsync();
            return (new MemoryStream(utf8), ExcelType.CSV, null);
        }
        await buffer.DisposeAsync();
        return (null, ExcelType.UNKNOWN, "只能导入 Excel（.xlsx）或 CSV 文件，请使用平台提供的模板或市场监管系统的导出文件。");
    }

    /// <summary>CSV bytes as UTF-8 without BOM: UTF-8 (with or without BOM) is kept; anything else is read as GB18030 (a superset of GBK).</summary>
    public static byte[] ToUtf8(byte[] bytes)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (bytes.AsSpan().StartsWith(bom))
        {
            return bytes[3..];
        }
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return bytes;
        }
        catch (DecoderFallbackException)
        {
            return Encoding.UTF8.GetBytes(CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!.GetString(bytes));
        }
    }

    /// <summary>Every non-blank data row, or an empty list and <paramref name="error"/> when the file is unreadable or lacks the columns.</summary>
    public static IReadOnlyList<PenaltyImportRow> Read(Stream content, ExcelType type, out string? error)
    {
        var rows = Spreadsheet.ReadRows(content, TemplateName, [CreditCodeColumn, DecidedOnColumn, DecisionNumberColumn], out error, type);
        return [.. rows.Select(r => new PenaltyImportRow(r.Number, r.Text(CreditCodeColumn),
            new PenaltyFields(DateText(r), r.Text(AuthorityColumn), r.Text(DecisionNumberColumn), r.Text(CategoryColumn), AmountText(r), r.Text(SummaryColumn))))];
    }

    private static string? DateText(SheetRow row)
    {
        row.Cells.TryGetValue(DecidedOnColumn, out var v);
        return v switch
        {
            DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            // a date cell without date format arrives as its serial number
            double d when d is > 1 and < 2958466 && d == Math.Floor(d) => DateTime.FromOADate(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => row.Text(DecidedOnColumn),
        };
    }

    private static string? AmountText(SheetRow row)
    {
        var v = row.Cells.TryGetValue(AmountColumn, out var a) ? a : row.Cells.TryGetValue("罚没金额(元)", out var b) ? b : null;
        return v switch
        {
            double d => ((decimal)d).ToString(CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            int or long => Convert.ToString(v, CultureInfo.InvariantCulture),
            _ => v is null ? null : Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim(),
        };
    }
}
