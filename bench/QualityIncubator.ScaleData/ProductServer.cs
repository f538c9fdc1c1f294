using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QualityIncubator.ScaleData;

/// <summary>
/// The product's own build (QualityIncubator.Web.dll next to this program: the bench and the tests both carry it) started as a process of
/// its own, in Production, on a free loopback port, over a given database and file store; killed with its children when disposed.
/// The load and archive benchmarks measure this process, as a restarted server would be, not the benchmark's own.
/// </summary>
public sealed class ProductServer : IAsyncDisposable
{
    private readonly StringBuilder _output;

    private ProductServer(Process process, string baseUrl, StringBuilder output)
    {
        Process = process;
        BaseUrl = baseUrl;
        _output = output;
    }

    public Process Process { get; }
    public string BaseUrl { get; }

    /// <summary>What the server wrote to its standard output and error so far (its warnings and errors: the log level is Warning).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server and waits until /healthz answers (at most two minutes).</summary>
    /// <param name="postgres">PostgreSQL, else SQLite.</param>
    /// <param name="dataPath">The data folder (the file store, the SQLite file by default).</param>
    /// <param name="connection">The connection string; null for the product's default under <paramref name="dataPath"/>.</param>
    /// <param name="settings">More configuration, as command-line pairs (<c>--Archive:RunBuilder true</c>).</param>
    public static async Task<ProductServer> StartAsync(bool postgres, string dataPath, string? connection, IEnumerable<string> settings, TextWriter log, CancellationToken ct)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QualityIncubator.Web.dll"));
        var arguments = new List<string>
        {
            "--urls", url, "--Storage:DataPath", Path.GetFullPath(dataPath), "--Database:Provider", postgres ? "Postgres" : "Sqlite",
            "--Logging:LogLevel:Default", "Warning",
        };
        if (RepositoryFolder() is { } repository)
        {
            arguments.AddRange(["--contentRoot", Path.Combine(repository, "src", "QualityIncubator.Web")]);
        }
        if (connection is not null)
        {
            arguments.AddRange([$"--ConnectionStrings:{(postgres ? "Postgres" : "Sqlite")}", connection]);
        }
        arguments.AddRange(settings);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the product");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ProductServer(process, url, output);
        using var probe = new HttpClient();
        for (var i = 0; i < 1200; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("the product stopped:\n" + server.Output);
            }
            try
            {
                if ((await probe.GetAsync(url + "/healthz", ct)).IsSuccessStatusCode)
                {
                    log.WriteLine($"product started on {url} (pid {process.Id})");
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100, ct);
        }
        await server.DisposeAsync();
        throw new TimeoutException("the product did not answer /healthz:\n" + server.Output);
    }

    /// <summary>The repository's root (the folder with QualityIncubator.slnx) above this program, when it runs from a checkout.</summary>
    public static string? RepositoryFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QualityIncubator.slnx")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

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
