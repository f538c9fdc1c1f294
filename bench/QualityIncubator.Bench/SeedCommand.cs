using System.Globalization;
using QualityIncubator.ScaleData;

namespace QualityIncubator.Bench;

/// <summary>`seed`: the scale data set (QualityIncubator.ScaleData), with the machine it ran on printed for the record.</summary>
internal static class SeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        ScaleOptions options;
        var dryRun = args.Contains("--dry-run");
        try
        {
            options = Parse([.. args.Where(a => a != "--dry-run")]);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Commands.Usage);
            return 2;
        }
        if (dryRun)
        {
            return ScaleGenerator.DryRun(options, Console.Out).Count == 0 ? 0 : 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0.0} GB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average {LoadAverage()}"));
        var result = await ScaleGenerator.RunAsync(options, Console.Out);
        Console.WriteLine($"load average at the end {LoadAverage()}");
        return result.Chain.Intact ? 0 : 1;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static ScaleOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var reset = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--reset")
            {
                reset = true;
                continue;
            }
            if (name is not ("--size" or "--provider" or "--connection" or "--data" or "--seed" or "--as-of" or "--password" or "--batch") || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unknown or incomplete option '{name}'");
            }
            values[name] = args[++i];
        }
        var size = ScaleSize.Find(values.GetValueOrDefault("--size", "city"))
            ?? throw new ArgumentException($"unknown size '{values["--size"]}' (tiny, small, city)");
        var provider = values.GetValueOrDefault("--provider", "sqlite").ToUpperInvariant() switch
        {
            "SQLITE" => ScaleProvider.Sqlite,
            "POSTGRES" or "POSTGRESQL" => ScaleProvider.Postgres,
            var other => throw new ArgumentException($"unknown provider '{other}' (sqlite, postgres)"),
        };
        return new ScaleOptions
        {
            Size = size, Provider = provider, ConnectionString = values.GetValueOrDefault("--connection"),
            DataPath = values.GetValueOrDefault("--data") ?? Path.Combine("bench-data", $"{size.Name}-{provider.ToString().ToLowerInvariant()}"),
            Seed = values.TryGetValue("--seed", out var seed) ? Number(seed, "--seed") : ScaleOptions.DefaultSeed,
            AsOf = values.TryGetValue("--as-of", out var asOf)
                ? DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : throw new ArgumentException("--as-of takes yyyy-MM-dd")
                : null,
            Password = values.GetValueOrDefault("--password"),
            BatchSize = values.TryGetValue("--batch", out var batch) ? Math.Max(1, Number(batch, "--batch")) : 500,
            Reset = reset,
        };
    }

    private static int Number(string text, string option) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{option} takes a number");
}
