using Google.OrTools.Graph;

namespace QualityIncubator.Web.Experts.Assignment;

/// <summary>
/// Assigns experts to demands: report reviewers per organization (4.4.2), site-coach teams (4.6.1), lecturers per session (4.5).
/// Core: one min-cost flow (OR-Tools) — source → demand (capacity k) → expert (allowed pairs only, capacity 1,
/// cost −preference) → sink (one arc per unit of load, with increasing cost, so load spreads evenly; as many arcs as the
/// expert's limit). Each demand also has a bypass arc to the sink with a cost larger than any possible gain, so the solver
/// first covers as many places as the hard constraints allow and then optimises preferences: partial coverage still gets
/// the best assignment for what can be covered. The hard constraints are exact (absent arcs, arc capacities).
/// </summary>
public static class AssignmentEngine
{
    public static AssignmentResult Solve(IReadOnlyList<Demand> demands, IReadOnlyList<Candidate> experts, IEnumerable<Conflict> conflicts, AssignmentOptions? options = null)
    {
        options ??= new AssignmentOptions();
        if (demands.Select(d => d.ItemId).Distinct().Count() != demands.Count || experts.Select(e => e.ExpertId).Distinct().Count() != experts.Count)
        {
            throw new ArgumentException("demand and expert ids must be unique within one solve");
        }
        if (demands.Any(d => d.Required < 0))
        {
            throw new ArgumentException("a demand cannot require fewer than 0 experts", nameof(demands));
        }
        var conflictSet = HardRules.ConflictSet(conflicts);
        var capacity = experts.Select(e => HardRules.CapacityOf(e, options)).ToArray();

        // Allowed pairs with their preference score.
        var allowed = new List<(int Expert, int Score)>[demands.Count];
        for (var d = 0; d < demands.Count; d++)
        {
            allowed[d] = [];
            for (var e = 0; e < experts.Count; e++)
            {
                if (capacity[e] > 0 && HardRules.Allows(experts[e], demands[d], conflictSet))
                {
                    allowed[d].Add((e, Score(demands[d], experts[e], options)));
                }
            }
        }

        var teams = SolveFlow(demands, experts.Count, capacity, allowed, options, out var lowerBound);
        // "Not the same pair of reviewers everywhere" is not linear in a flow; a local search after the optimum swaps a member
        // of a repeated pair for another allowed expert with spare capacity when that lowers cost + pair penalty. It keeps every
        // hard constraint and the coverage; the flow optimum stays a lower bound, so the gap is reported, never hidden.
        if (options.RepeatedPairWeight > 0)
        {
            SpreadPairs(teams, allowed, capacity, options);
        }

        var load = new int[experts.Count];
        foreach (var member in teams.SelectMany(t => t))
        {
            load[member.Expert]++;
        }
        var assignments = new List<Assignment>();
        var uncovered = new List<UncoveredDemand>();
        for (var d = 0; d < demands.Count; d++)
        {
            var demand = demands[d];
            var lead = demand.Role == ExpertRole.SiteCoach && teams[d].Count > 0
                ? teams[d].OrderByDescending(m => m.Score).ThenBy(m => experts[m.Expert].Name, StringComparer.Ordinal).First().Expert
                : -1;
            foreach (var (e, score) in teams[d])
            {
                var expert = experts[e];
                assignments.Add(new Assignment(demand.ItemId, expert.ExpertId, expert.Name, score, e == lead,
                    Explain(demand, expert, options, e == lead, load[e], capacity[e])));
            }
            if (teams[d].Count < demand.Required)
            {
                uncovered.Add(new UncoveredDemand(demand.ItemId, demand.Label, demand.Required - teams[d].Count,
                    WhyShort(demand, experts, conflictSet, teams[d].Count)));
            }
        }
        var cost = CostOf(teams, load, options);
        return new AssignmentResult(assignments, uncovered, cost, lowerBound, cost == lowerBound);
    }

    /// <summary>Checks one manual change by the Office (adding <paramref name="expert"/> to <paramref name="demand"/>) against the hard constraints.</summary>
    /// <param name="current">The assignments as they stand, all demands of this round (capacity counts them).</param>
    public static PairCheck Validate(Demand demand, Candidate expert, IEnumerable<AssignedPair> current, IEnumerable<Conflict> conflicts, AssignmentOptions? options = null)
    {
        options ??= new AssignmentOptions();
        var conflictSet = HardRules.ConflictSet(conflicts);
        var reasons = HardRules.InOrder.Where(r => HardRules.Breaks(r, expert, demand, conflictSet)).Select(r => HardRules.Reason(r, expert, demand)).ToList();
        var mine = current.Where(p => p.ExpertId == expert.ExpertId).ToList();
        if (mine.Any(p => p.ItemId == demand.ItemId))
        {
            reasons.Insert(0, $"{expert.Name} 已分配给{demand.Label}");
        }
        else if (mine.Count >= HardRules.CapacityOf(expert, options))
        {
            // 4.2: at most N assignments per expert
            reasons.Add($"{expert.Name} 已分配 {mine.Count} 次，达到上限 {HardRules.CapacityOf(expert, options)}");
        }
        return new PairCheck(reasons.Count == 0, reasons);
    }

