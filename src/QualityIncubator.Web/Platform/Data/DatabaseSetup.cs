using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Platform.Data;

public sealed class DatabaseOptions
{
    /// <summary>Sqlite (default, embedded file) or Postgres (production, several instances).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Apply migrations when the site starts (default). Production can turn it off and run `-- migrate` instead.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);
}

public static class DatabaseSetup
{
    public static void AddAppDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddSingleton(options);
        if (options.IsPostgres)
        {
            var cs = builder.Configuration.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("Database:Provider=Postgres 需要配置 ConnectionStrings:Postgres");
            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>(o => o.UseNpgsql(cs, n => n.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
                .AddInterceptors(AfterCommitInterceptor.Instance));
        }
        else
        {
            var cs = builder.Configuration.GetConnectionString("Sqlite");
            if (string.IsNullOrWhiteSpace(cs))
            {
                var storage = builder.Configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
                var dataPath = FileStore.ResolveDataPath(storage, builder.Environment.ContentRootPath);
                Directory.CreateDirectory(dataPath);
                cs = $"Data Source={Path.Combine(dataPath, "qualityincubator.db")};Pooling=true";
            }
            builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(cs).AddInterceptors(AfterCommitInterceptor.Instance));
        }
    }

    /// <summary>Applies the provider's migrations; on SQLite also switches to WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite())
        {
            var cs = db.Database.GetConnectionString();
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).DataSource;
            if (!string.IsNullOrEmpty(file) && file != ":memory:")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            }
        }
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
