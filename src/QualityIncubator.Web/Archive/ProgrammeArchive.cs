using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Archive;

public enum ArchiveStatus
{
    /// <summary>Sealed; the package is being written (progress in <see cref="ProgrammeArchive.DoneSteps"/>).</summary>
    Building,

    /// <summary>The package is written and its SHA-256 recorded.</summary>
    Ready,

    /// <summary>Writing the package failed; the Office can start it again (the programme stays sealed).</summary>
    Failed,
}

/// <summary>
/// The sealed archive of one programme (6.1): when and by whom it was sealed, how long it is kept (6.2), and the package
/// (a zip of readable documents, every uploaded file, the programme's audit events, a JSON export and a SHA-256 manifest).
/// Not <see cref="IProgrammeScoped"/>: it is the one record of a sealed programme that is still written (while the package is built).
/// </summary>
public sealed class ProgrammeArchive : Entity, IAudited
{
    public Guid ProgrammeId { get; set; }
    public DateTime SealedAt { get; set; }

    /// <summary>The China date of sealing, from which retention counts (6.2).</summary>
    public DateOnly SealedOn { get; set; }

    public int RetentionYears { get; set; } = RetentionRule.MinimumYears;

    /// <summary>The last day the archive must be kept (<see cref="RetentionRule.RetainUntil"/>).</summary>
    public DateOnly RetainUntil { get; set; }

    public string? SealedBy { get; set; }

    /// <summary>The audit trail up to and including this sequence number (the seal itself) belongs to the package.</summary>
    public long AuditSequence { get; set; }

    public ArchiveStatus Status { get; set; }
    public int TotalSteps { get; set; }
    public int DoneSteps { get; set; }
    public string? CurrentStep { get; set; }
    public string? Error { get; set; }

    /// <summary>Which web instance builds the package, and when it last reported progress (a stalled build is taken over).</summary>
    public string? BuilderInstance { get; set; }
    public DateTime? HeartbeatAt { get; set; }

    /// <summary>The package's path relative to the file store root.</summary>
    public string? PackagePath { get; set; }
    public long? PackageSize { get; set; }
    public string? PackageSha256 { get; set; }

    /// <summary>SHA-256 of the manifest inside the package.</summary>
    public string? ManifestSha256 { get; set; }

    public int EntryCount { get; set; }
    public DateTime? BuiltAt { get; set; }

    /// <summary>True when this archive was restored from a package into this instance (it has no live history here).</summary>
    public bool Restored { get; set; }
}

internal sealed class ProgrammeArchiveConfiguration : IEntityTypeConfiguration<ProgrammeArchive>
{
    public void Configure(EntityTypeBuilder<ProgrammeArchive> b)
    {
        b.Property(a => a.SealedBy).HasMaxLength(256);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.CurrentStep).HasMaxLength(300);
        b.Property(a => a.Error).HasMaxLength(2000);
        b.Property(a => a.BuilderInstance).HasMaxLength(200);
        b.Property(a => a.PackagePath).HasMaxLength(300);
        b.Property(a => a.PackageSha256).HasMaxLength(64);
        b.Property(a => a.ManifestSha256).HasMaxLength(64);
        b.HasIndex(a => a.ProgrammeId).IsUnique();
        b.HasIndex(a => a.Status);
        b.HasOne<Programme>().WithMany().HasForeignKey(a => a.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
    }
}
