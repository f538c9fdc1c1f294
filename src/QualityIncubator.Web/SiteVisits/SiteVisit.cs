using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>4.6.3 现场扶优的形式: 座谈交流, 现场参观指导, or both.</summary>
public enum SiteVisitFormat
{
    Discussion,
    Tour,
    Both,
}

public enum SiteVisitStatus
{
    Planned,
    Held,
    Cancelled,
}

/// <summary>One on-site coaching visit to a pool member (现场扶优, 4.6). The coaching team is the member's active SiteCoach assignments (one lead).</summary>
public sealed class SiteVisit : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public string Place { get; set; } = "";
    public SiteVisitFormat Format { get; set; }
    public SiteVisitStatus Status { get; set; }
    public string? Notes { get; set; }

    /// <summary>When the organization confirmed who will attend (4.6.2).</summary>
    public DateTime? AttendeesConfirmedAt { get; set; }
    public string? AttendeesConfirmedBy { get; set; }
    public DateTime? HeldAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum SiteVisitChangeKind
{
    Planned,
    Postponed,
    Cancelled,
    Held,
}

/// <summary>The history of a visit: planned, postponed (from → to), cancelled, held; never edited.</summary>
public sealed class SiteVisitChange : IProgrammeScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid VisitId { get; set; }
    public Guid ProgrammeId { get; set; }
    public SiteVisitChangeKind Kind { get; set; }
    public DateTime At { get; set; }
    public string? By { get; set; }
    public DateTime? FromStartsAt { get; set; }
    public DateTime? ToStartsAt { get; set; }
    public string? Reason { get; set; }
}

public enum AttendeeSide
{
    /// <summary>A member of the coaching team (an expert).</summary>
    Team,

    /// <summary>One of the organization's responsible persons (4.6.2).</summary>
    Organization,
}

/// <summary>Someone expected at a visit, and whether they came.</summary>
public sealed class SiteVisitAttendee : Entity, IAudited, IProgrammeScoped
{
    public Guid VisitId { get; set; }
    public Guid ProgrammeId { get; set; }
    public AttendeeSide Side { get; set; }
    public Guid? ExpertId { get; set; }
    public Guid? ResponsiblePersonId { get; set; }
    public string Name { get; set; } = "";
    public string? Title { get; set; }

    /// <summary>The organization confirmed this person will attend.</summary>
    public bool Confirmed { get; set; }

    /// <summary>Recorded on the day; null until then.</summary>
    public bool? Attended { get; set; }
}

/// <summary>One item of the preparation checklist the Office defines for a visit (materials to show, sites to visit), ticked by the organization.</summary>
public sealed class SiteVisitChecklistItem : Entity, IAudited, IProgrammeScoped
{
    public Guid VisitId { get; set; }
    public Guid ProgrammeId { get; set; }
    public int SortOrder { get; set; }
    public string Text { get; set; } = "";
    public bool Done { get; set; }
    public string? Note { get; set; }
    public DateTime? DoneAt { get; set; }
}

internal sealed class SiteVisitConfiguration :
    IEntityTypeConfiguration<SiteVisit>, IEntityTypeConfiguration<SiteVisitChange>, IEntityTypeConfiguration<SiteVisitAttendee>, IEntityTypeConfiguration<SiteVisitChecklistItem>
{
    public void Configure(EntityTypeBuilder<SiteVisit> b)
    {
        b.Property(v => v.Place).HasMaxLength(300);
        b.Property(v => v.Format).HasConversion<string>().HasMaxLength(16);
        b.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(v => v.Notes).HasMaxLength(2000);
        b.Property(v => v.AttendeesConfirmedBy).HasMaxLength(256);
        b.HasIndex(v => new { v.ProgrammeId, v.OrganizationId });
        b.HasIndex(v => new { v.ProgrammeId, v.StartsAt });
        b.HasOne<Programme>().WithMany().HasForeignKey(v => v.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(v => v.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<SiteVisitChange> b)
    {
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.By).HasMaxLength(256);
        b.Property(c => c.Reason).HasMaxLength(1000);
        b.HasIndex(c => new { c.VisitId, c.At });
        b.HasOne<SiteVisit>().WithMany().HasForeignKey(c => c.VisitId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SiteVisitAttendee> b)
    {
        b.Property(a => a.Side).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Name).HasMaxLength(100);
        b.Property(a => a.Title).HasMaxLength(100);
        b.HasIndex(a => a.VisitId);
        b.HasOne<SiteVisit>().WithMany().HasForeignKey(a => a.VisitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Expert>().WithMany().HasForeignKey(a => a.ExpertId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<SiteVisitChecklistItem> b)
    {
        b.Property(i => i.Text).HasMaxLength(500);
        b.Property(i => i.Note).HasMaxLength(1000);
        b.HasIndex(i => new { i.VisitId, i.SortOrder });
        b.HasOne<SiteVisit>().WithMany().HasForeignKey(i => i.VisitId).OnDelete(DeleteBehavior.Cascade);
    }
}
