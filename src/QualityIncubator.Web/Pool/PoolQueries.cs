using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Pool;

/// <summary>Reads of the incubation pool (4.4.4): the cohort to rank, the current members and the history of entries and exits.</summary>
public static class PoolQueries
{
    /// <summary>An organization waiting for the pool decision (case 已完成质量分析), with what the ranking needs.</summary>
    /// <param name="Missing">Appendix A figures the organization left empty, counted as 0 in the ranking (said on the page).</param>
    public sealed record Candidate(Guid CaseId, long CaseVersion, string CreditCode, RankingInput Input, IReadOnlyList<string> Missing);

    /// <summary>One stay in the pool, with the organization's name and credit code.</summary>
    public sealed record MemberRow(
        Guid Id, Guid OrganizationId, string Name, string CreditCode, CaseState? State, int? Rank, decimal? RankingTotal, string? SelectionReason,
        DateTime EnteredAt, string? EnteredBy, DateTime? ExitedAt, ExitGround? ExitGround, string? ExitReason, string? ExitedBy)
    {
        public bool IsCurrent => ExitedAt is null;
    }

    /// <summary>The ranking component as the pages show it.</summary>
    public static string Label(RankingComponent component) => component switch
    {
        RankingComponent.Performance => "经营绩效",
        RankingComponent.ExpertScore => "专家评价",
        RankingComponent.Quality => "质量分析",
        RankingComponent.Priority => "重点产业",
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The programme's ranking weights (null JSON → the defaults; unreadable JSON → the defaults).</summary>
    public static RankingWeights Weights(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return RankingWeights.Default;
        }
        try
        {
            return JsonSerializer.Deserialize<RankingWeights>(json, Json) ?? RankingWeights.Default;
        }
        catch (JsonException)
        {
            return RankingWeights.Default;
        }
    }

    public static string ToJson(RankingWeights weights) => JsonSerializer.Serialize(weights, Json);

