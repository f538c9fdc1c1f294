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
          seed [options]       fill a database with the scale data set through the product's own code, with progress and timings
            --size tiny|small|city      default city
            --provider sqlite|postgres  default sqlite
            --connection <string>       sqlite: default {data}/qualityincubator.db (where the site looks);
                                        postgres: default Host=127.0.0.1;Port=5432;Username=qi_test;Password=qi_test;Database=qi_bench_{size}
            --data <folder>             data folder: SQLite file, file store, scale.json (default bench-data/{size}-{provider})
            --seed <n>                  default 19580
            --as-of <yyyy-MM-dd>        the day the data set describes (default today, China time)
            --password <text>           the password of every generated login and of admin (default Scale-{seed}-bench)
            --batch <n>                 about this many records per save (default 500)
            --reset                     delete the database and the file store first (an existing non-empty database is refused otherwise)
            --dry-run                   plan only: the programmes and the counts a run would write, no database
          load [options]       the load benchmark: the product (Release) over a seeded data set, driven by wrk (apt-get install wrk)
            --data <folder>             the data set's folder (from seed; default bench-data/city-{provider})
            --provider sqlite|postgres  default sqlite
            --connection <string>       default: the one seed used (scale.json names the database)
            --connections <n>           default 32;   --threads <n>  default 2
            --seconds <n>               each run, default 20;   --warmup <n>  default 5;   --repeat <n>  runs per page, default 3
            --only <text>               only the pages whose name or path contains it
            --out <file.md>             default bench/results/{date}-load-{provider}.md
          help                 this text
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var bare = args.Length == 0 || int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        var command = bare ? "assign" : args[0];
        var rest = bare ? args : args[1..];
        switch (command)
        {
            case "assign":
                return AssignBenchmark.Run(rest);
            case "seed":
                return await SeedCommand.RunAsync(rest);
            case "load":
                return await LoadCommand.RunAsync(rest);
            case "help" or "--help" or "-h":
                Console.WriteLine(Usage);
                return 0;
            default:
                Console.Error.WriteLine($"unknown command '{command}'");
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }
}
