using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Showcase;

public enum ProfileStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
}

/// <summary>
/// A pool member's before/after showcase (孵化成果展示, 4.7.2): its own narrative, the management model it distilled, what it did about
/// the site-visit improvements, and the later re-score per GB/T 19580 item; the Office approves what is shown.
/// </summary>
public sealed class ShowcaseProfile : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }

    /// <summary>The organization's account of its incubation.</summary>
    public string? Narrative { get; set; }

    /// <summary>提炼的管理模式</summary>
    public string? ManagementModel { get; set; }

    /// <summary>What was done about the site-visit improvement opinions.</summary>
    public string? ImprovementActions { get; set; }

    /// <summary>The later re-score (item code → percentage, JSON), recorded by the Office from the experts' re-evaluation; points computed.</summary>
    public string RescoreJson { get; set; } = "{}";
    public decimal? RescoreTotal { get; set; }

    public ProfileStatus Status { get; set; }
    public string? ReturnComment { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }

    /// <summary>The organization agrees that its approved summary appears on the public showcase page.</summary>
    public bool PublicConsent { get; set; }
    public DateTime UpdatedAt { get; set; }

    public const int TextMaxLength = 8000;
}

public enum ExchangeKind
{
    /// <summary>成果展示交流会 (4.7.1, 4.7.3)</summary>
    Showcase,

    /// <summary>标杆企业学习 (4.7.4)</summary>
    BenchmarkVisit,
}

/// <summary>An exchange event of 4.7: a showcase meeting or a visit to learn from a benchmark enterprise.</summary>
public sealed class ExchangeEvent : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public ExchangeKind Kind { get; set; }
    public string Title { get; set; } = "";
    public DateTime StartsAt { get; set; }
    public string? Place { get; set; }

    /// <summary>The benchmark enterprise that hosts a learning visit.</summary>
    public string? HostOrganization { get; set; }
    public string? Summary { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A pool member invited to an exchange event, whether it attended and what it presented.</summary>
public sealed class ExchangeAttendance : Entity, IAudited, IProgrammeScoped
{
    public Guid EventId { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }
    public int? Participants { get; set; }
    public bool? Attended { get; set; }
    public string? Presented { get; set; }
}

internal sealed class ShowcaseConfiguration :
    IEntityTypeConfiguration<ShowcaseProfile>, IEntityTypeConfiguration<ExchangeEvent>, IEntityTypeConfiguration<ExchangeAttendance>
{
    public void Configure(EntityTypeBuilder<ShowcaseProfile> b)
    {
        b.Property(p => p.Narrative).HasMaxLength(ShowcaseProfile.TextMaxLength);
        b.Property(p => p.ManagementModel).HasMaxLength(ShowcaseProfile.TextMaxLength);
        b.Property(p => p.ImprovementActions).HasMaxLength(ShowcaseProfile.TextMaxLength);
        b.Property(p => p.RescoreJson).HasMaxLength(2000);
        b.Property(p => p.RescoreTotal).HasPrecision(6, 1);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.ReturnComment).HasMaxLength(2000);
        b.Property(p => p.ApprovedBy).HasMaxLength(256);
        b.HasIndex(p => new { p.ProgrammeId, p.OrganizationId }).IsUnique();
        b.HasOne<Programme>().WithMany().HasForeignKey(p => p.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ExchangeEvent> b)
    {
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Title).HasMaxLength(200);
        b.Property(e => e.Place).HasMaxLength(300);
        b.Property(e => e.HostOrganization).HasMaxLength(200);
        b.Property(e => e.Summary).HasMaxLength(4000);
        b.HasIndex(e => new { e.ProgrammeId, e.StartsAt });
        b.HasOne<Programme>().WithMany().HasForeignKey(e => e.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ExchangeAttendance> b)
    {
        b.Property(a => a.Presented).HasMaxLength(1000);
        b.HasIndex(a => new { a.EventId, a.OrganizationId }).IsUnique();
        b.HasOne<ExchangeEvent>().WithMany().HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
