using QualityIncubator.Web.Archive;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;
using QualityIncubator.Web.SiteVisits;
using QualityIncubator.Web.Showcase;

// Commands: (none) serve the site; `migrate` apply migrations and exit; `verify-audit` check the audit chain and exit.
// Switch: `--demo` also loads the labelled demo programme (演示).
var command = StartupCommand.Parse(args, out var hostArgs);
var builder = WebApplication.CreateBuilder(hostArgs);

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

var app = builder.Build();

var exitCode = await StartupTasks.RunAsync(app, command);
if (exitCode is { } code)
{
    return code;
}

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

await app.RunAsync();
return 0;

public partial class Program;
