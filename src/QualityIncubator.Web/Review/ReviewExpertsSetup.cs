namespace QualityIncubator.Web.Review;

/// <summary>Registration of the expert rating, the improvement actions and the expert team adjustment of clause 5 (5.2, 5.3).</summary>
public static class ReviewExpertsSetup
{
    public static void AddReviewExperts(this IServiceCollection services)
    {
        services.AddScoped<RatingWork>();
        services.AddScoped<ImprovementWork>();
    }

    public static void MapReviewExpertsEndpoints(this WebApplication app) => app.MapReviewExpertsApi();
}
