using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Archive;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;

namespace QualityIncubator.ScaleData.Micro;

public sealed record ArchiveOptions(int Organizations = 500, long Bytes = ArchiveBenchmark.DefaultBytes, int Runs = 3, int Seed = ScaleOptions.DefaultSeed,
    MicroDatabase? Database = null, bool MeasureDisk = true);

/// <summary>
/// One package write by the server: its wall time (from the claim to "ready") and size, the server's resident memory before it and at its
/// peak (sampled every 100 ms, and the kernel's own high-water mark), and the same number of bytes written with a plain FileStream just
/// before it, without and with the final fsync.
/// </summary>
public sealed record ArchiveRun(double Ms, long PackageBytes, int Entries, long RssBefore, long PeakRss, int Samples, double PackageSyncMs, double? RawMs, double? RawSyncMs,
    double? CopyMs = null, long CopyBytes = 0, double? FilesMs = null, long FilesBytes = 0, string? Parts = null)
{
    /// <summary>The uploaded files' part of the write alone (the server logs the time per kind of entry): their bytes over their time.</summary>
    public double? FilesMbPerSecond => FilesMs is { } ms && ms > 0 && FilesBytes > 0 ? FilesBytes / (double)ProcessMemory.MiB / (ms / 1000) : null;
    /// <summary>The stored files copied into one file with plain FileStreams: the least a package of them must do (read them, write them).</summary>
    public double? CopyMbPerSecond => CopyMs is { } ms && CopyBytes > 0 ? CopyBytes / (double)ProcessMemory.MiB / (ms / 1000) : null;
    public double MbPerSecond => PackageBytes / (double)ProcessMemory.MiB / (Ms / 1000);
    public double? RawMbPerSecond => RawMs is { } ms ? PackageBytes / (double)ProcessMemory.MiB / (ms / 1000) : null;
    public double? SyncedMbPerSecond => PackageBytes / (double)ProcessMemory.MiB / ((Ms + PackageSyncMs) / 1000);
    public double? RawSyncedMbPerSecond => RawSyncMs is { } ms ? PackageBytes / (double)ProcessMemory.MiB / (ms / 1000) : null;
}

public sealed record ArchiveResult(MicroReport Report, IReadOnlyList<ArchiveRun> Runs, ArchiveVerification? Verification, int Files, long FileBytes, Guid Programme,
    IReadOnlyList<string> Problems);

/// <summary>
/// `archive`: the archive package of a sealed programme (6.1) written by the product's background builder
/// (<see cref="ArchiveBuilder.BuildNextAsync"/> → <c>ArchivePackageWriter</c>: documents, every uploaded file, the JSON export, the audit
/// trail, the manifest) for <see cref="ArchiveOptions.Organizations"/> organizations with <see cref="ArchiveOptions.Bytes"/> of uploaded
/// files, sealed through <see cref="ArchiveWork.SealAsync"/>; the package is verified with <see cref="ArchiveVerifier"/> afterwards.
/// </summary>
public static class ArchiveBenchmark
{
    public const long DefaultBytes = 2L * 1024 * 1024 * 1024;
    public const long MemoryBudgetBytes = 300 * ProcessMemory.MiB;

    private static readonly string[] Purposes = ["自评报告", "证据材料", "管理体系认证证书", "营业执照副本", "质量改进成果"];

    public static async Task<ArchiveResult> RunAsync(ArchiveOptions options, TextWriter log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var database = options.Database ?? MicroDatabase.TemporarySqlite("archive");
        try
        {
            return await RunInAsync(database, options, log, ct);
        }
        finally
        {
            database.DeleteIfTemporary();
        }
    }

