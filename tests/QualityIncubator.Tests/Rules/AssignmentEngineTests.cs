using System.Runtime.InteropServices;
using QualityIncubator.Web.Experts.Assignment;

namespace QualityIncubator.Tests.Rules;

/// <summary>Expert assignment (4.2.3, 4.4.2, 4.5, 4.6.1): properties on seeded random pools, optimality against brute force, reasons in Chinese.</summary>
public sealed class AssignmentEngineTests
{
    private static readonly DateOnly VisitDay = new(2026, 5, 12);
    private static readonly string[] Industries = ["C", "F", "I", "M"];
    private static readonly string[] Specialties = ["精益管理", "六西格玛", "卓越绩效", "质量成本", "顾客满意"];

    private static Guid Id(int n) => new(n, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]);

    private static Candidate Expert(int n, ExpertRole role, string? industry = null, string? specialty = null, int? capacity = null, bool active = true, DateOnly? away = null) =>
        new(Id(1000 + n), $"专家{n}", new HashSet<ExpertRole> { role }, active, industry is null ? [] : [industry], specialty is null ? [] : [specialty],
            away is { } day ? new HashSet<DateOnly> { day } : new HashSet<DateOnly>(), capacity);

    private static Demand Org(int n, ExpertRole role, int k, string? industry = "C", DateOnly? date = null, string[]? specialties = null, Guid[]? preferred = null) =>
        new(Id(n), $"组织{n}", role, k, date, industry, specialties ?? [], preferred ?? []);

    private sealed record Instance(List<Demand> Demands, List<Candidate> Experts, List<Conflict> Conflicts, AssignmentOptions Options);

    private static Instance Random(int seed, int maxDemands, int maxExperts)
    {
        var rng = new Random(seed);
        T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];
        var roles = Enum.GetValues<ExpertRole>();
        var days = new[] { VisitDay, VisitDay.AddDays(1), VisitDay.AddDays(2) };
        var experts = Enumerable.Range(0, rng.Next(1, maxExperts + 1)).Select(i => new Candidate(
            Id(1000 + i), $"专家{i}", roles.Where(_ => rng.NextDouble() < 0.5).Append(Pick(roles)).ToHashSet(), rng.NextDouble() < 0.85,
            Industries.Where(_ => rng.NextDouble() < 0.3).ToList(), Specialties.Where(_ => rng.NextDouble() < 0.3).ToList(),
            days.Where(_ => rng.NextDouble() < 0.2).ToHashSet(), rng.NextDouble() < 0.3 ? rng.Next(0, 3) : null)).ToList();
        var demands = Enumerable.Range(0, rng.Next(1, maxDemands + 1)).Select(i => new Demand(
            Id(i), $"组织{i}", Pick(roles), rng.Next(0, 4), rng.NextDouble() < 0.6 ? Pick(days) : null, rng.NextDouble() < 0.8 ? Pick(Industries) : null,
            Specialties.Where(_ => rng.NextDouble() < 0.3).ToList(), experts.Where(_ => rng.NextDouble() < 0.15).Select(e => e.ExpertId).ToList())).ToList();
        var conflicts = (from e in experts from d in demands where rng.NextDouble() < 0.2 select new Conflict(e.ExpertId, d.ItemId)).ToList();
        var options = new AssignmentOptions
        {
            MaxPerExpert = rng.Next(1, 4), IndustryWeight = rng.Next(0, 120), SpecialtyWeight = rng.Next(0, 60), LoadWeight = rng.Next(0, 20),
            ContinuityWeight = rng.Next(0, 80), Continuity = rng.NextDouble() < 0.7, RepeatedPairWeight = rng.Next(0, 30),
        };
        return new Instance(demands, experts, conflicts, options);
    }

    private static AssignmentResult Solve(Instance i) => AssignmentEngine.Solve(i.Demands, i.Experts, i.Conflicts, i.Options);

    /// <summary>The most places any assignment can cover: an independent augmenting-path max flow.</summary>
    private static int MaxCoverage(Instance i)
    {
        var conflicts = HardRules.ConflictSet(i.Conflicts);
        var cap = i.Experts.Select(e => HardRules.CapacityOf(e, i.Options)).ToArray();
        var used = new HashSet<(int D, int E)>();
        var load = new int[i.Experts.Count];
        var filled = new int[i.Demands.Count];
        bool Allowed(int d, int e) => HardRules.Allows(i.Experts[e], i.Demands[d], conflicts);
        // Augment from a demand with a free place: demand → unused allowed expert; an expert at capacity passes one of its places back to another demand.
        bool Augment(int d, HashSet<int> seen)
        {
            for (var e = 0; e < i.Experts.Count; e++)
            {
                if (!Allowed(d, e) || used.Contains((d, e)) || !seen.Add(e))
                {
                    continue;
                }
                if (load[e] < cap[e])
                {
                    used.Add((d, e));
                    load[e]++;
                    return true;
                }
                foreach (var (d2, _) in used.Where(p => p.E == e).ToList())
                {
                    used.Remove((d2, e));
                    if (AugmentAgain(d2, seen))
                    {
                        used.Add((d, e));
                        return true;
                    }
                    used.Add((d2, e));
                }
            }
            return false;
        }
        bool AugmentAgain(int d, HashSet<int> seen) => Augment(d, seen);
        for (var d = 0; d < i.Demands.Count; d++)
        {
            while (filled[d] < i.Demands[d].Required && Augment(d, []))
            {
                filled[d]++;
            }
        }
        return filled.Sum();
    }

    [Fact]
    public void The_native_solver_loads_from_the_normal_bin_layout_with_only_this_platforms_runtime()
    {
        var result = AssignmentEngine.Solve([Org(1, ExpertRole.Lecturer, 1)], [Expert(1, ExpertRole.Lecturer)], []);
        Assert.Single(result.Assignments);
        if (RuntimeInformation.RuntimeIdentifier == "linux-x64")
        {
            var runtimes = Path.Combine(AppContext.BaseDirectory, "runtimes");
            Assert.True(File.Exists(Path.Combine(runtimes, "linux-x64", "native", "google-ortools-native.so")));
            Assert.False(Directory.Exists(Path.Combine(runtimes, "osx-arm64", "native")) && Directory.GetFiles(Path.Combine(runtimes, "osx-arm64", "native"), "*ortools*").Length > 0);
            Assert.False(Directory.Exists(Path.Combine(runtimes, "win-x64", "native")) && Directory.GetFiles(Path.Combine(runtimes, "win-x64", "native"), "*ortools*").Length > 0);
        }
    }

    [Fact]
    public void On_random_pools_no_pair_breaks_a_hard_rule_no_expert_exceeds_capacity_and_coverage_is_maximal()
    {
        var (feasible, infeasible) = (0, 0);
        for (var seed = 1; seed <= 200; seed++)
        {
            var i = Random(seed, maxDemands: 12, maxExperts: 10);
            var result = Solve(i);
            var conflicts = HardRules.ConflictSet(i.Conflicts);
            var demands = i.Demands.ToDictionary(d => d.ItemId);
            var experts = i.Experts.ToDictionary(e => e.ExpertId);
            foreach (var a in result.Assignments)
            {
                Assert.True(HardRules.Allows(experts[a.ExpertId], demands[a.ItemId], conflicts), $"seed {seed}: {a.ExpertName} on {a.ItemId}");
                Assert.DoesNotContain(i.Conflicts, c => c.ExpertId == a.ExpertId && c.ItemId == a.ItemId);
            }
            Assert.Equal(result.Assignments.Count, result.Assignments.DistinctBy(a => (a.ItemId, a.ExpertId)).Count());
            foreach (var g in result.Assignments.GroupBy(a => a.ExpertId))
            {
                Assert.True(g.Count() <= HardRules.CapacityOf(experts[g.Key], i.Options), $"seed {seed}: over capacity");
            }
            foreach (var d in i.Demands)
            {
                var got = result.Assignments.Count(a => a.ItemId == d.ItemId);
                Assert.True(got <= d.Required);
                var short_ = result.Uncovered.SingleOrDefault(u => u.ItemId == d.ItemId);
                Assert.Equal(d.Required - got, short_?.Missing ?? 0);
                if (short_ is not null)
                {
                    Assert.Contains(HardRules.RoleName(d.Role), short_.Reason);
                }
            }
            var total = i.Demands.Sum(d => d.Required);
            Assert.Equal(MaxCoverage(i), result.Assignments.Count);
            Assert.Equal(result.Assignments.Count == total, result.Feasible);
            Assert.True(result.Cost >= result.LowerBound);
            Assert.All(result.Assignments, a => Assert.Contains("当前负荷", a.Explanation));
            _ = result.Feasible ? feasible++ : infeasible++;
        }
        // The seeds exercise both outcomes.
        Assert.True(feasible > 20 && infeasible > 20, $"{feasible} feasible, {infeasible} infeasible");
    }

    /// <summary>Covered places (more is better), then cost: −points + load steps + repeated pairs; computed here independently of the engine.</summary>
    private static (int Covered, long Cost) BruteForce(Instance i)
    {
        var o = i.Options;
        var conflicts = HardRules.ConflictSet(i.Conflicts);
        var cap = i.Experts.Select(e => HardRules.CapacityOf(e, o)).ToArray();
        int Points(Demand d, Candidate e) => (d.Industry is { } ind && e.Industries.Contains(ind) ? o.IndustryWeight : 0)
            + o.SpecialtyWeight * d.Specialties.Count(e.Specialties.Contains) + (o.Continuity && d.PreferredExperts.Contains(e.ExpertId) ? o.ContinuityWeight : 0);
        var options = i.Demands.Select(d =>
        {
            var allowed = Enumerable.Range(0, i.Experts.Count).Where(e => HardRules.Allows(i.Experts[e], d, conflicts)).ToList();
            return Enumerable.Range(0, 1 << allowed.Count).Select(mask => allowed.Where((_, b) => (mask >> b & 1) == 1).ToList()).Where(s => s.Count <= d.Required).ToList();
        }).ToList();
        var best = (Covered: -1, Cost: long.MaxValue);
        var chosen = new List<int>[i.Demands.Count];
        void Walk(int d)
        {
            if (d == i.Demands.Count)
            {
                var load = new int[i.Experts.Count];
                foreach (var e in chosen.SelectMany(t => t))
                {
                    load[e]++;
                }
                if (load.Where((n, e) => n > cap[e]).Any())
                {
                    return;
                }
                long cost = -chosen.Select((t, k) => t.Sum(e => Points(i.Demands[k], i.Experts[e]))).Sum() + load.Sum(n => (long)o.LoadWeight * n * (n - 1) / 2);
                var pairs = chosen.SelectMany(t => from a in t from b in t where a < b select (a, b)).GroupBy(p => p);
                cost += o.RepeatedPairWeight * pairs.Sum(g => (long)g.Count() - 1);
                var covered = chosen.Sum(t => t.Count);
                if (covered > best.Covered || (covered == best.Covered && cost < best.Cost))
                {
                    best = (covered, cost);
                }
                return;
            }
            foreach (var s in options[d])
            {
                chosen[d] = s;
                Walk(d + 1);
            }
        }
        Walk(0);
        return best;
    }

    [Fact]
    public void On_tiny_pools_the_proposal_is_as_good_as_brute_force()
    {
        var nonTrivial = 0;
        for (var seed = 1; seed <= 150; seed++)
        {
            var i = Random(seed, maxDemands: 4, maxExperts: 5);
            var linear = i with { Options = i.Options with { RepeatedPairWeight = 0 } };
            var result = Solve(linear);
            var best = BruteForce(linear);
            Assert.Equal(best.Covered, result.Assignments.Count);
            Assert.Equal(best.Cost, result.Cost);
            Assert.True(result.Optimal, $"seed {seed}");
            nonTrivial += result.Assignments.Count >= 3 ? 1 : 0;

            // With the repeated-pair penalty the flow optimum is a true lower bound and the proposal never claims more than it proves.
            var withPairs = Solve(i);
            var bestWithPairs = BruteForce(i);
            Assert.Equal(bestWithPairs.Covered, withPairs.Assignments.Count);
            Assert.InRange(bestWithPairs.Cost, withPairs.LowerBound, withPairs.Cost);
            if (withPairs.Optimal)
            {
                Assert.Equal(bestWithPairs.Cost, withPairs.Cost);
            }
        }
        Assert.True(nonTrivial > 30, $"only {nonTrivial} instances with three or more assignments");
    }

    [Fact]
    public void An_uncoverable_organization_is_named_with_the_hard_rule_that_empties_the_pool()
    {
        var org = Org(1, ExpertRole.SiteCoach, 2, "C", VisitDay);
        var conflicted = Expert(1, ExpertRole.SiteCoach, "C");
        var away = Expert(2, ExpertRole.SiteCoach, "C", away: VisitDay);
        var reviewer = Expert(3, ExpertRole.ReportReviewer, "C");
        var result = AssignmentEngine.Solve([org, Org(2, ExpertRole.SiteCoach, 1, "C", VisitDay)], [conflicted, away, reviewer], [new Conflict(conflicted.ExpertId, org.ItemId)]);

        var shortOrg = Assert.Single(result.Uncovered, u => u.ItemId == org.ItemId);
        Assert.Equal(2, shortOrg.Missing);
        Assert.Equal("没有无利益冲突、在 2026-05-12 可参加的现场扶优指导专家（行业 C 制造业）", shortOrg.Reason);
        Assert.False(result.Feasible);
        // The other organization is still covered: the best assignment for what can be covered.
        Assert.Equal(Id(2), Assert.Single(result.Assignments).ItemId);
    }

    [Fact]
    public void Shortages_by_role_by_count_and_by_capacity_each_say_what_is_missing()
    {
        var noLecturer = AssignmentEngine.Solve([Org(1, ExpertRole.Lecturer, 1, null)], [Expert(1, ExpertRole.SiteCoach)], []);
        Assert.Equal("专家库中没有授课专家", Assert.Single(noLecturer.Uncovered).Reason);

        var inactive = AssignmentEngine.Solve([Org(1, ExpertRole.ReportReviewer, 1, "I")], [Expert(1, ExpertRole.ReportReviewer, active: false)], []);
        Assert.Equal("没有在库的自评报告评价专家（行业 I 信息传输、软件和信息技术服务业）", Assert.Single(inactive.Uncovered).Reason);

        var org = Org(1, ExpertRole.ReportReviewer, 3);
        var fewer = AssignmentEngine.Solve([org], [Expert(1, ExpertRole.ReportReviewer), Expert(2, ExpertRole.ReportReviewer), Expert(3, ExpertRole.ReportReviewer)],
            [new Conflict(Id(1001), org.ItemId)]);
        var reason = Assert.Single(fewer.Uncovered);
        Assert.Equal(1, reason.Missing);
        Assert.Equal("需要 3 位，只有 2 位无利益冲突的自评报告评价专家（行业 C 制造业）", reason.Reason);

        var busy = AssignmentEngine.Solve([Org(1, ExpertRole.ReportReviewer, 1), Org(2, ExpertRole.ReportReviewer, 1)], [Expert(1, ExpertRole.ReportReviewer, capacity: 1)], []);
        Assert.Contains("均已达到分配上限", Assert.Single(busy.Uncovered).Reason);
        Assert.Single(busy.Assignments);
    }

    [Fact]
    public void Every_pair_is_explained_by_industry_specialty_continuity_and_load()
    {
        var match = Expert(1, ExpertRole.SiteCoach, "C", "精益管理");
        var plain = Expert(2, ExpertRole.SiteCoach);
        var result = AssignmentEngine.Solve([Org(1, ExpertRole.SiteCoach, 2, "C", VisitDay, ["精益管理"], [plain.ExpertId])], [match, plain], []);

        var lead = Assert.Single(result.Assignments, a => a.Lead);
        Assert.Equal(match.ExpertId, lead.ExpertId);
        Assert.Equal("组长；行业匹配（C 制造业）；专长匹配：精益管理；当前负荷 1/12", lead.Explanation);
        Assert.Equal("连续性：此前已为该组织服务；当前负荷 1/12", Assert.Single(result.Assignments, a => !a.Lead).Explanation);
        Assert.True(result.Optimal);
    }

    [Fact]
    public void Continuity_prefers_the_expert_who_reviewed_the_report_only_when_switched_on()
    {
        var reviewer = Expert(1, ExpertRole.SiteCoach);
        var other = Expert(2, ExpertRole.SiteCoach, "C");
        Demand[] visit = [Org(1, ExpertRole.SiteCoach, 1, "C", preferred: [reviewer.ExpertId])];
        var options = new AssignmentOptions { IndustryWeight = 50, ContinuityWeight = 60 };

        Assert.Equal(reviewer.ExpertId, Assert.Single(AssignmentEngine.Solve(visit, [reviewer, other], [], options).Assignments).ExpertId);
        Assert.Equal(other.ExpertId, Assert.Single(AssignmentEngine.Solve(visit, [reviewer, other], [], options with { Continuity = false }).Assignments).ExpertId);
    }

    [Fact]
    public void Load_spreads_evenly_and_the_same_two_reviewers_are_not_paired_everywhere()
    {
        var experts = Enumerable.Range(1, 4).Select(n => Expert(n, ExpertRole.ReportReviewer, "C")).ToList();
        Demand[] orgs = [.. Enumerable.Range(1, 6).Select(n => Org(n, ExpertRole.ReportReviewer, 2))];

        var result = AssignmentEngine.Solve(orgs, experts, []);
        Assert.All(result.Assignments.GroupBy(a => a.ExpertId), g => Assert.Equal(3, g.Count()));
        var pairs = result.Assignments.GroupBy(a => a.ItemId).Select(g => string.Join("+", g.Select(a => a.ExpertId).Order())).ToList();
        Assert.Equal(6, pairs.Distinct().Count());
    }

    [Fact]
    public void A_manual_change_is_checked_against_the_same_hard_rules()
    {
        var org = Org(1, ExpertRole.SiteCoach, 2, "C", VisitDay);
        var good = Expert(1, ExpertRole.SiteCoach, capacity: 2);
        var current = new[] { new AssignedPair(Id(2), good.ExpertId) };

        var ok = AssignmentEngine.Validate(org, good, current, []);
        Assert.True(ok.Allowed);
        Assert.Empty(ok.Reasons);

        var conflict = AssignmentEngine.Validate(org, good, current, [new Conflict(good.ExpertId, org.ItemId)]);
        Assert.False(conflict.Allowed);
        Assert.Equal("专家1 与组织1存在利益冲突，须回避（4.2.3）", Assert.Single(conflict.Reasons));

        var wrong = AssignmentEngine.Validate(org, Expert(2, ExpertRole.Lecturer, active: false, away: VisitDay), [], []);
        Assert.Equal(["专家2 不是现场扶优指导专家", "专家2 不在专家库中（已停用）", "专家2 在 2026-05-12 不可参加"], wrong.Reasons);

        var full = AssignmentEngine.Validate(org, good, [.. current, new AssignedPair(Id(3), good.ExpertId)], []);
        Assert.Equal("专家1 已分配 2 次，达到上限 2", Assert.Single(full.Reasons));

        var twice = AssignmentEngine.Validate(org, good, [new AssignedPair(org.ItemId, good.ExpertId)], []);
        Assert.Equal("专家1 已分配给组织1", Assert.Single(twice.Reasons));
    }
}
