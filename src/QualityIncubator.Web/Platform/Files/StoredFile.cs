using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Platform.Files;

/// <summary>The content of an uploaded file, stored once under its SHA-256 and never overwritten.</summary>
public sealed class StoredFile
{
    /// <summary>Lower-case hex SHA-256 of the content; also the file's name in the store.</summary>
    public string Sha256 { get; set; } = "";
    public long Size { get; set; }
    public string ContentType { get; set; } = "";
    public DateTime StoredAt { get; set; }
}

/// <summary>A stored file linked to the record it proves (e.g. a case), with the organization it belongs to for authorization.</summary>
public sealed class Attachment : Entity, IAudited
{
    public string OwnerType { get; set; } = "";
    public Guid OwnerId { get; set; }
    public Guid? OrganizationId { get; set; }
    public Guid? ProgrammeId { get; set; }
    public string Sha256 { get; set; } = "";
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string? Purpose { get; set; }
    public DateTime UploadedAt { get; set; }
    public string? UploadedBy { get; set; }
}

internal sealed class FileConfiguration : IEntityTypeConfiguration<StoredFile>, IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<StoredFile> builder)
    {
        builder.HasKey(f => f.Sha256);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.ContentType).HasMaxLength(128);
    }

    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.Property(a => a.OwnerType).HasMaxLength(64);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.ContentType).HasMaxLength(128);
        builder.Property(a => a.Purpose).HasMaxLength(200);
        builder.Property(a => a.UploadedBy).HasMaxLength(256);
        builder.HasIndex(a => new { a.OwnerType, a.OwnerId });
        builder.HasIndex(a => a.OrganizationId);
        // the archive's file list (6) filters a programme's attachments
        builder.HasIndex(a => a.ProgrammeId);
        builder.HasOne<StoredFile>().WithMany().HasForeignKey(a => a.Sha256).OnDelete(DeleteBehavior.Restrict);
    }
}
