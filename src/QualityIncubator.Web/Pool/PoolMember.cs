using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Pool;

/// <summary>
/// One stay of an organization in the incubation pool (培育孵化库, 4.4.4): when and why it entered, and when and why it left.
/// Rows are never deleted, so the pool page shows the history of every entry and exit.
/// </summary>
public sealed class PoolMember : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }

    public DateTime EnteredAt { get; set; }
    public string? EnteredBy { get; set; }

    /// <summary>The organization's place in the ranking when it was selected, and its composite points.</summary>
    public int? Rank { get; set; }
    public decimal? RankingTotal { get; set; }

    /// <summary>The Office's written reason when the choice goes against the ranking (4.4.4.1).</summary>
    public string? SelectionReason { get; set; }

    public DateTime? ExitedAt { get; set; }
    public ExitGround? ExitGround { get; set; }

    /// <summary>The recorded reason of the exit (<see cref="ExitRule.Decide"/>'s text).</summary>
    public string? ExitReason { get; set; }
    public string? ExitedBy { get; set; }

    public bool IsCurrent => ExitedAt is null;
}

internal sealed class PoolMemberConfiguration : IEntityTypeConfiguration<PoolMember>
{
    public void Configure(EntityTypeBuilder<PoolMember> b)
    {
        b.Property(m => m.EnteredBy).HasMaxLength(256);
        b.Property(m => m.RankingTotal).HasPrecision(8, 2);
        b.Property(m => m.SelectionReason).HasMaxLength(1000);
        b.Property(m => m.ExitGround).HasConversion<string>().HasMaxLength(32);
        b.Property(m => m.ExitReason).HasMaxLength(2000);
        b.Property(m => m.ExitedBy).HasMaxLength(256);
        // the organization's stays (the summary's "member at the time" test), covering what that test and the history list's sort read
        b.HasIndex(m => new { m.ProgrammeId, m.OrganizationId, m.EnteredAt, m.ExitedAt, m.Rank, m.Id }).HasDatabaseName("IX_PoolMember_ProgrammeId_OrganizationId");
        // the current members in the page's order (PoolQueries.MembersPageAsync). Partial, so that no query that may also read exited
        // stays can pick it: an index led by (ProgrammeId, EnteredAt) for every stay made SQLite range-scan it in the summary (20 s)
        b.HasIndex(m => new { m.ProgrammeId, m.EnteredAt, m.Rank, m.OrganizationId, m.Id }).IsDescending(false, true, false, false, false)
            .HasFilter("\"ExitedAt\" IS NULL").HasDatabaseName("IX_PoolMember_Current");
        // the ended stays, a few dozen of a programme's hundreds: the pool page counts every stay as the current ones plus these
        // (PoolQueries.ProgrammeAsync) instead of walking every stay again
        b.HasIndex(m => new { m.ProgrammeId, m.OrganizationId }).HasFilter("\"ExitedAt\" IS NOT NULL").HasDatabaseName("IX_PoolMember_Exited");
        b.HasOne<Programme>().WithMany().HasForeignKey(m => m.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
