using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Assessment;

/// <summary>Registration of the baseline assessment stage (4.4).</summary>
public static class AssessmentSetup
{
    public static void AddAssessment(this IServiceCollection services)
    {
        services.AddScoped<SelfEvaluationWork>();
        services.AddScoped<AssessmentProgress>();
        services.AddScoped<ReviewWork>();
    }

    public static void MapAssessmentEndpoints(this WebApplication app) =>
        // Appendix B as Word: the organization's answers, or a blank form to print before it has started
        app.MapGet("/Assessment/AppendixB/{programmeId:guid}/{organizationId:guid}", async Task<Results<FileContentHttpResult, NotFound>> (Guid programmeId, Guid organizationId,
            ClaimsPrincipal user, AppDbContext db, SelfEvaluationWork work, CancellationToken ct) =>
        {
            if (!ResourceAccess.CanSeeOrganization(user, organizationId)
                || await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId && db.Cases.Any(c => c.ProgrammeId == programmeId && c.OrganizationId == o.Id))
                    .Select(o => o.Name).FirstOrDefaultAsync(ct) is not { } name)
            {
                return TypedResults.NotFound();
            }
            var form = await work.FindAsync(programmeId, organizationId, SelfEvaluationKind.Baseline, ct);
            var bytes = AppendixBDocument.Build(name, form?.SubmittedAt, form?.Answers() ?? []);
            return TypedResults.File(bytes, FileTypes.Docx.ContentType, $"前期自评表-{name}.docx");
        }).RequireAuthorization().WithTags("Assessment").WithSummary("附录B《前期自评表》Word 文档（区评审办或本组织）");
}
