using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;

namespace QualityIncubator.Web.Platform.Data;

/// <summary>
/// How many records of one kind (<see cref="Subject"/>) a programme has in one state (<see cref="Key"/>): derived data, kept by every save
/// in the save's own transaction (<see cref="ProgrammeTallies"/>), so the lists read a few rows instead of counting thousands.
/// </summary>
public sealed class ProgrammeTally
{
    public Guid ProgrammeId { get; set; }
    public string Subject { get; set; } = "";
    public string Key { get; set; } = "";
    public int Count { get; set; }
}

public sealed class ProgrammeTallyConfiguration : IEntityTypeConfiguration<ProgrammeTally>
{
    public void Configure(EntityTypeBuilder<ProgrammeTally> b)
    {
        b.ToTable("ProgrammeTallies");
        b.HasKey(t => new { t.ProgrammeId, t.Subject, t.Key });
        b.Property(t => t.Subject).HasMaxLength(40);
        b.Property(t => t.Key).HasMaxLength(80);
        b.HasOne<Programmes.Programme>().WithMany().HasForeignKey(t => t.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// The tallies and how a save keeps them. The application list shows its programme's applications counted by status and decision on
/// every request and pages by that count: counting them was 0.46 ms of PostgreSQL's 1.3 ms per request of the city-size list (2,000
/// index entries of one programme grouped), the list 752 → 884 req/s without it (bench/README.md); the pool page counts its cohort, its
/// current and former members and the organizations not selected (800 index entries each for a city-size programme). A save that adds,
/// removes or moves such a record between states changes its tally in the same transaction, so the tally is exact whatever instance
/// saved; on PostgreSQL every such save already holds the audit chain's lock (<see cref="AppDbContext"/>), so two saves never wait on
/// each other's tally rows in opposite orders.
/// </summary>
public static class ProgrammeTallies
{
    /// <summary>Applications by status and decision: key <c>Status/Decision</c>.</summary>
    public const string Applications = "Application";

    /// <summary>Cases (organizations in the programme) by state: key the <see cref="CaseState"/>'s name.</summary>
    public const string Cases = "Case";

    /// <summary>Stays in the pool (4.4.4): key <see cref="CurrentStay"/> or <see cref="EndedStay"/>.</summary>
    public const string PoolStays = "PoolStay";

    public const string CurrentStay = "Current";
    public const string EndedStay = "Ended";

    public static string ApplicationKey(ApplicationStatus status, EligibilityDecision decision) => $"{status}/{decision}";

    /// <summary>The status and decision a key of <see cref="Applications"/> stands for; null for a key this version does not know.</summary>
    public static (ApplicationStatus Status, EligibilityDecision Decision)? ParseApplicationKey(string key) =>
        key.Split('/') is [var s, var d] && Enum.TryParse<ApplicationStatus>(s, out var status) && Enum.TryParse<EligibilityDecision>(d, out var decision)
            ? (status, decision)
            : null;

    /// <summary>One change of one tally.</summary>
    public readonly record struct Change(Guid ProgrammeId, string Subject, string Key, int Delta);

    /// <summary>
    /// What the tracker's pending changes do to the tallies, one change per tally that moves, in key order: an added record counts +1
    /// in its state, a deleted one −1 in its original state, a modified one moves when its programme or state changed.
    /// </summary>
    public static List<Change> Changes(ChangeTracker tracker)
    {
        var deltas = new Dictionary<(Guid, string, string), int>();
        void Add((Guid ProgrammeId, string Subject, string Key)? tally, int delta)
        {
            if (tally is { } t)
            {
                deltas[t] = deltas.GetValueOrDefault(t) + delta;
            }
        }
        foreach (var entry in tracker.Entries())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    Add(Of(entry, original: false), +1);
                    break;
                case EntityState.Deleted:
                    Add(Of(entry, original: true), -1);
                    break;
                case EntityState.Modified:
                    Add(Of(entry, original: true), -1);
                    Add(Of(entry, original: false), +1);
                    break;
                default:
                    break;
            }
        }
        return [.. deltas.Where(d => d.Value != 0)
            .Select(d => new Change(d.Key.Item1, d.Key.Item2, d.Key.Item3, d.Value))
            .OrderBy(c => c.ProgrammeId).ThenBy(c => c.Subject, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal)];
    }

    // the tally a tracked record counts in, from its original or its current values; null for a record no tally counts
    private static (Guid, string, string)? Of(EntityEntry entry, bool original)
    {
        T Value<T>(string property)
        {
            var p = entry.Property(property);
            return (T)(original ? p.OriginalValue : p.CurrentValue)!;
        }
        return entry.Entity switch
        {
            Application => (Value<Guid>(nameof(Application.ProgrammeId)), Applications,
                ApplicationKey(Value<ApplicationStatus>(nameof(Application.Status)), Value<EligibilityDecision>(nameof(Application.Decision)))),
            Case => (Value<Guid>(nameof(Case.ProgrammeId)), Cases, Value<CaseState>(nameof(Case.State)).ToString()),
            PoolMember => (Value<Guid>(nameof(PoolMember.ProgrammeId)), PoolStays,
                Value<DateTime?>(nameof(PoolMember.ExitedAt)) is null ? CurrentStay : EndedStay),
            _ => null,
        };
    }

    /// <summary>Applies the changes inside the caller's transaction, each tally created at its first record.</summary>
    public static async Task ApplyAsync(AppDbContext db, IReadOnlyList<Change> changes, CancellationToken ct)
    {
        foreach (var c in changes)
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "ProgrammeTallies" ("ProgrammeId", "Subject", "Key", "Count") VALUES ({c.ProgrammeId}, {c.Subject}, {c.Key}, {c.Delta})
                ON CONFLICT ("ProgrammeId", "Subject", "Key") DO UPDATE SET "Count" = "ProgrammeTallies"."Count" + excluded."Count"
                """, ct);
        }
    }

    /// <summary>
    /// The tallies counted afresh from the records: every tally of every programme replaced, in one transaction. For a database whose
    /// records were changed outside the product (the two migrations that brought the tallies in counted with the same statements, each
    /// for its own subjects, frozen as they were then).
    /// </summary>
    public static async Task RecountAsync(AppDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "ProgrammeTallies" """, ct);
        await db.Database.ExecuteSqlRawAsync(CountSql, ct);
        await transaction.CommitAsync(ct);
    }

    // every tally counted from the records; the same SQL on SQLite and PostgreSQL (enums are stored as their names)
    private const string CountSql = $"""
        INSERT INTO "ProgrammeTallies" ("ProgrammeId", "Subject", "Key", "Count")
        SELECT "ProgrammeId", '{Applications}', "Status" || '/' || "Decision", COUNT(*) FROM "Applications" GROUP BY "ProgrammeId", "Status", "Decision"
        UNION ALL
        SELECT "ProgrammeId", '{Cases}', "State", COUNT(*) FROM "Cases" GROUP BY "ProgrammeId", "State"
        UNION ALL
        SELECT "ProgrammeId", '{PoolStays}', CASE WHEN "ExitedAt" IS NULL THEN '{CurrentStay}' ELSE '{EndedStay}' END, COUNT(*) FROM "PoolMember"
        GROUP BY "ProgrammeId", CASE WHEN "ExitedAt" IS NULL THEN '{CurrentStay}' ELSE '{EndedStay}' END
        """;
}
