using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace QualityIncubator.ScaleData.Micro;

/// <summary>Median, smallest and largest of a few runs.</summary>
public sealed record Spread(double Median, double Min, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return new Spread(0, 0, 0);
        }
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }
}

/// <summary>
/// What a micro-benchmark found: the figures as a Markdown table, the budget it is held to and whether it was kept, and notes. The
/// commands print it; bench/README.md and bench/results/ hold what was measured.
/// </summary>
public sealed record MicroReport(string Title, string Machine, string Budget, bool Kept, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<string> Notes)
{
    public string Verdict => Kept ? "kept" : "MISSED";

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {Title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine}");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", Header) + " |");
        text.AppendLine("|" + string.Concat(Header.Select(_ => "---|")));
        foreach (var row in Rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Budget: {Budget} — **{Verdict}**.");
        foreach (var note in Notes)
        {
            text.AppendLine();
            text.AppendLine(note);
        }
        return text.ToString();
    }
}

/// <summary>
/// A process's memory as Linux counts it (/proc/&lt;pid&gt;/status): this process's when no pid is given, with the .NET figures where /proc
/// is missing; another process's (the product's server) by its pid.
/// </summary>
public static class ProcessMemory
{
    public const long MiB = 1024 * 1024;

    /// <summary>Resident set size now (VmRSS).</summary>
    public static long RssBytes(int? pid = null) => Status("VmRSS:", pid) ?? (pid is null ? Environment.WorkingSet : 0);

    /// <summary>The highest resident set size since the start or the last <see cref="ResetPeak"/> (VmHWM).</summary>
    public static long PeakRssBytes(int? pid = null) => Status("VmHWM:", pid) ?? (pid is null ? Process.GetCurrentProcess().PeakWorkingSet64 : 0);

    /// <summary>Resets VmHWM to the current RSS (writing 5 to /proc/&lt;pid&gt;/clear_refs); false where the kernel does not allow it.</summary>
    public static bool ResetPeak(int? pid = null)
    {
        try
        {
            File.WriteAllText($"/proc/{Self(pid)}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Self(int? pid) => pid?.ToString(CultureInfo.InvariantCulture) ?? "self";

    private static long? Status(string field, int? pid)
    {
        var path = $"/proc/{Self(pid)}/status";
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kb = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // no /proc (not Linux), or the process has ended
        }
        return null;
    }

    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)MiB:0} MB");
}

/// <summary>
/// Samples a process's resident set size every 100 ms on a thread of its own (not the thread pool, which the measured work keeps busy):
/// this process's, with its managed heap, or another's by its pid (its resident memory only).
/// </summary>
public sealed class RssSampler : IDisposable
{
    private readonly int? _pid;
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _peak;
    private long _peakGc;
    private int _samples;

    public RssSampler(int intervalMs = 100, int? pid = null)
    {
        _pid = pid;
        _peak = ProcessMemory.RssBytes(pid);
        _peakGc = pid is null ? GC.GetGCMemoryInfo().TotalCommittedBytes : 0;
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                Sample();
                Thread.Sleep(intervalMs);
            }
        }) { IsBackground = true, Name = "rss-sampler" };
        _thread.Start();
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    /// <summary>The most memory the garbage collector had committed for the managed heap at a sample (the rest of the RSS is code, the runtime and native memory); 0 for another process.</summary>
    public long PeakGcCommittedBytes => Interlocked.Read(ref _peakGc);
    public int Samples => _samples;

    private void Sample()
    {
        Interlocked.Increment(ref _samples);
        Raise(ref _peak, ProcessMemory.RssBytes(_pid));
        if (_pid is null)
        {
            Raise(ref _peakGc, GC.GetGCMemoryInfo().TotalCommittedBytes);
        }
    }

    private static void Raise(ref long peak, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, seen) != seen)
        {
        }
    }

    /// <summary>Stops sampling (after one last sample) and returns the peak.</summary>
    public long Stop()
    {
        _stop = true;
        _thread.Join();
        Sample();
        return PeakBytes;
    }

    public void Dispose()
    {
        if (!_stop)
        {
            Stop();
        }
    }
}

/// <summary>Small helpers the micro-benchmarks share.</summary>
public static class Figures
{
    /// <summary>The machine as the reports name it, with the load average: the figures depend on what else ran.</summary>
    public static string Machine() => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0.0} GB memory, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; load average {LoadAverage()}");

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static string Ms(double ms) => ms >= 100 ? string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms") : string.Create(CultureInfo.InvariantCulture, $"{ms:0.0} ms");

    public static string Seconds(double ms) => string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.00} s");

    public static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Processor time of the whole process so far (every thread: the work, the GC, the JIT) in milliseconds.</summary>
    public static double CpuMs() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    /// <summary>Bytes allocated by the whole process (all threads) so far.</summary>
    public static long Allocated() => GC.GetTotalAllocatedBytes(precise: false);
}
