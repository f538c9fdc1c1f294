using System.Diagnostics;
using System.Globalization;

namespace QualityIncubator.ScaleData;

/// <summary>Time, records and audit events per phase; one plain line per step, so the output stays readable in a log file.</summary>
public sealed class Progress(TextWriter output)
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly List<PhaseTiming> _phases = [];

    public IReadOnlyList<PhaseTiming> Phases => _phases;
    public TimeSpan Elapsed => _total.Elapsed;
    public long Rows => _phases.Sum(p => p.Rows);
    public long AuditEvents => _phases.Sum(p => p.AuditEvents);

    public PhaseTiming Phase(string name)
    {
        var phase = _phases.FirstOrDefault(p => p.Name == name);
        if (phase is null)
        {
            phase = new PhaseTiming(name);
            _phases.Add(phase);
        }
        return phase;
    }

    /// <summary>Runs one step of a phase (e.g. one programme's baseline assessment) and prints what it wrote.</summary>
    public async Task StepAsync(string phase, string step, int index, int total, Func<PhaseTiming, Task> work)
    {
        var timing = Phase(phase);
        var (rows, audit) = (timing.Rows, timing.AuditEvents);
        var watch = Stopwatch.StartNew();
        await work(timing);
        watch.Stop();
        timing.Elapsed += watch.Elapsed;
        timing.Steps++;
        var written = timing.Rows - rows;
        Line(string.Create(CultureInfo.InvariantCulture,
            $"{phase,-22} {index,3}/{total,-3} {step,-40} {written,8:N0} rows {timing.AuditEvents - audit,8:N0} audit  {watch.Elapsed.TotalSeconds,6:0.0} s  {Rate(written, watch.Elapsed),7:N0} rows/s   total {Rows:N0} rows, {AuditEvents:N0} audit"));
    }

    public void Line(string text)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_total.Elapsed:hh\\:mm\\:ss}] {text}"));
        output.Flush();
    }

    public static double Rate(long count, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? count / elapsed.TotalSeconds : 0;
}

public sealed class PhaseTiming(string name)
{
    public string Name { get; } = name;
    public TimeSpan Elapsed { get; set; }
    public long Rows { get; set; }
    public long AuditEvents { get; set; }
    public int Steps { get; set; }
}
