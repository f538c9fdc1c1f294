using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using QualityIncubator.ScaleData.Micro;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.ScaleData.Load;

/// <summary>The load benchmark's settings (bench/README.md).</summary>
public sealed record LoadOptions(
    string DataPath, string Provider, string? Connection, int Connections = 32, int Threads = 2, int Seconds = 20, int WarmUpSeconds = 5, int Repeat = 3,
    string? Output = null, string? Only = null, string Wrk = "wrk", int WarmPasses = 8);

/// <summary>One page measured: the medians of its runs and the server's peak memory while it was under load.</summary>
public sealed record PageResult(
    string Name, string Path, int Bytes, double RequestsPerSecond, double P50Ms, double P95Ms, double P99Ms, long Errors, long PeakRssMb, IReadOnlyList<double> RunRps);

/// <summary>The figures of one run of the benchmark, with the budgets each page is held to.</summary>
public sealed record LoadReport(string Machine, string Command, LoadOptions Options, IReadOnlyList<PageResult> Pages, DateTime StartedAt, DateTime FinishedAt, int WarmPasses = 0);

/// <summary>
/// Starts the product (Release) as its own process over a generated data set, signs in as the Office and as an expert, and drives the
/// pages people use most with wrk at fixed concurrency: a warm-up, then several timed runs, medians reported; the server's resident
/// memory is sampled throughout. Two baselines are measured in the same process: a static page of the same size (the framework's
/// ceiling) and the application list's work written by hand (the practical limit). The machine is shared: compare within one run.
/// </summary>
public static partial class LoadBenchmark
{
    public const double P95BudgetMs = 50;
    public const double P99BudgetMs = 150;
    public const long MemoryBudgetMb = 400;
    public const double ListVersusHandWritten = 0.6;

