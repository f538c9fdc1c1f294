using Microsoft.AspNetCore.Http.HttpResults;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Review;

public sealed record RatingDto(ExpertRatingLevel Level, string LevelLabel, string? Comment, DateTime RatedAt, string? RatedBy, long Version);
public sealed record DecisionDto(TeamDecision Decision, string DecisionLabel, string? Reason, DateTime DecidedAt, string? DecidedBy, long Version);

/// <summary>One expert in one role of the programme with the facts of the work, the rating, the team decision and the record across programmes.</summary>
public sealed record ServedRoleDto(Guid ExpertId, string ExpertName, AssignmentRole Role, string RoleLabel, string Facts, IReadOnlyList<string> Details, string? Note,
    RatingDto? Rating, DecisionDto? Decision, string? Record, bool NeedsAttention, TeamDecision SuggestedDecision, string SuggestionReason, bool HoldsRole, bool Suspended);

public sealed record RatingRequest(Guid ExpertId, AssignmentRole? Role, ExpertRatingLevel? Level, string? Comment, long? Version);
public sealed record DecisionRequest(Guid ExpertId, AssignmentRole? Role, TeamDecision? Decision, string? Reason, long? Version);
public sealed record ImprovementRequest(ProcedureArea? Area, string? Action, string? Owner, DateOnly? DueOn, ImprovementStatus? Status, string? Outcome);

/// <summary>
/// /api/v1 for 5.2–5.3 (Office): the experts who served in a programme with their facts, ratings (PUT, one expert and role at a time, with the
/// version read) and team decisions; the improvement actions; an expert's ratings across programmes. Every change goes through
/// <see cref="RatingWork"/> / <see cref="ImprovementWork"/>, as the pages do.
/// </summary>
public static class ReviewExpertsApi
{
    private const string Invalid = "填写内容有误";

