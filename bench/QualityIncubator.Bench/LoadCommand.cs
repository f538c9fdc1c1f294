using System.Globalization;
using QualityIncubator.ScaleData.Load;

namespace QualityIncubator.Bench;

/// <summary>`load`: the load benchmark over a data set made by `seed` (QualityIncubator.ScaleData.Load.LoadBenchmark).</summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is not ("--data" or "--provider" or "--connection" or "--connections" or "--threads" or "--seconds" or "--warmup" or "--repeat" or "--out" or "--only" or "--warm-passes") || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'");
                Console.Error.WriteLine(Commands.Usage);
                return 2;
            }
            values[args[i]] = args[++i];
        }
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var provider = values.GetValueOrDefault("--provider", "sqlite");
        var data = values.GetValueOrDefault("--data") ?? Path.Combine("bench-data", $"city-{provider}");
        var options = new LoadOptions(data, provider, values.GetValueOrDefault("--connection"), Int("--connections", 32), Int("--threads", 2), Int("--seconds", 20),
            Int("--warmup", 5), Int("--repeat", 3), values.GetValueOrDefault("--out"), values.GetValueOrDefault("--only"), WarmPasses: Int("--warm-passes", 8));
        var report = await LoadBenchmark.RunAsync(options, Console.Out);
        var markdown = LoadBenchmark.Markdown(report);
        Console.WriteLine();
        Console.WriteLine(markdown);
        var output = options.Output ?? Path.Combine("bench", "results", $"{report.StartedAt:yyyy-MM-dd}-load-{provider}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, markdown);
        Console.WriteLine($"written to {output}");
        return 0;
    }
}
