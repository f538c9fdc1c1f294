using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Applications;

public sealed record ApplicationDto(Guid Id, Guid ProgrammeId, Guid OrganizationId, ApplicationStatus Status, string StatusLabel, EligibilityDecision Decision,
    string DecisionLabel, DateTime? SubmittedAt, string? ReturnComment, Guid? CaseId, long Version, ApplicationInput Form);

public sealed record VerdictDto(CriterionStatus Overall, string Summary, IReadOnlyList<CriterionResult> Criteria, EligibilityDecision Decision, string? DecisionReason, string? LeadershipJudgement);

public sealed record WithdrawRequest(long Version, string? Reason);
public sealed record ReturnRequest(long Version, string? Comment);
public sealed record DecisionRequest(long Version, EligibilityDecision Decision, string? Reason, string? LeadershipJudgement);

/// <summary>Registration of the applications stage (4.1): its services, its JSON API and its document downloads.</summary>
public static class ApplicationsApi
{
    public static void AddApplications(this IServiceCollection services) => services.AddScoped<ApplicationWork>();

    public static void MapApplicationsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithCsrfCheck().WithTags("Applications");

        api.MapGet("/programmes/{programmeId:guid}/applications", async (Guid programmeId, AppDbContext db, ApplicationStatus? status, EligibilityDecision? decision,
                string? industry, string? district, string? priority, DateOnly? from, DateOnly? to, string? q, string? sort, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await ApplicationQueries.PageAsync(db, new ApplicationFilter(programmeId, status, decision, industry, district, priority, from, to, q, sort), page, pageSize, null, ct)))
            .RequireAuthorization(PlatformSetup.OfficePolicy).WithSummary("申请书列表（区评审办；分页、排序、筛选）");

        api.MapGet("/applications/{id:guid}", async Task<Results<Ok<ApplicationDto>, NotFound>> (Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
            await LoadAsync(db, id, user, ct) is { } a ? TypedResults.Ok(Dto(a)) : TypedResults.NotFound())
            .WithSummary("读取申请书（区评审办或本组织）");

        api.MapGet("/applications/{id:guid}/eligibility", async Task<Results<Ok<VerdictDto>, NotFound>> (Guid id, ClaimsPrincipal user, AppDbContext db, ApplicationWork work, CancellationToken ct) =>
        {
            var a = await LoadAsync(db, id, user, ct);
            if (a is null || a.Status == ApplicationStatus.Draft)
            {
                return TypedResults.NotFound();
            }
            var v = await work.VerdictAsync(a, ct);
            return TypedResults.Ok(new VerdictDto(v.Overall, v.Summary, v.Criteria, a.Decision, a.DecisionReason, a.LeadershipJudgement));
        }).WithSummary("资格审查规则判断及理由（4.1.2）");

        var mine = api.MapGroup("/programmes/{programmeId:guid}/application").RequireAuthorization(PlatformSetup.OrganizationPolicy);
        mine.MapPut("/", (Guid programmeId, ApplicationInput input, ClaimsPrincipal user, ApplicationWork work, CancellationToken ct) => SaveAsync(programmeId, input, false, user, work, ct))
            .WithSummary("保存本组织申请书草稿");
        mine.MapPost("/submit", (Guid programmeId, ApplicationInput input, ClaimsPrincipal user, ApplicationWork work, CancellationToken ct) => SaveAsync(programmeId, input, true, user, work, ct))
            .WithSummary("提交本组织申请书（须在申报时间内）");

        api.MapPost("/applications/{id:guid}/withdraw", async Task<Results<Ok<ApplicationDto>, NotFound, ProblemHttpResult, ValidationProblem>> (Guid id, WithdrawRequest request, ClaimsPrincipal user, AppDbContext db, ApplicationWork work, CancellationToken ct) =>
        {
            var a = await LoadAsync(db, id, user, ct);
            if (a is null || !user.IsInRole(Roles.Organization))
            {
                return TypedResults.NotFound();
            }
            return await ResultAsync(await work.WithdrawAsync(id, request.Version, request.Reason, ct), db, id, user, ct);
        }).RequireAuthorization(PlatformSetup.OrganizationPolicy).WithSummary("撤回申请书（截止前，本组织）");

        api.MapPost("/applications/{id:guid}/return", async Task<Results<Ok<ApplicationDto>, NotFound, ProblemHttpResult, ValidationProblem>> (Guid id, ReturnRequest request, ClaimsPrincipal user, AppDbContext db, ApplicationWork work, CancellationToken ct) =>
            await LoadAsync(db, id, user, ct) is null ? TypedResults.NotFound() : await ResultAsync(await work.ReturnAsync(id, request.Version, request.Comment, ct), db, id, user, ct))
            .RequireAuthorization(PlatformSetup.OfficePolicy).WithSummary("退回修改（区评审办）");

        api.MapPost("/applications/{id:guid}/decision", async Task<Results<Ok<ApplicationDto>, NotFound, ProblemHttpResult, ValidationProblem>> (Guid id, DecisionRequest request, ClaimsPrincipal user, AppDbContext db, ApplicationWork work, CancellationToken ct) =>
            await LoadAsync(db, id, user, ct) is null ? TypedResults.NotFound()
                : await ResultAsync(await work.DecideAsync(id, request.Version, request.Decision, request.Reason, request.LeadershipJudgement, ct), db, id, user, ct))
            .RequireAuthorization(PlatformSetup.OfficePolicy).WithSummary("确认或改变资格审查结论（区评审办，须写明理由）");

        app.MapGet("/Applications/Docx/{id:guid}", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
        {
            var a = await LoadAsync(db, id, user, ct);
            if (a is null)
            {
                return TypedResults.NotFound();
            }
            var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == a.ProgrammeId).Select(p => new { p.Title, p.IsDemo }).FirstAsync(ct);
            var bytes = AppendixADocument.Build(a.ToAppendixA(await CodeBook.LoadAsync(db, ct), programme.Title, programme.IsDemo));
            return TypedResults.File(bytes, Platform.Files.FileTypes.Docx.ContentType, $"培育孵化项目申请书-{a.OrganizationName}.docx");
        }).WithTags("Applications").WithSummary("申请书 Word 文档（附录A版式）");

