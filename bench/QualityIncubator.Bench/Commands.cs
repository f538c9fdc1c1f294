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
            --warm-passes <n>           warm-up passes over every page until the JIT is idle (compiles under 1 % of a pass), at most n (default 8)
            --only <text>               only the pages whose name or path contains it
            --out <file.md>             default bench/results/{date}-load-{provider}.md
          rank [options]       the pool ranking (4.4.4) of 10,000 generated organizations with the product's rule; budget: median under 200 ms
            --count <n>  default 10000;   --runs <n>  default 10;   --seed <n>  default 19580
          xlsx [options]       the application list .xlsx export of 10,000 applications (temporary SQLite database); budget: median under 5 s
            --count <n>  default 10000;   --runs <n>  default 5;    --seed <n>  default 19580
          import [options]     the application import of a generated .xlsx of 5,000 valid rows (temporary SQLite database); budget: median under 10 s
            --count <n>  default 5000;    --runs <n>  default 3;    --seed <n>  default 19580
          archive [options]    the archive package of a sealed programme, 500 organizations with 2 GB of files (temporary folder, deleted
                               afterwards; needs 3x the files free in /tmp); budget: peak RSS under 300 MB while writing
            --orgs <n>   default 500;     --gb <n>    default 2 (less when /tmp has under 6 GB free);   --runs <n>  default 3
            --seed <n>   default 19580
            --no-disk                   skip the raw FileStream write of the same bytes (the "disk speed" ratio)
                               rank, xlsx, import and archive run with server GC, as the site does (they start themselves again with
                               DOTNET_gcServer=1); exit code 0 budget kept, 1 missed, 3 the output was wrong
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
            case "rank" or "xlsx" or "import" or "archive":
                return await MicroCommands.RunAsync(command, rest);
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
