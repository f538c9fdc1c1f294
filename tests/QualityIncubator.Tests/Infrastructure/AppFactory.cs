using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Infrastructure;

/// <summary>
/// The real application over a real database (a SQLite file or a PostgreSQL database of its own), with the admin password known.
/// Several factories can share one database to act as several web instances.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "Office-admin-2026";
    public const string UserPassword = "Test-passw0rd-2026";

    private readonly bool _ownsDatabase;
    private readonly int? _kestrelPort;
    private readonly Action<IWebHostBuilder>? _configure;

    public DbProvider Provider { get; }
    public string ConnectionString { get; }
    public string DataPath { get; }
    public RecordingEmailTransport Email { get; } = new();

    private AppFactory(DbProvider provider, string connectionString, string dataPath, bool ownsDatabase, int? kestrelPort, Action<IWebHostBuilder>? configure)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataPath = dataPath;
        _ownsDatabase = ownsDatabase;
        _kestrelPort = kestrelPort;
        _configure = configure;
        if (kestrelPort is { } port)
        {
            UseKestrel(port);
        }
    }

    /// <summary>
    /// A new application on a fresh database; skips (or fails under CI) when the provider is not available. <paramref name="configure"/>
    /// changes settings or services of this application only (say, <c>b =&gt; b.UseSetting("Security:…", "true")</c>).
    /// </summary>
    public static async Task<AppFactory> CreateAsync(DbProvider provider, bool kestrel = false, Action<IWebHostBuilder>? configure = null)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "qi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        string cs;
        if (provider == DbProvider.Postgres)
        {
            if (await PostgresServer.UnavailableReasonAsync() is { } reason)
            {
                Requirements.Unavailable(reason);
            }
            cs = await PostgresServer.CreateDatabaseAsync();
        }
        else
        {
            cs = $"Data Source={Path.Combine(dataPath, "app.db")};Pooling=true";
        }
        var factory = new AppFactory(provider, cs, dataPath, ownsDatabase: true, kestrel ? 0 : null, configure);
        factory.StartServer();
        return factory;
    }

    /// <summary>An application over a database and data folder prepared beforehand (e.g. restored from a backup); dropped afterwards.</summary>
    public static AppFactory Open(DbProvider provider, string connectionString, string dataPath, bool ownsDatabase = true)
    {
        var factory = new AppFactory(provider, connectionString, dataPath, ownsDatabase, null, null);
        factory.StartServer();
        return factory;
    }

    /// <summary>A fresh, empty database of the provider (not migrated) and a data folder for it: where a backup is restored.</summary>
    public static async Task<(string ConnectionString, string DataPath)> EmptyDatabaseAsync(DbProvider provider)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "qi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        if (provider == DbProvider.Postgres)
        {
            if (await PostgresServer.UnavailableReasonAsync() is { } reason)
            {
                Requirements.Unavailable(reason);
            }
            return (await PostgresServer.CreateDatabaseAsync(), dataPath);
        }
        return ($"Data Source={Path.Combine(dataPath, "app.db")};Pooling=true", dataPath);
    }

    /// <summary>A second web instance on the same database and file store (several stateless instances, one database).</summary>
    public AppFactory SecondInstance()
    {
        var other = new AppFactory(Provider, ConnectionString, DataPath, ownsDatabase: false, _kestrelPort is null ? null : 0, _configure);
        other.StartServer();
        return other;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider == DbProvider.Postgres ? "Postgres" : "Sqlite");
        builder.UseSetting($"ConnectionStrings:{(Provider == DbProvider.Postgres ? "Postgres" : "Sqlite")}", ConnectionString);
        builder.UseSetting("Storage:DataPath", DataPath);
        builder.UseSetting("Bootstrap:AdminUserName", AdminUserName);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Smtp:RunSender", "false");
        builder.UseSetting("Security:LoginAttemptsPerMinute", "1000");
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(new ErrorLog(ServerErrors, _output));
            // the configuration's levels (Warning for Microsoft.*) would hide the antiforgery refusals from this provider: it chooses itself
            logging.AddFilter<ErrorLog>(null, LogLevel.Information);
        });
        builder.ConfigureServices(services =>
        {
            // the real hasher with fewer PBKDF2 rounds: tests sign in thousands of times (production keeps Identity's default)
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
            services.RemoveAll<IEmailTransport>();
            services.AddSingleton<IEmailTransport>(Email);
        });
        _configure?.Invoke(builder);
    }

    /// <summary>
    /// Errors the application logged (with their exceptions) and its antiforgery refusals (the reason of a form's 400 请求无效), for a
    /// failing test to show what went wrong on the server. They are also written to the output of the test that started the application,
    /// which xUnit shows when that test fails (a browser test's assertion cannot name them itself).
    /// </summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ServerErrors { get; } = new();

    private readonly Xunit.ITestOutputHelper? _output = TestContext.Current.TestOutputHelper;

    private sealed class ErrorLog(System.Collections.Concurrent.ConcurrentQueue<string> sink, Xunit.ITestOutputHelper? output) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Category(categoryName, sink, output);

        public void Dispose()
        {
        }

        private sealed class Category(string name, System.Collections.Concurrent.ConcurrentQueue<string> sink, Xunit.ITestOutputHelper? output) : ILogger
        {
            private readonly bool _antiforgery = name.Contains("Antiforgery", StringComparison.Ordinal);

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error || (_antiforgery && logLevel >= LogLevel.Information);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }
                var text = formatter(state, exception) + (exception is null ? "" : "\n" + exception);
                sink.Enqueue(text);
                try
                {
                    output?.WriteLine($"[server {logLevel} {name}] {text}");
                }
                catch (InvalidOperationException)
                {
                    // the test that started the application has finished
                }
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> with the application's services in a scope of its own.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task WithScopeAsync(Func<IServiceProvider, Task> work) => WithScopeAsync<bool>(async s =>
    {
        await work(s);
        return true;
    });

    public async Task<string> CreateUserAsync(string role, Guid? organizationId = null, string? prefix = null)
    {
        var userName = $"{prefix ?? role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
        await WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = userName, DisplayName = $"测试{Roles.Label(role)}{userName[^4..]}", Email = $"{userName}@example.invalid", OrganizationId = organizationId };
            var result = await users.CreateAsync(user, UserPassword);
            Assert.True(result.Succeeded, string.Join(";", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
        });
        return userName;
    }

    public Task<Guid> CreateProgrammeAsync(ProgrammeStage stage = ProgrammeStage.Mobilization, string? title = null) => WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var programme = new Programme { Year = 2026, Title = title ?? $"测试计划-{Guid.NewGuid():N}"[..20], Stage = stage, CreatedAt = DateTime.UtcNow };
        db.Programmes.Add(programme);
        await db.SaveChangesAsync();
        return programme.Id;
    });

    public Task<(Guid OrganizationId, Guid CaseId)> CreateCaseAsync(Guid programmeId, string? name = null) => WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var organization = new Organization { Name = name ?? $"测试组织{Guid.NewGuid():N}"[..12], CreditCode = TestData.NewCreditCode(), CreatedAt = DateTime.UtcNow };
        db.Organizations.Add(organization);
        var @case = s.GetRequiredService<CaseWorkflow>().Open(programmeId, organization.Id);
        await db.SaveChangesAsync();
        return (organization.Id, @case.Id);
    });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            if (Provider == DbProvider.Postgres)
            {
                await PostgresServer.DropDatabaseAsync(ConnectionString);
            }
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }
            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow file system: the temp folder is cleaned by the OS.
            }
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>Records emails instead of sending them; can be told to fail, like an SMTP server that is down.</summary>
public sealed class RecordingEmailTransport : IEmailTransport
{
    private readonly List<OutboxMessage> _sent = [];

    public bool IsConfigured { get; set; } = true;
    public bool Failing { get; set; }

    public IReadOnlyList<OutboxMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        if (Failing)
        {
            throw new IOException("SMTP 服务器不可用（测试模拟）");
        }
        lock (_sent)
        {
            _sent.Add(message);
        }
        return Task.CompletedTask;
    }
}
