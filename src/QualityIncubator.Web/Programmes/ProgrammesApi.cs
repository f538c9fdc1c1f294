using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Programmes;

public sealed record AdvanceRequest(ProgrammeStage CurrentStage, long Version);

/// <summary>/api/v1/programmes: the Office's programme operations (4.1.1).</summary>
public static class ProgrammesApi
{
    public static void MapProgrammesApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/programmes").WithCsrfCheck().RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Programmes");

        api.MapGet("/", async (AppDbContext db, int? year, ProgrammeStage? stage, string? q, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await ProgrammeQueries.PageAsync(db, year, stage, q, page, pageSize, ct)))
            .WithSummary("培育计划列表（分页、按年度/阶段/名称筛选）");

        api.MapGet("/{id:guid}", async Task<Results<Ok<ProgrammeDetail>, NotFound>> (Guid id, AppDbContext db, CancellationToken ct) =>
            await ProgrammeQueries.DetailAsync(db, id, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NotFound())
            .WithSummary("培育计划详情（含阶段时间安排和各状态组织数）");

        api.MapPost("/", async Task<Results<Created<ProgrammeDetail>, ValidationProblem>> (ProgrammeInput input, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            if (Validate(input) is { } errors)
            {
                return TypedResults.ValidationProblem(errors, title: "填写内容有误");
            }
            var programme = new Programme { CreatedAt = clock.GetUtcNow().UtcDateTime };
            input.ApplyTo(programme);
            db.Programmes.Add(programme);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/v1/programmes/{programme.Id}", (await ProgrammeQueries.DetailAsync(db, programme.Id, ct))!);
        }).WithSummary("新建培育计划");

        api.MapPut("/{id:guid}", async Task<Results<Ok<ProgrammeDetail>, ValidationProblem, NotFound, ProblemHttpResult>> (Guid id, ProgrammeInput input, AppDbContext db, CancellationToken ct) =>
        {
            // the record first, then the input: an unknown id answers 404 whatever the body
            var programme = await db.Programmes.Include(p => p.Schedule).FirstOrDefaultAsync(p => p.Id == id, ct);
            if (programme is null)
            {
                return TypedResults.NotFound();
            }
            if (Validate(input) is { } errors)
            {
                return TypedResults.ValidationProblem(errors, title: "填写内容有误");
            }
            if (programme.Stage == ProgrammeStage.Sealed)
            {
                return TypedResults.Problem("培育计划已封存归档，不能修改", statusCode: StatusCodes.Status409Conflict);
            }
            input.ApplyTo(programme);
            db.ExpectVersion(programme, input.Version);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return TypedResults.Problem(ConcurrencyMessages.Stale, statusCode: StatusCodes.Status409Conflict);
            }
            return TypedResults.Ok((await ProgrammeQueries.DetailAsync(db, id, ct))!);
        }).WithSummary("修改培育计划（须带 Version，过期则 409）");

        api.MapPost("/{id:guid}/advance", async Task<Results<Ok<ProgrammeDetail>, NotFound, ProblemHttpResult>> (Guid id, AdvanceRequest request, CaseWorkflow workflow, AppDbContext db, CancellationToken ct) =>
        {
            var result = await workflow.AdvanceProgrammeAsync(id, request.CurrentStage, request.Version, ct);
            if (!result.Succeeded)
            {
                return result.Error == WorkflowResult.NotFound().Error ? TypedResults.NotFound()
                    : TypedResults.Problem(result.Error, statusCode: result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity);
            }
            return TypedResults.Ok((await ProgrammeQueries.DetailAsync(db, id, ct))!);
        }).WithSummary("推进到下一阶段");
    }

    /// <summary>Runs the DataAnnotations and IValidatableObject checks the page runs, returning errors keyed by field.</summary>
    internal static Dictionary<string, string[]>? Validate(object input)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true))
        {
            return null;
        }
        return results.SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : [""]).Select(m => (Member: m, r.ErrorMessage)))
            .GroupBy(x => x.Member).ToDictionary(g => g.Key, g => g.Select(x => x.ErrorMessage ?? "填写不正确").ToArray());
    }
}
