using Microsoft.AspNetCore.Http.HttpResults;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Review;

/// <summary>Registration of the review stage (5): the programme summary's service, its Word file and its JSON API.</summary>
public static class ReviewSetup
{
    public static void AddReview(this IServiceCollection services) => services.AddScoped<SummaryWork>();

    public static void MapReviewEndpoints(this WebApplication app)
    {
        // 5.1.2 the whole summary as Word: the frozen facts once approved, else the facts as they are now
        app.MapGet("/Review/SummaryDocx/{programmeId:guid}", async Task<Results<FileContentHttpResult, NotFound>> (Guid programmeId, SummaryWork work, CancellationToken ct) =>
            await work.CompleteAsync(programmeId, ct) is { } s
                ? TypedResults.File(SummaryDocument.Build(s.Facts, s.Summary), FileTypes.Docx.ContentType, $"培育孵化工作总结-{s.Facts.ProgrammeTitle}.docx")
                : TypedResults.NotFound())
            .RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Review").WithSummary("培育孵化工作总结 Word 文档（5.1.2，区评审办）");

        SummaryApi.Map(app);
    }
}
