using System.Globalization;

namespace QualityIncubator.Bench;

/// <summary>
/// The bench program's commands. To add one: a class with a <c>Run</c>/<c>RunAsync(string[] args)</c> returning the exit code, a line in
/// <see cref="Usage"/> and a case in <see cref="RunAsync"/>.
/// </summary>
internal static class Commands
{
    public const string Usage = """
        QualityIncubator benchmarks (bench/README.md)

        usage: dotnet run -c Release --project bench/QualityIncubator.Bench -- [command] [options]

        commands:
          assign [runs]        expert assignment at scale: 2,000 organizations x 500 experts x 3 reviewers, timed solves (default 5 runs).
                               The default: no command, or just a number of runs, runs this.
          help                 this text
        """;

    public static Task<int> RunAsync(string[] args)
    {
        var bare = args.Length == 0 || int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        var command = bare ? "assign" : args[0];
        var rest = bare ? args : args[1..];
        switch (command)
        {
            case "assign":
                return Task.FromResult(AssignBenchmark.Run(rest));
            case "help" or "--help" or "-h":
                Console.WriteLine(Usage);
                return Task.FromResult(0);
            default:
                Console.Error.WriteLine($"unknown command '{command}'");
                Console.Error.WriteLine(Usage);
                return Task.FromResult(2);
        }
    }
}
