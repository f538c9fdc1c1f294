using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Experts;

public sealed record ExpertDto(Guid Id, string Name, string? Employer, string? EmployerCreditCode, string? Title, string? Mobile, string? Email,
    IReadOnlyList<string> Industries, string? Specialties, bool IsLecturer, bool IsReportReviewer, bool IsSiteCoach, string? ExaminerCertificate,
    string? AwardReviewExperience, int? YearsOfExperience, ExpertStatus Status, string StatusLabel, bool HasLogin, DateTime CreatedAt, long Version,
    IReadOnlyList<AssignmentRole> SuspendedRoles);

public sealed record ConflictDto(Guid Id, ConflictKind Kind, string KindLabel, string? CreditCode, string? OrganizationName, DateOnly? From, DateOnly? To,
    string? Note, bool DeclaredByOffice, DateTime CreatedAt);

public sealed record ProposalRequest(AssignmentRole? Role, int? PerOrganization, int? MaxPerExpert);
public sealed record ProposedPairDto(Guid OrganizationId, string OrganizationName, Guid ExpertId, string ExpertName, bool Lead, int Score, string Explanation);
public sealed record UncoveredDto(Guid OrganizationId, string OrganizationName, int Missing, string Reason);

/// <param name="Optimal">The engine proved the proposal optimal; otherwise it is within Cost − LowerBound of the optimum.</param>
public sealed record ProposalDto(AssignmentRole Role, IReadOnlyList<ProposedPairDto> Pairs, IReadOnlyList<UncoveredDto> Uncovered, bool Optimal, long Cost, long LowerBound);

public sealed record AssignRequest(Guid ExpertId, Guid OrganizationId, AssignmentRole? Role, bool IsLead, string? Note);
public sealed record RecuseRequest(string? Reason, long Version);

/// <summary>
/// /api/v1 for the expert pool (4.2): the Office keeps the pool, reads conflicts, asks the engine for a proposal and assigns (4.4.2, 4.6.1);
/// an expert reads their own record and tasks and recuses (4.2.3). Every change goes through <see cref="ExpertWork"/>, as the pages do.
/// </summary>
public static class ExpertsApi
{
    private const string Invalid = "填写内容有误";