    /// <summary>The files of each organization: two to six, of random shares of its part of the total, none over the upload limit.</summary>
    public static List<List<long>> FileSizes(int organizations, long bytes, int seed, long maxFile)
    {
        var rng = new Random(seed);
        var each = bytes / organizations;
        var plan = new List<List<long>>();
        for (var o = 0; o < organizations; o++)
        {
            var share = o == organizations - 1 ? bytes - each * (organizations - 1) : each;
            var count = Math.Max(rng.Next(2, 7), (int)Math.Ceiling(share / (double)maxFile) + 1);
            var weights = Enumerable.Range(0, count).Select(_ => 0.2 + rng.NextDouble() * 1.6).ToList();
            var sum = weights.Sum();
            var sizes = weights.Select(w => Math.Max(1024, (long)(share * w / sum))).ToList();
            sizes[^1] = Math.Max(1024, share - sizes.Take(count - 1).Sum());
            // keep every file under the limit: move any excess to the smallest file until none is over
            for (var i = 0; i < sizes.Count; i++)
            {
                while (sizes[i] > maxFile)
                {
                    var smallest = sizes.IndexOf(sizes.Min());
                    var move = Math.Min(sizes[i] - maxFile, maxFile - sizes[smallest]);
                    sizes[i] -= move;
                    sizes[smallest] += move;
                }
            }
            plan.Add(sizes);
        }
        return plan;
    }

