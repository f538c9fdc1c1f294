using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QualityIncubator.Web.Platform.Data;

/// <summary>/healthz: healthy only when the database answers a query.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Programmes.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).FirstOrDefaultAsync(cancellationToken);
            return HealthCheckResult.Healthy("数据库正常");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("数据库不可用", ex);
        }
    }
}
