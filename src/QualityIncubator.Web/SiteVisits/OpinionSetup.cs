using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>Registration of the site-visit opinion summary (4.6.4–4.6.6, Appendix C).</summary>
public static class OpinionSetup
{
    public static void AddOpinions(this IServiceCollection services) => services.AddScoped<OpinionWork>();

    public static void MapOpinionEndpoints(this WebApplication app) =>
        // Appendix C as Word: for the Office and the team (a blank form before the lead writes), for the organization once released
        app.MapGet("/SiteVisits/Opinion/Docx/{visitId:guid}", async Task<Results<FileContentHttpResult, NotFound>> (Guid visitId,
            ClaimsPrincipal user, OpinionWork work, CancellationToken ct) =>
        {
            OpinionView? view;
            if (ResourceAccess.IsOffice(user))
            {
                view = await work.LoadAsync(visitId, ct);
            }
            else if (user.IsInRole(Roles.Expert))
            {
                var open = await work.OpenAsync(user, visitId, ct);
                view = open.NotFound || open.Refusal is not null ? null : open.View;
            }
            else
            {
                view = await work.LoadAsync(visitId, ct);
                view = view is not null && ResourceAccess.CanSeeOrganization(user, view.Visit.OrganizationId) && OpinionRules.VisibleToOrganization(view.Status) ? view : null;
            }
            if (view is null)
            {
                return TypedResults.NotFound();
            }
            var bytes = AppendixCDocument.Build(view.Visit.OrganizationName, view.Visit.StartsAt, view.Text,
                [.. view.Valid.Select(s => new AppendixCSignature(s.Name, s.SignedAt))]);
            return TypedResults.File(bytes, FileTypes.Docx.ContentType, $"现场扶优意见汇总表-{view.Visit.OrganizationName}.docx");
        }).RequireAuthorization().WithTags("SiteVisits").WithSummary("附录C《现场扶优意见汇总表》Word 文档（区评审办、专家组成员；反馈后本组织）");
}
