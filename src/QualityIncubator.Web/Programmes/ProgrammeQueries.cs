using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Programmes;

public sealed record ProgrammeListItem(Guid Id, int Year, string Title, ProgrammeStage Stage, bool IsDemo, int CaseCount, DateTime CreatedAt);

/// <summary>A programme as a picker offers it.</summary>
public sealed record ProgrammeChoice(Guid Id, int Year, string Title, DateTime CreatedAt);

public sealed record StageWindowDto(ProgrammeStage Stage, string Clause, string Label, DateOnly? StartsOn, DateOnly? EndsOn);

public sealed record StateCount(CaseState State, string Label, int Count);

public sealed record ProgrammeDetail(Guid Id, int Year, string Title, string? Description, ProgrammeStage Stage, string StageLabel, bool IsDemo, long Version,
    IReadOnlyList<StageWindowDto> Schedule, IReadOnlyList<StateCount> CaseCounts);

public static class ProgrammeQueries
{
    /// <summary>One page of the programmes, newest first, each with its number of organizations.</summary>
    public static Task<PagedList<ProgrammeListItem>> PageAsync(AppDbContext db, int? year, ProgrammeStage? stage, string? search, int? page, int? pageSize, CancellationToken ct) =>
        List(db, year, stage, search).ToPagedAsync(page, pageSize, ct);

    /// <summary>The programmes not sealed yet, newest first, at most <paramref name="take"/>, each with its number of organizations.</summary>
    public static Task<List<ProgrammeListItem>> ActiveAsync(AppDbContext db, int take, CancellationToken ct) =>
        List(db, null, null, null, activeOnly: true).Take(take).ToListAsync(ct);

    /// <summary>
    /// The programmes as the lists show them, newest first, each with its number of organizations (cases) summed from its case tallies
    /// (<see cref="ProgrammeTallies"/>: a handful of rows per programme, kept exact by every save on every instance) in the same query.
    /// Counting a city-size programme's cases was most of the Office dashboard's work (about 1 ms of its 2.3 ms of processor time per
    /// request, bench/README.md).
    /// </summary>
    private static IQueryable<ProgrammeListItem> List(AppDbContext db, int? year, ProgrammeStage? stage, string? search, bool activeOnly = false)
    {
        var q = db.Programmes.AsNoTracking();
        if (activeOnly)
        {
            q = q.Where(p => p.Stage != ProgrammeStage.Sealed);
        }
        if (year is { } y)
        {
            q = q.Where(p => p.Year == y);
        }
        if (stage is { } s)
        {
            q = q.Where(p => p.Stage == s);
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            q = q.Where(p => p.Title.Contains(search.Trim()));
        }
        return q.OrderByDescending(p => p.Year).ThenByDescending(p => p.CreatedAt)
            .Select(p => new ProgrammeListItem(p.Id, p.Year, p.Title, p.Stage, p.IsDemo,
                db.Tallies.Where(t => t.ProgrammeId == p.Id && t.Subject == ProgrammeTallies.Cases).Sum(t => t.Count), p.CreatedAt));
    }

    /// <summary>How many programmes a picker offers: the most recent (one programme a year reaches back decades).</summary>
    public const int PickerSize = 50;

    /// <summary>
    /// The programmes a picker offers, most recent first, in one query: <paramref name="selected"/> wherever it is, and the
    /// <see cref="PickerSize"/> most recent others; <paramref name="except"/> is left out (copying from another programme).
    /// </summary>
    public static async Task<List<ProgrammeChoice>> PickerAsync(AppDbContext db, Guid? selected, Guid? except, CancellationToken ct)
    {
        var choices = await Picker.For(db)(db, selected, except, selected is null ? PickerSize : PickerSize + 1).ToListAsync(ct);
        return [.. choices.OrderByDescending(p => p.Year).ThenByDescending(p => p.CreatedAt)];
    }

    // compiled: the picker is on busy lists (bench/README.md, load benchmark), and a compiled query skips EF's per-call expression work
    private static readonly CompiledQuery<Func<AppDbContext, Guid?, Guid?, int, IAsyncEnumerable<ProgrammeChoice>>> Picker = new(() => EF.CompileAsyncQuery(
        (AppDbContext db, Guid? selected, Guid? except, int take) => db.Programmes.AsNoTracking()
            .Where(p => except == null || p.Id != except)
            .OrderByDescending(p => p.Id == selected).ThenByDescending(p => p.Year).ThenByDescending(p => p.CreatedAt)
            .Take(take).Select(p => new ProgrammeChoice(p.Id, p.Year, p.Title, p.CreatedAt))));

    public static async Task<ProgrammeDetail?> DetailAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var p = await db.Programmes.AsNoTracking().Include(x => x.Schedule).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return null;
        }
        // the programme's case tallies (ProgrammeTallies), one row per state, not its cases grouped
        var counts = await db.Tallies.AsNoTracking().Where(t => t.ProgrammeId == id && t.Subject == ProgrammeTallies.Cases)
            .ToDictionaryAsync(t => t.Key, t => t.Count, ct);
        return new ProgrammeDetail(p.Id, p.Year, p.Title, p.Description, p.Stage, ProgrammeStages.LabelWithClause(p.Stage), p.IsDemo, p.Version,
            [.. ProgrammeStages.Scheduled.Select(s =>
            {
                var w = p.Schedule.FirstOrDefault(x => x.Stage == s);
                return new StageWindowDto(s, ProgrammeStages.Clause(s), ProgrammeStages.Label(s), w?.StartsOn, w?.EndsOn);
            })],
            [.. Enum.GetValues<CaseState>().Select(s => new StateCount(s, CaseTransitions.Label(s), counts.GetValueOrDefault(s.ToString())))]);
    }
}
