using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Tests.Infrastructure;

/// <summary>
/// Plays another user changing a case at the worst moment: once armed, right after the application next reads a case's version, the
/// case's version is raised (as any save of the case would), so the request's own move of that case is stale. Register it with
/// <c>AppFactory.CreateAsync(provider, configure: bump.Register)</c>.
/// </summary>
public sealed class CaseVersionBump : DbCommandInterceptor
{
    private AppFactory? _app;
    private Guid? _caseId;
    private Func<string, bool> _also = _ => true;

    /// <summary>How many times the version was raised.</summary>
    public int Bumped { get; private set; }

    public void Register(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(this));
        services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(this));
    });

    /// <summary>
    /// The next read of a case's version (any case: the request under test reads only its own) raises <paramref name="caseId"/>'s;
    /// <paramref name="also"/> narrows the reads that count by their SQL (a page may read the case before the work under test does).
    /// </summary>
    public void Arm(AppFactory app, Guid caseId, Func<string, bool>? also = null) => (_app, _caseId, _also) = (app, caseId, also ?? (_ => true));

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken ct = default)
    {
        if (_caseId is { } id && _app is { } app
            && command.CommandText.Contains("FROM \"Cases\"", StringComparison.Ordinal) && command.CommandText.Contains("\"Version\"", StringComparison.Ordinal) && _also(command.CommandText))
        {
            _caseId = null;
            await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.Where(c => c.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, c => c.Version + 1)));
            Bumped++;
        }
        return result;
    }
}