    /// <summary>How often the product re-checks a session's security stamp (PlatformSetup: SecurityStampValidatorOptions.ValidationInterval).</summary>
    public const int SessionCheckSeconds = 60;

    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter log, CancellationToken ct = default)
    {
        var started = DateTime.UtcNow;
        var manifest = ScaleManifest.Read(options.DataPath);
        await using var server = await ServerAsync(options, manifest, log, ct);
        var office = manifest.OfficeUserName;
        var expert = manifest.Sample.ExpertUserName;
        var p = manifest.LargestProgrammeId;
        var listPath = $"/Applications?programmeId={p}&status=Submitted&sort=name&p=50";
        var listBytes = await SizeAsync(server.BaseUrl, listPath, await SignInAsync(server.BaseUrl, office, manifest.Password, ct), ct);
        var twinPath = $"/bench/applications-raw?programmeId={p}&status=Submitted&p=50";
        var targets = new List<(string Name, string Path, string User)>
        {
            ("区评审办工作台", "/", office),
            ("申请书列表（筛选、按名称排序，第 50 页）", listPath, office),
            ("组织进程页（含时间线）", $"/Cases/{manifest.Sample.CaseId}", office),
            ("专家的任务列表", "/Experts/Tasks", expert),
            ("培育孵化库排名", $"/Pool/{p}", office),
            ("申请书列表接口（JSON，第 50 页）", $"/api/v1/programmes/{p}/applications?status=Submitted&sort=name&page=50", office),
            ("基线：同等大小的静态页面", $"/bench/static?bytes={listBytes}", office),
            ("基线：申请书列表手写实现（ADO.NET）", twinPath, office),
        };
        // A browser's session stays fresh: once a minute the server checks the account's security stamp again and renews the cookie,
        // which the browser keeps. wrk sends one fixed cookie, so a cookie older than that minute would be checked (a user lookup and a
        // new cookie) on every request. Each wrk run therefore gets a session signed in just before it, and lasts less than the minute.
        if (Math.Max(options.Seconds, options.WarmUpSeconds) >= SessionCheckSeconds)
        {
            log.WriteLine($"warning: runs of {options.Seconds} s outlast the session check ({SessionCheckSeconds} s); later requests re-check the session each time");
        }
        Task<string> Fresh(string user) => SignInAsync(server.BaseUrl, user, manifest.Password, ct);
        // The JIT compiles the code of the pages in tiers, the optimized tiers in the background: under load on two cores its thread took
        // 14-16 % of the server's processor for the first 45 s of one page alone and was idle only after 2 minutes (bench/README.md).
        // Measured before that, a page pays for its own compilation and, if first, for the code the pages share. The server is therefore
        // driven over every page, pass after pass, until a pass in which the JIT compiled for less than 1 % of the pass's time.
        var warmPasses = 0;
        if (options.WarmUpSeconds > 0)
        {
            var jit = await JitAsync(server.BaseUrl, await Fresh(office), ct);
            while (warmPasses < Math.Max(1, options.WarmPasses))
            {
                foreach (var (_, path, user) in targets)
                {
                    await WrkAsync(options, server.BaseUrl + path, await Fresh(user), options.WarmUpSeconds, ct);
                }
                warmPasses++;
                var now = await JitAsync(server.BaseUrl, await Fresh(office), ct);
                var seconds = now.Seconds - jit.Seconds;
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"warm-up pass {warmPasses}: {options.WarmUpSeconds} s on each of the {targets.Count} pages; the JIT compiled {now.Methods - jit.Methods:N0} methods in {seconds:0.0} s"));
                jit = now;
                if (seconds < 0.01 * options.WarmUpSeconds * targets.Count)
                {
                    break;
                }
            }
        }
        var selected = targets.Where(t => options.Only is null || t.Name.Contains(options.Only, StringComparison.Ordinal) || t.Path.Contains(options.Only, StringComparison.Ordinal)).ToList();
        // The application list and its hand-written twin are measured in alternation, run by run (list, twin, list, twin, …): the ratio
        // between them is a budget, and the shared machine's load drifts over the minutes of a benchmark (one run measured the list at
        // its busy start and the twin at its quiet end: 0.37 instead of 0.69 the run before, with nothing changed).
        var groups = selected.Where(t => t.Path != twinPath || !selected.Any(l => l.Path == listPath))
            .Select(t => t.Path == listPath && selected.Any(r => r.Path == twinPath) ? new[] { t, selected.First(r => r.Path == twinPath) } : [t]).ToList();
        var measured = new Dictionary<string, PageResult>();
        foreach (var group in groups)
        {
            var sizes = new int[group.Length];
            var runs = group.Select(_ => new List<WrkFigures>()).ToArray();
            var peaks = new long[group.Length];
            for (var m = 0; m < group.Length; m++)
            {
                var (name, path, user) = group[m];
                sizes[m] = await SizeAsync(server.BaseUrl, path, await Fresh(user), ct);
                log.WriteLine($"{name}: {path} ({sizes[m]:N0} bytes)");
                await WrkAsync(options, server.BaseUrl + path, await Fresh(user), options.WarmUpSeconds, ct);
            }
            for (var i = 0; i < options.Repeat; i++)
            {
                for (var m = 0; m < group.Length; m++)
                {
                    var (name, path, user) = group[m];
                    var cookie = await Fresh(user);
                    using var sampler = new RssSampler(200, server.Process.Id);
                    var run = await WrkAsync(options, server.BaseUrl + path, cookie, options.Seconds, ct);
                    runs[m].Add(run);
                    peaks[m] = Math.Max(peaks[m], sampler.Stop());
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {(group.Length > 1 ? name + " " : "")}run {i + 1}: {run.RequestsPerSecond:0} req/s, p50 {run.P50Us / 1000.0:0.0} ms, p95 {run.P95Us / 1000.0:0.0} ms, p99 {run.P99Us / 1000.0:0.0} ms, errors {run.Errors}"));
                }
            }
            for (var m = 0; m < group.Length; m++)
            {
                var (name, path, _) = group[m];
                var r = runs[m];
                measured[path] = new PageResult(name, path, sizes[m], Median(r.Select(x => x.RequestsPerSecond)), Median(r.Select(x => x.P50Us / 1000.0)),
                    Median(r.Select(x => x.P95Us / 1000.0)), Median(r.Select(x => x.P99Us / 1000.0)), r.Sum(x => x.Errors), peaks[m] / ProcessMemory.MiB, [.. r.Select(x => x.RequestsPerSecond)]);
            }
        }
        var results = selected.Select(t => measured[t.Path]).ToList();
        return new LoadReport(Machine(), Environment.CommandLine, options, results, started, DateTime.UtcNow, warmPasses);
    }

    private sealed record WrkFigures(double RequestsPerSecond, long P50Us, long P95Us, long P99Us, long Errors);

    /// <summary>The product over the data set, with the baselines on and the background work (mail, archive builder) off.</summary>
    private static async Task<ProductServer> ServerAsync(LoadOptions options, ScaleManifest manifest, TextWriter log, CancellationToken ct)
    {
        var postgres = options.Provider.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);
        // scale.json names the PostgreSQL database (never a password): the connection is the seed command's default to that database
        var connection = options.Connection
            ?? (postgres && manifest.Database is { Length: > 0 } name && !name.Contains('=', StringComparison.Ordinal)
                ? new Npgsql.NpgsqlConnectionStringBuilder(ScaleOptions.DefaultPostgres) { Database = name }.ConnectionString
                : manifest.Database);
        if (postgres && connection is { Length: > 0 })
        {
            await VacuumAsync(connection, log, ct);
        }
        return await ProductServer.StartAsync(postgres, options.DataPath, connection,
            ["--Bench:Baselines", "true", "--Smtp:RunSender", "false", "--Archive:RunBuilder", "false", "--Security:LoginAttemptsPerMinute", "100000"], log, ct);
    }

    /// <summary>
    /// Brings the PostgreSQL database to the state autovacuum keeps a production database in, whatever happened to it since the seed:
    /// the planner's statistics current and the visibility map set, so that index-only scans read no table pages. A server that stopped
    /// without a clean shutdown loses the statistics autovacuum goes by; seen here, the pool page's counts then scanned the whole table.
    /// Then a checkpoint writes what the seed and the vacuum left dirty now, not during the runs: right after a seed the checkpointer
    /// was still writing its gigabyte in the first minutes of a run, and those pages' p95 doubled (needs the role pg_checkpoint,
    /// which <c>.ci/run</c> grants the test role; without it the run goes on and says so).
    /// </summary>
    private static async Task VacuumAsync(string connection, TextWriter log, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var db = new Npgsql.NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var vacuum = db.CreateCommand();
        vacuum.CommandText = "VACUUM (ANALYZE)";
        vacuum.CommandTimeout = 0;
        await vacuum.ExecuteNonQueryAsync(ct);
        log.WriteLine($"VACUUM (ANALYZE) of the database: {started.Elapsed.TotalSeconds:0.0} s");
        started.Restart();
        await using var checkpoint = db.CreateCommand();
        checkpoint.CommandText = "CHECKPOINT";
        checkpoint.CommandTimeout = 0;
        try
        {
            await checkpoint.ExecuteNonQueryAsync(ct);
            log.WriteLine($"CHECKPOINT: {started.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.InsufficientPrivilege)
        {
            log.WriteLine($"warning: no CHECKPOINT before the runs ({e.MessageText}; GRANT pg_checkpoint TO the benchmark's role): the server may still be writing the seed's pages during the first runs");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>Signs in through the login form as a browser does and returns the cookies to send (the session and the antiforgery cookie).</summary>
    public static async Task<string> SignInAsync(string baseUrl, string userName, string password, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var page = await http.GetStringAsync("/Account/Login", ct);
        var token = Token().Match(page).Groups[1].Value;
        var response = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        }), ct);
        if (response.StatusCode != HttpStatusCode.Redirect || !cookies.GetCookies(new Uri(baseUrl)).Any(c => c.Name == "qi.auth"))
        {
            throw new InvalidOperationException($"sign-in of {userName} failed ({(int)response.StatusCode})");
        }
        return cookies.GetCookieHeader(new Uri(baseUrl));
    }

    /// <summary>What the server's JIT has compiled so far (<c>/bench/jit</c>).</summary>
    private static async Task<BenchBaselines.JitProgress> JitAsync(string baseUrl, string cookie, CancellationToken ct)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(baseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bench/jit");
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<BenchBaselines.JitProgress>(ct) ?? throw new InvalidOperationException("/bench/jit answered nothing");
    }

    /// <summary>Opens the page once as the benchmark's user: it must answer 200 (not a redirect to the login page); returns its size.</summary>
    private static async Task<int> SizeAsync(string baseUrl, string path, string cookie, CancellationToken ct)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}, not 200");
        }
        return body.Length;
    }

    private static async Task<WrkFigures> WrkAsync(LoadOptions options, string url, string cookie, int seconds, CancellationToken ct)
    {
        var start = new ProcessStartInfo(options.Wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { $"-t{options.Threads}", $"-c{options.Connections}", $"-d{seconds}s", "--timeout", "10s", "--latency", "-s", LuaScript(), url, "--", cookie })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start wrk (apt-get install wrk)");
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRKJSON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no figures:\n{output}\n{error}");
        using var json = JsonDocument.Parse(line["WRKJSON ".Length..]);
        var r = json.RootElement;
        long L(string name) => r.GetProperty(name).GetInt64();
        var errors = L("connect") + L("read") + L("write") + L("timeout") + L("status");
        return new WrkFigures(L("requests") / (L("duration_us") / 1_000_000.0), L("p50_us"), L("p95_us"), L("p99_us"), errors);
    }

    private static string LuaScript()
    {
        if (ProductServer.RepositoryFolder() is { } repository && File.Exists(Path.Combine(repository, "bench", "load.lua")))
        {
            return Path.Combine(repository, "bench", "load.lua");
        }
        throw new FileNotFoundException("bench/load.lua not found next to the repository");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Machine()
    {
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        var cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0} GB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average at the start {load}");
    }

    /// <summary>The report as a Markdown page: one row a page, its ratio to each baseline, and whether it keeps its budgets.</summary>
    public static string Markdown(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = new StringBuilder();
        var o = report.Options;
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine(inv, $"# Load benchmark — {o.Provider}, {report.StartedAt:yyyy-MM-dd HH:mm} UTC").AppendLine();
        s.AppendLine(inv, $"- machine: {report.Machine}");
        s.AppendLine(inv, $"- data set: `{o.DataPath}` (bench `seed`), provider {o.Provider}");
        s.AppendLine(inv, $"- load: wrk, {o.Threads} threads, {o.Connections} connections, {o.WarmUpSeconds} s on every page to warm the server, pass after pass until the JIT compiled for under 1 % of a pass ({report.WarmPasses} passes, at most {o.WarmPasses}), then per page {o.WarmUpSeconds} s warm-up and {o.Repeat} × {o.Seconds} s, medians; server memory = peak resident set during the runs");
        s.AppendLine(inv, $"- command: `{report.Command}`").AppendLine();
        var staticRps = report.Pages.FirstOrDefault(p => p.Path.StartsWith("/bench/static", StringComparison.Ordinal))?.RequestsPerSecond;
        var rawRps = report.Pages.FirstOrDefault(p => p.Path.StartsWith("/bench/applications-raw", StringComparison.Ordinal))?.RequestsPerSecond;
        s.AppendLine("| page | bytes | req/s | p50 ms | p95 ms | p99 ms | errors | × static | × hand-written | peak MB | budgets |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in report.Pages)
        {
            var baseline = p.Path.StartsWith("/bench/", StringComparison.Ordinal);
            var misses = new List<string>();
            if (!baseline)
            {
                if (p.P95Ms >= P95BudgetMs) { misses.Add($"p95 ≥ {P95BudgetMs} ms"); }
                if (p.P99Ms >= P99BudgetMs) { misses.Add($"p99 ≥ {P99BudgetMs} ms"); }
                if (p.PeakRssMb >= MemoryBudgetMb) { misses.Add($"memory ≥ {MemoryBudgetMb} MB"); }
                if (p.Path.StartsWith("/Applications?", StringComparison.Ordinal) && rawRps is > 0 && p.RequestsPerSecond / rawRps < ListVersusHandWritten)
                {
                    misses.Add($"< {ListVersusHandWritten:P0} of hand-written");
                }
                if (p.Errors > 0) { misses.Add("errors"); }
            }
            var verdict = baseline ? "baseline" : misses.Count == 0 ? "kept" : "MISSED: " + string.Join(", ", misses);
            s.AppendLine(inv, $"| {p.Name} | {p.Bytes:N0} | {p.RequestsPerSecond:0} | {p.P50Ms:0.0} | {p.P95Ms:0.0} | {p.P99Ms:0.0} | {p.Errors} | "
                + $"{(staticRps is > 0 ? (p.RequestsPerSecond / staticRps.Value).ToString("0.00", inv) : "—")} | "
                + $"{(rawRps is > 0 && p.Path.StartsWith("/Applications?", StringComparison.Ordinal) ? (p.RequestsPerSecond / rawRps.Value).ToString("0.00", inv) : "—")} | {p.PeakRssMb} | {verdict} |");
        }
        s.AppendLine().AppendLine("Runs' req/s: " + string.Join("; ", report.Pages.Select(p => p.Name + " " + string.Join(" / ", p.RunRps.Select(r => r.ToString("0", inv))))));
        s.AppendLine().AppendLine(inv, $"Budgets (issue #9): every page p95 < {P95BudgetMs} ms and p99 < {P99BudgetMs} ms at {o.Connections} connections, server memory < {MemoryBudgetMb} MB, the application list ≥ {ListVersusHandWritten:P0} of its hand-written baseline.");
        return s.ToString();
    }
}