        app.MapGet("/Applications/ImportTemplate", async (AppDbContext db, CancellationToken ct) =>
            TypedResults.File(ApplicationImport.Template(await CodeBook.LoadAsync(db, ct)), ApplicationListExport.ContentType, "培育孵化项目申请书导入模板.xlsx"))
            .RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Applications").WithSummary("申请书导入模板（Excel）");

        app.MapGet("/Applications/Export", async Task<Results<FileContentHttpResult, NotFound>> (Guid programmeId, AppDbContext db, ApplicationStatus? status, EligibilityDecision? decision,
            string? industry, string? district, string? priority, DateOnly? from, DateOnly? to, string? q, string? sort, CancellationToken ct) =>
        {
            var title = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => p.Title).FirstOrDefaultAsync(ct);
            if (title is null)
            {
                return TypedResults.NotFound();
            }
            var workbook = await ApplicationListExport.BuildAsync(db, new ApplicationFilter(programmeId, status, decision, industry, district, priority, from, to, q, sort), ct);
            return TypedResults.File(workbook, ApplicationListExport.ContentType, ApplicationListExport.FileName(title));
        }).RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Applications").WithSummary("导出申请书列表（Excel）");
    }

    private static async Task<Results<Ok<ApplicationDto>, NotFound, ProblemHttpResult, ValidationProblem>> SaveAsync(Guid programmeId, ApplicationInput input, bool submit, ClaimsPrincipal user, ApplicationWork work, CancellationToken ct)
    {
        if (ResourceAccess.OrganizationOf(user) is not { } org)
        {
            return TypedResults.NotFound();
        }
        var result = await work.SaveAsync(programmeId, org, input, submit, ct);
        return Map(result) ?? TypedResults.Ok(Dto(result.Application!));
    }

    private static async Task<Results<Ok<ApplicationDto>, NotFound, ProblemHttpResult, ValidationProblem>> ResultAsync(ApplicationResult result, AppDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Map(result) is { } failure)
        {
            return failure;
        }
        db.ChangeTracker.Clear();
        return await LoadAsync(db, id, user, ct) is { } a ? TypedResults.Ok(Dto(a)) : TypedResults.NotFound();
    }

    private static Results<Ok<ApplicationDto>, NotFound, ProblemHttpResult, ValidationProblem>? Map(ApplicationResult result)
    {
        if (result.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: "填写内容有误");
        }
        if (result.Message is not null)
        {
            return TypedResults.Problem(result.Message, statusCode: result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity);
        }
        return null;
    }

    /// <summary>The application when this user may see it: the Office, or the organization it belongs to.</summary>
    public static async Task<Application?> LoadAsync(AppDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var a = await db.Applications.AsNoTracking().Include(x => x.Certifications).Include(x => x.Honours).FirstOrDefaultAsync(x => x.Id == id, ct);
        return a is not null && ResourceAccess.CanSeeOrganization(user, a.OrganizationId) && (a.Status != ApplicationStatus.Draft || !ResourceAccess.IsOffice(user)) ? a : null;
    }

    private static ApplicationDto Dto(Application a) => new(a.Id, a.ProgrammeId, a.OrganizationId, a.Status, ApplicationLabels.Status(a.Status), a.Decision,
        ApplicationLabels.Decision(a.Decision), a.SubmittedAt, a.ReturnComment, a.CaseId, a.Version, ApplicationInput.From(a));
}
