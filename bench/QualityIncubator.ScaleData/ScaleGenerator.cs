using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.ScaleData;

/// <summary>What a run made: the manifest (also written to scale.json), the time per phase, and anything it could not meet exactly.</summary>
public sealed record ScaleResult(ScaleManifest Manifest, IReadOnlyList<PhaseTiming> Phases, IReadOnlyList<string> Warnings, ChainVerification Chain, TimeSpan Elapsed);

/// <summary>
/// The scale data set (bench/README.md): plans a deterministic data set for a size, seed and as-of date, builds the product itself
/// (<see cref="QualityIncubatorApp.Create"/>), migrates through <see cref="StartupTasks"/>, and writes the plan through the product's services.
/// </summary>
public static class ScaleGenerator
{
    public static async Task<ScaleResult> RunAsync(ScaleOptions options, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var progress = new Progress(output);
        var asOf = options.ResolvedAsOf;
        var dataPath = options.FullDataPath;
        progress.Line(string.Create(CultureInfo.InvariantCulture,
            $"scale data set '{options.Size.Name}', seed {options.Seed}, as of {asOf:yyyy-MM-dd}, {options.Provider} → {Describe(options)}, data folder {dataPath}"));

        var planner = new Planner(options.Size, options.Seed, asOf);
        ScalePlan plan = null!;
        await progress.StepAsync("plan", "decide every record", 1, 1, _ =>
        {
            plan = planner.Build();
            return Task.CompletedTask;
        });

        Directory.CreateDirectory(dataPath);
        if (options.Reset)
        {
            await ResetAsync(options, dataPath, ct);
        }
        if (options.Provider == ScaleProvider.Postgres)
        {
            await CreatePostgresDatabaseAsync(options, ct);
        }
        var clock = new SimulatedClock(plan.PoolCreatedAt.AddDays(-1));
        await using var app = QualityIncubatorApp.Create(HostArguments(options.Provider, options.ResolvedConnectionString, dataPath, options.ResolvedPassword), b => b.Services.AddSingleton<TimeProvider>(clock));

        await progress.StepAsync("migrate", "migrations, code lists, admin", 1, 1, async _ =>
        {
            var code = await StartupTasks.RunAsync(app, new StartupCommand(StartupCommand.Migrate, Demo: false));
            if (code != 0)
            {
                throw new InvalidOperationException("migration failed");
            }
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Programmes.AnyAsync(ct))
            {
                throw new InvalidOperationException("the database already holds programmes: generate into an empty database, or pass --reset to delete this one first");
            }
        }

        var writer = new ScaleWriter(app.Services, clock, plan, options, progress, planner.Warnings);
        await writer.WriteAsync();
        await progress.StepAsync("audit top-up", "sign-ins and material openings", 1, 1, t => writer.TopUpAuditAsync(t, asOf));

        ChainVerification chain = null!;
        clock.UtcNow = ChinaTime.StartOfDayUtc(asOf).AddMinutes(-1);
        await progress.StepAsync("verify", "audit hash chain", 1, 1, async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            chain = await AuditVerifier.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
        });
        progress.Line(chain.Message);

