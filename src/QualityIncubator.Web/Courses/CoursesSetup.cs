using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Courses;

/// <summary>Registration of the course stages (4.3 awareness, 4.5 theory): services, downloads and the JSON API.</summary>
public static class CoursesSetup
{
    public static void AddCourses(this IServiceCollection services) => services.AddScoped<CourseWork>();

    public static void MapCoursesEndpoints(this WebApplication app)
    {
        app.MapGet("/Courses/Material/{materialId:guid}", OpenMaterialAsync).RequireAuthorization().WithTags("Courses").WithSummary("打开课程资料（参训组织、授课专家、区评审办）");

        app.MapGet("/Courses/Session/{sessionId:guid}/Roll.xlsx", async Task<Results<FileContentHttpResult, NotFound>> (Guid sessionId, ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
        {
            if (!ResourceAccess.IsOffice(user) && !await CourseQueries.TeachesAsync(db, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", sessionId, ct))
            {
                return TypedResults.NotFound();
            }
            var roll = await CourseQueries.RollAsync(db, sessionId, ct);
            return roll is null ? TypedResults.NotFound() : TypedResults.File(RollExport.Write(roll), Spreadsheet.ContentType, RollExport.FileName(roll));
        }).RequireAuthorization().WithTags("Courses").WithSummary("导出点名表（区评审办或本场授课专家）");

        CoursesApi.Map(app);
    }

    /// <summary>Opens a material for someone taking part: the Office, a lecturer of the course, or an organization at that course's stage. The first opening counts towards study progress.</summary>
    private static async Task<Results<FileStreamHttpResult, RedirectHttpResult, NotFound>> OpenMaterialAsync(Guid materialId, ClaimsPrincipal user, AppDbContext db, FileStore store, CourseWork work, CancellationToken ct)
    {
        var material = await db.Set<CourseMaterial>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == materialId, ct);
        var course = material is null ? null : await db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == material.CourseId, ct);
        if (material is null || course is null)
        {
            return TypedResults.NotFound();
        }
        var organization = ResourceAccess.OrganizationOf(user);
        if (user.IsInRole(Roles.Organization) && organization is { } org)
        {
            var state = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == course.ProgrammeId && c.OrganizationId == org).Select(c => (CaseState?)c.State).FirstOrDefaultAsync(ct);
            if (state is not { } s || !MayOpen(course.Stage, s))
            {
                return TypedResults.NotFound();
            }
            if (course.Stage == CourseStage.Awareness && s is CaseState.Eligible or CaseState.Awareness)
            {
                await work.RecordOpenedAsync(course.ProgrammeId, org, course.Id, ct);
            }
        }
        else if (!ResourceAccess.IsOffice(user))
        {
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
            var teaches = user.IsInRole(Roles.Expert) && await db.Set<SessionLecturer>().AnyAsync(l => l.Expert!.UserId == userId
                && db.Set<CourseSession>().Any(s => s.Id == l.SessionId && s.CourseId == course.Id), ct);
            if (!teaches)
            {
                return TypedResults.NotFound();
            }
        }
        if (material.AttachmentId is not { } attachmentId)
        {
            return TypedResults.Redirect(material.Url!);
        }
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId, ct);
        if (attachment is null)
        {
            return TypedResults.NotFound();
        }
        db.Audit(AuditActions.FileDownloaded, nameof(Attachment), attachment.Id.ToString(), null, new { attachment.FileName, Material = material.Title }, course.ProgrammeId);
        await db.SaveChangesAsync(ct);
        return TypedResults.File(store.OpenRead(attachment.Sha256), attachment.ContentType, attachment.FileName);
    }

    /// <summary>
    /// Awareness materials are for organizations from eligibility on, theory materials for pool members only. An organization that withdrew
    /// (4.3.5) or left the pool (4.4.4.3) takes no more part in the programme's courses: it sees which courses it studied, not the materials.
    /// </summary>
    public static bool MayOpen(CourseStage stage, CaseState state) => stage == CourseStage.Awareness
        ? state is not (CaseState.Applied or CaseState.Ineligible or CaseState.Withdrawn or CaseState.Exited)
        : CourseEnrolment.PoolStates.Contains(state);
}
