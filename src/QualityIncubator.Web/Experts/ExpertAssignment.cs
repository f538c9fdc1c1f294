using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Experts;

/// <summary>The roles of 5.2.3, as assignments use them.</summary>
public enum AssignmentRole
{
    Lecturer,
    ReportReviewer,
    SiteCoach,
}

public enum AssignmentStatus
{
    Active,

    /// <summary>4.2.3: the expert withdrew because of a conflict of interest.</summary>
    Recused,

    /// <summary>Ended by the Office (replaced, programme over).</summary>
    Ended,
}

/// <summary>An expert's task for one organization in one programme; the only thing that lets an expert see an organization's material (4.2.3).</summary>
public sealed class ExpertAssignment : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid ExpertId { get; set; }
    public Expert? Expert { get; set; }
    public Guid OrganizationId { get; set; }
    public Applications.Organization? Organization { get; set; }
    public AssignmentRole Role { get; set; }
    public bool IsLead { get; set; }
    public AssignmentStatus Status { get; set; } = AssignmentStatus.Active;

    /// <summary>Why this expert (from the engine's proposal or the Office's note).</summary>
    public string? Explanation { get; set; }

    public string? RecusalReason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? EndedAt { get; set; }
}

internal sealed class ExpertAssignmentConfiguration : IEntityTypeConfiguration<ExpertAssignment>
{
    public void Configure(EntityTypeBuilder<ExpertAssignment> b)
    {
        b.Property(a => a.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Explanation).HasMaxLength(1000);
        b.Property(a => a.RecusalReason).HasMaxLength(1000);
        // an expert's task list in its order (ExpertWork.TaskRows): read in order up to the page, not every task read and sorted
        b.HasIndex(a => new { a.ExpertId, a.Status, a.CreatedAt, a.Id }).IsDescending(false, false, true, false);
        b.HasIndex(a => new { a.ProgrammeId, a.OrganizationId, a.Role });
        b.HasOne(a => a.Expert).WithMany().HasForeignKey(a => a.ExpertId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Organization).WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Programmes.Programme>().WithMany().HasForeignKey(a => a.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class AssignmentLabels
{
    public static string Role(AssignmentRole r) => r switch
    {
        AssignmentRole.Lecturer => "授课专家",
        AssignmentRole.ReportReviewer => "自评报告评价专家",
        AssignmentRole.SiteCoach => "现场扶优指导专家",
    };

    public static string Status(AssignmentStatus s) => s switch
    {
        AssignmentStatus.Active => "进行中",
        AssignmentStatus.Recused => "已回避",
        AssignmentStatus.Ended => "已结束",
    };
}
