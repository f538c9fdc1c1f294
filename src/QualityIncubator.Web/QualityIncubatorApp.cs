using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Archive;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;
using QualityIncubator.Web.Showcase;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Web;

/// <summary>
/// The composition of the one deployable: every stage registers its services, then its pages and endpoints. Program.cs runs it; tools
/// that need the product's own services (the scale-data generator in bench/) build the same application without serving it.
/// </summary>
public static class QualityIncubatorApp
{
    /// <summary>
    /// Builds the application from host arguments (settings such as <c>--Database:Provider Postgres</c>; our commands already taken out).
    /// <paramref name="configure"/> runs after every stage registered itself, before the build: a tool may add or replace a service there.
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddPlatform();
        builder.Services.AddApplications();
        builder.Services.AddExperts();
        builder.Services.AddCourses();
        builder.Services.AddAssessment();
        builder.Services.AddQualityAnalysis();
        builder.Services.AddPool();
        builder.Services.AddSiteVisits();
        builder.Services.AddOpinions();
        builder.Services.AddShowcase();
        builder.Services.AddReview();
        builder.Services.AddReviewExperts();
        builder.Services.AddArchive(builder.Configuration);
        configure?.Invoke(builder);

        return builder.Build();
    }

    /// <summary>The request pipeline, then every stage's pages, endpoints and API.</summary>
    public static void MapEndpoints(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UsePlatform();
        app.MapPlatformApi();
        app.MapProgrammesApi();
        app.MapWorkflowApi();
        app.MapApplicationsApi();
        app.MapExpertsEndpoints();
        app.MapCoursesEndpoints();
        app.MapAssessmentEndpoints();
        app.MapQualityEndpoints();
        app.MapPoolEndpoints();
        app.MapSiteVisitsEndpoints();
        app.MapOpinionEndpoints();
        app.MapShowcaseEndpoints();
        app.MapReviewEndpoints();
        app.MapReviewExpertsEndpoints();
        app.MapArchiveEndpoints();
        app.MapBenchBaselines();
    }
}
