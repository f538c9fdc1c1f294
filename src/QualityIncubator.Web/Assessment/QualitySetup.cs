using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Assessment;

/// <summary>Registration of the quality analysis (4.4.3): the service and the import template.</summary>
public static class QualitySetup
{
    public static void AddQualityAnalysis(this IServiceCollection services) => services.AddScoped<QualityWork>();

    public static void MapQualityEndpoints(this WebApplication app) =>
        app.MapGet("/Assessment/Quality/ImportTemplate", () => TypedResults.File(PenaltyImport.Template(), Spreadsheet.ContentType, "行政处罚导入模板.xlsx"))
            .RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Assessment").WithSummary("行政处罚导入模板（Excel，4.4.3.2）");
}
