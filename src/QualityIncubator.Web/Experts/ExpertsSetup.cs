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
}
