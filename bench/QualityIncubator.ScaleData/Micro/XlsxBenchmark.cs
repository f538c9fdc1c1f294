using System.Diagnostics;
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.ScaleData.Micro;

public sealed record XlsxOptions(int Count = 10_000, int Runs = 5, int Seed = ScaleOptions.DefaultSeed, MicroDatabase? Database = null, int Batch = 1_000);

/// <summary>The runs' wall times and what each produced file held when read back by another library than the one that wrote it.</summary>
public sealed record XlsxResult(MicroReport Report, IReadOnlyList<double> RunMs, IReadOnlyList<int> RowsPerRun, IReadOnlyList<string> Header,
    IReadOnlyList<string> ExportedCodes, IReadOnlyList<string> GeneratedCodes, long FileBytes, IReadOnlyList<string> Problems);

/// <summary>
/// `xlsx`: the Office's application list export (<c>/Applications/Export</c>, <see cref="ApplicationListExport.BuildAsync"/>: the
/// filtered query, the code book's labels, MiniExcel) of one programme with <see cref="XlsxOptions.Count"/> submitted applications, filled
/// through the product's import. Every produced file is opened again with the Open XML SDK and its rows counted.
/// </summary>
public static class XlsxBenchmark
{
    public const double BudgetMs = 5_000;

    public static async Task<XlsxResult> RunAsync(XlsxOptions options, TextWriter log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var database = options.Database ?? MicroDatabase.TemporarySqlite("xlsx");
        try
        {
            return await RunInAsync(database, options, log, ct);
        }
        finally
        {
            database.DeleteIfTemporary();
        }
    }

