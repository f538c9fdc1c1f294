using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;

namespace QualityIncubator.Web.Experts;

/// <summary>Registration of the expert-selection stage (4.2).</summary>
public static class ExpertsSetup
{
    public static void AddExperts(this IServiceCollection services)
    {
        services.AddScoped<ExpertWork>();
        services.AddScoped<ExpertAccess>();
        services.AddScoped<ExpertProposals>();
    }

    public static void MapExpertsEndpoints(this WebApplication app)
    {
        app.MapGet("/Experts/ImportTemplate", () => TypedResults.File(ExpertImport.Template(), ApplicationListExport.ContentType, "专家导入模板.xlsx"))
            .RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Experts").WithSummary("专家导入模板（Excel）");
        app.MapExpertsApi();
    }
}
