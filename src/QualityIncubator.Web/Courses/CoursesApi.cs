using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Courses;

public sealed record DecisionRequest(ContinuationChoice Choice, string? Reason, long CaseVersion);

public sealed record CheckInRequest(string? Code, IReadOnlyList<Guid> ResponsiblePersonIds);

public sealed record ElectivesRequest(IReadOnlyList<Guid> CourseIds);

/// <summary>The organization's own view of its courses: state, studied awareness courses, chosen electives, mandatory attendance.</summary>
public sealed record MyCoursesDto(Guid CaseId, long CaseVersion, CaseState State, IReadOnlyList<Guid> Studied, IReadOnlyList<Guid> Electives, CourseQueries.ComplianceRow? Attendance);

/// <summary>/api/v1 for the course stages (4.3, 4.5): the Office's catalogue and dashboards, an organization's own progress, decision and check-in.</summary>
public static class CoursesApi
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithCsrfCheck().WithTags("Courses");
        var office = api.MapGroup("/programmes/{programmeId:guid}").RequireAuthorization(PlatformSetup.OfficePolicy);

        office.MapGet("/courses", async Task<Results<Ok<List<CourseQueries.CourseRow>>, NotFound>> (Guid programmeId, AppDbContext db, CancellationToken ct) =>
            await ClosedCases.ProgrammeExistsAsync(db, programmeId, ct) ? TypedResults.Ok(await CourseQueries.CatalogueAsync(db, programmeId, ct)) : TypedResults.NotFound())
            .WithSummary("课程目录（含场次、授课专家、资料）");

        office.MapPost("/courses", async Task<Results<Created<CourseQueries.CourseRow>, ValidationProblem, NotFound>> (Guid programmeId, CourseInput input, AppDbContext db, CourseWork work, CancellationToken ct) =>
        {
            if (ProgrammesApi.Validate(input) is { } errors)
            {
                return TypedResults.ValidationProblem(errors, title: "填写内容有误");
            }
            if (!await ClosedCases.ProgrammeExistsAsync(db, programmeId, ct))
            {
                return TypedResults.NotFound();
            }
            var (course, _) = await work.SaveCourseAsync(programmeId, null, input, ct);
            var row = (await CourseQueries.CatalogueAsync(db, programmeId, ct)).First(c => c.Id == course!.Id);
            return TypedResults.Created($"/api/v1/programmes/{programmeId}/courses/{row.Id}", row);
        }).WithSummary("新建课程");

        office.MapPut("/courses/{courseId:guid}", async Task<Results<Ok<CourseQueries.CourseRow>, ValidationProblem, NotFound, ProblemHttpResult>> (Guid programmeId, Guid courseId, CourseInput input, AppDbContext db, CourseWork work, CancellationToken ct) =>
        {
            if (ProgrammesApi.Validate(input) is { } errors)
            {
                return TypedResults.ValidationProblem(errors, title: "填写内容有误");
            }
            var (course, error) = await work.SaveCourseAsync(programmeId, courseId, input, ct);
            if (course is null)
            {
                return error == ConcurrencyMessages.Stale ? TypedResults.Problem(error, statusCode: StatusCodes.Status409Conflict) : TypedResults.NotFound();
            }
            return TypedResults.Ok((await CourseQueries.CatalogueAsync(db, programmeId, ct)).First(c => c.Id == courseId));
        }).WithSummary("修改课程（须带 Version，过期则 409）");

        office.MapPost("/courses/presets", async Task<Results<Ok<int>, NotFound>> (Guid programmeId, AppDbContext db, CourseWork work, CancellationToken ct) =>
            await ClosedCases.ProgrammeExistsAsync(db, programmeId, ct) ? TypedResults.Ok(await work.AddPresetsAsync(programmeId, ct)) : TypedResults.NotFound())
            .WithSummary("按标准预置课程（4.3.3、4.5.2、4.5.4），返回新增门数");

        office.MapGet("/awareness", async Task<Results<Ok<CourseQueries.AwarenessProgress>, NotFound>> (Guid programmeId, string? show, int? page, int? pageSize, AppDbContext db, CancellationToken ct) =>
            await ClosedCases.ProgrammeExistsAsync(db, programmeId, ct) ? TypedResults.Ok(await CourseQueries.AwarenessProgressAsync(db, programmeId, show, page, pageSize, ct)) : TypedResults.NotFound())
            .WithSummary("普及培育学习进度与继续参与确认（4.3.4–4.3.5；各组织分页，show=undecided/continuing/withdrawn 筛选）");

        office.MapGet("/attendance", async Task<Results<Ok<CourseQueries.TheoryAttendance>, NotFound>> (Guid programmeId, bool? onlyGaps, int? page, int? pageSize, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            await ClosedCases.ProgrammeExistsAsync(db, programmeId, ct)
                ? TypedResults.Ok(await CourseQueries.TheoryAttendanceAsync(db, programmeId, clock.GetUtcNow().UtcDateTime, onlyGaps == true, page, pageSize, ct))
                : TypedResults.NotFound())
            .WithSummary("理论指导必修课程出勤与4.5.3符合情况（库内组织分页，onlyGaps=true 只看未达要求的组织）");

        var mine = api.MapGroup("/me/programmes/{programmeId:guid}").RequireAuthorization(PlatformSetup.OrganizationPolicy);

        mine.MapGet("/courses", async Task<Results<Ok<MyCoursesDto>, NotFound>> (Guid programmeId, ClaimsPrincipal user, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            await MineAsync(programmeId, user, db, clock, ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound())
            .WithSummary("本组织的课程学习、选课与出勤");

        mine.MapPost("/studied/{courseId:guid}", async Task<Results<Ok<MyCoursesDto>, NotFound, ProblemHttpResult>> (Guid programmeId, Guid courseId, ClaimsPrincipal user, AppDbContext db, CourseWork work, TimeProvider clock, CancellationToken ct) =>
        {
            if (ResourceAccess.OrganizationOf(user) is not { } org)
            {
                return TypedResults.NotFound();
            }
            if (await work.MarkStudiedAsync(programmeId, org, courseId, ct) is { } error)
            {
                // a course of another programme, or none: 404 like any record the organization cannot see
                return error == CourseWork.NoSuchCourse ? TypedResults.NotFound() : TypedResults.Problem(error, statusCode: StatusCodes.Status422UnprocessableEntity);
            }
            return TypedResults.Ok((await MineAsync(programmeId, user, db, clock, ct))!);
        }).WithSummary("标记普及培育课程已学习（4.3.4）");

        mine.MapPost("/decision", async Task<Results<Ok<MyCoursesDto>, NotFound, ProblemHttpResult>> (Guid programmeId, DecisionRequest request, ClaimsPrincipal user, AppDbContext db, CourseWork work, TimeProvider clock, CancellationToken ct) =>
        {
            if (ResourceAccess.OrganizationOf(user) is not { } org)
            {
                return TypedResults.NotFound();
            }
            var result = await work.DecideAsync(programmeId, org, request.Choice, request.Reason, request.CaseVersion, ct);
            if (!result.Succeeded)
            {
                return result.Error == WorkflowResult.NotFound().Error ? TypedResults.NotFound()
                    : TypedResults.Problem(result.Error, statusCode: result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity);
            }
            return TypedResults.Ok((await MineAsync(programmeId, user, db, clock, ct))!);
        }).WithSummary("确认继续参与或退出（4.3.5）");

        mine.MapPut("/electives", async Task<Results<Ok<MyCoursesDto>, NotFound, ProblemHttpResult>> (Guid programmeId, ElectivesRequest request, ClaimsPrincipal user, AppDbContext db, CourseWork work, TimeProvider clock, CancellationToken ct) =>
        {
            if (ResourceAccess.OrganizationOf(user) is not { } org)
            {
                return TypedResults.NotFound();
            }
            var decision = await work.ChooseElectivesAsync(programmeId, org, request.CourseIds, ct);
            return decision.Allowed
                ? TypedResults.Ok((await MineAsync(programmeId, user, db, clock, ct))!)
                : TypedResults.Problem(string.Join("；", decision.Reasons), statusCode: StatusCodes.Status422UnprocessableEntity);
        }).WithSummary("选择辅助课程（4.5.5，最多3门）");

        api.MapPost("/sessions/{sessionId:guid}/check-in", async Task<Results<NoContent, NotFound, ProblemHttpResult>> (Guid sessionId, CheckInRequest request, ClaimsPrincipal user, AppDbContext db, CourseWork work, CancellationToken ct) =>
        {
            if (ResourceAccess.OrganizationOf(user) is not { } org)
            {
                return TypedResults.NotFound();
            }
            // the route names the session, not the programme: the closed-case guard is asked here (4.3.5 / 4.4.4.3)
            var programmeId = await db.Set<CourseSession>().AsNoTracking().Where(s => s.Id == sessionId).Select(s => (Guid?)s.ProgrammeId).FirstOrDefaultAsync(ct);
            if (programmeId is { } p && await ClosedCases.RefusalAsync(db, user, p, ct) is { } closed)
            {
                return TypedResults.Problem(closed, title: ClosedCases.Title, statusCode: StatusCodes.Status403Forbidden);
            }
            var error = await work.CheckInAsync(sessionId, org, request.Code, request.ResponsiblePersonIds, ct);
            return error switch
            {
                null => TypedResults.NoContent(),
                // no such session, or one whose roll does not name the organization: 404, as the check-in page answers
                CourseWork.NoSuchSession or CourseWork.NotOnRoll => TypedResults.Problem(error, statusCode: StatusCodes.Status404NotFound),
                _ => TypedResults.Problem(error, statusCode: StatusCodes.Status422UnprocessableEntity),
            };
        }).RequireAuthorization(PlatformSetup.OrganizationPolicy).WithSummary("现场签到（签到码，4.5.3）");
    }

    private static async Task<MyCoursesDto?> MineAsync(Guid programmeId, ClaimsPrincipal user, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        ResourceAccess.OrganizationOf(user) is { } org ? await CourseQueries.OwnAsync(db, programmeId, org, clock.GetUtcNow().UtcDateTime, ct) : null;
}
