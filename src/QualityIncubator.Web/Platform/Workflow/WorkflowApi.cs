using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Platform.Workflow;

public sealed record CaseEventDto(CaseState? From, CaseState To, string ToLabel, DateTime At, string? ActorName, string? Reason);

public sealed record CaseDto(Guid Id, Guid ProgrammeId, string ProgrammeTitle, Guid OrganizationId, string OrganizationName, string CreditCode,
    CaseState State, string StateLabel, string? ClosingReason, long Version, IReadOnlyList<CaseEventDto> Timeline, IReadOnlyList<CaseState> NextStates);

public sealed record TransitionRequest(CaseState To, string? Reason, long Version);

/// <summary>/api/v1/cases: an organization's case in a programme and its timeline.</summary>
public static class WorkflowApi
{
    public static void MapWorkflowApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/cases").WithCsrfCheck().WithTags("Cases");

        api.MapGet("/{id:guid}", async Task<Results<Ok<CaseDto>, NotFound>> (Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
            await LoadAsync(db, id, user, ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound())
            .WithSummary("组织在培育计划中的进程及时间线");

        api.MapPost("/{id:guid}/transitions", async Task<Results<Ok<CaseDto>, NotFound, ForbidHttpResult, ProblemHttpResult>> (
            Guid id, TransitionRequest request, ClaimsPrincipal user, AppDbContext db, CaseWorkflow workflow, CancellationToken ct) =>
        {
            var @case = await db.Cases.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.OrganizationId }).FirstOrDefaultAsync(ct);
            if (@case is null || !ResourceAccess.CanSeeOrganization(user, @case.OrganizationId))
            {
                return TypedResults.NotFound();
            }
            if (!MayRequest(user, request.To))
            {
                return TypedResults.Forbid();
            }
            var result = await workflow.TransitionAsync(id, request.To, request.Reason, request.Version, ct);
            if (!result.Succeeded)
            {
                return TypedResults.Problem(result.Error, statusCode: result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity);
            }
            return TypedResults.Ok((await LoadAsync(db, id, user, ct))!);
        }).WithSummary("变更组织状态（区评审办；申报组织只能申请退出）");
    }

    /// <summary>The Office moves cases; an organization may only withdraw itself (4.3.5).</summary>
    public static bool MayRequest(ClaimsPrincipal user, CaseState to) =>
        ResourceAccess.IsOffice(user) || (user.IsInRole(Roles.Organization) && to == CaseState.Withdrawn);

    public static async Task<CaseDto?> LoadAsync(AppDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Id, x.ProgrammeId, ProgrammeTitle = x.Programme!.Title, x.OrganizationId, OrganizationName = x.Organization!.Name, x.Organization.CreditCode, x.State, x.ClosingReason, x.Version })
            .FirstOrDefaultAsync(ct);
        if (c is null || !ResourceAccess.CanSeeOrganization(user, c.OrganizationId))
        {
            return null;
        }
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new { e.From, e.To, e.At, e.ActorName, e.Reason }).ToListAsync(ct);
        var next = CaseTransitions.From(c.State).Select(t => t.To).Where(to => MayRequest(user, to)).ToList();
        return new CaseDto(c.Id, c.ProgrammeId, c.ProgrammeTitle, c.OrganizationId, c.OrganizationName, c.CreditCode, c.State, CaseTransitions.Label(c.State),
            c.ClosingReason, c.Version, [.. events.Select(e => new CaseEventDto(e.From, e.To, CaseTransitions.Label(e.To), e.At, e.ActorName, e.Reason))], next);
    }
}
