using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Assessment;

/// <summary>How a penalty record came in.</summary>
public enum PenaltySource
{
    Manual,
    Imported,
}

/// <summary>One administrative penalty (行政处罚) of an organization in the two years before the analysis (4.4.3.2).</summary>
public sealed class AdministrativePenalty : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }

    /// <summary>处罚决定日期</summary>
    public DateOnly DecidedOn { get; set; }

    /// <summary>处罚机关</summary>
    public string Authority { get; set; } = "";

    /// <summary>处罚决定书文号</summary>
    public string DecisionNumber { get; set; } = "";

    /// <summary>处罚类别 (警告、罚款、没收违法所得…)</summary>
    public string Category { get; set; } = "";

    /// <summary>罚没金额 in 元, two decimals; 0 when none.</summary>
    public decimal AmountYuan { get; set; }

    /// <summary>违法事实摘要</summary>
    public string? Summary { get; set; }

    public PenaltySource Source { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
}

/// <summary>
/// The Office's quality analysis of one organization (4.4.3): the written quality-management status, fed back to the organization
/// (4.4.3.3), which acknowledges receipt. The penalties are <see cref="AdministrativePenalty"/> rows.
/// </summary>
public sealed class QualityAnalysis : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }

    /// <summary>质量管理现状</summary>
    public string? Status { get; set; }

    /// <summary>分析结论 (what the organization is told besides its penalties).</summary>
    public string? Conclusion { get; set; }

    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime? FedBackAt { get; set; }
    public string? FedBackBy { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }

    public const int TextMaxLength = 4000;
}

internal sealed class QualityAnalysisConfiguration : IEntityTypeConfiguration<AdministrativePenalty>, IEntityTypeConfiguration<QualityAnalysis>
{
    public void Configure(EntityTypeBuilder<AdministrativePenalty> b)
    {
        b.Property(p => p.Authority).HasMaxLength(200);
        b.Property(p => p.DecisionNumber).HasMaxLength(100);
        b.Property(p => p.Category).HasMaxLength(100);
        b.Property(p => p.Summary).HasMaxLength(2000);
        b.Property(p => p.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.RecordedBy).HasMaxLength(256);
        b.HasIndex(p => new { p.ProgrammeId, p.OrganizationId, p.DecisionNumber }).IsUnique();
        b.HasOne<Programme>().WithMany().HasForeignKey(p => p.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<QualityAnalysis> b)
    {
        b.Property(q => q.Status).HasMaxLength(QualityAnalysis.TextMaxLength);
        b.Property(q => q.Conclusion).HasMaxLength(QualityAnalysis.TextMaxLength);
        b.Property(q => q.UpdatedBy).HasMaxLength(256);
        b.Property(q => q.FedBackBy).HasMaxLength(256);
        b.Property(q => q.AcknowledgedBy).HasMaxLength(256);
        b.HasIndex(q => new { q.ProgrammeId, q.OrganizationId }).IsUnique();
        b.HasOne<Programme>().WithMany().HasForeignKey(q => q.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(q => q.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
