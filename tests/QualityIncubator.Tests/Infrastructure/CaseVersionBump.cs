using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;

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
    private CaseState? _moveTo;

    /// <summary>How many times the version was raised.</summary>
    public int Bumped { get; private set; }

    public void Register(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(this));
        services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(this));
    });

    /// <summary>
    /// The next read of a case's version (any case: the request under test reads only its own) raises <paramref name="caseId"/>'s;
    /// <paramref name="also"/> narrows the reads that count by their SQL (a page may read the case before the work under test does);
    /// with <paramref name="moveTo"/> the other user also moves the case to that state.
    /// </summary>
    public void Arm(AppFactory app, Guid caseId, Func<string, bool>? also = null, CaseState? moveTo = null) =>
        (_app, _caseId, _also, _moveTo) = (app, caseId, also ?? (_ => true), moveTo);

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken ct = default)
    {
        if (_caseId is { } id && _app is { } app
            && command.CommandText.Contains("FROM \"Cases\"", StringComparison.Ordinal) && command.CommandText.Contains("\"Version\"", StringComparison.Ordinal) && _also(command.CommandText))
        {
            _caseId = null;
            var moveTo = _moveTo;
            await app.WithScopeAsync(s =>
            {
                var cases = s.GetRequiredService<AppDbContext>().Cases.Where(c => c.Id == id);
                return moveTo is { } state
                    ? cases.ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, c => c.Version + 1).SetProperty(c => c.State, state))
                    : cases.ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, c => c.Version + 1));
            });
            Bumped++;
        }
        return result;
    }
}