    public static void MapReviewExpertsApi(this WebApplication app)
    {
        var programme = app.MapGroup("/api/v1/programmes/{programmeId:guid}").WithCsrfCheck().RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Review");

        programme.MapGet("/expert-ratings", async Task<Results<Ok<PagedList<ServedRoleDto>>, NotFound>> (Guid programmeId, AssignmentRole? role, int? page, int? pageSize,
            RatingWork work, CancellationToken ct) =>
        {
            if (await work.ProgrammeAsync(programmeId, ct) is null)
            {
                return TypedResults.NotFound();
            }
            var (rows, _) = await work.ServedAsync(programmeId, role, page, pageSize, ct);
            return TypedResults.Ok(new PagedList<ServedRoleDto>([.. rows.Items.Select(ToDto)], rows.Page, rows.PageSize, rows.Total));
        }).WithSummary("参与本计划的专家（按类别，5.2.3）：工作情况、评价、团队调整决定及历次评价汇总（分页，可按类别筛选）");

        programme.MapPut("/expert-ratings", async Task<Results<Ok<ServedRoleDto>, ValidationProblem, NotFound, ProblemHttpResult>> (Guid programmeId, RatingRequest request,
            RatingWork work, CancellationToken ct) =>
        {
            if (request.Role is not { } role)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["请选择专家类别"] }, title: Invalid);
            }
            var result = await work.RateAsync(programmeId, request.ExpertId, role, request.Level, request.Comment, request.Version, ct);
            return await AnswerAsync(result, programmeId, request.ExpertId, role, work, ct);
        }).WithSummary("评价一位专家在一个类别中的工作（好、中、差及评价意见，5.2.2；仅“评估与改进”阶段；修改须带 Version，过期则 409）");

        programme.MapPut("/team-decisions", async Task<Results<Ok<ServedRoleDto>, ValidationProblem, NotFound, ProblemHttpResult>> (Guid programmeId, DecisionRequest request,
            RatingWork work, CancellationToken ct) =>
        {
            if (request.Role is not { } role)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["请选择专家类别"] }, title: Invalid);
            }
            var result = await work.DecideAsync(programmeId, request.ExpertId, role, request.Decision, request.Reason, request.Version, ct);
            return await AnswerAsync(result, programmeId, request.ExpertId, role, work, ct);
        }).WithSummary("调整专家团队（继续聘用、暂停或调出该类别，暂停和调出须写明理由，5.3.2；立即生效；修改须带 Version）");

        programme.MapGet("/improvements", async Task<Results<Ok<PagedList<ImprovementRow>>, NotFound>> (Guid programmeId, ProcedureArea? area, ImprovementStatus? status,
            int? page, int? pageSize, RatingWork programmes, ImprovementWork work, CancellationToken ct) =>
        {
            if (await programmes.ProgrammeAsync(programmeId, ct) is null)
            {
                return TypedResults.NotFound();
            }
            return TypedResults.Ok(await work.List(programmeId, area, status).ToPagedAsync(page, pageSize, ct));
        }).WithSummary("本计划的改进措施（5.3.1；分页，按改进方面、状态筛选）");

        programme.MapPost("/improvements", async Task<Results<Created<ImprovementRow>, ValidationProblem, NotFound, ProblemHttpResult>> (Guid programmeId,
            ImprovementRequest request, ImprovementWork work, CancellationToken ct) =>
        {
            var result = await work.AddAsync(programmeId, new ImprovementInput(request.Area, request.Action, request.Owner, request.DueOn, request.Status ?? ImprovementStatus.Open,
                request.Outcome), ct);
            if (Problem(result) is { } problem)
            {
                return problem.Result switch
                {
                    ValidationProblem v => v,
                    NotFound n => n,
                    ProblemHttpResult p => p,
                    _ => throw new InvalidOperationException(),
                };
            }
            return TypedResults.Created($"/api/v1/programmes/{programmeId}/improvements", (await work.FindAsync(programmeId, result.Id!.Value, ct))!);
        }).WithSummary("新增改进措施（改进方面、措施、责任人、完成期限、状态；仅“评估与改进”阶段）");

        app.MapGet("/api/v1/experts/{expertId:guid}/ratings", async Task<Results<Ok<ExpertRecord>, NotFound>> (Guid expertId, RatingWork work, CancellationToken ct) =>
            await work.RecordAsync(expertId, ct) is { } record ? TypedResults.Ok(record) : TypedResults.NotFound())
            .RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Review")
            .WithSummary("专家历次评价（按计划、类别）与汇总、团队调整决定、当前暂停的类别（5.2、5.3.2）");
    }

    private static async Task<Results<Ok<ServedRoleDto>, ValidationProblem, NotFound, ProblemHttpResult>> AnswerAsync(ReviewResult result, Guid programmeId, Guid expertId,
        AssignmentRole role, RatingWork work, CancellationToken ct)
    {
        if (Problem(result) is { } problem)
        {
            return problem.Result switch
            {
                ValidationProblem v => v,
                NotFound n => n,
                ProblemHttpResult p => p,
                _ => throw new InvalidOperationException(),
            };
        }
        return TypedResults.Ok(ToDto((await work.ServedRoleAsync(programmeId, expertId, role, ct))!));
    }

    /// <summary>A refused write as the API answers it: 400 with the field errors, 404, or 409 (stale version, or not in the Review stage).</summary>
    private static Results<ValidationProblem, NotFound, ProblemHttpResult>? Problem(ReviewResult result) => result.Outcome switch
    {
        ReviewOutcome.Saved => null,
        ReviewOutcome.Invalid => TypedResults.ValidationProblem(
            result.Errors.GroupBy(e => Camel(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: Invalid),
        ReviewOutcome.NotFound => TypedResults.NotFound(),
        ReviewOutcome.Refused or ReviewOutcome.Stale => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict),
    };

    private static string Camel(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    private static ServedRoleDto ToDto(ServedRole r) => new(r.ExpertId, r.ExpertName, r.Role, r.RoleLabel, r.Facts.Headline, r.Facts.Details, r.Facts.Note,
        r.Rating is { } x ? new RatingDto(x.Level, x.LevelLabel, x.Comment, x.RatedAt, x.RatedBy, x.Version) : null,
        r.Decision is { } d ? new DecisionDto(d.Decision, d.DecisionLabel, d.Reason, d.DecidedAt, d.DecidedBy, d.Version) : null,
        r.Record?.Text, r.Record?.NeedsAttention ?? false, r.Suggestion.Decision, r.Suggestion.Reason, r.HoldsRole, r.Suspended);
}
