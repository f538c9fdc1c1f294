using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.ScaleData.Micro;

public sealed record ImportOptions(int Count = 5_000, int Runs = 3, int Seed = ScaleOptions.DefaultSeed, MicroDatabase? Database = null, int WarmUpRows = 200);

/// <summary>The runs' wall times, the rows each run imported and what the database holds after it.</summary>
public sealed record ImportResult(MicroReport Report, IReadOnlyList<double> RunMs, IReadOnlyList<double> ReadMs, IReadOnlyList<int> ImportedPerRun,
    IReadOnlyList<(Guid Programme, int Applications, int Cases)> Stored, long FileBytes, IReadOnlyList<string> Problems);

/// <summary>
/// `import`: the Office's application import (the <c>/Applications/Import</c> page's handler, <see cref="ImportModel.OnPostAsync"/>: the
/// upload checked as an .xlsx by content, every row read and validated like the form, the valid rows saved with their organizations and
/// cases in one transaction) of a generated template file of <see cref="ImportOptions.Count"/> valid rows. Each run imports a file of its
/// own (organizations not yet in the database) into a new programme of the same fresh database.
/// </summary>
public static class ImportBenchmark
{
    public const double BudgetMs = 10_000;

    public static async Task<ImportResult> RunAsync(ImportOptions options, TextWriter log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var database = options.Database ?? MicroDatabase.TemporarySqlite("import");
        try
        {
            return await RunInAsync(database, options, log, ct);
        }
        finally
        {
            database.DeleteIfTemporary();
        }
    }

    private static async Task<ImportResult> RunInAsync(MicroDatabase database, ImportOptions options, TextWriter log, CancellationToken ct)
    {
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import: {options.Count:N0} rows, {options.Runs} runs, {database.Provider} in {database.DataPath}; {Figures.Machine()}"));
        await using var app = await MicroHost.OpenAsync(database);
        CodeBook book;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            book = await CodeBook.LoadAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
        }
        // one file per run (and a small one to warm up), each of organizations the others do not hold
        var forms = ApplicationForms.Generate(options.WarmUpRows + options.Runs * options.Count, options.Seed, ChinaTime.Today(TimeProvider.System), importable: true);
        byte[] Workbook(int skip, int take)
        {
            using var file = new MemoryStream();
            ApplicationForms.WriteImportFile(file, forms.Skip(skip).Take(take), book);
            return file.ToArray();
        }

        async Task<(ImportModel Page, Guid Programme, double Ms, double CpuMs, long PeakRss)> ImportAsync(byte[] workbook, string title)
        {
            var programme = await MicroHost.ProgrammeAsync(app.Services, title);
            await using var scope = app.Services.CreateAsyncScope();
            // the page as the framework makes it for a request: its services from the request's scope
            var page = ActivatorUtilities.CreateInstance<ImportModel>(scope.ServiceProvider);
            page.ProgrammeId = programme;
            var upload = new FormFile(new MemoryStream(workbook, writable: false), 0, workbook.Length, "file", "培育孵化项目申请书导入.xlsx")
            {
                Headers = new HeaderDictionary { ["Content-Type"] = new StringValues(Spreadsheet.ContentType) },
            };
            using var sampler = new RssSampler();
            var cpu = Figures.CpuMs();
            var watch = Stopwatch.StartNew();
            await page.OnPostAsync(upload, ct);
            var ms = watch.Elapsed.TotalMilliseconds;
            return (page, programme, ms, Figures.CpuMs() - cpu, sampler.Stop());
        }