    /// <summary>The cohort: every case of the programme in 已完成质量分析, as the ranking sees it, in one query.</summary>
    public static async Task<List<Candidate>> CohortAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var rows = await db.Cases.AsNoTracking()
            .Where(c => c.ProgrammeId == programmeId && c.State == CaseState.Analysed)
            .Select(c => new
            {
                c.Id, c.Version, c.OrganizationId, c.Organization!.Name, c.Organization.CreditCode,
                Application = db.Applications
                    .Where(a => a.ProgrammeId == programmeId && a.OrganizationId == c.OrganizationId && a.Status == ApplicationStatus.Submitted)
                    .Select(a => new
                    {
                        a.LastYearRevenue, a.LastYearTax, a.LastYearNetProfit,
                        Priority = db.CodeItems.Where(i => i.List == CodeLists.PriorityIndustry && i.Code == a.PriorityIndustryCode).Select(i => i.Label).FirstOrDefault(),
                    })
                    .FirstOrDefault(),
                Score = db.Set<ReviewConsensus>().Where(r => r.ProgrammeId == programmeId && r.OrganizationId == c.OrganizationId).Select(r => r.Total).FirstOrDefault(),
                Penalties = db.Set<AdministrativePenalty>().Count(p => p.ProgrammeId == programmeId && p.OrganizationId == c.OrganizationId),
                Amount = db.Set<AdministrativePenalty>().Where(p => p.ProgrammeId == programmeId && p.OrganizationId == c.OrganizationId).Sum(p => (decimal?)p.AmountYuan),
            })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r =>
        {
            var missing = new List<string>();
            if (r.Application is null)
            {
                missing.Add("未找到已提交的申请书，营业收入、纳税额、净利润均按0计");
            }
            else
            {
                if (r.Application.LastYearRevenue is null) { missing.Add("营业收入未填写，按0计"); }
                if (r.Application.LastYearTax is null) { missing.Add("纳税额未填写，按0计"); }
                if (r.Application.LastYearNetProfit is null) { missing.Add("净利润未填写，按0计"); }
            }
            var input = new RankingInput(r.OrganizationId, r.Name,
                r.Application?.LastYearRevenue ?? 0m, r.Application?.LastYearTax ?? 0m, r.Application?.LastYearNetProfit ?? 0m,
                RevenueGrowthPercent: null, // Appendix A has no growth rate
                r.Score, r.Penalties, (r.Amount ?? 0m) / 10000m, r.Application?.Priority);
            return new Candidate(r.Id, r.Version, r.CreditCode, input, missing);
        })];
    }

    /// <summary>Every stay in the pool of the programme (the exports), in the page's order: newest entry first, then by rank.</summary>
    public static Task<List<MemberRow>> MembersAsync(AppDbContext db, Guid programmeId, CancellationToken ct) =>
        AllStays.For(db)(db, programmeId, null, 0).ToListAsync(ct).AsTask();

    /// <summary>One page of the current members (<paramref name="currentOnly"/>) or of every stay, narrowed by name or credit code.</summary>
    /// <param name="total">How many stays the filter keeps (<see cref="ProgrammeHeader.Members"/> or <see cref="ProgrammeHeader.Stays"/>).</param>
    public static Task<PagedList<MemberRow>> MembersPageAsync(AppDbContext db, Guid programmeId, bool currentOnly, string? name, int? page, int total, CancellationToken ct) =>
        Paging.PageAsync(page, Paging.DefaultPageSize, total,
            (skip, _) => (currentOnly ? CurrentPage : StaysPage).For(db)(db, programmeId, Term(name), skip).ToListAsync(ct).AsTask());

    /// <summary>The name filter as the queries take it: trimmed, null when blank (a null term keeps every row).</summary>
    private static string? Term(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim();

    // compiled, as every query of the pool page (it is one of the load benchmark's pages; bench/README.md): EF's per-call work on these
    // expressions was a quarter of the page's processor time
    private static readonly CompiledQuery<Func<AppDbContext, Guid, string?, int, IAsyncEnumerable<MemberRow>>> CurrentPage = new(() => PageOfStays(currentOnly: true, Paging.DefaultPageSize));
    private static readonly CompiledQuery<Func<AppDbContext, Guid, string?, int, IAsyncEnumerable<MemberRow>>> StaysPage = new(() => PageOfStays(currentOnly: false, Paging.DefaultPageSize));
    private static readonly CompiledQuery<Func<AppDbContext, Guid, string?, int, IAsyncEnumerable<MemberRow>>> AllStays = new(() => PageOfStays(currentOnly: false, int.MaxValue));

    /// <remarks>
    /// Paged before anything is looked up: a subquery orders the stays and cuts the page's ids, and the stays, names, credit codes and
    /// case states are read for those rows only. The page's ids are joined to the stays, not tested with IN: for IN, PostgreSQL hashed the
    /// ids and read the whole table (a seq scan of every programme's stays, 2.2 ms a page under load); joined, it looks the 20 up by key.
    /// (In one flat query SQLite computes every row's lookups before it sorts — 2,400 lookups for the 800 members of a city-size cohort;
    /// sorting whole rows costs twice sorting ids.) The order uses the member's own columns
    /// (ranks are distinct within one entry: PoolRanking numbers every organization; the organization's id settles anything left). The
    /// current members' order is the partial index IX_PoolMember_Current; every stay's order is sorted from the covering
    /// IX_PoolMember_ProgrammeId_OrganizationId (an index on (ProgrammeId, EnteredAt, …) for every stay made SQLite's planner range-scan it
    /// for the programme summary's "member at the time" test instead of looking the organization up: 20 s instead of 0.5 s on the city data).
    /// <paramref name="currentOnly"/> and the page size <paramref name="take"/> are constants of the compiled query (a compiled query takes
    /// captured values as constants): with LIMIT a constant, PostgreSQL keeps one generic plan of the prepared statement instead of planning
    /// it again on every request (0.7 ms).
    /// </remarks>
    private static Func<AppDbContext, Guid, string?, int, IAsyncEnumerable<MemberRow>> PageOfStays(bool currentOnly, int take) => EF.CompileAsyncQuery(
        (AppDbContext db, Guid programmeId, string? term, int skip) => db.Set<PoolMember>().AsNoTracking()
            .Where(s => s.ProgrammeId == programmeId && (!currentOnly || s.ExitedAt == null)
                && (term == null || db.Organizations.Any(o => o.Id == s.OrganizationId && (o.Name.Contains(term) || o.CreditCode.Contains(term)))))
            .OrderByDescending(s => s.EnteredAt).ThenBy(s => s.Rank).ThenBy(s => s.OrganizationId)
            .Skip(skip).Take(take).Select(s => s.Id)
            .Join(db.Set<PoolMember>().AsNoTracking(), id => id, m => m.Id, (id, m) => m)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { Member = m, o.Name, o.CreditCode })
            .OrderByDescending(x => x.Member.EnteredAt).ThenBy(x => x.Member.Rank).ThenBy(x => x.Member.OrganizationId)
            .Select(x => new MemberRow(x.Member.Id, x.Member.OrganizationId, x.Name, x.CreditCode,
                db.Cases.Where(c => c.ProgrammeId == programmeId && c.OrganizationId == x.Member.OrganizationId).Select(c => (CaseState?)c.State).FirstOrDefault(),
                x.Member.Rank, x.Member.RankingTotal, x.Member.SelectionReason, x.Member.EnteredAt, x.Member.EnteredBy, x.Member.ExitedAt, x.Member.ExitGround,
                x.Member.ExitReason, x.Member.ExitedBy)));

    /// <summary>One page of the organizations the Office decided not to select (未入选), with the recorded reason, latest decision first.</summary>
    /// <param name="total">How many there are (<see cref="ProgrammeHeader.NotSelected"/>).</param>
    public static Task<PagedList<NotSelectedRow>> NotSelectedPageAsync(AppDbContext db, Guid programmeId, int? page, int total, CancellationToken ct) =>
        Paging.PageAsync(page, Paging.DefaultPageSize, total, (skip, _) => NotSelected.For(db)(db, programmeId, skip).ToListAsync(ct).AsTask());

    /// <remarks>
    /// The order is the index IX_Cases_ProgrammeId_State_UpdatedAt_Id: a page reads its own rows, and the name is looked up for them alone.
    /// The page size is a constant of the compiled query, as for <see cref="PageOfStays"/>. PostgreSQL plans this statement again on every
    /// execution (about 0.12 ms): its generic plan's estimate for "this programme, not selected" (52 rows; 806 for the largest city-size
    /// programme) makes the generic plan look dearer than a custom one under LIMIT 20. A first page without OFFSET was tried and planned
    /// the same way (bench/README.md).
    /// </remarks>
    private static readonly CompiledQuery<Func<AppDbContext, Guid, int, IAsyncEnumerable<NotSelectedRow>>> NotSelected = new(() => EF.CompileAsyncQuery(
        (AppDbContext db, Guid programmeId, int skip) => db.Cases.AsNoTracking()
            .Where(c => c.ProgrammeId == programmeId && c.State == CaseState.NotSelected)
            .OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id)
            .Skip(skip).Take(Paging.DefaultPageSize)
            .Select(c => new NotSelectedRow(c.Id, db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).First(), c.ClosingReason, c.UpdatedAt))));

    public sealed record NotSelectedRow(Guid CaseId, string Name, string? Reason, DateTime At);

    /// <summary>
    /// The programme's title, stage, version, weights and publication moment, with the sizes of the page's lists: the organizations waiting
    /// for the decision (the cohort), the current members and the ended stays (both narrowed by the page's name filter) and the
    /// organizations not selected.
    /// </summary>
    public sealed record ProgrammeHeader(Guid Id, string Title, ProgrammeStage Stage, long Version, string? WeightsJson, DateTime? PoolPublishedAt,
        int Candidates, int Members, int Exited, int NotSelected)
    {
        public RankingWeights Weights => PoolQueries.Weights(WeightsJson);

        /// <summary>Every stay the filter keeps: the current ones and the ended ones.</summary>
        public int Stays => Members + Exited;
    }

    /// <summary>The programme's header and its lists' sizes in one query, or null when it does not exist.</summary>
    /// <remarks>
    /// Without a name filter the sizes are the programme's tallies (<see cref="ProgrammeTallies"/>: a few rows by key, kept by every save);
    /// counting them walked some 1,600 index entries of a city-size programme on every request. With one, the stays the filter keeps are
    /// counted: the current ones plus the ended ones, each from its own partial index (IX_PoolMember_Current, IX_PoolMember_Exited).
    /// </remarks>
    public static Task<ProgrammeHeader?> ProgrammeAsync(AppDbContext db, Guid programmeId, string? name, CancellationToken ct) =>
        Term(name) is { } term ? Counted.For(db)(db, programmeId, term, ct) : Tallied.For(db)(db, programmeId, ct);

    private static readonly CompiledQuery<Func<AppDbContext, Guid, CancellationToken, Task<ProgrammeHeader?>>> Tallied = new(() => EF.CompileAsyncQuery(
        (AppDbContext db, Guid programmeId, CancellationToken ct) => db.Programmes.AsNoTracking().Where(p => p.Id == programmeId)
            .Select(p => new ProgrammeHeader(p.Id, p.Title, p.Stage, p.Version, p.RankingWeightsJson, p.PoolPublishedAt,
                db.Tallies.Where(t => t.ProgrammeId == programmeId && t.Subject == ProgrammeTallies.Cases && t.Key == nameof(CaseState.Analysed)).Select(t => t.Count).FirstOrDefault(),
                db.Tallies.Where(t => t.ProgrammeId == programmeId && t.Subject == ProgrammeTallies.PoolStays && t.Key == ProgrammeTallies.CurrentStay).Select(t => t.Count).FirstOrDefault(),
                db.Tallies.Where(t => t.ProgrammeId == programmeId && t.Subject == ProgrammeTallies.PoolStays && t.Key == ProgrammeTallies.EndedStay).Select(t => t.Count).FirstOrDefault(),
                db.Tallies.Where(t => t.ProgrammeId == programmeId && t.Subject == ProgrammeTallies.Cases && t.Key == nameof(CaseState.NotSelected)).Select(t => t.Count).FirstOrDefault()))
            .FirstOrDefault()));

    private static readonly CompiledQuery<Func<AppDbContext, Guid, string, CancellationToken, Task<ProgrammeHeader?>>> Counted = new(() => EF.CompileAsyncQuery(
        (AppDbContext db, Guid programmeId, string term, CancellationToken ct) => db.Programmes.AsNoTracking().Where(p => p.Id == programmeId)
            .Select(p => new ProgrammeHeader(p.Id, p.Title, p.Stage, p.Version, p.RankingWeightsJson, p.PoolPublishedAt,
                db.Cases.Count(c => c.ProgrammeId == programmeId && c.State == CaseState.Analysed),
                db.Set<PoolMember>().Count(m => m.ProgrammeId == programmeId && m.ExitedAt == null
                    && db.Organizations.Any(o => o.Id == m.OrganizationId && (o.Name.Contains(term) || o.CreditCode.Contains(term)))),
                db.Set<PoolMember>().Count(m => m.ProgrammeId == programmeId && m.ExitedAt != null
                    && db.Organizations.Any(o => o.Id == m.OrganizationId && (o.Name.Contains(term) || o.CreditCode.Contains(term)))),
                db.Cases.Count(c => c.ProgrammeId == programmeId && c.State == CaseState.NotSelected)))
            .FirstOrDefault()));
}
