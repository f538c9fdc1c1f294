using System.Diagnostics;
using System.Globalization;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Pool;

namespace QualityIncubator.ScaleData.Micro;

public sealed record RankOptions(int Count = 10_000, int Runs = 10, int Seed = ScaleOptions.DefaultSeed);

/// <summary>The runs' wall times, the last run's ranking (for checks) and what the run allocated.</summary>
public sealed record RankResult(MicroReport Report, IReadOnlyList<double> RunMs, IReadOnlyList<RankingInput> Cohort, IReadOnlyList<RankedOrganization> Ranking,
    IReadOnlyList<string> Problems, long AllocatedPerRun);

/// <summary>
/// `rank`: the pool ranking of 4.4.4.1–4.4.4.2 (<see cref="PoolRanking.Rank"/>, the rule the pool page and the publication use) over a
/// generated cohort: Appendix A figures from the data set's generator, consensus scores, penalties and priority industries as the
/// cohort query (<see cref="PoolQueries.CohortAsync"/>) hands them over. Pure: no database.
/// </summary>
public static class RankBenchmark
{
    public const double BudgetMs = 200;

    /// <summary>A deterministic cohort: the forms' figures and priority industries, a consensus score for 97 %, penalties for one in ten.</summary>
    public static List<RankingInput> Cohort(int count, int seed)
    {
        var priorities = CodeLists.Seed().Where(c => c.List == CodeLists.PriorityIndustry).ToDictionary(c => c.Code, c => c.Label, StringComparer.Ordinal);
        var forms = ApplicationForms.Generate(count, seed, ChinaTime.Today(TimeProvider.System));
        var rng = new Random(seed);
        return [.. forms.Select(f =>
        {
            // a consensus total is 0–1000 in steps of the 23 items' 5-point scores; most organizations sit between 300 and 700
            decimal? score = rng.NextDouble() < 0.97 ? Math.Clamp(Math.Round((decimal)(500 + 120 * Normal(rng)) / 5m) * 5m, 0m, 1000m) : null;
            var penalties = rng.NextDouble() < 0.1 ? rng.Next(1, 4) : 0;
            var amount = penalties == 0 ? 0m : penalties * rng.Next(5, 500) / 10m; // 万元
            // Appendix A has no growth rate: the cohort query passes none, and neither does this
            var id = new byte[16];
            rng.NextBytes(id);
            return new RankingInput(new Guid(id), f.OrganizationName!, f.LastYearRevenue ?? 0m, f.LastYearTax ?? 0m, f.LastYearNetProfit ?? 0m, null,
                score, penalties, amount, f.PriorityIndustryCode is { } code ? priorities.GetValueOrDefault(code) : null);
        })];
    }

    public static RankResult Run(RankOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var cohort = Cohort(options.Count, options.Seed);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rank: {cohort.Count:N0} organizations ({cohort.Count(c => c.ExpertScore is null)} without a consensus score, {cohort.Count(c => c.Penalties > 0)} with penalties, {cohort.Count(c => c.PriorityIndustry is not null)} in a priority industry); {Figures.Machine()}"));
        var warmUp = Stopwatch.StartNew();
        var ranking = PoolRanking.Rank(cohort, RankingWeights.Default);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm-up (JIT): {warmUp.Elapsed.TotalMilliseconds:0.0} ms"));
        ProcessMemory.ResetPeak();
        var times = new List<double>();
        long allocated = 0;
        for (var i = 0; i < options.Runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            ranking = PoolRanking.Rank(cohort, RankingWeights.Default);
            times.Add(watch.Elapsed.TotalMilliseconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {i + 1}: {watch.Elapsed.TotalMilliseconds:0.0} ms"));
        }
        var problems = Check(cohort, ranking);
        var spread = Spread.Of(times);
        var kept = spread.Median < BudgetMs && problems.Count == 0;
        var report = new MicroReport(
            $"Pool ranking of {cohort.Count:N0} organizations (`rank`)", Figures.Machine(), $"median under {BudgetMs:0} ms (issue #9)", kept,
            ["organizations", "runs", "median", "min", "max", "allocated per run", "peak RSS"],
            [[Figures.Number(cohort.Count), options.Runs.ToString(CultureInfo.InvariantCulture), Figures.Ms(spread.Median), Figures.Ms(spread.Min), Figures.Ms(spread.Max),
                ProcessMemory.Mb(allocated), ProcessMemory.Mb(ProcessMemory.PeakRssBytes())]],
            [problems.Count == 0
                ? $"The ranking is checked after the runs: ranks 1–{ranking.Count:N0} once each, every organization ranked, totals the sum of their four components and in the rule's order (total, expert score, revenue, name, id)."
                : "CHECK FAILED: " + string.Join("; ", problems.Take(5))]);
        return new RankResult(report, times, cohort, ranking, problems, allocated);
    }

    /// <summary>What is wrong with a ranking of the cohort: empty when every organization has one rank and the order is the rule's.</summary>
    public static List<string> Check(IReadOnlyList<RankingInput> cohort, IReadOnlyList<RankedOrganization> ranking)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(ranking);
        var problems = new List<string>();
        var ranked = ranking.Select(r => r.Id).ToHashSet();
        if (ranking.Count != cohort.Count || ranked.Count != cohort.Count || !cohort.All(c => ranked.Contains(c.Id)))
        {
            problems.Add($"{ranking.Count} ranked for {cohort.Count} organizations");
        }
        for (var i = 0; i < ranking.Count; i++)
        {
            var r = ranking[i];
            if (r.Rank != i + 1)
            {
                problems.Add($"position {i + 1} has rank {r.Rank}");
            }
            if (r.Total != r.Components.Sum(c => c.Points))
            {
                problems.Add($"rank {r.Rank}: total {r.Total} is not the sum of its components");
            }
            if (i > 0 && Compare(ranking[i - 1], r) > 0)
            {
                problems.Add($"rank {r.Rank} ({r.Name}, {r.Total}) should come before rank {ranking[i - 1].Rank} ({ranking[i - 1].Name}, {ranking[i - 1].Total})");
            }
        }
        return problems;
    }

    // the rule's order: total, then expert score (missing last), then revenue, all descending; then name (ordinal), then id
    private static int Compare(RankedOrganization a, RankedOrganization b)
    {
        var c = b.Total.CompareTo(a.Total);
        c = c != 0 ? c : (b.Organization.ExpertScore ?? -1m).CompareTo(a.Organization.ExpertScore ?? -1m);
        c = c != 0 ? c : b.Organization.Revenue.CompareTo(a.Organization.Revenue);
        c = c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        return c != 0 ? c : a.Id.CompareTo(b.Id);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
}
