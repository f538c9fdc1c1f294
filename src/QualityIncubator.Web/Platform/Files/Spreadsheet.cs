using System.Globalization;
using MiniExcelLibs;

namespace QualityIncubator.Web.Platform.Files;

/// <summary>One data row of an imported template, numbered as Excel shows it (the header is row 1).</summary>
public sealed record SheetRow(int Number, IDictionary<string, object?> Cells)
{
    /// <summary>The cell's text, trimmed; null when the column is missing or the cell blank.</summary>
    public string? Text(string column) =>
        Cells.TryGetValue(column, out var v) && v is not null && Convert.ToString(v, CultureInfo.InvariantCulture) is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}

/// <summary>Reads the data rows of an .xlsx import template (applications, experts): the same limits and the same Chinese refusals for every stage.</summary>
public static class Spreadsheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // refused in Windows file names (Linux refuses only '/'); the download may be saved on either
    private const string UnsafeInFileNames = "\\/:*?\"<>|";

    /// <summary>An uploaded import file, buffered, when it is an .xlsx by content; otherwise the Chinese refusal.</summary>
    public static async Task<(MemoryStream? Workbook, string? Error)> ReadUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return (null, "请选择要导入的 Excel 文件。");
        }
        if (TooLarge(file) is { } tooLarge)
        {
            return (null, tooLarge);
        }
        var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var inspection = FileTypes.Inspect(buffer);
        if (inspection.Kind != FileTypes.Xlsx)
        {
            await buffer.DisposeAsync();
            return (null, inspection.Kind is null && inspection.Refusal is not FileTypes.UnsupportedMessage and { } refusal
                ? refusal
                : "只能导入 Excel（.xlsx）文件，请使用平台提供的模板。");
        }
        return (buffer, null);
    }

    /// <summary>At most this many bytes in one import file (the template of <see cref="MaxRows"/> rows stays far below it).</summary>
    public const long MaxImportBytes = 20L * 1024 * 1024;

    /// <summary>The Chinese refusal for an import file over <see cref="MaxImportBytes"/>, or null.</summary>
    public static string? TooLarge(IFormFile file) =>
        file.Length > MaxImportBytes ? $"导入文件超过大小限制（最大 {MaxImportBytes / 1024 / 1024} MB），请分批导入" : null;

    /// <summary>
    /// Writes a list as a sheet with a filter on the header row and the header frozen (the Office's lists and rolls).
    /// MiniExcel writes synchronously: buffer before sending it on a response stream.
    /// </summary>
    public static void WriteList<T>(Stream output, IEnumerable<T> rows)
    {
        var configuration = WriterConfiguration();
        configuration.AutoFilter = true;
        configuration.FreezeRowCount = 1;
        MiniExcelLibs.MiniExcel.SaveAs(output, rows, configuration: configuration);
    }

    /// <summary>An import template as an .xlsx: the sheet <paramref name="sheet"/> with the header row only, and the 填写说明 sheet.</summary>
    public static byte[] ImportTemplate(string sheet, Dictionary<string, object?> header, IEnumerable<Dictionary<string, object>> help)
    {
        using var output = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(output, new Dictionary<string, object> { [sheet] = new[] { header }, ["填写说明"] = help }, configuration: WriterConfiguration());
        return output.ToArray();
    }

    /// <summary>
    /// Every workbook this product writes uses a text buffer of 16K characters. MiniExcel's default, 512K, allocates a 1 MB character
    /// and a 1.5 MB byte buffer for each part of the package (about ten per workbook), on the large-object heap, which only a full
    /// collection frees: 25 MB of such garbage per list, and the archive package's lists made its builder's memory peak (issue #9,
    /// bench/README.md). At 16K both buffers stay under the large-object threshold (85,000 bytes).
    /// </summary>
    public static MiniExcelLibs.OpenXml.OpenXmlConfiguration WriterConfiguration() => new() { BufferSize = WriterBufferChars };

    /// <summary>MiniExcel's text buffer, in characters: 32 KB of UTF-16, at most 48 KB encoded as UTF-8.</summary>
    public const int WriterBufferChars = 16 * 1024;

    /// <summary>"{prefix}-{title}.xlsx", with characters that file systems refuse replaced by '_'.</summary>
    public static string FileName(string prefix, string title) =>
        prefix + "-" + string.Concat(title.Trim().Select(c => UnsafeInFileNames.Contains(c) || char.IsControl(c) ? '_' : c)) + ".xlsx";

    public const int MaxRows = 5000;

    /// <summary>
    /// The non-blank data rows, or an empty list and <paramref name="error"/> when the file is unreadable, too long or not the template.
    /// <paramref name="excelType"/> is <see cref="ExcelType.CSV"/> for a UTF-8 CSV file (the header is its first line).
    /// </summary>
    public static IReadOnlyList<SheetRow> ReadRows(Stream workbook, string templateName, IReadOnlyList<string> requiredColumns, out string? error, ExcelType excelType = ExcelType.UNKNOWN)
    {
        error = null;
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = [.. MiniExcel.Query(workbook, useHeaderRow: true, excelType: excelType).Cast<IDictionary<string, object?>>().Take(MaxRows + 1)];
        }
        // an unreadable file is the sender's problem, whatever the parser throws on it
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            error = $"无法读取该文件，请使用平台提供的{templateName}（{(excelType == ExcelType.CSV ? ".csv" : ".xlsx")}）";
            return [];
        }
        if (rows.Count > MaxRows)
        {
            error = $"一次最多导入 {MaxRows} 行，请分批导入";
            return [];
        }
        if (rows.Count > 0 && !requiredColumns.All(rows[0].ContainsKey))
        {
            error = $"表头与模板不一致：第一行须包含{string.Concat(requiredColumns.Select(c => $"“{c}”"))}等列，请使用平台提供的模板";
            return [];
        }
        return [.. rows.Select((cells, i) => new SheetRow(i + 2, cells))
            .Where(r => !r.Cells.Values.All(v => v is null || string.IsNullOrWhiteSpace(Convert.ToString(v, CultureInfo.InvariantCulture))))];
    }
}