    private static async Task<ArchiveResult> RunInAsync(MicroDatabase database, ArchiveOptions options, TextWriter log, CancellationToken ct)
    {
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"archive: {options.Organizations:N0} organizations, {options.Bytes / (double)(1024 * 1024 * 1024):0.###} GB of files, {options.Runs} runs, {database.Provider} in {database.DataPath}; {Figures.Machine()}"));
        var problems = new List<string>();
        Guid programme;
        int files;
        long fileBytes;
        var setup = Stopwatch.StartNew();
        await using (var app = await MicroHost.OpenAsync(database))
        {
            programme = await MicroHost.ProgrammeAsync(app.Services, "档案包基准计划");
            var forms = ApplicationForms.Generate(options.Organizations, options.Seed, ChinaTime.Today(TimeProvider.System));
            await MicroHost.FillAsync(app.Services, programme, forms, 500, log, ct);
            (files, fileBytes) = await UploadAsync(app.Services, programme, options, log, ct);
            await ReadyToSealAsync(app.Services, programme, ct);
        }
        var setupSeconds = setup.Elapsed.TotalSeconds;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  set up in {setupSeconds:0} s: {options.Organizations:N0} organizations, {files:N0} files of {fileBytes / (double)ProcessMemory.MiB:N0} MB, summary approved"));

        // The package is written by the product's server, started as a process of its own (a restarted server): the Office's side, in this
        // process, seals the programme and later sets the package back to be written again; the server's builder claims it and writes it.
        var runs = new List<ArchiveRun>();
        ArchiveVerification? verification;
        double verifyMs;
        await using (var server = await ProductServer.StartAsync(database.Provider == ScaleProvider.Postgres, database.DataPath, database.ConnectionString,
            // the builder's log line of each package gives the time per kind of entry (the uploaded files' part alone)
            ["--Smtp:RunSender", "false", "--Archive:RunBuilder", "true", "--Archive:PollSeconds", "1", "--Logging:LogLevel:QualityIncubator.Web.Archive.ArchiveBuilder", "Information"], log, ct))
        await using (var app = await MicroHost.OpenAsync(database))
        {
            var pid = server.Process.Id;
            string root;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                root = scope.ServiceProvider.GetRequiredService<FileStore>().Root;
            }
            long size = fileBytes;
            for (var i = 0; i < options.Runs; i++)
            {
                (double Write, double Synced)? raw = null;
                (double Ms, long Bytes)? copy = null;
                if (options.MeasureDisk)
                {
                    raw = await RawWriteAsync(Path.Combine(root, "raw-disk-write.bin"), size, ct);
                    copy = await RawCopyAsync(root, Path.Combine(root, "raw-disk-copy.bin"), ct);
                }
                Sync();
                // the server marks a package ready and then gives its memory back: "before" is read once that has settled
                await SettledRssAsync(pid, ct);
                var highWater = ProcessMemory.ResetPeak(pid);
                using var sampler = new RssSampler(100, pid);
                var before = sampler.PeakBytes;
                var asked = DateTime.UtcNow;
                if (i == 0)
                {
                    await SealAsync(app.Services, programme, ct);
                }
                else
                {
                    await RebuildAsync(app.Services, programme, ct);
                }
                var (ms, archive) = await WaitForPackageAsync(app.Services, programme, asked, server, ct);
                var peak = Math.Max(sampler.Stop(), highWater ? ProcessMemory.PeakRssBytes(pid) : 0);
                if (archive.Status != ArchiveStatus.Ready || archive.PackagePath is null)
                {
                    problems.Add($"run {i + 1}: the package is {archive.Status}: {archive.Error} {server.Output}");
                    break;
                }
                var package = Path.Combine(root, archive.PackagePath);
                var sync = Stopwatch.StartNew();
                await using (var written = new FileStream(package, FileMode.Open, FileAccess.ReadWrite))
                {
                    written.Flush(flushToDisk: true);
                }
                size = archive.PackageSize ?? 0;
                // the builder logs its line just after it marks the package ready
                var parts = PartsOfRun(server.Output, i);
                for (var wait = 0; parts is null && wait < 50; wait++)
                {
                    await Task.Delay(100, ct);
                    parts = PartsOfRun(server.Output, i);
                }
                runs.Add(new ArchiveRun(ms, size, archive.EntryCount, before, peak, sampler.Samples, sync.Elapsed.TotalMilliseconds, raw?.Write, raw?.Synced, copy?.Ms, copy?.Bytes ?? 0,
                    parts?.FilesMs, parts?.FilesBytes ?? 0, parts?.Text));
                var r = runs[^1];
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {i + 1}: {size / (double)ProcessMemory.MiB:N0} MB, {archive.EntryCount:N0} entries in {ms / 1000:0.0} s = {r.MbPerSecond:0} MB/s (fsync after: {r.PackageSyncMs / 1000:0.0} s); "
                    + $"raw FileStream {(r.RawMbPerSecond is { } rawSpeed ? $"{rawSpeed:0} MB/s, with fsync {r.RawSyncedMbPerSecond:0} MB/s" : "not measured")}; "
                    + $"raw copy of the stored files {(r.CopyMbPerSecond is { } copySpeed ? $"{copySpeed:0} MB/s" : "not measured")}; "
                    + $"the uploaded files' part {(r.FilesMbPerSecond is { } filesSpeed ? $"{filesSpeed:0} MB/s ({r.Parts})" : "not in the server's log")}; server RSS {ProcessMemory.Mb(before)} before, peak {ProcessMemory.Mb(peak)} ({sampler.Samples} samples{(highWater ? " and the kernel's high-water mark" : "")})"));
            }
            var verify = Stopwatch.StartNew();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                verification = await scope.ServiceProvider.GetRequiredService<ArchiveVerifier>().VerifyAsync(programme, ct);
            }
            verifyMs = verify.Elapsed.TotalMilliseconds;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  verified in {verifyMs / 1000:0.0} s: {verification?.Summary}"));
        }
        if (verification is not { Intact: true })
        {
            problems.Add("the package does not verify: " + verification?.Summary);
        }
        var peakOfRuns = runs.Count == 0 ? 0 : runs.Max(r => r.PeakRss);
        var kept = runs.Count == options.Runs && peakOfRuns < MemoryBudgetBytes && problems.Count == 0;
        var speed = Spread.Of(runs.Select(r => r.MbPerSecond));
        string Speed(double? mbs) => mbs is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0} MB/s") : "—";
        string Ratio(double? archive, double? raw) => archive is { } a && raw is { } b && b > 0 ? string.Create(CultureInfo.InvariantCulture, $"{a / b:0.00}") : "—";
        var report = new MicroReport(
            $"Archive package of {options.Organizations:N0} organizations with {fileBytes / (double)(1024 * 1024 * 1024):0.##} GB of files (`archive`)", Figures.Machine(),
            $"peak resident memory of the process under {MemoryBudgetBytes / ProcessMemory.MiB} MB while it writes (issue #9)", kept,
            ["run", "package", "entries", "write", "archive", "its uploaded files alone", "raw copy of the files", "ratio (copy)", "files ÷ copy", "raw FileStream", "ratio", "archive + fsync", "raw + fsync", "ratio (fsync)", "server RSS before", "server's peak RSS while writing"],
            [.. runs.Select((r, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{r.PackageBytes / (double)ProcessMemory.MiB:N0} MB"),
                Figures.Number(r.Entries), Figures.Seconds(r.Ms), Speed(r.MbPerSecond), Speed(r.FilesMbPerSecond), Speed(r.CopyMbPerSecond), Ratio(r.MbPerSecond, r.CopyMbPerSecond),
                Ratio(r.FilesMbPerSecond, r.CopyMbPerSecond),
                Speed(r.RawMbPerSecond), Ratio(r.MbPerSecond, r.RawMbPerSecond),
                Speed(r.SyncedMbPerSecond), Speed(r.RawSyncedMbPerSecond), Ratio(r.SyncedMbPerSecond, r.RawSyncedMbPerSecond),
                ProcessMemory.Mb(r.RssBefore), ProcessMemory.Mb(r.PeakRss),
            ])],
            [
                runs.Count == 0 ? "No run finished." : string.Create(CultureInfo.InvariantCulture,
                    $"Memory: the server's resident memory (VmRSS of its process, sampled every 100 ms from /proc/<pid>/status, and its high-water mark VmHWM reset before each write); the write adds {runs.Min(r => r.PeakRss - r.RssBefore) / (double)ProcessMemory.MiB:0}–{runs.Max(r => r.PeakRss - r.RssBefore) / (double)ProcessMemory.MiB:0} MB to it at its peak (peak − RSS before). Write time: from the builder's claim to the package being ready, as the archive record shows them (looked at every 50 ms)."),
                string.Create(CultureInfo.InvariantCulture,
                    $"Archive write speed over the runs: median {speed.Median:0} MB/s (min {speed.Min:0}, max {speed.Max:0}); MB = 2^20 bytes. Ratio = archive ÷ raw: the raw figure is the same number of bytes written just before with a plain FileStream (1 MB writes of random bytes) into the same folder; \"raw copy\" reads every stored file (the content-addressed files under the file store) and writes them one after another into one file in the same folder with plain FileStreams (1 MB buffers): the least any package of them must do, so \"ratio (copy)\" is how close the archive comes to disk speed for its work; \"its uploaded files alone\" is the files' share of the write (their bytes over the time the server logged for its File entries: read, hashed, zipped, written), and \"files ÷ copy\" how close that streaming comes to the plain copy; \"+ fsync\" adds the time to flush each file to the disk (the product does not fsync the package). `sync` runs before each write."),
                string.Create(CultureInfo.InvariantCulture,
                    $"Timed: the product's server (its Release build, a process of its own, started after the setup) — its background builder (`ArchiveBuilder`) claims the sealed programme and `ArchivePackageWriter` streams the zip (documents per organization, {files:N0} uploaded files, data/*.json, audit trail, manifest) with its progress saved every 0.5 s. Setup (not timed, {setupSeconds:0} s): {options.Organizations:N0} organizations through the product's import, {files:N0} PDF-typed files of {fileBytes / (double)ProcessMemory.MiB:N0} MB through `FileStore.SaveAsync`, the summary approved; then the programme is sealed through `ArchiveWork.SealAsync` (run 1) or its package set back to be written (runs 2–), as the Office does, from this process. {database.Provider}."),
                verification is { Intact: true }
                    ? string.Create(CultureInfo.InvariantCulture, $"`ArchiveVerifier` after the last run ({verifyMs / 1000:0} s): {verification.Summary}")
                    : "CHECK FAILED: " + string.Join("; ", problems.Take(5)),
            ]);
        return new ArchiveResult(report, runs, verification, files, fileBytes, programme, problems);
    }

    private static async Task<(int Files, long Bytes)> UploadAsync(IServiceProvider services, Guid programmeId, ArchiveOptions options, TextWriter log, CancellationToken ct)
    {
        List<(Guid Id, Guid OrganizationId, string Name)> applications;
        long maxFile;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            applications = [.. (await db.Applications.AsNoTracking().Where(a => a.ProgrammeId == programmeId)
                .Select(a => new { a.Id, a.OrganizationId, a.OrganizationName }).ToListAsync(ct))
                .OrderBy(a => a.OrganizationName, StringComparer.Ordinal).Select(a => (a.Id, a.OrganizationId, a.OrganizationName))];
            maxFile = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.MaxUploadBytes - 4096;
        }
        var plan = FileSizes(applications.Count, options.Bytes, options.Seed, maxFile);
        var watch = Stopwatch.StartNew();
        var files = 0;
        long bytes = 0;
        for (var o = 0; o < applications.Count; o++)
        {
            var (applicationId, organizationId, name) = applications[o];
            await using var scope = services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<FileStore>();
            for (var f = 0; f < plan[o].Count; f++)
            {
                var purpose = Purposes[f % Purposes.Length];
                await using var content = new GeneratedPdf(plan[o][f], unchecked(options.Seed * 7919 + files));
                var saved = await store.SaveAsync(content, string.Create(CultureInfo.InvariantCulture, $"{name}{purpose}-{f + 1}.pdf"), nameof(Application), applicationId,
                    organizationId, programmeId, purpose, ct);
                if (saved.Attachment is null)
                {
                    throw new InvalidOperationException("the file store refused a generated file: " + saved.Error);
                }
                files++;
                bytes += saved.Attachment.Size;
            }
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(ct);
            if ((o + 1) % 50 == 0 || o == applications.Count - 1)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  uploaded the files of {o + 1:N0} organizations: {files:N0} files, {bytes / (double)ProcessMemory.MiB:N0} MB ({bytes / (double)ProcessMemory.MiB / watch.Elapsed.TotalSeconds:0} MB/s)"));
            }
        }
        return (files, bytes);
    }

    /// <summary>The programme reaches 6 (as a test's programme does: the stages between hold nothing the package needs) and its summary is approved.</summary>
    private static async Task ReadyToSealAsync(IServiceProvider services, Guid programmeId, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var programme = await db.Programmes.FirstAsync(p => p.Id == programmeId, ct);
            programme.Stage = ProgrammeStage.Archive;
            var now = DateTime.UtcNow;
            db.Add(new ProgrammeSummary
            {
                ProgrammeId = programmeId, OverallEvaluation = "按计划完成", CourseSetupEvaluation = "合理", SiteVisitEvaluation = "合理", ShowcaseEvaluation = "合理",
                FormsEvaluation = "适用", ImprovementSuggestions = "无", Status = SummaryStatus.Approved, ApprovedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The Office seals the programme: its package waits for the builder.</summary>
    private static async Task SealAsync(IServiceProvider services, Guid programmeId, CancellationToken ct)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var version = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Programmes.Where(p => p.Id == programmeId).Select(p => p.Version).SingleAsync(ct);
            var sealing = await scope.ServiceProvider.GetRequiredService<ArchiveWork>().SealAsync(programmeId, RetentionRule.MinimumYears, version, ct);
            if (!sealing.Succeeded)
            {
                throw new InvalidOperationException("sealing was refused: " + sealing.Error);
            }
        }
    }

    /// <summary>Another run: the package waits to be written again, as <see cref="ArchiveWork.RebuildAsync"/> leaves a failed one.</summary>
    private static async Task RebuildAsync(IServiceProvider services, Guid programmeId, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var archive = await db.Set<ProgrammeArchive>().FirstAsync(a => a.ProgrammeId == programmeId, ct);
        archive.Status = ArchiveStatus.Building;
        archive.BuilderInstance = null;
        archive.DoneSteps = 0;
        await db.SaveChangesAsync(ct);
    }

    private static async Task<ProgrammeArchive?> ArchiveAsync(IServiceProvider services, Guid programmeId, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ProgrammeArchive>().AsNoTracking().FirstOrDefaultAsync(a => a.ProgrammeId == programmeId, ct);
    }

    /// <summary>
    /// Watches the archive record every 50 ms until the server's builder has finished the package asked for at <paramref name="asked"/>
    /// (ready and built after it, or failed): the time from the claim seen to the end (from the asking when a build was too quick to be
    /// seen claimed), and the record. Fails if the server stops, or after 30 minutes.
    /// </summary>
    private static async Task<(double Ms, ProgrammeArchive Archive)> WaitForPackageAsync(IServiceProvider services, Guid programmeId, DateTime asked, ProductServer server, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        TimeSpan? claimed = null;
        while (waited.Elapsed < TimeSpan.FromMinutes(30))
        {
            if (server.Process.HasExited)
            {
                throw new InvalidOperationException("the product stopped while writing the package:\n" + server.Output);
            }
            var archive = await ArchiveAsync(services, programmeId, ct);
            if (archive is { Status: ArchiveStatus.Building, BuilderInstance: not null })
            {
                claimed ??= waited.Elapsed;
            }
            else if (archive is { Status: ArchiveStatus.Failed } || archive is { Status: ArchiveStatus.Ready, BuiltAt: { } built } && built > asked)
            {
                return ((waited.Elapsed - (claimed ?? TimeSpan.Zero)).TotalMilliseconds, archive);
            }
            await Task.Delay(50, ct);
        }
        throw new TimeoutException("the server's builder did not finish the package in 30 minutes:\n" + server.Output);
    }

    /// <summary>Waits (at most 10 s) until the process's resident memory stays within 1 MB over 300 ms.</summary>
    private static async Task SettledRssAsync(int pid, CancellationToken ct)
    {
        var last = ProcessMemory.RssBytes(pid);
        for (var i = 0; i < 33; i++)
        {
            await Task.Delay(300, ct);
            var now = ProcessMemory.RssBytes(pid);
            if (Math.Abs(now - last) < ProcessMemory.MiB)
            {
                return;
            }
            last = now;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> with a plain FileStream (1 MB writes of random bytes): the time without and with the final fsync. The file is deleted.</summary>
    private static async Task<(double Write, double Synced)> RawWriteAsync(string path, long bytes, CancellationToken ct)
    {
        var buffer = new byte[1 << 20];
        new Random(1958).NextBytes(buffer);
        Sync();
        try
        {
            var watch = Stopwatch.StartNew();
            // CreateNew, as the product's package: FileMode.Create truncates even a new file, and ext4 then writes it all out on close
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            for (long written = 0; written < bytes; written += buffer.Length)
            {
                await file.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, bytes - written)), ct);
            }
            await file.FlushAsync(ct);
            var write = watch.Elapsed.TotalMilliseconds;
            file.Flush(flushToDisk: true);
            return (write, watch.Elapsed.TotalMilliseconds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static readonly System.Text.RegularExpressions.Regex WrittenLine = new(@"written: [^;\n]*; (?<parts>[^\n]*)$", System.Text.RegularExpressions.RegexOptions.Multiline);
    private static readonly System.Text.RegularExpressions.Regex FilesPart = new(@"File (?<n>\d+) × (?<mb>[\d.]+) MB in (?<s>[\d.]+) s");

    /// <summary>The server's log line of build <paramref name="run"/> (0-based): the time and bytes of its File entries, and all its parts as text.</summary>
    private static (double FilesMs, long FilesBytes, string Text)? PartsOfRun(string output, int run)
    {
        var lines = WrittenLine.Matches(output);
        if (lines.Count <= run || FilesPart.Match(lines[run].Groups["parts"].Value) is not { Success: true } files)
        {
            return null;
        }
        return (double.Parse(files.Groups["s"].Value, CultureInfo.InvariantCulture) * 1000,
            (long)(double.Parse(files.Groups["mb"].Value, CultureInfo.InvariantCulture) * ProcessMemory.MiB), lines[run].Groups["parts"].Value.Trim());
    }

    /// <summary>
    /// Copies every stored file (the content-addressed files <c>xx/yy/&lt;sha-256&gt;</c> under <paramref name="root"/>) into one file with
    /// plain FileStreams and 1 MB buffers; the time and the bytes. The file is deleted.
    /// </summary>
    private static async Task<(double Ms, long Bytes)> RawCopyAsync(string root, string path, CancellationToken ct)
    {
        var stored = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is { Length: 64 } name && name.All(char.IsAsciiHexDigitLower)).Order(StringComparer.Ordinal).ToList();
        var buffer = new byte[1 << 20];
        Sync();
        try
        {
            var watch = Stopwatch.StartNew();
            long bytes = 0;
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                foreach (var file in stored)
                {
                    await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    int read;
                    while ((read = await input.ReadAsync(buffer, ct)) > 0)
                    {
                        await output.WriteAsync(buffer.AsMemory(0, read), ct);
                        bytes += read;
                    }
                }
                await output.FlushAsync(ct);
            }
            return (watch.Elapsed.TotalMilliseconds, bytes);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Flushes the dirty pages of earlier writes (the `sync` command), so that a write does not pay for the one before it.</summary>
    private static void Sync()
    {
        try
        {
            using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
            sync?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no sync command: the figures then include some writeback of the previous write
        }
    }
}
