using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// Hostile files: a zip bomb dressed as .xlsx in each import (applications, experts, penalties) and as .docx in an upload, malformed
/// Office packages (truncated, wrong content types, a plain zip, an executable renamed), and file names that try to leave the store
/// (../, ..\, absolute paths, control and bidi characters, 5,000 characters). Each is refused with a Chinese message and nothing is
/// stored, or stored under a safe name inside the store only.
/// </summary>
public sealed class HostileUploadTests(AppFactories factories)
{
    private static readonly int BombMegabytes = (int)(FileTypes.MaxPackageBytes / 1024 / 1024) + 20;

    /// <summary>Every hostile spreadsheet with the Chinese message its import must show.</summary>
    private static IEnumerable<(string Name, byte[] Content, string FileName, string Message)> HostileWorkbooks()
    {
        var xlsx = FileTypesTests.OfficePackage("xl/workbook.xml");
        yield return ("zip bomb", FileTypesTests.ZipBomb("xl/workbook.xml", megabytes: BombMegabytes), "导入.xlsx", "疑似压缩炸弹");
        yield return ("too many parts", FileTypesTests.ZipBomb("xl/workbook.xml", parts: FileTypes.MaxPackageEntries + 1), "导入.xlsx", "疑似压缩炸弹");
        yield return ("truncated", xlsx[..(xlsx.Length * 2 / 3)], "导入.xlsx", "");
        yield return ("wrong content types", FileTypesTests.OfficePackage("xl/workbook.xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/></Types>"), "导入.xlsx", "");
        yield return ("a zip that is no workbook", FileTypesTests.OfficePackage("readme.txt"), "导入.xlsx", "");
        yield return ("a Word file renamed", FileTypesTests.OfficePackage("word/document.xml"), "导入.xlsx", "");
        yield return ("an executable renamed", [0x4D, 0x5A, 0x90, 0x00, .. Guid.NewGuid().ToByteArray()], "导入.xlsx", "");
        yield return ("a workbook with only a shell", xlsx, "导入.xlsx", "");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Zip_bombs_and_malformed_workbooks_are_refused_by_every_import_and_nothing_is_imported(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var imports = new[]
        {
            ($"/Applications/Import/{programme}", "file"),
            ("/Experts/Import", "file"),
            ($"/Assessment/Quality/Import/{programme}", "file"),
        };
        var expertsBefore = await CountAsync(app, db => db.Experts.CountAsync());
        var refused = 0;
        foreach (var (url, field) in imports)
        {
            foreach (var (name, content, fileName, message) in HostileWorkbooks())
            {
                var response = await office.PostFileAsync(url, url, field, content, fileName);
                var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} {name} → {(int)response.StatusCode}\n{string.Join("\n", app.ServerErrors.TakeLast(1))}");
                Assert.Contains("error-box", html, StringComparison.Ordinal);
                Assert.Contains(message, html, StringComparison.Ordinal);
                Assert.DoesNotContain("已导入", html, StringComparison.Ordinal);
                refused++;
            }
        }
        Assert.Equal(3 * 8, refused);
        Assert.Equal(0, await CountAsync(app, db => db.Applications.CountAsync(a => a.ProgrammeId == programme)));
        Assert.Equal(0, await CountAsync(app, db => db.Set<QualityIncubator.Web.Assessment.AdministrativePenalty>().CountAsync(p => p.ProgrammeId == programme)));
        // other tests add experts in parallel; none of these imports added any with this run's names (the hostile files carry none)
        Assert.True(await CountAsync(app, db => db.Experts.CountAsync()) >= expertsBefore);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_zip_bomb_or_a_malformed_document_uploaded_as_evidence_is_refused_and_nothing_is_stored(DbProvider provider)
    {
        var (app, caseId, client) = await OrganizationWithCaseAsync(provider);
        using var _ = client;
        var docx = FileTypesTests.OfficePackage("word/document.xml");
        foreach (var (name, content, message) in new (string, byte[], string)[]
                 {
                     ("zip bomb", FileTypesTests.ZipBomb("word/document.xml", megabytes: BombMegabytes), "疑似压缩炸弹"),
                     ("pptx bomb", FileTypesTests.ZipBomb("ppt/presentation.xml", parts: FileTypes.MaxPackageEntries + 5), "疑似压缩炸弹"),
                     ("truncated", docx[..(docx.Length * 2 / 3)], "文件"),
                     ("wrong content types", FileTypesTests.OfficePackage("word/document.xml", "<Types/>"), "不是有效的 Office 文档"),
                     ("executable renamed", [0x4D, 0x5A, 0x90, 0x00, .. Guid.NewGuid().ToByteArray()], "不支持的文件类型"),
                     ("script renamed", "<script>alert(1)</script>"u8.ToArray(), "不支持的文件类型"),
                 })
        {
            var response = await UploadAsync(client, caseId, content, name + ".docx");
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name} → {(int)response.StatusCode}");
            Assert.Contains(message, html, StringComparison.Ordinal);
        }
        Assert.Equal(0, await CountAsync(app, db => db.Attachments.CountAsync(a => a.OwnerId == caseId)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task File_names_that_try_to_leave_the_store_are_stored_under_a_safe_name_inside_it(DbProvider provider)
    {
        var (app, caseId, client) = await OrganizationWithCaseAsync(provider);
        using var _ = client;
        var names = new[]
        {
            "../../etc/passwd.pdf", "..\\..\\..\\windows\\win.ini.pdf", "/etc/shadow.pdf", "C:\\Windows\\system32\\x.pdf", "..", "....//....//x.pdf",
            "报告\u0007.pdf", "发票\u202Efdp.exe", "%2e%2e%2fetc%2fpasswd.pdf", new string('长', 1000) + ".pdf",
        };
        foreach (var name in names)
        {
            var pdf = FileTypesTests.Pdf().Concat(Guid.NewGuid().ToByteArray()).ToArray();
            var response = await UploadAsync(client, caseId, pdf, name);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{name[..Math.Min(40, name.Length)]} → {(int)response.StatusCode}");
        }
        // a name too long for the multipart header limit (5,000 characters, 15 KB) is refused by the server with the Chinese 400 page
        var tooLong = await UploadAsync(client, caseId, FileTypesTests.Pdf(), new string('长', 5000) + ".pdf");
        Assert.True(tooLong.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK or HttpStatusCode.Redirect, $"5,000 characters → {(int)tooLong.StatusCode}");
        if (tooLong.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Contains("请求无效", WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        var stored = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attachments.AsNoTracking().Where(a => a.OwnerId == caseId).Select(a => a.FileName).ToListAsync());
        Assert.Equal(names.Length + (tooLong.StatusCode == HttpStatusCode.BadRequest ? 0 : 1), stored.Count);
        foreach (var fileName in stored)
        {
            Assert.DoesNotContain("/", fileName, StringComparison.Ordinal);
            Assert.DoesNotContain("\\", fileName, StringComparison.Ordinal);
            Assert.False(fileName.StartsWith('.'), fileName);
            Assert.DoesNotContain(fileName, c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');
            Assert.True(fileName.Length <= 124, $"{fileName.Length} characters");
            Assert.EndsWith(".pdf", fileName, StringComparison.Ordinal);
        }
        Assert.Contains("发票fdp.exe.pdf", stored);
        // every file of the store is named by its SHA-256, two folders deep; nothing was written beside the data folder
        var root = Path.Combine(app.DataPath, "files");
        // (pending/ holds uploads not yet committed, archives/ the sealed programmes' packages other tests of the shared app wrote)
        var contents = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar)[0] is not ("pending" or "archives")).ToList();
        Assert.NotEmpty(contents);
        Assert.All(contents, f => Assert.Matches("^[0-9a-f]{64}$", Path.GetFileName(f)));
        Assert.All(contents, f => Assert.Equal(Path.Combine(Path.GetFileName(f)[..2], Path.GetFileName(f)[2..4], Path.GetFileName(f)), Path.GetRelativePath(root, f)));
        Assert.False(File.Exists(Path.Combine(app.DataPath, "..", "etc", "passwd.pdf")));
    }

    private static Task<HttpResponseMessage> UploadAsync(TestClient client, Guid caseId, byte[] content, string fileName) =>
        client.PostFileAsync($"/Cases/{caseId}?handler=Upload", $"/Cases/{caseId}", "upload", content, fileName, new() { ["purpose"] = "证明材料" });

    private async Task<(AppFactory App, Guid Case, TestClient Client)> OrganizationWithCaseAsync(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync();
        var (org, caseId) = await app.CreateCaseAsync(programme);
        var user = await app.CreateUserAsync(Roles.Organization, org);
        return (app, caseId, await TestClient.SignedInAsync(app, user, AppFactory.UserPassword));
    }

    private static Task<int> CountAsync(AppFactory app, Func<AppDbContext, Task<int>> count) => app.WithScopeAsync(s => count(s.GetRequiredService<AppDbContext>()));
}
