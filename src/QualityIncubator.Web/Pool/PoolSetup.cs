using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Pool;

/// <summary>Registration of the incubation pool (4.4.4): the service and the Office's export.</summary>
public static class PoolSetup
{
    public static void AddPool(this IServiceCollection services) => services.AddScoped<PoolWork>();

    public static void MapPoolEndpoints(this WebApplication app) =>
        app.MapGet("/Pool/Export/{programmeId:guid}", async Task<Results<FileContentHttpResult, NotFound>> (Guid programmeId, AppDbContext db, CancellationToken ct) =>
        {
            var title = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => p.Title).FirstOrDefaultAsync(ct);
            if (title is null)
            {
                return TypedResults.NotFound();
            }
            var members = await PoolQueries.MembersAsync(db, programmeId, ct);
            return TypedResults.File(PoolExport.Write(members), Spreadsheet.ContentType, PoolExport.FileName(title));
        }).RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Pool").WithSummary("导出培育孵化库入库及退出名单（Excel）");
}
