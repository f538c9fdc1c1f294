using System.Diagnostics;
using System.Globalization;
using QualityIncubator.Web.Experts.Assignment;

namespace QualityIncubator.Bench;

/// <summary>`assign [runs]`: expert assignment at scale (4.4.2), 2,000 organizations × 500 experts × 3 report reviewers each.</summary>
internal static class AssignBenchmark
{
    public static int Run(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var (demands, experts, conflicts) = Generate(new Random(20260512), organizations: 2000, expertCount: 500, reviewersEach: 3);
        var options = new AssignmentOptions { MaxPerExpert = 20 };
        Console.WriteLine($"{demands.Count} organizations, {experts.Count} experts ({experts.Count(e => e.Roles.Contains(ExpertRole.ReportReviewer) && e.Active)} active reviewers), "
            + $"{conflicts.Count} conflicts, {demands.Sum(d => d.Required)} places, limit {options.MaxPerExpert} per expert; {Environment.ProcessorCount} cores");

        var warmUp = Stopwatch.StartNew();
        var result = AssignmentEngine.Solve(demands, experts, conflicts, options);
        Console.WriteLine($"warm-up (loads the native solver): {warmUp.ElapsedMilliseconds} ms");
        var times = new List<long>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            result = AssignmentEngine.Solve(demands, experts, conflicts, options);
            times.Add(watch.ElapsedMilliseconds);
        }
        times.Sort();
        var load = result.Assignments.GroupBy(a => a.ExpertId).Select(g => g.Count()).ToList();
        Console.WriteLine($"solve over {runs} runs: median {times[runs / 2]} ms, min {times[0]} ms, max {times[^1]} ms");
        Console.WriteLine($"assigned {result.Assignments.Count}, uncovered organizations {result.Uncovered.Count}, cost {result.Cost}, lower bound {result.LowerBound}, "
            + $"optimal {result.Optimal}, gap {result.Cost - result.LowerBound}");
        Console.WriteLine($"load per expert: min {load.Min()}, max {load.Max()}; industry matches {result.Assignments.Count(a => a.Explanation.Contains("行业匹配", StringComparison.Ordinal))}");
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
        return 0;
    }

    private static (List<Demand>, List<Candidate>, List<Conflict>) Generate(Random rng, int organizations, int expertCount, int reviewersEach)
    {
        // Industry mix of a manufacturing district: mostly C, then trade, IT, research, logistics, construction, ...
        string[] industries = ["C", "C", "C", "C", "F", "I", "M", "G", "E", "L", "D", "K"];
        string[] specialties = ["精益管理", "六西格玛", "卓越绩效", "质量成本", "顾客满意", "供应链", "数字化转型", "标准化", "创新管理", "人力资源"];
        var day0 = new DateOnly(2026, 5, 11);
        Guid NewId() { var bytes = new byte[16]; rng.NextBytes(bytes); return new Guid(bytes); } // seeded, so every run sees the same instance
        T Pick<T>(T[] items) => items[rng.Next(items.Length)];
        List<T> Some<T>(T[] items, int min, int max) => items.Distinct().OrderBy(_ => rng.Next()).Take(rng.Next(min, max + 1)).ToList();

        var experts = Enumerable.Range(0, expertCount).Select(i =>
        {
            var roles = new HashSet<ExpertRole>();
            if (rng.NextDouble() < 0.85) { roles.Add(ExpertRole.ReportReviewer); }
            if (rng.NextDouble() < 0.5) { roles.Add(ExpertRole.SiteCoach); }
            if (rng.NextDouble() < 0.2 || roles.Count == 0) { roles.Add(ExpertRole.Lecturer); }
            // two of the ten review days unavailable, on average
            var away = Enumerable.Range(0, 10).Where(_ => rng.NextDouble() < 0.2).Select(d => day0.AddDays(d)).ToHashSet();
            return new Candidate(NewId(), $"专家{i:000}", roles, rng.NextDouble() < 0.95, Some(industries, 1, 3), Some(specialties, 1, 3), away,
                rng.NextDouble() < 0.05 ? rng.Next(4, 10) : null);
        }).ToList();
        var demands = Enumerable.Range(0, organizations).Select(i => new Demand(NewId(), $"组织{i:0000}", ExpertRole.ReportReviewer, reviewersEach,
            day0.AddDays(rng.Next(10)), Pick(industries), Some(specialties, 0, 2), [])).ToList();
        // Conflicts: each expert knows a few organizations of their own industries (former employer, clients) and one or two at random.
        var byIndustry = demands.ToLookup(d => d.Industry);
        var conflicts = experts.SelectMany(e =>
            e.Industries.SelectMany(ind => byIndustry[ind].OrderBy(_ => rng.Next()).Take(rng.Next(0, 4)))
                .Concat(Enumerable.Range(0, rng.Next(1, 3)).Select(_ => demands[rng.Next(demands.Count)]))
                .Select(d => new Conflict(e.ExpertId, d.ItemId)).Distinct()).ToList();
        return (demands, experts, conflicts);
    }
}
