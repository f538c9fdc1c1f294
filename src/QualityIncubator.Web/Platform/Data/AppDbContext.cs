using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Platform.Data;

/// <summary>The one DbContext. Provider-specific subclasses only carry their own migrations.</summary>
public abstract class AppDbContext : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    // Chinese stays readable in the trail; the pages HTML-encode it when they show it.
    private static readonly JsonSerializerOptions AuditJson = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly HashSet<string> SecretProperties =
        new(StringComparer.Ordinal) { nameof(AppUser.PasswordHash), nameof(AppUser.SecurityStamp), nameof(AppUser.ConcurrencyStamp) };

    private IAuditActor _actor = SystemActor.Instance;
    private TimeProvider _clock = TimeProvider.System;

    /// <summary>
    /// Instances are pooled (<see cref="DatabaseSetup"/>): EF resets its own state when one goes back to the pool, and
    /// <see cref="Lease"/> sets this context's own state — who acts, the clock, nothing waiting for a commit — each time a request or
    /// background job is given one.
    /// </summary>
    protected AppDbContext(DbContextOptions options) : base(options)
    {
    }

    /// <summary>Prepares a context fresh from the pool (or new) for one scope: its actor and clock, and no state left by an earlier scope.</summary>
    public AppDbContext Lease(IAuditActor actor, TimeProvider clock)
    {
        _actor = actor;
        _clock = clock;
        RestoringArchive = false;
        _afterCommit.Clear();
        return this;
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<ProgrammeStageWindow> ProgrammeStageWindows => Set<ProgrammeStageWindow>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<CodeItem> CodeItems => Set<CodeItem>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<ApplicationCertification> ApplicationCertifications => Set<ApplicationCertification>();
    public DbSet<ApplicationHonour> ApplicationHonours => Set<ApplicationHonour>();
    public DbSet<ApplicationCall> ApplicationCalls => Set<ApplicationCall>();
    public DbSet<Experts.Expert> Experts => Set<Experts.Expert>();
    public DbSet<Experts.ExpertConflict> ExpertConflicts => Set<Experts.ExpertConflict>();
    public DbSet<Experts.ExpertUnavailability> ExpertUnavailability => Set<Experts.ExpertUnavailability>();
    public DbSet<Experts.ExpertPledge> ExpertPledges => Set<Experts.ExpertPledge>();
    public DbSet<Experts.ExpertAssignment> ExpertAssignments => Set<Experts.ExpertAssignment>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<ProgrammeTally> Tallies => Set<ProgrammeTally>();

    /// <summary>True for PostgreSQL; the audit chain takes an advisory lock there.</summary>
    protected abstract bool UsesAdvisoryLocks { get; }

    /// <summary>Adds an explicit business event (a transition, a login, a verification) to the audit trail of this save.</summary>
    public AuditEvent Audit(string action, string entityType, string? entityId, object? before = null, object? after = null, Guid? programmeId = null)
    {
        var evt = new AuditEvent
        {
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before is null ? null : before as string ?? JsonSerializer.Serialize(before, AuditJson),
            After = after is null ? null : after as string ?? JsonSerializer.Serialize(after, AuditJson),
            ProgrammeId = programmeId,
        };
        AuditEvents.Add(evt);
        return evt;
    }

    /// <summary>
    /// Saves of this entity must start from <paramref name="expectedVersion"/>: a stale version makes the save fail with
    /// <see cref="DbUpdateConcurrencyException"/> even when only its children changed.
    /// </summary>
    public void ExpectVersion(Entity entity, long expectedVersion)
    {
        var entry = Entry(entity);
        entry.Property(nameof(Entity.Version)).OriginalValue = expectedVersion;
        if (entry.State == EntityState.Unchanged)
        {
            entry.State = EntityState.Modified;
        }
    }

    /// <summary>
    /// Saves; when someone else saved first (a stale version, see <see cref="ExpectVersion"/>) forgets this context's pending changes and
    /// returns false, so the caller answers with <c>ConcurrencyMessages.Stale</c> and nothing half-done is saved later in the request.
    /// </summary>
    public async Task<bool> TrySaveAsync(CancellationToken ct = default)
    {
        try
        {
            await SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            ChangeTracker.Clear();
            return false;
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace?.StartsWith("QualityIncubator.Web", StringComparison.Ordinal) == true);
        foreach (var type in builder.Model.GetEntityTypes().Where(t => typeof(Entity).IsAssignableFrom(t.ClrType)))
        {
            builder.Entity(type.ClrType).Property(nameof(Entity.Version)).IsConcurrencyToken();
            builder.Entity(type.ClrType).Property(nameof(Entity.Id)).ValueGeneratedNever();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Set only while an archive package is restored into this instance: the records of a sealed programme are written once, and
    /// the restore is audited as one event naming the package (the package carries the records' own audit trail).
    /// </summary>
    internal bool RestoringArchive { get; set; }

    private readonly List<Action> _afterCommit = [];

    /// <summary>Work to do once the next save has committed (files move into the store only when their records exist).</summary>
    public void OnCommitted(Action action) => _afterCommit.Add(action);

    /// <summary>Runs the work waiting for a commit (called after a save outside a transaction, or when a transaction commits).</summary>
    internal void RunAfterCommit()
    {
        var actions = _afterCommit.ToList();
        _afterCommit.Clear();
        foreach (var action in actions)
        {
            action();
        }
    }

    // a failed save inside the caller's transaction: the caller decides (its rollback forgets, its commit runs what earlier saves left)
    private void ForgetAfterCommitUnlessInTransaction()
    {
        if (Database.CurrentTransaction is null)
        {
            _afterCommit.Clear();
        }
    }

    /// <summary>A rolled-back transaction or a refused save: nothing waits for a commit any more.</summary>
    internal void ForgetAfterCommit() => _afterCommit.Clear();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // One scan for changes. The checks, the version stamps and the audit events below read the tracker as it leaves it, and EF's own
        // save does not scan again: each scan visits every tracked entry (an import of 5,000 rows tracks some 55,000), and there were seven.
        ChangeTracker.DetectChanges();
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await SaveDetectedChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private async Task<int> SaveDetectedChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (!RestoringArchive && await SealGuard.CheckAsync(this, Web.ChinaTime.Today(_clock), cancellationToken) is { } refusal)
        {
            // 6.1–6.2: nothing of the attempted change is saved; the attempt itself is (every refused attempt is audited).
            ChangeTracker.Clear();
            ForgetAfterCommit();
            Audit(refusal.Action, refusal.EntityType, refusal.EntityId, null, new { refusal.Message }, refusal.ProgrammeId);
            await SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            throw new SealedArchiveException(refusal.Message, refusal.ProgrammeId, refusal.RetainUntil);
        }
        TextLengthGuard.Check(ChangeTracker, _actor.HasRefusedInput);
        var automatic = StampVersionsAndRecordChanges();
        var pending = ChangeTracker.Entries<AuditEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var newFiles = ChangeTracker.Entries<StoredFile>().Where(e => e.State == EntityState.Added).ToList();
        // read before the save accepts the changes: what they do to the programmes' tallies, written in the save's transaction
        var tallies = ProgrammeTallies.Changes(ChangeTracker);
        if (pending.Count == 0 && newFiles.Count == 0 && tallies.Count == 0)
        {
            int saved;
            try
            {
                saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            catch
            {
                ForgetAfterCommitUnlessInTransaction();
                throw;
            }
            if (Database.CurrentTransaction is null)
            {
                RunAfterCommit();
            }
            return saved;
        }

        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            if (UsesAdvisoryLocks)
            {
                // Serialises appends to the hash chain across web instances sharing one database.
                await Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7419001)", cancellationToken);
            }
            await InsertStoredFilesAsync(newFiles, cancellationToken);
            var last = await AuditEvents.AsNoTracking().OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
            var sequence = last?.Sequence ?? 0;
            var previous = last?.Hash ?? AuditChain.GenesisHash;
            var now = AuditChain.Truncate(_clock.GetUtcNow().UtcDateTime);
            foreach (var evt in pending)
            {
                evt.Sequence = ++sequence;
                evt.OccurredAt = now;
                evt.ActorId ??= _actor.UserId;
                evt.ActorName ??= _actor.UserName;
                evt.ClientAddress ??= _actor.ClientAddress;
                evt.PreviousHash = previous;
                evt.Hash = AuditChain.ComputeHash(evt);
                previous = evt.Hash;
            }
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await ProgrammeTallies.ApplyAsync(this, tallies, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
                RunAfterCommit();
            }
            return written;
        }
        catch
        {
            ForgetAfterCommitUnlessInTransaction();
            // A refused save leaves no half-made audit trail behind; explicit events stay for the caller to retry or drop.
            foreach (var evt in automatic)
            {
                Entry(evt).State = EntityState.Detached;
            }
            foreach (var file in newFiles)
            {
                file.State = EntityState.Added; // written again (or found) by the next attempt
            }
            throw;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Content is stored once however many records it proves, so two requests may upload the same bytes at the same moment (a shared
    /// template, one organization's two tabs): each found no row when it looked. Each writes the row if it is still missing, inside the
    /// save's transaction (the caller's, when there is one) — the second waits for the first and writes nothing — instead of the second
    /// failing on the key.
    /// </summary>
    private async Task InsertStoredFilesAsync(List<EntityEntry<StoredFile>> added, CancellationToken ct)
    {
        foreach (var entry in added)
        {
            var f = entry.Entity;
            await Database.ExecuteSqlAsync(
                $"""INSERT INTO "StoredFiles" ("Sha256", "Size", "ContentType", "StoredAt") VALUES ({f.Sha256}, {f.Size}, {f.ContentType}, {f.StoredAt}) ON CONFLICT ("Sha256") DO NOTHING""", ct);
            entry.State = EntityState.Unchanged;
        }
    }

    private List<AuditEvent> StampVersionsAndRecordChanges()
    {
        var created = new List<AuditEvent>();
        foreach (var entry in ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AuditEvent)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                {
                    throw new InvalidOperationException("审计日志只能追加，不能修改或删除。");
                }
                continue;
            }
            if (entry.Entity is Entity && entry.State == EntityState.Modified)
            {
                // through the entry, so that the tracker knows the new version without scanning for it
                var version = entry.Property(nameof(Entity.Version));
                version.CurrentValue = (long)version.OriginalValue! + 1;
            }
            if (RestoringArchive || entry.Entity is not (IAudited or AppUser) || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            var evt = DescribeChange(entry);
            if (evt is not null)
            {
                AuditEvents.Add(evt);
                created.Add(evt);
            }
        }
        return created;
    }

    private static AuditEvent? DescribeChange(EntityEntry entry)
    {
        Dictionary<string, object?>? before = null;
        Dictionary<string, object?>? after = null;
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name == nameof(Entity.Version))
            {
                continue;
            }
            var secret = SecretProperties.Contains(name);
            switch (entry.State)
            {
                case EntityState.Added:
                    (after ??= [])[name] = secret ? "***" : property.CurrentValue;
                    break;
                case EntityState.Deleted:
                    (before ??= [])[name] = secret ? "***" : property.OriginalValue;
                    break;
                case EntityState.Modified when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue):
                    (before ??= [])[name] = secret ? "***" : property.OriginalValue;
                    (after ??= [])[name] = secret ? "***(已更改)" : property.CurrentValue;
                    break;
                default:
                    break;
            }
        }
        if (before is null && after is null)
        {
            return null;
        }
        var key = entry.Metadata.FindPrimaryKey()?.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString());
        return new AuditEvent
        {
            Action = entry.State switch
            {
                EntityState.Added => AuditActions.Created,
                EntityState.Deleted => AuditActions.Deleted,
                _ => AuditActions.Updated,
            },
            EntityType = entry.Metadata.ClrType.Name,
            EntityId = key is null ? null : string.Join(",", key),
            Before = before is null ? null : JsonSerializer.Serialize(before, AuditJson),
            After = after is null ? null : JsonSerializer.Serialize(after, AuditJson),
            ProgrammeId = entry.Entity is IProgrammeScoped scoped ? scoped.ProgrammeId : null,
        };
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}

/// <summary>Records that belong to one programme carry its id into their audit events (for the archive).</summary>
public interface IProgrammeScoped
{
    Guid ProgrammeId { get; }
}
