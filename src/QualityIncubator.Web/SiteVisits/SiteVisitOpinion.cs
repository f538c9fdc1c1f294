using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>Where the opinion summary stands (4.6.4–4.6.6).</summary>
public enum OpinionStatus
{
    /// <summary>The team lead writes; members comment.</summary>
    Draft,

    /// <summary>Text locked; the team members sign one by one.</summary>
    Signing,

    /// <summary>Every member signed: with the Office (4.6.6).</summary>
    Submitted,

    /// <summary>The Office returned it for revision with a comment; signatures are void.</summary>
    Returned,

    /// <summary>The Office accepted it.</summary>
    Accepted,

    /// <summary>Released to the organization.</summary>
    Released,
}

/// <summary>
/// 现场扶优意见汇总表 (Appendix C, 4.6.4–4.6.6): 组织名称, 扶优时间 and the team's opinion in four parts, signed by every team member.
/// </summary>
public sealed class SiteVisitOpinion : Entity, IAudited, IProgrammeScoped
{
    public Guid VisitId { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }

    /// <summary>基本情况</summary>
    public string? Basics { get; set; }

    /// <summary>主要优势</summary>
    public string? Strengths { get; set; }

    /// <summary>改进意见</summary>
    public string? Improvements { get; set; }

    /// <summary>管理模式提炼</summary>
    public string? ManagementModel { get; set; }

    public OpinionStatus Status { get; set; }

    /// <summary>The lead expert who drafts it.</summary>
    public Guid LeadExpertId { get; set; }

    /// <summary>SHA-256 of the text that was put up for signature; each signature carries the hash it signed.</summary>
    public string? TextHash { get; set; }

    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? ReturnComment { get; set; }
    public DateTime? ReturnedAt { get; set; }

    /// <summary>How often the Office returned it for revision (informs the coaches' rating, 5.2).</summary>
    public int ReturnCount { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public string? AcceptedBy { get; set; }
    public DateTime? ReleasedAt { get; set; }
    public string? ReleasedBy { get; set; }

    public const int PartMaxLength = 4000;
}

/// <summary>A team member's comment on the draft.</summary>
public sealed class OpinionComment : IProgrammeScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OpinionId { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid ExpertId { get; set; }
    public string ExpertName { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>评审组签名: one team member's electronic signature of the locked text (name and date on the form).</summary>
public sealed class OpinionSignature : IProgrammeScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OpinionId { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid ExpertId { get; set; }
    public string Name { get; set; } = "";
    public DateTime SignedAt { get; set; }
    public string TextHash { get; set; } = "";

    /// <summary>Signatures of a text that was later returned for revision stay in the history but no longer count.</summary>
    public bool Void { get; set; }
}

internal sealed class SiteVisitOpinionConfiguration :
    IEntityTypeConfiguration<SiteVisitOpinion>, IEntityTypeConfiguration<OpinionComment>, IEntityTypeConfiguration<OpinionSignature>
{
    public void Configure(EntityTypeBuilder<SiteVisitOpinion> b)
    {
        b.Property(o => o.Basics).HasMaxLength(SiteVisitOpinion.PartMaxLength);
        b.Property(o => o.Strengths).HasMaxLength(SiteVisitOpinion.PartMaxLength);
        b.Property(o => o.Improvements).HasMaxLength(SiteVisitOpinion.PartMaxLength);
        b.Property(o => o.ManagementModel).HasMaxLength(SiteVisitOpinion.PartMaxLength);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(o => o.TextHash).HasMaxLength(64);
        b.Property(o => o.ReturnComment).HasMaxLength(2000);
        b.Property(o => o.AcceptedBy).HasMaxLength(256);
        b.Property(o => o.ReleasedBy).HasMaxLength(256);
        b.HasIndex(o => o.VisitId).IsUnique();
        b.HasIndex(o => new { o.ProgrammeId, o.OrganizationId });
        b.HasOne<SiteVisit>().WithMany().HasForeignKey(o => o.VisitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Programme>().WithMany().HasForeignKey(o => o.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(o => o.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Expert>().WithMany().HasForeignKey(o => o.LeadExpertId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<OpinionComment> b)
    {
        b.Property(c => c.ExpertName).HasMaxLength(100);
        b.Property(c => c.Text).HasMaxLength(2000);
        b.HasIndex(c => new { c.OpinionId, c.At });
        b.HasOne<SiteVisitOpinion>().WithMany().HasForeignKey(c => c.OpinionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<OpinionSignature> b)
    {
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.TextHash).HasMaxLength(64);
        b.HasIndex(s => new { s.OpinionId, s.ExpertId });
        b.HasOne<SiteVisitOpinion>().WithMany().HasForeignKey(s => s.OpinionId).OnDelete(DeleteBehavior.Cascade);
    }
}
