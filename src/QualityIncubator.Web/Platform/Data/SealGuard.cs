using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Archive;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Platform.Data;

/// <summary>
/// A write that touches a sealed programme's records: refused (6.1 read-only after sealing; 6.2 no deletion within retention).
/// The attempt has been written to the audit trail before this is thrown.
/// </summary>
public sealed class SealedArchiveException(string message, Guid programmeId, DateOnly? retainUntil) : Exception(message)
{
    public Guid ProgrammeId { get; } = programmeId;
    public DateOnly? RetainUntil { get; } = retainUntil;
}

/// <summary>
/// The data layer's part of 6.1–6.2: every save is checked for changes to records of a sealed programme. Modifying or adding is
/// always refused; deleting is refused until the retention period (<see cref="RetentionRule"/>) is over.
/// </summary>
internal static class SealGuard
{
    private sealed record Touch(EntityEntry Entry, Guid ProgrammeId, bool Deleting);

    /// <summary>Why a save was refused, and what the audit event of the attempt says.</summary>
    public sealed record Refusal(string Message, string Action, string EntityType, string? EntityId, Guid ProgrammeId, DateOnly? RetainUntil);

    /// <summary>The refusal to write, or null when the save may go on.</summary>
    public static async Task<Refusal?> CheckAsync(AppDbContext db, DateOnly today, CancellationToken ct)
    {
        var touches = await TouchesAsync(db, ct);
        if (touches.Count == 0)
        {
            return null;
        }
        var ids = touches.Select(t => t.ProgrammeId).Distinct().ToList();
        var sealedProgrammes = await db.Programmes.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.Stage == ProgrammeStage.Sealed)
            .Select(p => new { p.Id, p.Title })
            .ToListAsync(ct);
        if (sealedProgrammes.Count == 0)
        {
            return null;
        }
        var sealedIds = sealedProgrammes.Select(p => p.Id).ToList();
        var archives = await db.Set<ProgrammeArchive>().AsNoTracking()
            .Where(a => sealedIds.Contains(a.ProgrammeId))
            .Select(a => new { a.ProgrammeId, a.SealedOn, a.RetentionYears })
            .ToDictionaryAsync(a => a.ProgrammeId, ct);
        foreach (var touch in touches.Where(t => sealedIds.Contains(t.ProgrammeId)))
        {
            var title = sealedProgrammes.First(p => p.Id == touch.ProgrammeId).Title;
            archives.TryGetValue(touch.ProgrammeId, out var archive);
            if (!touch.Deleting)
            {
                // 6.1 after sealing the programme's records are read-only.
                return Refuse($"培育计划“{title}”已封存归档，其记录只读，不能新增或修改（DB31117/Z 018-2022 第6.1条）", AuditActions.SealedWriteRefused, touch,
                    archive is null ? null : RetentionRule.RetainUntil(archive.SealedOn, archive.RetentionYears));
            }
            // 6.2 deleting is refused up to and including the last day of retention.
            var decision = RetentionRule.MayDelete(archive?.SealedOn, archive?.RetentionYears ?? RetentionRule.MinimumYears, today);
            if (archive is null || !decision.MayDelete)
            {
                return Refuse($"培育计划“{title}”的档案不能删除：{decision.Reason}", AuditActions.SealedDeleteRefused, touch, decision.RetainUntil);
            }
        }
        return null;
    }

    private static Refusal Refuse(string message, string action, Touch touch, DateOnly? retainUntil)
    {
        var key = touch.Entry.Metadata.FindPrimaryKey()?.Properties.Select(p => touch.Entry.Property(p.Name).CurrentValue?.ToString());
        return new Refusal(message, action, touch.Entry.Metadata.ClrType.Name, key is null ? null : string.Join(",", key), touch.ProgrammeId, retainUntil);
    }

    private static async Task<List<Touch>> TouchesAsync(AppDbContext db, CancellationToken ct)
    {
        var touches = new List<Touch>();
        var applicationChildren = new List<(EntityEntry Entry, Guid ApplicationId, bool Deleting)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            var deleting = entry.State == EntityState.Deleted;
            switch (entry.Entity)
            {
                case IProgrammeScoped scoped:
                    touches.Add(new Touch(entry, scoped.ProgrammeId, deleting));
                    break;
                case Attachment { ProgrammeId: { } programmeId }:
                    touches.Add(new Touch(entry, programmeId, deleting));
                    break;
                case Programme programme when entry.State != EntityState.Added:
                    touches.Add(new Touch(entry, programme.Id, deleting));
                    break;
                case ApplicationCertification certification:
                    applicationChildren.Add((entry, certification.ApplicationId, deleting));
                    break;
                case ApplicationHonour honour:
                    applicationChildren.Add((entry, honour.ApplicationId, deleting));
                    break;
                default:
                    break;
            }
        }
        if (applicationChildren.Count > 0)
        {
            var applicationIds = applicationChildren.Select(c => c.ApplicationId).Distinct().ToList();
            var programmes = await db.Applications.AsNoTracking().Where(a => applicationIds.Contains(a.Id))
                .Select(a => new { a.Id, a.ProgrammeId }).ToDictionaryAsync(a => a.Id, a => a.ProgrammeId, ct);
            touches.AddRange(applicationChildren.Where(c => programmes.ContainsKey(c.ApplicationId))
                .Select(c => new Touch(c.Entry, programmes[c.ApplicationId], c.Deleting)));
        }
        return touches;
    }
}
