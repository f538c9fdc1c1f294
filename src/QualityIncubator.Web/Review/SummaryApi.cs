using Microsoft.AspNetCore.Http.HttpResults;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Review;

/// <summary>
/// The programme summary as JSON (5.1): the Office's texts and status, the facts (frozen once approved) and one page of the organizations.
/// </summary>
public sealed record SummaryDto(Guid ProgrammeId, string ProgrammeTitle, int Year, ProgrammeStage Stage, SummaryStatus? Status, long Version, bool Frozen,
    DateTime DraftedAt, string? OverallEvaluation, string? CourseSetupEvaluation, string? SiteVisitEvaluation, string? ShowcaseEvaluation, string? FormsEvaluation,
    string? ImprovementSuggestions, DateTime? ApprovedAt, string? ApprovedBy, IReadOnlyList<StageSection> Stages, IReadOnlyList<FunnelStep> Funnel,
    IReadOnlyList<SessionFacts> Sessions, IReadOnlyList<ExitFacts> Exits, IReadOnlyList<OutcomeCount> Outcomes, PagedList<OrganizationFacts> Organizations)
{
    public static SummaryDto From(SummaryView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var s = v.Summary;
        return new(v.ProgrammeId, v.ProgrammeTitle, v.Year, v.Stage, s?.Status, v.Version, v.Frozen, v.Facts.DraftedAt, s?.OverallEvaluation, s?.CourseSetupEvaluation,
            s?.SiteVisitEvaluation, s?.ShowcaseEvaluation, s?.FormsEvaluation, s?.ImprovementSuggestions, s?.ApprovedAt, s?.ApprovedBy, v.Facts.Stages, v.Facts.Funnel,
            v.Facts.Sessions, v.Facts.Exits, v.Facts.Outcomes, v.Organizations);
    }
}

/// <summary>/api/v1/programmes/{programmeId}/summary: the Office's programme summary (5.1).</summary>
public static class SummaryApi
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api/v1/programmes/{programmeId:guid}").WithCsrfCheck().RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Review");

        api.MapGet("/summary", async Task<Results<Ok<SummaryDto>, NotFound>> (Guid programmeId, int? page, int? pageSize, SummaryWork work, CancellationToken ct) =>
            await work.ViewAsync(programmeId, page, pageSize, ct) is { } view ? TypedResults.Ok(SummaryDto.From(view)) : TypedResults.NotFound())
            .WithSummary("培育孵化工作总结（5.1.2：各阶段情况、组织培育孵化情况（分页）、区评审办的评估与建议；审核通过后为冻结的数据）");
    }
}
