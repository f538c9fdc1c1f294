namespace QualityIncubator.Web.Assessment;

/// <summary>Registration of the baseline assessment stage (4.4).</summary>
public static class AssessmentSetup
{
    public static void AddAssessment(this IServiceCollection services) => services.AddScoped<SelfEvaluationWork>();
}
