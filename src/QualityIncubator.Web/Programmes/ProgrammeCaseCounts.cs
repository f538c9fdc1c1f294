using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Programmes;

/// <summary>
/// How many organizations (cases) each programme has, as the programme lists show it, kept for <see cref="FreshFor"/>. Counting a
/// city-size programme's cases was most of the Office dashboard's work: about 1 ms of its 2.3 ms of processor time per request, the
/// dashboard 865 → 1,500–1,900 req/s without it (bench/README.md). A case added or removed through this instance's context forgets its
/// programme's count as soon as the save commits (<see cref="AppDbContext"/>); another instance's change shows within <see cref="FreshFor"/>.
/// </summary>
/// <remarks>Keyed by programme id, which is unique across databases, so one process may serve (or test) several databases.</remarks>
public static class ProgrammeCaseCounts
{
    /// <summary>How long a count serves the lists before it is read again.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<Guid, (int Count, long At)> Counts = new();

    // bumped by every forget: a count read while a save commits is not kept (it may predate the save)
    private static readonly ConcurrentDictionary<Guid, long> Generations = new();

    /// <summary>The programme gained or lost a case: its next list reads the count again.</summary>
    public static void Forget(Guid programmeId)
    {
        Generations.AddOrUpdate(programmeId, 1, (_, g) => g + 1);
        Counts.TryRemove(programmeId, out _);
    }

    /// <summary>The items with their case counts: the fresh ones from memory, the others in one grouped query.</summary>
    public static async Task<List<ProgrammeListItem>> FillAsync(AppDbContext db, IReadOnlyList<ProgrammeListItem> items, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        var counts = new Dictionary<Guid, int>();
        var missing = new List<Guid>();
        foreach (var id in items.Select(i => i.Id).Distinct())
        {
            if (Counts.TryGetValue(id, out var kept) && now - kept.At < (long)FreshFor.TotalMilliseconds)
            {
                counts[id] = kept.Count;
            }
            else
            {
                missing.Add(id);
            }
        }
        if (missing.Count > 0)
        {
            var generations = missing.ToDictionary(id => id, id => Generations.GetValueOrDefault(id));
            var counted = await db.Cases.AsNoTracking().Where(c => missing.Contains(c.ProgrammeId))
                .GroupBy(c => c.ProgrammeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            foreach (var id in missing)
            {
                var count = counted.GetValueOrDefault(id);
                counts[id] = count;
                if (Generations.GetValueOrDefault(id) == generations[id])
                {
                    Counts[id] = (count, now);
                }
            }
        }
        return [.. items.Select(i => i with { CaseCount = counts[i.Id] })];
    }
}
