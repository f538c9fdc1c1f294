using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Platform.Workflow;

/// <summary>
/// An organization that withdrew from a programme (已退出, 4.3.5) or left its incubation pool (已退出培育孵化库, 4.4.4.3) keeps reading
/// its own records of that programme (its case and timeline, application, Appendix B, released feedback) but changes nothing more in it:
/// no application, study, elective, self-evaluation, check-in, visit confirmation or showcase. Decided here once, for every request that
/// changes something on a route naming the programme (<see cref="UseProgrammeRouteGuard"/>), and by endpoints that find the programme
/// from another record (a course session's check-in).
/// </summary>
public static class ClosedCases
{
    /// <summary>Where the refusal waits for the Chinese error page (403) of a page request.</summary>
    public const string RefusalItem = "qi.closed-case";

    /// <summary>The refusal's title (the API's problem and the error page); the reason is its detail.</summary>
    public const string Title = "不能再办理";

    /// <summary>The Chinese reason an organization may no longer act in the programme, or null when it may (or is not an organization).</summary>
    public static async Task<string?> RefusalAsync(AppDbContext db, ClaimsPrincipal user, Guid programmeId, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Organization) || ResourceAccess.OrganizationOf(user) is not { } organizationId)
        {
            return null;
        }
        var state = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId)
            .Select(c => (CaseState?)c.State).FirstOrDefaultAsync(ct);
        return state switch
        {
            CaseState.Withdrawn => "本组织已退出本期培育孵化（第4.3.5条），可以查看本组织的记录，但不能再办理本期培育孵化的事项。",
            CaseState.Exited => "本组织已退出培育孵化库（第4.4.4.3条），可以查看本组织的记录，但不能再办理本期培育孵化的事项。",
            _ => null,
        };
    }

    /// <summary>
    /// For every route with a <c>{programmeId}</c>, after authorization and before the handler: a programme that does not exist answers 404
    /// (before any input is looked at), and every POST/PUT/DELETE of a withdrawn or exited organization is refused (403, with the reason).
    /// A new page or endpoint of a programme is covered without doing anything.
    /// </summary>
    public static void UseProgrammeRouteGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetRouteValue("programmeId") is { } value && Guid.TryParse(value.ToString(), out var programmeId))
        {
            var db = context.RequestServices.GetRequiredService<AppDbContext>();
            if (!await ProgrammeExistsAsync(db, programmeId, context.RequestAborted))
            {
                await NotFoundAsync(context);
                return;
            }
            var method = context.Request.Method;
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method)
                && await RefusalAsync(db, context.User, programmeId, context.RequestAborted) is { } refusal)
            {
                await RefuseAsync(context, refusal);
                return;
            }
        }
        await next(context);
    });

    /// <summary>
    /// Whether the programme exists: every request of a programme's pages asks it first (bench/README.md). A programme is never deleted,
    /// so once found it is remembered for the life of the process (per database: one process may serve or test several) and later
    /// requests make no round trip for it; a programme not found is asked again each time (it may be created or restored meanwhile).
    /// </summary>
    public static async Task<bool> ProgrammeExistsAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var key = (db.Database.GetConnectionString() ?? "", programmeId);
        if (KnownProgrammes.ContainsKey(key))
        {
            return true;
        }
        if (!await ProgrammeExists.For(db)(db, programmeId, ct))
        {
            return false;
        }
        KnownProgrammes.TryAdd(key, 0);
        return true;
    }

    // (database, programme) pairs seen to exist; a handful per year, so never trimmed
    private static readonly ConcurrentDictionary<(string Database, Guid ProgrammeId), byte> KnownProgrammes = new();

    private static readonly CompiledQuery<Func<AppDbContext, Guid, CancellationToken, Task<bool>>> ProgrammeExists = new(() => EF.CompileAsyncQuery(
        (AppDbContext db, Guid programmeId, CancellationToken ct) => db.Programmes.Any(p => p.Id == programmeId)));

    private static async Task NotFoundAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await TypedResults.Problem(title: "培育计划不存在", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    /// <summary>403 with the reason: problem JSON for the API, the Chinese error page (which shows it) for a page.</summary>
    public static async Task RefuseAsync(HttpContext context, string refusal)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await TypedResults.Problem(refusal, title: Title, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        context.Items[RefusalItem] = refusal;
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