    public static void MapExpertsApi(this WebApplication app)
    {
        var experts = app.MapGroup("/api/v1/experts").WithCsrfCheck().RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Experts");

        experts.MapGet("/", async (ExpertWork work, string? q, AssignmentRole? role, ExpertStatus? status, string? industry, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await work.Search(new ExpertFilter(q, role, status, industry)).Select(ToDto).ToPagedAsync(page, pageSize, ct)))
            .WithSummary("专家库列表（分页；按姓名/单位/专长、类别、状态、行业筛选）");

        experts.MapGet("/{id:guid}", async Task<Results<Ok<ExpertDto>, NotFound>> (Guid id, AppDbContext db, CancellationToken ct) =>
            await db.Experts.AsNoTracking().Where(e => e.Id == id).Select(ToDto).FirstOrDefaultAsync(ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound())
            .WithSummary("读取专家信息");

        experts.MapPost("/", async Task<Results<Created<ExpertDto>, ValidationProblem, ProblemHttpResult>> (ExpertInput input, ExpertWork work, AppDbContext db, CancellationToken ct) =>
        {
            if (ProgrammesApi.Validate(input) is { } invalid)
            {
                return TypedResults.ValidationProblem(invalid, title: Invalid);
            }
            var (saved, errors, message) = await work.SaveAsync(null, input, byOffice: true, ct);
            if (message is not null)
            {
                return TypedResults.Problem(message, statusCode: StatusCodes.Status409Conflict);
            }
            if (saved is null)
            {
                return FieldProblem(errors);
            }
            return TypedResults.Created($"/api/v1/experts/{saved.Id}", await db.Experts.AsNoTracking().Where(e => e.Id == saved.Id).Select(ToDto).FirstAsync(ct));
        }).WithSummary("新增专家（4.2.1，至少一种专家类别）");

        experts.MapPut("/{id:guid}", async Task<Results<Ok<ExpertDto>, ValidationProblem, NotFound, ProblemHttpResult>> (Guid id, ExpertInput input, ExpertWork work, AppDbContext db, CancellationToken ct) =>
        {
            var expert = await work.FindAsync(id, ct);
            if (expert is null)
            {
                return TypedResults.NotFound();
            }
            if (ProgrammesApi.Validate(input) is { } invalid)
            {
                return TypedResults.ValidationProblem(invalid, title: Invalid);
            }
            var (saved, errors, message) = await work.SaveAsync(expert, input, byOffice: true, ct);
            if (message is not null)
            {
                return TypedResults.Problem(message, statusCode: StatusCodes.Status409Conflict);
            }
            if (saved is null)
            {
                return FieldProblem(errors);
            }
            return TypedResults.Ok(await db.Experts.AsNoTracking().Where(e => e.Id == id).Select(ToDto).FirstAsync(ct));
        }).WithSummary("修改专家信息（须带 Version，过期则 409）");

        experts.MapGet("/{id:guid}/conflicts", async Task<Results<Ok<List<ConflictDto>>, NotFound>> (Guid id, AppDbContext db, CancellationToken ct) =>
        {
            if (!await db.Experts.AsNoTracking().AnyAsync(e => e.Id == id, ct))
            {
                return TypedResults.NotFound();
            }
            return TypedResults.Ok(await db.ExpertConflicts.AsNoTracking().Where(c => c.ExpertId == id).OrderBy(c => c.CreatedAt)
                .Select(c => new ConflictDto(c.Id, c.Kind, ExpertLabels.Kind(c.Kind), c.CreditCode, c.OrganizationName, c.From, c.To, c.Note, c.DeclaredByOffice, c.CreatedAt))
                .ToListAsync(ct));
        }).WithSummary("专家登记的利益关系（4.2.3 回避）");

        var assignments = app.MapGroup("/api/v1/programmes/{programmeId:guid}/assignments").WithCsrfCheck().RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Experts");

        assignments.MapGet("/", async Task<Results<Ok<PagedList<AssignmentRow>>, NotFound>> (Guid programmeId, AppDbContext db, ExpertWork work, AssignmentRole? role,
            AssignmentStatus? status, Guid? expertId, int? page, int? pageSize, CancellationToken ct) =>
        {
            if (!await ClosedCases.ProgrammeExistsAsync(db, programmeId, ct))
            {
                return TypedResults.NotFound();
            }
            return TypedResults.Ok(await work.Assignments(programmeId, role, status, expertId).ToPagedAsync(page, pageSize, ct));
        }).WithSummary("培育计划的专家任务（进行中、已回避、已结束；分页，按任务类别/状态/专家筛选）");

        assignments.MapPost("/proposal", async Task<Results<Ok<ProposalDto>, ValidationProblem, NotFound>> (Guid programmeId, ProposalRequest request, AppDbContext db, ExpertProposals proposals, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (request.Role is null)
            {
                errors["role"] = ["请选择任务类别"];
            }
            if (request.PerOrganization is < 1 or > ExpertProposals.MaxPerOrganization)
            {
                errors["perOrganization"] = [$"每个组织的专家人数应在1至{ExpertProposals.MaxPerOrganization}之间"];
            }
            if (request.MaxPerExpert is < 1 or > ExpertProposals.MaxLoadPerExpert)
            {
                errors["maxPerExpert"] = [$"每位专家任务上限应在1至{ExpertProposals.MaxLoadPerExpert}之间"];
            }
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors, title: Invalid);
            }
            if (!await ClosedCases.ProgrammeExistsAsync(db, programmeId, ct))
            {
                return TypedResults.NotFound();
            }
            var role = request.Role!.Value;
            var proposal = await proposals.ProposeAsync(programmeId, role, request.PerOrganization ?? ExpertProposals.DefaultPerOrganization,
                request.MaxPerExpert ?? ExpertProposals.DefaultMaxPerExpert, ct);
            var names = proposal.OrganizationNames;
            return TypedResults.Ok(new ProposalDto(role,
                [.. proposal.Result.Assignments.Select(a => new ProposedPairDto(a.ItemId, names[a.ItemId], a.ExpertId, a.ExpertName, a.Lead, a.Score, a.Explanation))],
                [.. proposal.Result.Uncovered.Select(u => new UncoveredDto(u.ItemId, u.Label, u.Missing, u.Reason))],
                proposal.Result.Optimal, proposal.Result.Cost, proposal.Result.LowerBound));
        }).WithSummary("分配引擎建议（4.4.2、4.6.1；逐对说明理由、无法满足时说明原因；不保存）");

