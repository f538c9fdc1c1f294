using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
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
            var cs = PostgresConnectionString(builder.Configuration.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("Database:Provider=Postgres 需要配置 ConnectionStrings:Postgres"));
            builder.Services.AddPooledDbContextFactory<PostgresAppDbContext>(o => o.UseNpgsql(cs, n => n.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
                .AddInterceptors(AfterCommitInterceptor.Instance));
            AddScopedContext<PostgresAppDbContext>(builder.Services);
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
            builder.Services.AddPooledDbContextFactory<SqliteAppDbContext>(o => o.UseSqlite(cs).AddInterceptors(AfterCommitInterceptor.Instance));
            AddScopedContext<SqliteAppDbContext>(builder.Services);
        }
    }

    /// <summary>
    /// The PostgreSQL connection string as configured, with two settings added unless it says otherwise (bench/README.md):
    /// <list type="bullet">
    /// <item><c>No Reset On Close=true</c>: the product keeps no session state on a connection (its one lock, the audit chain's, is a
    /// transaction lock), so Npgsql need not send <c>DISCARD ALL</c> each time a pooled connection is taken again — which EF Core does
    /// for every query.</item>
    /// <item><c>Max Auto Prepare=50</c>: a statement a connection has run five times is prepared on the server, so PostgreSQL stops
    /// parsing and planning the same SQL for every request (a page's statements spent as long in parse and bind as in execution).</item>
    /// <item><c>SSL Mode=Disable</c> when every host is this machine's loopback (<c>localhost</c>, <c>127.x.x.x</c>, <c>::1</c>): Npgsql's
    /// default (<c>Prefer</c>) encrypts whenever the server offers it, as Debian's PostgreSQL does, and encrypting bytes that never leave
    /// the kernel protects nothing (whoever can read them is root here, and can read the database's files) but cost both processes
    /// 10–20 % of their processor time per request (bench/README.md). A database on another host keeps Npgsql's default.</item>
    /// </list>
    /// </summary>
    public static string PostgresConnectionString(string configured)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        if (!Sets(configured, "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        if (!Sets(configured, "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }
        if (!Sets(configured, "SslMode") && OnlyLoopback(builder.Host))
        {
            builder.SslMode = Npgsql.SslMode.Disable;
        }
        return builder.ConnectionString;
    }

    // Npgsql's Host may list several hosts ("a,b:5433"); a Unix socket directory ("/var/run/postgresql") has no TLS to turn off
    private static bool OnlyLoopback(string? hosts) =>
        !string.IsNullOrWhiteSpace(hosts) && hosts.Split(',', StringSplitOptions.TrimEntries).All(h =>
        {
            var host = h.StartsWith('[') ? h[1..h.IndexOf(']', StringComparison.Ordinal)] : h.Split(':') is [var name, _] ? name : h;
            return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
        });

    /// <summary>How many statements each PostgreSQL connection keeps prepared (the most used; Npgsql replaces the least used).</summary>
    public const int MaxAutoPrepare = 50;

    // whether the string sets the key, compared without spaces or case as Npgsql reads keys ("Max Auto Prepare" = "MaxAutoPrepare");
    // a value — a password holding "ResetOnClose" — is not a key
    private static bool Sets(string configured, string key) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured }.Keys.Cast<string>()
            .Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), key, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The context every request and background scope asks for (<see cref="AppDbContext"/>), taken from EF's pool: a new context per
    /// request cost its options, its internal services and, on SQLite, the connection's functions, every time (bench/README.md: a
    /// fifth of the allocation of a list page). Disposing the scope returns it to the pool.
    /// </summary>
    private static void AddScopedContext<TContext>(IServiceCollection services) where TContext : AppDbContext
    {
        services.AddScoped<AppDbContext>(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext()
                .Lease(sp.GetRequiredService<IAuditActor>(), sp.GetRequiredService<TimeProvider>());
            if (db is SqliteAppDbContext)
            {
                // One open per scope, not per query: each open of a SQLite connection registers EF's SQL functions on it again and each
                // close removes them (a list page runs five queries). Opening a pooled SQLite connection is local and cheap, and EF
                // closes it when the context goes back to the pool.
                db.Database.OpenConnection();
            }
            return db;
        });
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
