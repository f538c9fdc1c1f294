using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Platform.Workflow;

/// <summary>One organization's path through one programme; its state changes only through <see cref="CaseWorkflow"/>.</summary>
public sealed class Case : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Programme? Programme { get; set; }
    public Guid OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public CaseState State { get; set; } = CaseState.Applied;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Why the case left the programme (withdrawn, exited, ineligible, not selected).</summary>
    public string? ClosingReason { get; set; }
}

/// <summary>One step on a case's timeline.</summary>
public sealed class CaseEvent : IProgrammeScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid ProgrammeId { get; set; }
    public CaseState? From { get; set; }
    public CaseState To { get; set; }
    public DateTime At { get; set; }
    public string? ActorName { get; set; }
    public string? Reason { get; set; }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>, IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.ClosingReason).HasMaxLength(1000);
        builder.HasIndex(c => new { c.ProgrammeId, c.OrganizationId }).IsUnique();
        // the prefix serves every count by state; the rest is the order of a state's list (PoolQueries.NotSelected: latest decision first)
        builder.HasIndex(c => new { c.ProgrammeId, c.State, c.UpdatedAt, c.Id }).IsDescending(false, false, true, false);
        builder.HasOne(c => c.Programme).WithMany().HasForeignKey(c => c.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Organization).WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.Property(e => e.From).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.To).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.HasIndex(e => new { e.CaseId, e.At });
        // the programme summary (5.1.2) counts a programme's events by state reached
        builder.HasIndex(e => new { e.ProgrammeId, e.To });
        builder.HasOne<Case>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