    private static async Task<XlsxResult> RunInAsync(MicroDatabase database, XlsxOptions options, TextWriter log, CancellationToken ct)
    {
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"xlsx: {options.Count:N0} applications, {options.Runs} runs, {database.Provider} in {database.DataPath}; {Figures.Machine()}"));
        await using var app = await MicroHost.OpenAsync(database);
        var forms = ApplicationForms.Generate(options.Count, options.Seed, ChinaTime.Today(TimeProvider.System));
        var programme = await MicroHost.ProgrammeAsync(app.Services, "申请列表导出基准计划");
        var fill = Stopwatch.StartNew();
        await MicroHost.FillAsync(app.Services, programme, forms, options.Batch, log, ct);
        var fillSeconds = fill.Elapsed.TotalSeconds;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  filled {forms.Count:N0} applications through the import in {fillSeconds:0.0} s"));

        async Task<(byte[] Bytes, double Ms, double CpuMs, long Allocated, long PeakRss)> ExportAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            using var sampler = new RssSampler();
            var allocated = Figures.Allocated();
            var cpu = Figures.CpuMs();
            var watch = Stopwatch.StartNew();
            var bytes = await ApplicationListExport.BuildAsync(db, new ApplicationFilter(programme), ct);
            var ms = watch.Elapsed.TotalMilliseconds;
            return (bytes, ms, Figures.CpuMs() - cpu, Figures.Allocated() - allocated, sampler.Stop());
        }

        var warmUp = await ExportAsync();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm-up (JIT, first query): {warmUp.Ms:0} ms, {warmUp.Bytes.Length / 1024.0:0} KB"));
        ProcessMemory.ResetPeak();
        var times = new List<double>();
        var cpus = new List<double>();
        var rows = new List<int>();
        var problems = new List<string>();
        long peakRss = 0;
        long allocatedPerRun = 0;
        var last = new SheetContent(0, [], []);
        var fileBytes = 0L;
        for (var i = 0; i < options.Runs; i++)
        {
            var run = await ExportAsync();
            times.Add(run.Ms);
            cpus.Add(run.CpuMs);
            peakRss = Math.Max(peakRss, run.PeakRss);
            allocatedPerRun = run.Allocated;
            fileBytes = run.Bytes.Length;
            // outside the timed part: the file opens in another reader, with a header and one row per application
            last = Read(run.Bytes);
            rows.Add(last.DataRows);
            if (last.DataRows != forms.Count)
            {
                problems.Add($"run {i + 1}: {last.DataRows} rows in the file for {forms.Count} applications");
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {i + 1}: {run.Ms:0} ms, CPU {run.CpuMs:0} ms, {run.Bytes.Length / 1024.0:0} KB, {last.DataRows:N0} rows read back"));
        }
        var generated = forms.Select(f => f.CreditCode!).Order(StringComparer.Ordinal).ToList();
        var exported = last.CreditCodes.Order(StringComparer.Ordinal).ToList();
        if (!generated.SequenceEqual(exported, StringComparer.Ordinal))
        {
            problems.Add("the exported credit codes are not the imported ones");
        }
        if (last.Header.Count < 2 || last.Header[0] != "组织名称" || last.Header[1] != "统一社会信用代码")
        {
            problems.Add("the header row is not the list's: " + string.Join(", ", last.Header));
        }
        var spread = Spread.Of(times);
        var kept = spread.Median < BudgetMs && problems.Count == 0;
        var report = new MicroReport(
            $".xlsx export of {forms.Count:N0} applications (`xlsx`)", Figures.Machine(), $"median under {BudgetMs / 1000:0} s (issue #9)", kept,
            ["applications", "runs", "median", "min", "max", "CPU time (median)", "file", "rows read back", "allocated per run", "peak RSS during runs"],
            [[Figures.Number(forms.Count), options.Runs.ToString(CultureInfo.InvariantCulture), Figures.Ms(spread.Median), Figures.Ms(spread.Min), Figures.Ms(spread.Max), Figures.Ms(Spread.Of(cpus).Median),
                string.Create(CultureInfo.InvariantCulture, $"{fileBytes / 1024.0 / 1024.0:0.0} MB"), string.Join(", ", rows.Distinct().Select(n => Figures.Number(n))),
                ProcessMemory.Mb(allocatedPerRun), ProcessMemory.Mb(peakRss)]],
            [
                string.Create(CultureInfo.InvariantCulture,
                    $"Timed: `ApplicationListExport.BuildAsync` — what `/Applications/Export` does: the list query (`ApplicationQueries.List`, default order), the code book's labels, MiniExcel into memory. {database.Provider}; the applications were filled through the product's import in {fillSeconds:0.0} s; warm-up run {warmUp.Ms:0} ms (not counted)."),
                problems.Count == 0
                    ? $"Every file was opened again with the Open XML SDK (not MiniExcel, which wrote it): the header row and {forms.Count:N0} data rows, and the last file's credit codes are exactly the {forms.Count:N0} imported."
                    : "CHECK FAILED: " + string.Join("; ", problems.Take(5)),
            ]);
        return new XlsxResult(report, times, rows, last.Header, exported, generated, fileBytes, problems);
    }

    private sealed record SheetContent(int DataRows, List<string> Header, List<string> CreditCodes);

    /// <summary>The first worksheet read with the Open XML SDK's streaming reader: the header, the number of data rows and column B (the credit codes).</summary>
    private static SheetContent Read(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook, writable: false);
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var part = document.WorkbookPart ?? throw new InvalidDataException("no workbook part");
        var shared = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var header = new List<string>();
        var codes = new List<string>();
        var rows = 0;
        using var reader = OpenXmlReader.Create(part.WorksheetParts.First());
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }
            var row = (Row)reader.LoadCurrentElement()!;
            var cells = row.Elements<Cell>().ToList();
            if (rows++ == 0)
            {
                header.AddRange(cells.Select(c => Text(c, shared)));
                continue;
            }
            if (cells.FirstOrDefault(c => c.CellReference?.Value?.StartsWith('B') == true) is { } code)
            {
                codes.Add(Text(code, shared));
            }
        }
        return new SheetContent(Math.Max(0, rows - 1), header, codes);
    }

    private static string Text(Cell cell, List<string> shared)
    {
        if (cell.DataType?.Value == CellValues.SharedString && int.TryParse(cell.CellValue?.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            return shared[index];
        }
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }
        return cell.CellValue?.Text ?? "";
    }
}