    /// <summary>Preference points of a pair; the flow minimises their negative.</summary>
    internal static int Score(Demand demand, Candidate expert, AssignmentOptions options) =>
        // 4.6.1 按产业特点: industry match
        (demand.Industry is { } industry && expert.Industries.Contains(industry) ? options.IndustryWeight : 0)
        // 4.6.1 按实际情况 / 4.5: specialty match, per specialty wanted and held
        + options.SpecialtyWeight * demand.Specialties.Count(expert.Specialties.Contains)
        // 4.4.2 → 4.6.1 continuity: the expert who reviewed the report may be preferred for the site visit (configurable)
        + (options.Continuity && demand.PreferredExperts.Contains(expert.ExpertId) ? options.ContinuityWeight : 0);

    /// <summary>The cost of an expert's n-th assignment (counted from 0): convex, so load spreads evenly.</summary>
    private static long LoadStep(int n, AssignmentOptions options) => (long)options.LoadWeight * n;

    private static List<(int Expert, int Score)>[] SolveFlow(IReadOnlyList<Demand> demands, int expertCount, int[] capacity,
        List<(int Expert, int Score)>[] allowed, AssignmentOptions options, out long lowerBound)
    {
        const int source = 0, sink = 1;
        int DemandNode(int d) => 2 + d;
        int ExpertNode(int e) => 2 + demands.Count + e;
        long total = demands.Sum(d => (long)d.Required);
        // Larger than any gain from preferences over the whole solve, so covering one more place always wins.
        var maxScore = allowed.SelectMany(a => a).Select(a => (long)a.Score).DefaultIfEmpty(0).Max();
        var uncoveredCost = (total + 1) * (maxScore + LoadStep(capacity.DefaultIfEmpty(0).Max(), options) + 1);

        using var flow = new MinCostFlow();
        var pairArcs = new List<(int Arc, int Demand, int Expert, int Score)>();
        for (var d = 0; d < demands.Count; d++)
        {
            flow.AddArcWithCapacityAndUnitCost(source, DemandNode(d), demands[d].Required, 0);
            flow.AddArcWithCapacityAndUnitCost(DemandNode(d), sink, demands[d].Required, uncoveredCost);
            foreach (var (e, score) in allowed[d])
            {
                pairArcs.Add((flow.AddArcWithCapacityAndUnitCost(DemandNode(d), ExpertNode(e), 1, -score), d, e, score));
            }
        }
        for (var e = 0; e < expertCount; e++)
        {
            for (var n = 0; n < capacity[e]; n++)
            {
                flow.AddArcWithCapacityAndUnitCost(ExpertNode(e), sink, 1, LoadStep(n, options));
            }
        }
        flow.SetNodeSupply(source, total);
        flow.SetNodeSupply(sink, -total);
        for (var n = 2; n < 2 + demands.Count + expertCount; n++)
        {
            flow.SetNodeSupply(n, 0);
        }
        var status = flow.Solve();
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"min-cost flow ended with {status}");
        }

        var teams = demands.Select(_ => new List<(int Expert, int Score)>()).ToArray();
        foreach (var (arc, d, e, score) in pairArcs)
        {
            if (flow.Flow(arc) > 0)
            {
                teams[d].Add((e, score));
            }
        }
        var uncovered = total - teams.Sum(t => (long)t.Count);
        lowerBound = flow.OptimalCost() - uncovered * uncoveredCost;
        return teams;
    }

    private static void SpreadPairs(List<(int Expert, int Score)>[] teams, List<(int Expert, int Score)>[] allowed, int[] capacity, AssignmentOptions options)
    {
        var load = new int[capacity.Length];
        var together = new Dictionary<(int, int), int>();
        static (int, int) Key(int a, int b) => a < b ? (a, b) : (b, a);
        foreach (var team in teams)
        {
            foreach (var m in team)
            {
                load[m.Expert]++;
            }
            ForEachPair(team, (a, b) => together[Key(a, b)] = together.GetValueOrDefault(Key(a, b)) + 1);
        }
        int Together(int a, int b) => together.GetValueOrDefault(Key(a, b));

        for (var pass = 0; pass < 5; pass++)
        {
            var improved = false;
            for (var d = 0; d < teams.Length; d++)
            {
                var team = teams[d];
                for (var i = 0; i < team.Count; i++)
                {
                    var (a, scoreA) = team[i];
                    var others = team.Where((_, j) => j != i).Select(m => m.Expert).ToList();
                    var removal = -options.RepeatedPairWeight * others.Count(b => Together(a, b) > 1);
                    if (removal == 0)
                    {
                        continue;
                    }
                    var best = (Expert: -1, Score: 0, Delta: 0L);
                    foreach (var (c, scoreC) in allowed[d])
                    {
                        if (load[c] >= capacity[c] || team.Any(m => m.Expert == c))
                        {
                            continue;
                        }
                        var delta = scoreA - scoreC + LoadStep(load[c], options) - LoadStep(load[a] - 1, options)
                            + removal + options.RepeatedPairWeight * others.Count(b => Together(c, b) > 0);
                        if (delta < best.Delta)
                        {
                            best = (c, scoreC, delta);
                        }
                    }
                    if (best.Expert < 0)
                    {
                        continue;
                    }
                    foreach (var b in others)
                    {
                        together[Key(a, b)]--;
                        together[Key(best.Expert, b)] = Together(best.Expert, b) + 1;
                    }
                    load[a]--;
                    load[best.Expert]++;
                    team[i] = (best.Expert, best.Score);
                    improved = true;
                }
            }
            if (!improved)
            {
                break;
            }
        }
    }

    private static void ForEachPair(List<(int Expert, int Score)> team, Action<int, int> action)
    {
        for (var i = 0; i < team.Count; i++)
        {
            for (var j = i + 1; j < team.Count; j++)
            {
                action(team[i].Expert, team[j].Expert);
            }
        }
    }

    /// <summary>−preference points + load-spreading cost + repeated-pair penalty.</summary>
    internal static long CostOf(IReadOnlyList<List<(int Expert, int Score)>> teams, int[] load, AssignmentOptions options)
    {
        var cost = -teams.Sum(t => t.Sum(m => (long)m.Score));
        foreach (var n in load)
        {
            for (var i = 0; i < n; i++)
            {
                cost += LoadStep(i, options);
            }
        }
        var together = new Dictionary<(int, int), int>();
        foreach (var team in teams)
        {
            ForEachPair(team, (a, b) => together[a < b ? (a, b) : (b, a)] = together.GetValueOrDefault(a < b ? (a, b) : (b, a)) + 1);
        }
        return cost + options.RepeatedPairWeight * together.Values.Sum(c => (long)c - 1);
    }

    private static string Explain(Demand demand, Candidate expert, AssignmentOptions options, bool lead, int load, int capacity)
    {
        var parts = new List<string>();
        if (lead)
        {
            parts.Add("组长");
        }
        if (demand.Industry is { } industry && expert.Industries.Contains(industry))
        {
            parts.Add($"行业匹配（{HardRules.IndustryName(industry)}）");
        }
        var specialties = demand.Specialties.Where(expert.Specialties.Contains).ToList();
        if (specialties.Count > 0)
        {
            parts.Add($"专长匹配：{string.Join("、", specialties)}");
        }
        if (options.Continuity && demand.PreferredExperts.Contains(expert.ExpertId))
        {
            parts.Add("连续性：此前已为该组织服务");
        }
        if (parts.Count == (lead ? 1 : 0))
        {
            parts.Add("无行业、专长匹配，按负荷均衡选入");
        }
        parts.Add($"当前负荷 {load}/{capacity}");
        return string.Join("；", parts);
    }

    /// <summary>Which hard constraint leaves the demand short: apply them in order and name the one that empties (or thins) the candidate set.</summary>
    private static string WhyShort(Demand demand, IReadOnlyList<Candidate> experts, IReadOnlySet<(Guid, Guid)> conflicts, int assigned)
    {
        var role = HardRules.RoleName(demand.Role);
        var industry = demand.Industry is { } code ? $"（行业 {HardRules.IndustryName(code)}）" : "";
        IEnumerable<Candidate> pool = experts;
        var conditions = new List<string>();
        foreach (var rule in HardRules.InOrder)
        {
            var before = pool.Count();
            pool = pool.Where(e => !HardRules.Breaks(rule, e, demand, conflicts)).ToList();
            // name only the conditions that ruled someone out
            if (pool.Count() < before && HardRules.Condition(rule, demand) is { } condition)
            {
                conditions.Add(condition);
            }
            if (!pool.Any())
            {
                return rule == HardRule.Role
                    ? $"专家库中没有{role}{industry}"
                    : $"没有{string.Join("、", conditions)}的{role}{industry}";
            }
        }
        var eligible = pool.Count();
        if (eligible < demand.Required)
        {
            return $"需要 {demand.Required} 位，只有 {eligible} 位{string.Join("、", conditions)}的{role}{industry}";
        }
        // Enough experts pass every pair check: the others are used up elsewhere.
        return $"需要 {demand.Required} 位，只分配到 {assigned} 位：符合条件的 {eligible} 位{role}{industry}均已达到分配上限";
    }
}
