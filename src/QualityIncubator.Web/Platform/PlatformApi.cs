using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Platform;

public sealed record MeResponse(string UserName, string DisplayName, string[] Roles, Guid? OrganizationId);
public sealed record AntiforgeryResponse(string HeaderName, string Token);
public sealed record NotificationDto(Guid Id, string Title, string? Body, string? Link, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>Endpoints the platform itself offers: who am I, the antiforgery token, notifications, the audit trail, file downloads.</summary>
public static class PlatformApi
{
    public static void MapPlatformApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithCsrfCheck().WithTags("Platform");

        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
            user.Identity!.Name!, user.FindFirstValue(AppClaims.DisplayName) ?? "",
            [.. Roles.All.Where(user.IsInRole)], ResourceAccess.OrganizationOf(user))))
            .WithSummary("当前用户");

        api.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return TypedResults.Ok(new AntiforgeryResponse(tokens.HeaderName!, tokens.RequestToken!));
        }).WithSummary("获取防伪令牌（修改类请求放在 X-CSRF-TOKEN 头中）");

        api.MapGet("/notifications", async (ClaimsPrincipal user, AppDbContext db, int? page, int? pageSize, CancellationToken ct) =>
        {
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            var list = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.CreatedAt)
                .Select(n => new NotificationDto(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt)).ToPagedAsync(page, pageSize, ct);
            return TypedResults.Ok(list);
        }).WithSummary("我的通知");

        var audit = api.MapGroup("/audit").RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Audit");
        audit.MapGet("/", async (AppDbContext db, string? actor, string? action, string? entityType, string? entityId, Guid? programmeId,
                DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await AuditQuery.Filter(db.AuditEvents, new AuditFilter(actor, action, entityType, entityId, programmeId, from, to))
                .ToPagedAsync(page, pageSize, ct)))
            .WithSummary("审计日志（区评审办）");
        audit.MapGet("/verify", async (AppDbContext db, CancellationToken ct) => TypedResults.Ok(await AuditVerifier.VerifyAsync(db, ct)))
            .WithSummary("校验审计哈希链");

        app.MapGet("/files/{id:guid}", DownloadAsync).WithTags("Files").WithSummary("下载附件（按所属组织授权）");
    }

    /// <summary>Files are only ever served here, after the per-organization check, as attachments with their stored type.</summary>
    private static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(Guid id, ClaimsPrincipal user, AppDbContext db, FileStore store, Experts.ExpertAccess experts, CancellationToken ct)
    {
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (attachment is null)
        {
            return TypedResults.NotFound();
        }
        var allowed = attachment.OrganizationId is { } org
            ? ResourceAccess.CanSeeOrganization(user, org)
              // 4.2.3: an expert only through an assignment, after the pledge, without a conflict.
              || (user.IsInRole(Roles.Expert) && attachment.ProgrammeId is { } programme && (await experts.CheckAsync(user, programme, org, ct)).Allowed)
            : ResourceAccess.IsOffice(user);
        if (!allowed)
        {
            return TypedResults.NotFound();
        }
        db.Audit(AuditActions.FileDownloaded, nameof(Attachment), attachment.Id.ToString(), null, new { attachment.FileName }, attachment.ProgrammeId);
        await db.SaveChangesAsync(ct);
        return TypedResults.File(store.OpenRead(attachment.Sha256), attachment.ContentType, attachment.FileName);
    }
}
