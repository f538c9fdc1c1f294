using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.ScaleData;
using QualityIncubator.ScaleData.Micro;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Archive;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Pool;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// The micro-benchmarks of issue #9 (bench/: `rank`, `xlsx`, `import`, `archive`) run end to end at a tiny size, and what they measured is
/// right: the ranking is the rule's, the export holds every application, the import stored every row, the package verifies. The bench
/// program runs them on a temporary SQLite database; here each runs on a fresh database of each provider. A smoke run: no timing is
/// asserted (bench/README.md has the measurements).
/// </summary>
public sealed class MicroBenchmarkTests
{
    private static async Task<MicroDatabase> DatabaseAsync(DbProvider provider)
    {
        var (connection, dataPath) = await AppFactory.EmptyDatabaseAsync(provider);
        return new MicroDatabase(provider == DbProvider.Postgres ? ScaleProvider.Postgres : ScaleProvider.Sqlite, connection, dataPath);
    }

    /// <summary>The product over the benchmark's database, to look at what it left; disposing it drops the database and its folder.</summary>
    private static AppFactory Open(DbProvider provider, MicroDatabase database) => AppFactory.Open(provider, database.ConnectionString, database.DataPath);

    /// <summary>Pure: the ranking rule needs no database.</summary>
    [Fact]
    public void The_rank_benchmark_ranks_every_generated_organization_once_in_the_rules_order()
    {
        var result = RankBenchmark.Run(new RankOptions(Count: 300, Runs: 2), TextWriter.Null);

        Assert.Empty(result.Problems);
        Assert.Equal(2, result.RunMs.Count);
        Assert.Equal(Enumerable.Range(1, 300), result.Ranking.Select(r => r.Rank));
        Assert.Equal(result.Cohort.Select(c => c.Id).Order(), result.Ranking.Select(r => r.Id).Order());
        Assert.True(result.Ranking.Zip(result.Ranking.Skip(1)).All(p => p.First.Total >= p.Second.Total));
        Assert.Equal(PoolRanking.Rank(result.Cohort).Select(r => r.Id), result.Ranking.Select(r => r.Id));
        // the cohort is a function of the seed; some organizations lack a score, some have penalties, some are in a priority industry
        Assert.Equal(RankBenchmark.Cohort(300, ScaleOptions.DefaultSeed).Select(c => (c.Id, c.Name, c.ExpertScore)), result.Cohort.Select(c => (c.Id, c.Name, c.ExpertScore)));
        Assert.Contains(result.Cohort, c => c.ExpertScore is null);
        Assert.Contains(result.Cohort, c => c.Penalties > 0);
        Assert.Contains(result.Cohort, c => c.PriorityIndustry is not null);
        // the check that makes the benchmark fail is not vacuous
        Assert.NotEmpty(RankBenchmark.Check(result.Cohort, [.. result.Ranking.Reverse()]));
        Assert.Contains("| 300 | 2 |", result.Report.Markdown());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_xlsx_benchmark_exports_every_application_and_reads_the_file_back(DbProvider provider)
    {
        var database = await DatabaseAsync(provider);
        var result = await XlsxBenchmark.RunAsync(new XlsxOptions(Count: 40, Runs: 2, Database: database, Batch: 15), TextWriter.Null);
        await using var app = Open(provider, database);

        Assert.Empty(result.Problems);
        Assert.Equal([40, 40], result.RowsPerRun);
        Assert.Equal(13, result.Header.Count);
        Assert.Equal(["组织名称", "统一社会信用代码"], result.Header.Take(2));
        Assert.Equal(40, result.GeneratedCodes.Distinct().Count());
        Assert.Equal(result.GeneratedCodes, result.ExportedCodes);
        Assert.All(result.ExportedCodes, c => Assert.True(CreditCode.IsValid(c), c));
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            // filled through the import, in batches of 15: 40 submitted applications with their cases
            Assert.Equal(40, await db.Applications.CountAsync(a => a.Status == ApplicationStatus.Submitted && a.CaseId != null));
            Assert.Equal(result.GeneratedCodes, (await db.Applications.Select(a => a.CreditCode).ToListAsync()).Order(StringComparer.Ordinal));
        });
        Assert.Contains("| 40 | 2 |", result.Report.Markdown());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_import_benchmark_imports_every_generated_row_with_its_case_and_audit_trail(DbProvider provider)
    {
        var database = await DatabaseAsync(provider);
        // more rows than one save of the import takes, so that a run saves in several parts of one transaction
        var rows = ApplicationWork.ImportBatchRows + 20;
        var result = await ImportBenchmark.RunAsync(new ImportOptions(Count: rows, Runs: 2, Database: database, WarmUpRows: 10), TextWriter.Null);
        await using var app = Open(provider, database);

        Assert.Empty(result.Problems);
        Assert.Equal([rows, rows], result.ImportedPerRun);
        Assert.All(result.Stored, s => Assert.Equal((rows, rows), (s.Applications, s.Cases)));
        Assert.True(result.FileBytes > 0);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            foreach (var (programme, _, _) in result.Stored)
            {
                var applications = await db.Applications.AsNoTracking().Include(a => a.Certifications).Include(a => a.Honours)
                    .Where(a => a.ProgrammeId == programme).ToListAsync();
                Assert.Equal(rows, applications.Count);
                Assert.Equal(rows, applications.Select(a => a.OrganizationId).Distinct().Count());
                Assert.All(applications, a => Assert.True(CreditCode.IsValid(a.CreditCode), a.CreditCode));
                Assert.Contains(applications, a => a.Certifications.Count > 0);
                Assert.Contains(applications, a => a.Honours.Count > 0);
                Assert.Equal(rows, await db.CaseEvents.CountAsync(e => e.ProgrammeId == programme));
            }
            // every record the import wrote has its audit event, and the chain holds across the import's several saves
            Assert.True(await db.AuditEvents.CountAsync(e => e.EntityType == nameof(Application) && e.Action == AuditActions.Created) >= 2 * rows + 10);
            var chain = await AuditVerifier.VerifyAsync(db);
            Assert.True(chain.Intact, chain.Message);
        });
        Assert.Contains($"| {rows} | 2 |", result.Report.Markdown());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_archive_benchmark_writes_a_package_that_verifies(DbProvider provider)
    {
        var database = await DatabaseAsync(provider);
        const long bytes = 3 * 1024 * 1024;
        var result = await ArchiveBenchmark.RunAsync(new ArchiveOptions(Organizations: 4, Bytes: bytes, Runs: 2, Database: database), TextWriter.Null);
        await using var app = Open(provider, database);

        Assert.Empty(result.Problems);
        Assert.True(result.Verification is { Intact: true }, result.Verification?.Summary);
        Assert.Equal(2, result.Runs.Count);
        Assert.Equal(ArchiveBenchmark.FileSizes(4, bytes, ScaleOptions.DefaultSeed, 20 * 1024 * 1024 - 4096).Sum(f => f.Count), result.Files);
        Assert.InRange(result.FileBytes, bytes - 4 * 1024, bytes + 4 * 1024);
        Assert.All(result.Runs, r =>
        {
            Assert.True(r.PackageBytes > result.FileBytes, $"package {r.PackageBytes} bytes, files {result.FileBytes}");
            Assert.True(r.PeakRss >= r.RssBefore && r.RssBefore > 0);
            Assert.NotNull(r.RawMs);
            // the raw copy read every stored file; the server's log gave the uploaded files' part of the write (bytes to 0.1 MB)
            Assert.Equal(result.FileBytes, r.CopyBytes);
            Assert.True(r.FilesMs > 0, r.Parts);
            Assert.InRange(r.FilesBytes, result.FileBytes - 110 * 1024, result.FileBytes + 110 * 1024);
            Assert.Contains("Document", r.Parts, StringComparison.Ordinal);
        });
        // the package on disk, checked on its own: every file uploaded for the four organizations is in it, by its SHA-256
        var package = Path.Combine(database.DataPath, "files", ArchiveWork.PackagePathFor(result.Programme));
        await using (var stream = File.OpenRead(package))
        {
            var check = await ArchiveVerifier.VerifyPackageAsync(stream, CancellationToken.None);
            Assert.Empty(check.Problems);
            Assert.Equal(result.Files, check.Manifest!.Entries.Count(e => e.Kind == ArchiveEntryKind.File));
            Assert.Equal(result.Runs[^1].Entries, check.Manifest.Entries.Count);
        }
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            Assert.Equal(result.Files, await db.Attachments.CountAsync(a => a.ProgrammeId == result.Programme));
            Assert.Equal(ArchiveStatus.Ready, (await db.Set<ProgrammeArchive>().SingleAsync(a => a.ProgrammeId == result.Programme)).Status);
        });
        Assert.False(File.Exists(Path.Combine(database.DataPath, "files", "raw-disk-write.bin")));
    }
}