        var warmUp = await ImportAsync(Workbook(0, options.WarmUpRows), "申请书导入基准计划（预热）");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm-up (JIT): {warmUp.Page.Imported ?? 0} rows in {warmUp.Ms:0} ms"));
        ProcessMemory.ResetPeak();
        var times = new List<double>();
        var cpus = new List<double>();
        var reads = new List<double>();
        var imported = new List<int>();
        var stored = new List<(Guid, int, int)>();
        var problems = new List<string>();
        long peakRss = 0;
        long fileBytes = 0;
        for (var i = 0; i < options.Runs; i++)
        {
            var workbook = Workbook(options.WarmUpRows + i * options.Count, options.Count);
            fileBytes = workbook.Length;
            // on its own, for the breakdown (not part of the run's time): reading and validating the rows without saving them
            var read = Stopwatch.StartNew();
            var rows = ApplicationImport.Read(new MemoryStream(workbook, writable: false), book, ChinaTime.Today(TimeProvider.System), out _);
            reads.Add(read.Elapsed.TotalMilliseconds);
            if (rows.Count(r => r.Input is not null) != options.Count)
            {
                problems.Add($"run {i + 1}: {rows.Count(r => r.Input is null)} generated rows are refused: "
                    + string.Join("；", rows.SelectMany(r => r.Errors).Take(3).Select(e => $"{e.Row} {e.Column} {e.Message}")));
            }

            var run = await ImportAsync(workbook, string.Create(CultureInfo.InvariantCulture, $"申请书导入基准计划（第{i + 1}次）"));
            times.Add(run.Ms);
            cpus.Add(run.CpuMs);
            peakRss = Math.Max(peakRss, run.PeakRss);
            imported.Add(run.Page.Imported ?? 0);
            if (run.Page.Error is { } error)
            {
                problems.Add($"run {i + 1}: the file was refused: {error}");
            }
            if (run.Page.Errors.Count > 0)
            {
                problems.Add($"run {i + 1}: {run.Page.Errors.Count} row errors, e.g. " + string.Join("；", run.Page.Errors.Take(3).Select(e => $"{e.Row} {e.Column} {e.Message}")));
            }
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var applications = await db.Applications.CountAsync(a => a.ProgrammeId == run.Programme && a.Status == ApplicationStatus.Submitted && a.CaseId != null, ct);
                var cases = await db.Cases.CountAsync(c => c.ProgrammeId == run.Programme, ct);
                stored.Add((run.Programme, applications, cases));
                if (applications != options.Count || cases != options.Count)
                {
                    problems.Add($"run {i + 1}: {applications} submitted applications and {cases} cases stored for {options.Count} rows");
                }
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {i + 1}: {imported[^1]:N0} rows imported in {run.Ms:0} ms, CPU {run.CpuMs:0} ms (reading and validating alone {reads[^1]:0} ms), {workbook.Length / 1024.0:0} KB"));
        }
        var spread = Spread.Of(times);
        var readSpread = Spread.Of(reads);
        var kept = spread.Median < BudgetMs && problems.Count == 0;
        var report = new MicroReport(
            $"Import of {options.Count:N0} application rows (`import`)", Figures.Machine(), $"median under {BudgetMs / 1000:0} s with full validation (issue #9)", kept,
            ["rows", "runs", "median", "min", "max", "CPU time (median)", "of which read + validate (median)", "rows imported", "file", "peak RSS during runs"],
            [[Figures.Number(options.Count), options.Runs.ToString(CultureInfo.InvariantCulture), Figures.Ms(spread.Median), Figures.Ms(spread.Min), Figures.Ms(spread.Max),
                Figures.Ms(Spread.Of(cpus).Median), Figures.Ms(readSpread.Median), string.Join(", ", imported.Distinct().Select(n => Figures.Number(n))),
                string.Create(CultureInfo.InvariantCulture, $"{fileBytes / 1024.0:0} KB"), ProcessMemory.Mb(peakRss)]],
            [
                string.Create(CultureInfo.InvariantCulture,
                    $"Timed: the import page's handler (`ImportModel.OnPostAsync`) with the upload: the .xlsx checked by content, every row read and validated (`ApplicationImport.Read`: Appendix A's rules, code lists, duplicates), then `ApplicationWork.ImportAsync` saves organizations, submitted applications, cases and their audit events in one transaction. {database.Provider}, each run into a new programme of the same fresh database; warm-up {warmUp.Page.Imported ?? 0} rows in {warmUp.Ms:0} ms (not counted)."),
                problems.Count == 0
                    ? $"After each run the database holds {options.Count:N0} submitted applications with {options.Count:N0} cases in the run's programme; no row was refused."
                    : "CHECK FAILED: " + string.Join("; ", problems.Take(5)),
            ]);
        return new ImportResult(report, times, reads, imported, stored, fileBytes, problems);
    }
}