        var manifest = await ManifestAsync(app.Services, options, plan, asOf, dataPath, progress.Elapsed, ct);
        await File.WriteAllTextAsync(Path.Combine(dataPath, ScaleManifest.FileName), manifest.ToJson(), ct);
        Summary(progress, manifest, planner.Warnings, options);
        return new ScaleResult(manifest, progress.Phases, planner.Warnings, chain, progress.Elapsed);
    }

    /// <summary>Plans only (no database): what a run with these options would write, against what the size promises, and any shortfall.</summary>
    public static IReadOnlyList<string> DryRun(ScaleOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var planner = new Planner(options.Size, options.Seed, options.ResolvedAsOf);
        var plan = planner.Build();
        var orgs = plan.Organizations.ToList();
        var size = options.Size;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan of '{size.Name}', seed {options.Seed}, as of {options.ResolvedAsOf:yyyy-MM-dd} ({watch.Elapsed.TotalSeconds:0.0} s):"));
        foreach (var p in plan.Programmes)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Title}  {p.Stage,-18} {p.Orgs.Count,6:N0} organizations, pool {p.Orgs.Count(o => o.InPool),5:N0}{(p.IsLargest ? "  [largest]" : "")}"));
        }
        foreach (var (name, planned, promised) in new (string, long, long)[]
                 {
                     ("organizations", orgs.Count, size.Organizations), ("experts", plan.Experts.Count, size.Experts),
                     ("appendixBForms", orgs.Count(o => o.HasBaselineForm) + orgs.Count(o => o.HasFinalForm), size.AppendixBForms),
                     ("expertReviews", orgs.Sum(o => o.Reviewers), size.ExpertReviews),
                     ("attendance", plan.Programmes.SelectMany(p => p.Courses).SelectMany(c => c.Sessions).Sum(s => s.Attendance.Count), size.Attendance),
                     ("storedFiles", plan.Programmes.Sum(p => p.Courses.Count) + orgs.Sum(o => (o.BaselineSubmitted ? 1 : 0) + o.EvidenceFiles + o.FinalFiles + o.ApplicationFiles), size.StoredFiles),
                 })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-16} {planned,9:N0}  (size promises {promised:N0})"));
        }
        foreach (var warning in planner.Warnings)
        {
            output.WriteLine("WARNING: " + warning);
        }
        return planner.Warnings;
    }

    private static string Describe(ScaleOptions options) => options.Provider == ScaleProvider.Postgres
        ? "database " + new Npgsql.NpgsqlConnectionStringBuilder(options.ResolvedConnectionString).Database
        : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ResolvedConnectionString).DataSource;

    /// <summary>The settings the site takes, as command-line arguments: the same data folder and database, the shared password for admin.</summary>
    internal static string[] HostArguments(ScaleProvider provider, string connectionString, string dataPath, string adminPassword) =>
    [
        "--applicationName", typeof(QualityIncubatorApp).Assembly.GetName().Name!,
        "--contentRoot", AppContext.BaseDirectory,
        "--Storage:DataPath", dataPath,
        "--Database:Provider", provider == ScaleProvider.Postgres ? "Postgres" : "Sqlite",
        provider == ScaleProvider.Postgres ? "--ConnectionStrings:Postgres" : "--ConnectionStrings:Sqlite", connectionString,
        "--Bootstrap:AdminPassword", adminPassword,
        "--Smtp:RunSender", "false",
        "--Logging:LogLevel:Default", "Warning",
    ];

    /// <summary>Creates the PostgreSQL database when it does not exist yet (the migrations then fill it; the role needs CREATEDB).</summary>
    private static async Task CreatePostgresDatabaseAsync(ScaleOptions options, CancellationToken ct)
    {
        var (name, admin) = PostgresNames(options);
        await using var connection = new Npgsql.NpgsqlConnection(admin);
        await connection.OpenAsync(ct);
        await using var exists = new Npgsql.NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {Quote(name)}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The database of the connection string, and a connection string to the server's maintenance database.</summary>
    private static (string Name, string Admin) PostgresNames(ScaleOptions options)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(options.ResolvedConnectionString);
        var name = target.Database ?? throw new InvalidOperationException("the PostgreSQL connection string names no database");
        return (name, new Npgsql.NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" }.ConnectionString);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Deletes the database (SQLite file, or the PostgreSQL database) and the file store of a previous run.</summary>
    private static async Task ResetAsync(ScaleOptions options, string dataPath, CancellationToken ct)
    {
        if (options.Provider == ScaleProvider.Postgres)
        {
            var (name, admin) = PostgresNames(options);
            await using var connection = new Npgsql.NpgsqlConnection(admin);
            await connection.OpenAsync(ct);
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(ct);
        }
        else
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ResolvedConnectionString).DataSource;
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
        var files = Path.Combine(dataPath, "files");
        if (Directory.Exists(files))
        {
            Directory.Delete(files, recursive: true);
        }
        File.Delete(Path.Combine(dataPath, ScaleManifest.FileName));
    }

    private static async Task<ScaleManifest> ManifestAsync(IServiceProvider services, ScaleOptions options, ScalePlan plan, DateOnly asOf, string dataPath, TimeSpan elapsed, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var largest = plan.Largest;
        // a sample organization as far along as the largest programme allows, and an expert with report reviews in it
        var org = largest.Orgs.OrderByDescending(o => o.State switch
        {
            CaseState.Showcased or CaseState.Completed => 3,
            CaseState.SiteVisited => 2,
            CaseState.Theory or CaseState.InPool => 1,
            _ => 0,
        }).ThenBy(o => o.Index).First();
        var load = await db.ExpertAssignments.AsNoTracking().Where(a => a.ProgrammeId == largest.Id && a.Role == AssignmentRole.ReportReviewer)
            .GroupBy(a => a.ExpertId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var planned = plan.Experts.OrderByDescending(e => load.GetValueOrDefault(e.Id)).ThenBy(e => e.Index).First();
        var expertId = planned.Id;
        var assignment = await db.ExpertAssignments.AsNoTracking().Where(a => a.ProgrammeId == largest.Id && a.ExpertId == expertId && a.Role == AssignmentRole.ReportReviewer)
            .OrderBy(a => a.CreatedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        var visit = await db.Set<SiteVisit>().AsNoTracking().Where(v => v.ProgrammeId == largest.Id && v.OrganizationId == org.OrganizationId).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
        var session = largest.Courses.Where(c => c.Preset.Stage == CourseStage.Theory).SelectMany(c => c.Sessions).Where(s => s.Attendance.Count > 0).Select(s => (Guid?)s.Id).FirstOrDefault();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["programmes"] = await db.Programmes.LongCountAsync(ct),
            ["organizations"] = await db.Organizations.LongCountAsync(ct),
            ["applications"] = await db.Applications.LongCountAsync(ct),
            ["cases"] = await db.Cases.LongCountAsync(ct),
            ["caseEvents"] = await db.CaseEvents.LongCountAsync(ct),
            ["users"] = await db.Users.LongCountAsync(ct),
            ["experts"] = await db.Experts.LongCountAsync(ct),
            ["expertConflicts"] = await db.ExpertConflicts.LongCountAsync(ct),
            ["expertAssignments"] = await db.ExpertAssignments.LongCountAsync(ct),
            ["appendixBForms"] = await db.Set<SelfEvaluation>().LongCountAsync(ct),
            ["expertReviews"] = await db.Set<ExpertReview>().LongCountAsync(ct),
            ["reviewConsensus"] = await db.Set<ReviewConsensus>().LongCountAsync(ct),
            ["qualityAnalyses"] = await db.Set<QualityAnalysis>().LongCountAsync(ct),
            ["poolMembers"] = await db.Set<Web.Pool.PoolMember>().LongCountAsync(ct),
            ["courseSessions"] = await db.Set<CourseSession>().LongCountAsync(ct),
            ["studyRecords"] = await db.Set<StudyRecord>().LongCountAsync(ct),
            ["attendance"] = await db.Set<Attendance>().LongCountAsync(ct),
            ["siteVisits"] = await db.Set<SiteVisit>().LongCountAsync(ct),
            ["siteVisitOpinions"] = await db.Set<SiteVisitOpinion>().LongCountAsync(ct),
            ["showcaseProfiles"] = await db.Set<Web.Showcase.ShowcaseProfile>().LongCountAsync(ct),
            ["notifications"] = await db.Notifications.LongCountAsync(ct),
            ["storedFiles"] = await db.StoredFiles.LongCountAsync(ct),
            ["attachments"] = await db.Attachments.LongCountAsync(ct),
            ["auditEvents"] = await db.AuditEvents.LongCountAsync(ct),
        };
        return new ScaleManifest(options.Size.Name, options.Seed, asOf, options.Provider.ToString(),
            options.Provider == ScaleProvider.Postgres ? new Npgsql.NpgsqlConnectionStringBuilder(options.ResolvedConnectionString).Database : null,
            dataPath, options.ResolvedPassword, plan.Office[0].UserName, largest.Id,
            [.. plan.Programmes.Select(p => new ManifestProgramme(p.Id, p.Title, p.Year, p.Stage.ToString(), p.Orgs.Count, p.IsLargest))],
            new ManifestSample(org.OrganizationId, org.Name, org.UserName, org.CaseId, org.ApplicationId, visit, planned.UserName, expertId, assignment, session),
            counts, DateTime.UtcNow, Math.Round(elapsed.TotalSeconds, 1));
    }

    private static void Summary(Progress progress, ScaleManifest manifest, IReadOnlyList<string> warnings, ScaleOptions options)
    {
        progress.Line("phase                      steps      rows     audit    seconds");
        foreach (var phase in progress.Phases)
        {
            progress.Line(string.Create(CultureInfo.InvariantCulture,
                $"{phase.Name,-24} {phase.Steps,6} {phase.Rows,9:N0} {phase.AuditEvents,9:N0} {phase.Elapsed.TotalSeconds,10:0.0}"));
        }
        progress.Line(string.Create(CultureInfo.InvariantCulture, $"total {progress.Elapsed.TotalSeconds:0.0} s ({progress.Elapsed:hh\\:mm\\:ss}); {progress.Rows:N0} rows, {progress.AuditEvents:N0} audit events written"));
        var size = options.Size;
        foreach (var (name, promised) in new (string, long)[]
                 {
                     ("organizations", size.Organizations), ("experts", size.Experts), ("appendixBForms", size.AppendixBForms), ("expertReviews", size.ExpertReviews),
                     ("attendance", size.Attendance), ("storedFiles", size.StoredFiles), ("auditEvents", size.AuditEvents),
                 })
        {
            var actual = manifest.Counts[name];
            progress.Line(string.Create(CultureInfo.InvariantCulture, $"  {name,-16} {actual,9:N0}  (size promises {(name == "auditEvents" ? "at least " : "")}{promised:N0})"));
        }
        foreach (var warning in warnings)
        {
            progress.Line("WARNING: " + warning);
        }
        progress.Line($"largest programme {manifest.LargestProgrammeId}: {manifest.Programmes[0].Title} ({manifest.Programmes[0].Stage})");
        progress.Line($"logins: {manifest.OfficeUserName} (Office), {manifest.Sample.ExpertUserName} (expert), {manifest.Sample.OrganizationUserName} (organization); password {manifest.Password}");
        progress.Line($"wrote {Path.Combine(manifest.DataPath, ScaleManifest.FileName)}");
    }
}
