using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// Files leave the platform only through authorized download endpoints, as attachments with the stored (or the format's) content type;
/// the file store is never served as static content.
/// </summary>
public sealed class FileDownloadTests(AppFactories factories)
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Null: the content type stored with the uploaded file. A new download endpoint fails the test until it is listed here.</summary>
    private static readonly Dictionary<string, string?> Downloads = new(StringComparer.Ordinal)
    {
        ["/files/{attachmentId}"] = null,
        ["/Courses/Material/{materialId}"] = null,
        ["/Courses/Session/{sessionId}/Roll.xlsx"] = Xlsx,
        ["/Applications/Docx/{applicationId}"] = Docx,
        ["/Applications/Export?programmeId={programmeId}"] = Xlsx,
        ["/Applications/ImportTemplate"] = Xlsx,
        ["/Experts/ImportTemplate"] = Xlsx,
        ["/Assessment/AppendixB/{programmeId}/{organizationId}"] = Docx,
        ["/Assessment/Quality/ImportTemplate"] = Xlsx,
        ["/Pool/Export/{programmeId}"] = Xlsx,
        ["/SiteVisits/Opinion/Docx/{visitId}"] = Docx,
        ["/Showcase/Docx/{programmeId}/{organizationId}"] = Docx,
        ["/Review/SummaryDocx/{programmeId}"] = Docx,
        ["/Archive/Package/{sealedProgrammeId}"] = "application/zip",
    };

    [Theory, ClassData(typeof(Providers))]
    public async Task Every_download_is_an_attachment_with_its_content_type(DbProvider provider)
    {
        var world = await MatrixWorld.GetAsync(factories, provider, "refusals");
        // the route table's endpoints that answer with a file, against the list above
        var fileEndpoints = world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.OfType<MethodInfo>().Any(m => AnswersWithFile(m.ReturnType)))
            .Select(e => Canonical("/" + e.RoutePattern.RawText!.TrimStart('/'))).ToHashSet();
        Assert.Equal(fileEndpoints.Order(StringComparer.Ordinal), Downloads.Keys.Select(Canonical).Order(StringComparer.Ordinal));

        var failures = new List<string>();
        foreach (var (pattern, expected) in Downloads)
        {
            var row = AuthorizationMatrix.Rows.First(r => r.Method == "GET" && r.Pattern == pattern);
            var persona = row.Allowed.Contains(Persona.Office) ? Persona.Office : row.Allowed.First(p => p != Persona.Anonymous);
            var url = world.Url(pattern);
            var response = await world.Clients[persona].Http.GetAsync(url);
            var disposition = response.Content.Headers.ContentDisposition;
            var type = response.Content.Headers.ContentType?.MediaType;
            var stored = expected ?? await StoredTypeAsync(world, pattern);
            if (response.StatusCode != HttpStatusCode.OK || disposition?.DispositionType != "attachment" || string.IsNullOrEmpty(disposition.FileNameStar ?? disposition.FileName) || type != stored)
            {
                failures.Add($"{url} as {persona}: {(int)response.StatusCode}, Content-Disposition: {disposition}, Content-Type: {type} (expected attachment, {stored})");
            }
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{Downloads.Count} download routes answer as attachments with their content type");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_file_store_is_not_reachable_as_static_content(DbProvider provider)
    {
        var world = await MatrixWorld.GetAsync(factories, provider, "refusals");
        var (store, webRoot, contentRoot, sha) = await world.App.WithScopeAsync(async s =>
        {
            var attachment = Guid.Parse(world.Values["attachmentId"]);
            var hash = await s.GetRequiredService<AppDbContext>().Attachments.Where(a => a.Id == attachment).Select(a => a.Sha256).SingleAsync();
            var env = s.GetRequiredService<IWebHostEnvironment>();
            return (s.GetRequiredService<FileStore>().Root, env.WebRootPath, env.ContentRootPath, hash);
        });
        Assert.True(File.Exists(FileStore.ContentPath(store, sha)));
        // neither the configured store nor the default one (data/files under the project) lies under the web root
        Assert.False(IsUnder(store, webRoot), $"{store} is under {webRoot}");
        Assert.False(IsUnder(FileStore.ResolveFilesPath(new StorageOptions(), contentRoot), webRoot));

        var layout = $"{sha[..2]}/{sha[2..4]}/{sha}";
        var programme = Guid.Parse(world.Values["sealedProgrammeId"]).ToString("N");
        var paths = new[]
        {
            $"/{layout}", $"/files/{layout}", $"/files/{sha}", $"/data/{layout}", $"/data/files/{layout}", $"/files/files/{layout}",
            $"/pending/{sha}", $"/files/pending/{sha}", $"/data/files/pending/{sha}",
            $"/archives/{programme}.zip", $"/files/archives/{programme}.zip", $"/data/files/archives/{programme}.zip",
            "/data/qualityincubator.db", "/qualityincubator.db", "/app.db", "/data/app.db", "/appsettings.json", "/files/", "/data/",
        };
        foreach (var persona in new[] { Persona.Anonymous, Persona.Office })
        {
            foreach (var path in paths)
            {
                // the Office finds nothing (404); anonymous is sent to the login page before anything is looked up
                var response = await world.Clients[persona].Http.GetAsync(path);
                Assert.True(persona == Persona.Office ? response.StatusCode == HttpStatusCode.NotFound : MatrixWorld.IsRefusal(response), $"{path} as {persona}: {(int)response.StatusCode}");
                Assert.NotEqual("%PDF-", System.Text.Encoding.ASCII.GetString((await response.Content.ReadAsByteArrayAsync()).Take(5).ToArray()));
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{paths.Length} paths mimicking the store, its pending and archive folders and the database: 404 for the Office, the login page for anonymous");
    }

    private static bool AnswersWithFile(Type type)
    {
        if (typeof(IFileHttpResult).IsAssignableFrom(type))
        {
            return true;
        }
        return type.IsGenericType && type.GetGenericArguments().Any(AnswersWithFile);
    }

    private static bool IsUnder(string path, string? root) =>
        root is not null && Path.GetFullPath(path).StartsWith(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static Task<string> StoredTypeAsync(MatrixWorld world, string pattern) => world.App.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        if (pattern.StartsWith("/files/", StringComparison.Ordinal))
        {
            var id = Guid.Parse(world.Values["attachmentId"]);
            return await db.Attachments.Where(a => a.Id == id).Select(a => a.ContentType).SingleAsync();
        }
        var material = Guid.Parse(world.Values["materialId"]);
        var attachment = await db.Set<Web.Courses.CourseMaterial>().Where(m => m.Id == material).Select(m => m.AttachmentId).SingleAsync();
        return await db.Attachments.Where(a => a.Id == attachment).Select(a => a.ContentType).SingleAsync();
    });

    private static string Canonical(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]*\}", "{}").Split('?')[0].ToLowerInvariant();
}
