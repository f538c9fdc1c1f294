namespace QualityIncubator.Web.SiteVisits;

/// <summary>Registration of on-site coaching (4.6): services. The stage's pages are Razor Pages under /SiteVisits.</summary>
public static class SiteVisitsSetup
{
    public static void AddSiteVisits(this IServiceCollection services) => services.AddScoped<SiteVisitWork>();

    /// <summary>No JSON endpoints yet; kept so Program.cs maps every stage the same way.</summary>
    public static void MapSiteVisitsEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
    }
}
