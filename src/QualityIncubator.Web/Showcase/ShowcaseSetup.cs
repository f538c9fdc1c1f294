using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Showcase;

/// <summary>Registration of the showcase of results and exchange (4.7).</summary>
public static class ShowcaseSetup
{
    public static void AddShowcase(this IServiceCollection services) => services.AddScoped<ShowcaseWork>();

    public static void MapShowcaseEndpoints(this WebApplication app) =>
        // the before/after page of 4.7.2 as Word, for the Office or the organization itself
        app.MapGet("/Showcase/Docx/{programmeId:guid}/{organizationId:guid}", async Task<Results<FileContentHttpResult, NotFound>> (Guid programmeId, Guid organizationId,
            ClaimsPrincipal user, ShowcaseWork work, CancellationToken ct) =>
        {
            if (!ResourceAccess.CanSeeOrganization(user, organizationId) || await work.BeforeAfterAsync(programmeId, organizationId, ct) is not { } data)
            {
                return TypedResults.NotFound();
            }
            return TypedResults.File(ShowcaseDocument.Build(data), FileTypes.Docx.ContentType, $"成果展示-{data.OrganizationName}.docx");
        }).RequireAuthorization().WithTags("Showcase").WithSummary("孵化成果展示前后比对 Word 文档（区评审办或本组织）");
}
