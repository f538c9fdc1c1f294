using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Programmes;

/// <summary>培育孵化工作计划 (4.1.1): one yearly run of the standard's procedure with its stage schedule.</summary>
public sealed class Programme : Entity, IAudited
{
    public int Year { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>Demo data is labelled 演示 everywhere it appears.</summary>
    public bool IsDemo { get; set; }

    public ProgrammeStage Stage { get; set; } = ProgrammeStage.Planning;

    /// <summary>4.2: at most this many tasks per expert in this programme, for each kind of task (reviews, coaching, lectures).</summary>
    public int ExpertAssignmentLimit { get; set; } = 12;

    /// <summary>4.4.1: the day self-evaluations are due (China date, inclusive); organizations may be granted an extension.</summary>
    public DateOnly? SelfEvaluationDueOn { get; set; }

    /// <summary>4.4.2.1: reviewers' percentages of an item further apart than this are flagged for the consensus.</summary>
    public int ReviewSpreadThreshold { get; set; } = Assessment.Scoring.DefaultSpreadThreshold;

    /// <summary>4.4.4.1: the pool ranking's weights as JSON (<see cref="Pool.RankingWeights"/>); null for the defaults.</summary>
    public string? RankingWeightsJson { get; set; }

    /// <summary>4.4.4: when the Office first published the incubation pool.</summary>
    public DateTime? PoolPublishedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<ProgrammeStageWindow> Schedule { get; set; } = [];
}

/// <summary>The dates planned for one stage of a programme.</summary>
public sealed class ProgrammeStageWindow : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public ProgrammeStage Stage { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
}

internal sealed class ProgrammeConfiguration : IEntityTypeConfiguration<Programme>, IEntityTypeConfiguration<ProgrammeStageWindow>
{
    public void Configure(EntityTypeBuilder<Programme> builder)
    {
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.Stage).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.RankingWeightsJson).HasMaxLength(1000);
        builder.HasIndex(p => p.Year);
        builder.HasMany(p => p.Schedule).WithOne().HasForeignKey(w => w.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ProgrammeStageWindow> builder)
    {
        builder.Property(w => w.Stage).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(w => new { w.ProgrammeId, w.Stage }).IsUnique();
    }
}
