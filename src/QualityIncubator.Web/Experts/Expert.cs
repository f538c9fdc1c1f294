using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Experts;

public enum ExpertStatus
{
    Active,
    Suspended,
    Removed,
}

/// <summary>专家库中的专家 (4.2.1–4.2.2): who they are, what they know of GB/T 19580, which roles (5.2.3) they can take.</summary>
public sealed class Expert : Entity, IAudited
{
    /// <summary>The expert's login, once the Office has created it.</summary>
    public string? UserId { get; set; }

    public string Name { get; set; } = "";
    public string? Employer { get; set; }

    /// <summary>The employer's 统一社会信用代码 when known: same-employer conflicts are then detected exactly.</summary>
    public string? EmployerCreditCode { get; set; }

    public string? Title { get; set; }
    public string? Mobile { get; set; }
    public string? Email { get; set; }

    /// <summary>GB/T 4754 sections (letters), comma-separated, e.g. "C,I".</summary>
    public string? Industries { get; set; }

    public string? Specialties { get; set; }

    // 5.2.3 the three roles.
    public bool IsLecturer { get; set; }
    public bool IsReportReviewer { get; set; }
    public bool IsSiteCoach { get; set; }

    /// <summary>5.3.2 roles the Office suspended after a review (comma-separated <see cref="AssignmentRole"/> names); not assigned in them.</summary>
    public string? SuspendedRoles { get; set; }

    // 4.2.2 evidence of familiarity with GB/T 19580 and excellence-performance evaluation.
    public string? ExaminerCertificate { get; set; }
    public string? AwardReviewExperience { get; set; }
    public int? YearsOfExperience { get; set; }

    public ExpertStatus Status { get; set; } = ExpertStatus.Active;
    public DateTime CreatedAt { get; set; }

    public List<ExpertConflict> Conflicts { get; set; } = [];
    public List<ExpertUnavailability> Unavailability { get; set; } = [];
}

public enum ConflictKind
{
    /// <summary>An organization the expert has an interest in (by credit code or name).</summary>
    Organization,

    /// <summary>A former employer, with the dates of employment.</summary>
    FormerEmployer,

    /// <summary>Any other relation, in free text (shown to the Office when assigning).</summary>
    Other,
}

/// <summary>A declared conflict of interest (4.2.3 回避), by the expert or by the Office.</summary>
public sealed class ExpertConflict : Entity, IAudited
{
    public Guid ExpertId { get; set; }
    public ConflictKind Kind { get; set; }
    public string? CreditCode { get; set; }
    public string? OrganizationName { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string? Note { get; set; }
    public bool DeclaredByOffice { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A day the expert cannot serve.</summary>
public sealed class ExpertUnavailability : Entity, IAudited
{
    public Guid ExpertId { get; set; }
    public DateOnly Date { get; set; }
    public string? Note { get; set; }
}

/// <summary>The signed pledge of one expert for one programme (4.2.3: 廉洁自律、公正、保密、回避).</summary>
public sealed class ExpertPledge : IAudited, IProgrammeScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ExpertId { get; set; }
    public Guid ProgrammeId { get; set; }
    public DateTime SignedAt { get; set; }
    public string TextVersion { get; set; } = "";
    public string TextSha256 { get; set; } = "";
}

internal sealed class ExpertConfiguration : IEntityTypeConfiguration<Expert>, IEntityTypeConfiguration<ExpertConflict>,
    IEntityTypeConfiguration<ExpertUnavailability>, IEntityTypeConfiguration<ExpertPledge>
{
    public void Configure(EntityTypeBuilder<Expert> b)
    {
        b.Property(e => e.UserId).HasMaxLength(64);
        b.HasIndex(e => e.UserId).IsUnique();
        b.Property(e => e.Name).HasMaxLength(50);
        b.Property(e => e.Employer).HasMaxLength(200);
        b.Property(e => e.EmployerCreditCode).HasMaxLength(18);
        b.Property(e => e.Title).HasMaxLength(100);
        b.Property(e => e.Mobile).HasMaxLength(30);
        b.Property(e => e.Email).HasMaxLength(256);
        b.Property(e => e.Industries).HasMaxLength(100);
        b.Property(e => e.Specialties).HasMaxLength(1000);
        b.Property(e => e.SuspendedRoles).HasMaxLength(100);
        b.Property(e => e.ExaminerCertificate).HasMaxLength(500);
        b.Property(e => e.AwardReviewExperience).HasMaxLength(2000);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(e => e.Name);
        b.HasIndex(e => e.Status);
        b.HasMany(e => e.Conflicts).WithOne().HasForeignKey(c => c.ExpertId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(e => e.Unavailability).WithOne().HasForeignKey(u => u.ExpertId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ExpertConflict> b)
    {
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.CreditCode).HasMaxLength(18);
        b.Property(c => c.OrganizationName).HasMaxLength(200);
        b.Property(c => c.Note).HasMaxLength(1000);
        b.HasIndex(c => c.CreditCode);
    }

    public void Configure(EntityTypeBuilder<ExpertUnavailability> b)
    {
        b.Property(u => u.Note).HasMaxLength(200);
        b.HasIndex(u => new { u.ExpertId, u.Date }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ExpertPledge> b)
    {
        b.HasIndex(p => new { p.ExpertId, p.ProgrammeId }).IsUnique();
        b.Property(p => p.TextVersion).HasMaxLength(32);
        b.Property(p => p.TextSha256).HasMaxLength(64);
        b.HasOne<Expert>().WithMany().HasForeignKey(p => p.ExpertId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Programmes.Programme>().WithMany().HasForeignKey(p => p.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class ExpertLabels
{
    public static string Status(ExpertStatus s) => s switch
    {
        ExpertStatus.Active => "在库",
        ExpertStatus.Suspended => "暂停",
        ExpertStatus.Removed => "移出",
    };

    public static string Kind(ConflictKind k) => k switch
    {
        ConflictKind.Organization => "利益相关组织",
        ConflictKind.FormerEmployer => "曾任职单位",
        ConflictKind.Other => "其他关系",
    };

    /// <summary>The roles held, a suspended one (5.3.2) marked “（暂停）”.</summary>
    public static string Roles(Expert e) => ExpertRoles.Text(ExpertRoles.Of(e));
}
