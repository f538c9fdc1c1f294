using Microsoft.AspNetCore.Http.HttpResults;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Archive;

public sealed record SealRequest(int RetentionYears, long Version);

/// <summary>Registration of the archive (6): sealing, the background package builder, download, verification, retention.</summary>
public static class ArchiveSetup
{
    public static void AddArchive(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<ArchiveWork>();
        services.AddScoped<ArchiveDocuments>();
        services.AddScoped<ArchivePackageWriter>();
        services.AddScoped<ArchiveVerifier>();
        services.AddScoped<ArchiveRestorer>();
        services.AddScoped<ReviewCompletion>();
        services.AddScoped<IStageGate>(s => s.GetRequiredService<ReviewCompletion>());
        services.AddSingleton<ArchiveQueue>();
        services.AddSingleton<ArchiveBuilder>();
        if (config.GetValue("Archive:RunBuilder", true))
        {
            services.AddHostedService(s => s.GetRequiredService<ArchiveBuilder>());
        }
    }

    public static void MapArchiveEndpoints(this WebApplication app)
    {
        // the package as one zip: served from disk with its length and ranges, so the browser shows progress and can resume
        app.MapGet("/Archive/Package/{programmeId:guid}", async Task<Results<PhysicalFileHttpResult, NotFound>> (Guid programmeId, ArchiveWork work, CancellationToken ct) =>
            await work.PackageForDownloadAsync(programmeId, ct) is { } package
                ? TypedResults.PhysicalFile(package.Path, "application/zip", package.FileName, enableRangeProcessing: true)
                : TypedResults.NotFound())
            .RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Archive").WithSummary("下载档案包（zip：文档、上传文件、数据导出、审计记录和 SHA-256 清单）");

        var api = app.MapGroup("/api/v1/programmes/{programmeId:guid}/archive").WithCsrfCheck().RequireAuthorization(PlatformSetup.OfficePolicy).WithTags("Archive");

        api.MapGet("/", async Task<Results<Ok<ArchiveView>, NotFound>> (Guid programmeId, ArchiveWork work, CancellationToken ct) =>
            await work.ViewAsync(programmeId, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("归档状态：是否可以封存、封存信息、保存期限、档案包生成进度和校验值");

        api.MapPost("/seal", async Task<Results<Ok<ArchiveView>, NotFound, ProblemHttpResult>> (Guid programmeId, SealRequest request, ArchiveWork work, CancellationToken ct) =>
        {
            var result = await work.SealAsync(programmeId, request.RetentionYears, request.Version, ct);
            return result switch
            {
                { NotFound: true } => TypedResults.NotFound(),
                { Succeeded: false } => TypedResults.Problem(result.Error, statusCode: result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, title: "未能封存"),
                _ => TypedResults.Ok((await work.ViewAsync(programmeId, ct))!),
            };
        }).WithSummary("封存归档（6.1）：此后本计划全部记录只读，后台生成档案包");

        api.MapPost("/verify", async Task<Results<Ok<ArchiveVerification>, NotFound>> (Guid programmeId, ArchiveVerifier verifier, CancellationToken ct) =>
            await verifier.VerifyAsync(programmeId, ct) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound())
            .WithSummary("校验档案：重算档案包、清单中每个文件、平台存储原件的 SHA-256 及审计哈希链，列出每一处不符");

        api.MapGet("/files", async (Guid programmeId, int? page, ArchiveWork work, CancellationToken ct) =>
            TypedResults.Ok(await work.FilesAsync(programmeId, page, ct)))
            .WithSummary("本计划归档的上传文件（分页）");

        api.MapDelete("/files/{attachmentId:guid}", async Task<Results<NoContent, NotFound, ProblemHttpResult>> (Guid programmeId, Guid attachmentId, ArchiveWork work, CancellationToken ct) =>
        {
            var result = await work.DeleteFileAsync(programmeId, attachmentId, ct);
            return result switch
            {
                { NotFound: true } => TypedResults.NotFound(),
                { Succeeded: false } => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status409Conflict, title: "档案在保存期内，不能删除",
                    extensions: result.RetainUntil is { } until ? new Dictionary<string, object?> { ["retainUntil"] = ChinaTime.DateText(until) } : null),
                _ => TypedResults.NoContent(),
            };
        }).WithSummary("删除归档文件：保存期内拒绝（6.2，返回保存期限），每次尝试均记入审计日志");
    }
}
