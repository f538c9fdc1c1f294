using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// Nothing lost: the real server process is killed (SIGKILL) in the middle of a burst of submissions and uploads, then started again.
/// Every submission and upload it acknowledged is there, with its file byte for byte; no record is half written, no file in the store
/// lacks its record and no record lacks its file; the audit chain is intact.
/// </summary>
public sealed partial class CrashTests
{
    private sealed class ServerProcess(Process process, string baseUrl) : IAsyncDisposable
    {
        public Process Process { get; } = process;
        public string BaseUrl { get; } = baseUrl;

        public async ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                await Process.WaitForExitAsync();
            }
            Process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the product's own executable (as deployed: a process of its own) over the given database and data folder.</summary>
    private static async Task<ServerProcess> StartAsync(DbProvider provider, string connectionString, string dataPath, ConcurrentQueue<string> log)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "QualityIncubator.Web"))
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var name = provider == DbProvider.Postgres ? "Postgres" : "Sqlite";
        foreach (var a in new[]
        {
            "--urls", url, "--Database:Provider", name, $"--ConnectionStrings:{name}", connectionString, "--Storage:DataPath", dataPath,
            "--Bootstrap:AdminUserName", AppFactory.AdminUserName, "--Bootstrap:AdminPassword", AppFactory.AdminPassword,
            "--Smtp:RunSender", "false", "--Archive:RunBuilder", "false", "--Security:LoginAttemptsPerMinute", "1000",
        })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            Assert.False(process.HasExited, "服务进程启动失败：\n" + string.Join("\n", log.TakeLast(40)));
            try
            {
                if ((await probe.GetAsync(url + "/healthz")).IsSuccessStatusCode)
                {
                    return new ServerProcess(process, url);
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail("服务进程未就绪：\n" + string.Join("\n", log.TakeLast(40)));
        return null!;
    }

    private static async Task<TestClient> OfficeAsync(string baseUrl)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30),
        };
        var client = new TestClient(http);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(AppFactory.AdminUserName, AppFactory.AdminPassword)).StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Theory, ClassData(typeof(Providers))]
    public async Task Every_acknowledged_submission_and_upload_survives_a_kill_and_nothing_is_half_written_or_orphaned(DbProvider provider)
    {
        var (cs, dataPath) = await AppFactory.EmptyDatabaseAsync(provider);
        var log = new ConcurrentQueue<string>();
        (Guid Programme, Guid Case) setup;
        await using (var prepare = AppFactory.Open(provider, cs, dataPath, ownsDatabase: false))
        {
            var programme = await prepare.CreateProgrammeAsync(ProgrammeStage.Mobilization, "崩溃测试计划");
            setup = (programme, (await prepare.CreateCaseAsync(programme, "崩溃测试组织")).CaseId);
        }

        var programmes = new ConcurrentBag<Guid>();
        var uploads = new ConcurrentBag<(string Name, string Sha256)>();
        var attempts = 0;
        await using (var server = await StartAsync(provider, cs, dataPath, log))
        {
            using var office = await OfficeAsync(server.BaseUrl);
            var csrf = await office.CsrfTokenAsync();
            var casePage = await office.GetStringAsync($"/Cases/{setup.Case}");
            var formToken = Token().Match(casePage).Groups[1].Value;
            using var stop = new CancellationTokenSource();
            async Task WorkAsync(int worker)
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var tag = $"{worker}-{n}-{Guid.NewGuid():N}";
                    Interlocked.Increment(ref attempts);
                    try
                    {
                        if (n % 2 == 0)
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/programmes")
                            {
                                Content = JsonContent.Create(new { year = 2026, title = "突发" + tag[..20], schedule = Array.Empty<object>() }),
                            };
                            request.Headers.Add("X-CSRF-TOKEN", csrf);
                            var response = await office.Http.SendAsync(request);
                            if (response.StatusCode == HttpStatusCode.Created)
                            {
                                programmes.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
                            }
                        }
                        else
                        {
                            byte[] content = [.. FileTypesTests.Pdf(), .. System.Text.Encoding.ASCII.GetBytes(tag), .. RandomNumberGenerator.GetBytes(64 * 1024)];
                            using var form = new MultipartFormDataContent
                            {
                                { new ByteArrayContent(content), "upload", $"证明-{tag[..12]}.pdf" },
                                { new StringContent("证明材料"), "purpose" },
                                { new StringContent(formToken), "__RequestVerificationToken" },
                            };
                            var response = await office.Http.PostAsync($"/Cases/{setup.Case}?handler=Upload", form);
                            if (response.StatusCode == HttpStatusCode.Redirect)
                            {
                                uploads.Add(($"证明-{tag[..12]}.pdf", Convert.ToHexStringLower(SHA256.HashData(content))));
                            }
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // the server is gone
                    }
                }
            }
            var workers = Enumerable.Range(0, 6).Select(i => Task.Run(() => WorkAsync(i))).ToList();
            // kill in the middle of the burst: once enough has been acknowledged that requests are surely in flight
            while (programmes.Count + uploads.Count < 40)
            {
                Assert.False(workers.All(w => w.IsCompleted), "请求全部结束：\n" + string.Join("\n", log.TakeLast(40)));
                await Task.Delay(20);
            }
            server.Process.Kill(entireProcessTree: true);
            await server.Process.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }
        Assert.True(attempts > programmes.Count + uploads.Count, "the kill must fall in the middle of requests");
        TestContext.Current.TestOutputHelper?.WriteLine($"{provider}: {attempts} requests sent, {programmes.Count} submissions and {uploads.Count} uploads acknowledged before the kill");

        // start again: recovery runs; then look at what is there
        await using (var again = await StartAsync(provider, cs, dataPath, log))
        {
            using var office = await OfficeAsync(again.BaseUrl);
            Assert.Contains("崩溃测试组织", await office.GetStringAsync($"/Cases/{setup.Case}"));
        }
        await using var inspect = AppFactory.Open(provider, cs, dataPath);
        var (programmeIds, attachments, stored, chain, filesRoot) = await inspect.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Programmes.Select(p => p.Id).ToListAsync(),
                await db.Attachments.Select(a => new { a.FileName, a.Sha256, a.Size }).ToListAsync(),
                await db.StoredFiles.Select(f => new { f.Sha256, f.Size }).ToListAsync(),
                await AuditVerifier.VerifyAsync(db),
                s.GetRequiredService<FileStore>().Root);
        });
        Assert.All(programmes, id => Assert.Contains(id, programmeIds));
        foreach (var (name, sha) in uploads)
        {
            Assert.Contains(attachments, a => a.FileName == name && a.Sha256 == sha);
        }
        // every record's file is in the store, whole; every file in the store has its record; nothing is left pending
        foreach (var f in stored)
        {
            var path = FileStore.ContentPath(filesRoot, f.Sha256);
            Assert.True(File.Exists(path), $"记录 {f.Sha256} 的文件缺失");
            Assert.Equal(f.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));
        }
        var content = Directory.EnumerateFiles(filesRoot, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetRelativePath(filesRoot, p).Split(Path.DirectorySeparatorChar) is [var a, var b, var c] && a.Length == 2 && b.Length == 2 && c.Length == 64)
            .Select(Path.GetFileName).ToList();
        Assert.All(content, sha => Assert.Contains(stored, f => f.Sha256 == sha));
        var leftovers = Directory.Exists(Path.Combine(filesRoot, "pending"))
            ? Directory.EnumerateFiles(Path.Combine(filesRoot, "pending"), "*", SearchOption.AllDirectories).Where(p => Path.GetFileName(p) != ".lock").ToList()
            : [];
        Assert.Empty(leftovers);
        Assert.All(attachments, a => Assert.Contains(stored, f => f.Sha256 == a.Sha256));
        Assert.True(chain.Intact, chain.Message);
    }
}
