using System.Globalization;
using Microsoft.AspNetCore.Builder;
using QualityIncubator.Web;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.ScaleData.Micro;

/// <summary>
/// The database a micro-benchmark works in: an empty database of either provider (the smoke tests pass theirs) or, from the bench
/// program, a fresh SQLite file in a temporary folder that the benchmark deletes when it is done.
/// </summary>
public sealed record MicroDatabase(ScaleProvider Provider, string ConnectionString, string DataPath, bool Temporary = false)
{
    /// <summary>A fresh SQLite database in a folder of its own under the system's temporary folder (/tmp).</summary>
    public static MicroDatabase TemporarySqlite(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"qi-micro-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return new MicroDatabase(ScaleProvider.Sqlite, $"Data Source={Path.Combine(folder, "qualityincubator.db")};Pooling=true", folder, Temporary: true);
    }

    /// <summary>Deletes a temporary database's folder (the SQLite file, the file store, the packages); leaves a given database alone.</summary>
    public void DeleteIfTemporary()
    {
        if (!Temporary)
        {
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}

/// <summary>The product itself over a micro-benchmark's database: built as the site builds it, migrated by its own startup tasks, not serving.</summary>
internal static class MicroHost
{
    private const string AdminPassword = "Micro-Bench-19580";

    public static async Task<WebApplication> OpenAsync(MicroDatabase database)
    {
        var app = QualityIncubatorApp.Create(ScaleGenerator.HostArguments(database.Provider, database.ConnectionString, Path.GetFullPath(database.DataPath), AdminPassword));
        if (await StartupTasks.RunAsync(app, new StartupCommand(StartupCommand.Migrate, Demo: false)) != 0)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException("migration failed");
        }
        return app;
    }

    /// <summary>A programme in the given stage, added as the Office's "new programme" adds it.</summary>
    public static async Task<Guid> ProgrammeAsync(IServiceProvider services, string title, ProgrammeStage stage = ProgrammeStage.Mobilization)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var programme = new Programme { Year = DateTime.UtcNow.Year, Title = title, Stage = stage, CreatedAt = DateTime.UtcNow };
        db.Programmes.Add(programme);
        await db.SaveChangesAsync();
        return programme.Id;
    }

    /// <summary>
    /// Submitted applications (with their organizations and cases) for the forms, through the product's import
    /// (<see cref="ApplicationWork.ImportAsync"/>, the rows already read), <paramref name="batch"/> rows per transaction.
    /// </summary>
    public static async Task<int> FillAsync(IServiceProvider services, Guid programmeId, IReadOnlyList<ApplicationInput> forms, int batch, TextWriter log, CancellationToken ct)
    {
        var imported = 0;
        for (var start = 0; start < forms.Count; start += batch)
        {
            await using var scope = services.CreateAsyncScope();
            var work = scope.ServiceProvider.GetRequiredService<ApplicationWork>();
            var rows = forms.Skip(start).Take(batch).Select((f, i) => new ImportRow(start + i + 2, f, [])).ToList();
            var (count, errors) = await work.ImportAsync(programmeId, rows, ct);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("the import refused generated rows: " + string.Join("；", errors.Take(5).Select(e => $"{e.Row} {e.Column} {e.Message}")));
            }
            imported += count;
            if (forms.Count > batch)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  filled {imported:N0} of {forms.Count:N0} applications"));
            }
        }
        return imported;
    }
}