        assignments.MapPost("/", async Task<Results<Created<AssignmentRow>, ValidationProblem, NotFound>> (Guid programmeId, AssignRequest request, AppDbContext db, ExpertWork work, CancellationToken ct) =>
        {
            if (request.Role is not { } role)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["请选择任务类别"] }, title: Invalid);
            }
            if (!await ClosedCases.ProgrammeExistsAsync(db, programmeId, ct))
            {
                return TypedResults.NotFound();
            }
            if (await work.AssignAsync(programmeId, request.ExpertId, request.OrganizationId, role, request.IsLead, request.Note, ct) is { } refusal)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = [refusal] }, title: "不能分配");
            }
            var row = (await work.Assignments(programmeId, role, AssignmentStatus.Active, request.ExpertId).ToListAsync(ct)).Single(a => a.OrganizationId == request.OrganizationId);
            return TypedResults.Created($"/api/v1/programmes/{programmeId}/assignments?expertId={request.ExpertId}", row);
        }).WithSummary("手动分配一位专家（与页面相同的硬约束校验：在库、具备类别、无利益关系、未重复）");

        var me = app.MapGroup("/api/v1/me").WithCsrfCheck().RequireAuthorization(PlatformSetup.ExpertPolicy).WithTags("Experts");

        me.MapGet("/expert", async Task<Results<Ok<ExpertDto>, NotFound>> (ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
        {
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            return await db.Experts.AsNoTracking().Where(e => e.UserId == userId).Select(ToDto).FirstOrDefaultAsync(ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();
        }).WithSummary("本人的专家库信息（专家）");

        me.MapGet("/assignments", async Task<Results<Ok<PagedList<ExpertTask>>, NotFound>> (ClaimsPrincipal user, AppDbContext db, ExpertWork work, int? page, int? pageSize, CancellationToken ct) =>
            await ExpertIdAsync(db, user, ct) is { } expertId ? TypedResults.Ok(await work.TasksPageAsync(expertId, activeOnly: true, page, pageSize, ct)) : TypedResults.NotFound())
            .WithSummary("本人进行中的任务（分页；只含组织名称，不含组织材料）");

        me.MapPost("/assignments/{id:guid}/recuse", async Task<Results<Ok<ExpertTask>, ValidationProblem, NotFound, ProblemHttpResult>> (Guid id, RecuseRequest request, ClaimsPrincipal user,
            AppDbContext db, ExpertWork work, CancellationToken ct) =>
        {
            var expertId = await ExpertIdAsync(db, user, ct);
            if (expertId is null || !await db.ExpertAssignments.AsNoTracking().AnyAsync(a => a.Id == id && a.ExpertId == expertId, ct))
            {
                return TypedResults.NotFound();
            }
            if (await work.RecuseAsync(expertId.Value, id, request.Reason, request.Version, ct) is { } refusal)
            {
                return refusal.Stale
                    ? TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status409Conflict)
                    : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] }, title: "不能回避");
            }
            return await work.TaskAsync(expertId.Value, id, ct) is { } task ? TypedResults.Ok(task) : TypedResults.NotFound();
        }).WithSummary("申请回避（4.2.3；须写明原因并带 Version，区评审办将收到通知）");
    }

    /// <summary>An expert as the API shows them; labels and the industry list are filled in after the database query.</summary>
    private static readonly Expression<Func<Expert, ExpertDto>> ToDto = e => new ExpertDto(e.Id, e.Name, e.Employer, e.EmployerCreditCode, e.Title, e.Mobile, e.Email,
        Codes(e.Industries), e.Specialties, e.IsLecturer, e.IsReportReviewer, e.IsSiteCoach, e.ExaminerCertificate, e.AwardReviewExperience, e.YearsOfExperience,
        e.Status, ExpertLabels.Status(e.Status), e.UserId != null, e.CreatedAt, e.Version, Suspended(e.SuspendedRoles));

    // 5.3.2 roles held but suspended after a review (ExpertRoles)
    private static AssignmentRole[] Suspended(string? suspendedRoles) => [.. ExpertRoles.ParseSuspended(suspendedRoles).Order()];

    private static string[] Codes(string? industries) => (industries ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static ValidationProblem FieldProblem(IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: Invalid);

    private static Task<Guid?> ExpertIdAsync(AppDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        ExpertWork.ExpertIdOfUserAsync(db, user.FindFirstValue(ClaimTypes.NameIdentifier), ct);
}
