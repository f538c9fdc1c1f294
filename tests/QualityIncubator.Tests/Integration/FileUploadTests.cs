using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Tests.Integration;

/// <summary>The upload service: type by content, size limit, SHA-256 storage, never overwritten, downloads authorized per organization.</summary>
public sealed class FileUploadTests(AppFactories factories)
{
    private static Task<HttpResponseMessage> UploadAsync(TestClient client, Guid caseId, byte[] content, string fileName, string purpose = "营业执照") =>
        client.PostFileAsync($"/Cases/{caseId}?handler=Upload", $"/Cases/{caseId}", "upload", content, fileName, new() { ["purpose"] = purpose });

    private static async Task<(AppFactory App, Guid Org, Guid Case, TestClient Client)> OrganizationWithCaseAsync(AppFactories factories, DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync();
        var (org, caseId) = await app.CreateCaseAsync(programme);
        var user = await app.CreateUserAsync(Roles.Organization, org);
        return (app, org, caseId, await TestClient.SignedInAsync(app, user, AppFactory.UserPassword));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_organization_uploads_evidence_stored_once_by_sha256_and_downloads_it_as_an_attachment(DbProvider provider)
    {
        var (app, org, caseId, client) = await OrganizationWithCaseAsync(factories, provider);
        using var _ = client;
        var pdf = FileTypesTests.Pdf().Concat(Guid.NewGuid().ToByteArray()).ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));

        var first = await UploadAsync(client, caseId, pdf, "../营业执照.PDF");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await UploadAsync(client, caseId, pdf, "营业执照副本.pdf");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var stored = Directory.GetFiles(Path.Combine(app.DataPath, "files"), sha, SearchOption.AllDirectories);
        Assert.Single(stored);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(stored[0]));
        var attachments = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attachments.AsNoTracking().Where(a => a.OwnerId == caseId).OrderBy(a => a.UploadedAt).ToListAsync());
        Assert.Equal(2, attachments.Count);
        Assert.All(attachments, a => Assert.Equal(sha, a.Sha256));
        Assert.Equal("营业执照.PDF", attachments[0].FileName);
        Assert.All(attachments, a => Assert.Equal(org, a.OrganizationId));

        var download = await client.Http.GetAsync($"/files/{attachments[0].Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Contains("营业执照.PDF", await client.GetStringAsync($"/Cases/{caseId}"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Another_organization_and_anonymous_users_cannot_download(DbProvider provider)
    {
        var (app, _, caseId, client) = await OrganizationWithCaseAsync(factories, provider);
        using var _c = client;
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(client, caseId, FileTypesTests.OfficePackage("word/document.xml"), "自评报告.docx")).StatusCode);
        var id = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attachments.Where(a => a.OwnerId == caseId).Select(a => a.Id).SingleAsync());

        var programme = await app.CreateProgrammeAsync();
        var (otherOrg, otherCase) = await app.CreateCaseAsync(programme);
        using var other = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, otherOrg), AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/files/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/Cases/{caseId}")).StatusCode);
        using var anonymous = TestClient.For(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync($"/files/{id}")).StatusCode);
        using var expert = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Expert), AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await expert.Http.GetAsync($"/files/{id}")).StatusCode);
        using var office = await TestClient.OfficeAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await office.Http.GetAsync($"/files/{id}")).StatusCode);
        _ = otherCase;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Executables_renamed_to_pdf_unknown_types_and_oversized_files_are_refused_and_nothing_is_stored(DbProvider provider)
    {
        var (app, _, caseId, client) = await OrganizationWithCaseAsync(factories, provider);
        using var _c = client;
        byte[] exe = [0x4D, 0x5A, 0x90, 0x00, .. Guid.NewGuid().ToByteArray()];
        var renamed = await UploadAsync(client, caseId, exe, "报告.pdf");
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Contains("不支持的文件类型", await renamed.Content.ReadAsStringAsync());

        var empty = await UploadAsync(client, caseId, [], "空.pdf");
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        Assert.True(emptyHtml.Contains("文件为空", StringComparison.Ordinal) || emptyHtml.Contains("请选择要上传的文件", StringComparison.Ordinal), "an empty file is refused");

        byte[] big = [.. FileTypesTests.Pdf(), .. new byte[21 * 1024 * 1024]];
        var oversized = await UploadAsync(client, caseId, big, "大文件.pdf");
        Assert.Contains("文件超过大小限制", await oversized.Content.ReadAsStringAsync());

        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attachments.CountAsync(a => a.OwnerId == caseId)));
        var exeSha = Convert.ToHexStringLower(SHA256.HashData(exe));
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataPath, "files"), exeSha, SearchOption.AllDirectories));
        // neither the store nor its pending folders keep any part of the oversized upload (other tests' uploads may be waiting there)
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(app.DataPath, "files"), "*", SearchOption.AllDirectories), f => new FileInfo(f).Length > 20 * 1024 * 1024);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_stored_file_is_never_overwritten(DbProvider provider)
    {
        var (app, _, caseId, client) = await OrganizationWithCaseAsync(factories, provider);
        using var _c = client;
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.Concat(Guid.NewGuid().ToByteArray()).ToArray();
        await UploadAsync(client, caseId, png, "a.png");
        var sha = Convert.ToHexStringLower(SHA256.HashData(png));
        var path = await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<FileStore>().PathFor(sha)));
        var written = File.GetLastWriteTimeUtc(path);
        await Task.Delay(50);
        await UploadAsync(client, caseId, png, "b.png");
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Two_uploads_of_the_same_content_at_the_same_moment_both_keep_their_record(DbProvider provider)
    {
        var (app, org, caseId, client) = await OrganizationWithCaseAsync(factories, provider);
        using var _c = client;
        var pdf = FileTypesTests.Pdf().Concat(Guid.NewGuid().ToByteArray()).ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));

        // The first upload looks, finds no stored content and waits to save; the second, in another request, stores the same bytes first.
        await app.WithScopeAsync(async first =>
        {
            var firstDb = first.GetRequiredService<AppDbContext>();
            Assert.NotNull((await first.GetRequiredService<FileStore>().SaveAsync(new MemoryStream(pdf), "先.pdf", "Case", caseId, org, null, null)).Attachment);
            await app.WithScopeAsync(async second =>
            {
                Assert.NotNull((await second.GetRequiredService<FileStore>().SaveAsync(new MemoryStream(pdf), "后.pdf", "Case", caseId, org, null, null)).Attachment);
                await second.GetRequiredService<AppDbContext>().SaveChangesAsync();
            });
            await firstDb.SaveChangesAsync();
        });

        // and over HTTP, four at once
        var uploads = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => UploadAsync(client, caseId, pdf, $"同时{i}.pdf")));
        Assert.All(uploads, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));

        var (rows, names) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.StoredFiles.CountAsync(f => f.Sha256 == sha),
                await db.Attachments.Where(a => a.Sha256 == sha).Select(a => a.FileName).ToListAsync());
        });
        Assert.Equal(1, rows);
        string[] expected = ["先.pdf", "后.pdf", "同时0.pdf", "同时1.pdf", "同时2.pdf", "同时3.pdf"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal(pdf, await File.ReadAllBytesAsync(await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<FileStore>().PathFor(sha)))));
    }
}
