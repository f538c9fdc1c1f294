using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Review;

public enum SummaryStatus
{
    /// <summary>The Office is still writing its evaluation; the facts are read live.</summary>
    Draft,

    /// <summary>Approved: the facts are frozen in <see cref="ProgrammeSummary.FactsJson"/>.</summary>
    Approved,
}

/// <summary>The areas of the procedure that 5.1.3 evaluates and 5.3.1 improves.</summary>
public enum ProcedureArea
{
    /// <summary>理论课程设置</summary>
    CourseSetup,

    /// <summary>现场扶优安排</summary>
    SiteVisitArrangement,

    /// <summary>培育孵化成果展示及交流</summary>
    ShowcaseExchange,

    /// <summary>相关表单设计</summary>
    Forms,
}

/// <summary>
/// 培育孵化工作总结 (5.1): the product drafts the facts of every stage from its own records; the Office adds its evaluation of the
/// procedure (5.1.3) and its improvement suggestions (5.1.2), then approves it.
/// </summary>
public sealed class ProgrammeSummary : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }

    /// <summary>5.1.1 对整体程序的总结和评估</summary>
    public string? OverallEvaluation { get; set; }

    /// <summary>5.1.3 理论课程设置的科学性和合理性</summary>
    public string? CourseSetupEvaluation { get; set; }

    /// <summary>5.1.3 现场扶优安排的科学性和合理性</summary>
    public string? SiteVisitEvaluation { get; set; }

    /// <summary>5.1.3 成果展示及交流的科学性和合理性</summary>
    public string? ShowcaseEvaluation { get; set; }

    /// <summary>5.3.1 相关表单设计</summary>
    public string? FormsEvaluation { get; set; }

    /// <summary>5.1.2 培育孵化工作的完善和改进建议</summary>
    public string? ImprovementSuggestions { get; set; }

    public SummaryStatus Status { get; set; }

    /// <summary>The drafted facts as they were when the Office approved the summary (JSON); null while a draft.</summary>
    public string? FactsJson { get; set; }

    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }

    public const int TextMaxLength = 8000;
}

/// <summary>5.2 the Office's rating of one expert in one role (5.2.3) of one programme: 好 / 中 / 差 (5.2.2) with a comment.</summary>
public sealed class ExpertRating : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid ExpertId { get; set; }
    public AssignmentRole Role { get; set; }
    public ExpertRatingLevel Level { get; set; }
    public string? Comment { get; set; }
    public DateTime RatedAt { get; set; }
    public string? RatedBy { get; set; }
}

public enum ImprovementStatus
{
    Open,
    InProgress,
    Done,
    Dropped,
}

/// <summary>
/// 5.3.1 an improvement action: area, action, owner, due date and status. An action still open when its programme is sealed is
/// carried into a later programme as a new action pointing back to it (the sealed one stays as it was).
/// </summary>
public sealed class ImprovementAction : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public ProcedureArea Area { get; set; }
    public string Action { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateOnly? DueOn { get; set; }
    public ImprovementStatus Status { get; set; }
    public string? Outcome { get; set; }

    /// <summary>The action of an earlier programme this one continues.</summary>
    public Guid? CarriedFromId { get; set; }

    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }

    public const int TextMaxLength = 2000;
}

/// <summary>5.3.2 what the Office decided about an expert's place in a role's team for the next programme.</summary>
public enum TeamDecision
{
    /// <summary>继续聘用</summary>
    Keep,

    /// <summary>暂停（该类别）</summary>
    Suspend,

    /// <summary>调出（该类别）</summary>
    Remove,
}

/// <summary>5.3.2 the adjustment of an expert team decided after a programme's review; it takes effect on the expert's roles at once.</summary>
public sealed class ExpertTeamDecision : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid ExpertId { get; set; }
    public AssignmentRole Role { get; set; }
    public TeamDecision Decision { get; set; }
    public string? Reason { get; set; }
    public DateTime DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
}

internal sealed class ReviewConfiguration :
    IEntityTypeConfiguration<ProgrammeSummary>, IEntityTypeConfiguration<ExpertRating>,
    IEntityTypeConfiguration<ImprovementAction>, IEntityTypeConfiguration<ExpertTeamDecision>
{
    public void Configure(EntityTypeBuilder<ProgrammeSummary> b)
    {
        b.Property(s => s.OverallEvaluation).HasMaxLength(ProgrammeSummary.TextMaxLength);
        b.Property(s => s.CourseSetupEvaluation).HasMaxLength(ProgrammeSummary.TextMaxLength);
        b.Property(s => s.SiteVisitEvaluation).HasMaxLength(ProgrammeSummary.TextMaxLength);
        b.Property(s => s.ShowcaseEvaluation).HasMaxLength(ProgrammeSummary.TextMaxLength);
        b.Property(s => s.FormsEvaluation).HasMaxLength(ProgrammeSummary.TextMaxLength);
        b.Property(s => s.ImprovementSuggestions).HasMaxLength(ProgrammeSummary.TextMaxLength);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.UpdatedBy).HasMaxLength(256);
        b.Property(s => s.ApprovedBy).HasMaxLength(256);
        b.HasIndex(s => s.ProgrammeId).IsUnique();
        b.HasOne<Programme>().WithMany().HasForeignKey(s => s.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ExpertRating> b)
    {
        b.Property(r => r.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Level).HasConversion<string>().HasMaxLength(8);
        b.Property(r => r.Comment).HasMaxLength(2000);
        b.Property(r => r.RatedBy).HasMaxLength(256);
        b.HasIndex(r => new { r.ProgrammeId, r.ExpertId, r.Role }).IsUnique();
        b.HasIndex(r => r.ExpertId);
        b.HasOne<Programme>().WithMany().HasForeignKey(r => r.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Expert>().WithMany().HasForeignKey(r => r.ExpertId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ImprovementAction> b)
    {
        b.Property(a => a.Area).HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.Action).HasMaxLength(ImprovementAction.TextMaxLength);
        b.Property(a => a.Owner).HasMaxLength(100);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Outcome).HasMaxLength(ImprovementAction.TextMaxLength);
        b.Property(a => a.CreatedBy).HasMaxLength(256);
        b.HasIndex(a => new { a.ProgrammeId, a.Status });
        // 5.3.1 an action is carried forward once: two Office users carrying it at the same moment cannot both succeed
        b.HasIndex(a => a.CarriedFromId).IsUnique();
        b.HasOne<Programme>().WithMany().HasForeignKey(a => a.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ImprovementAction>().WithMany().HasForeignKey(a => a.CarriedFromId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ExpertTeamDecision> b)
    {
        b.Property(d => d.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Decision).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Reason).HasMaxLength(1000);
        b.Property(d => d.DecidedBy).HasMaxLength(256);
        b.HasIndex(d => new { d.ProgrammeId, d.ExpertId, d.Role }).IsUnique();
        b.HasIndex(d => d.ExpertId);
        b.HasOne<Programme>().WithMany().HasForeignKey(d => d.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Expert>().WithMany().HasForeignKey(d => d.ExpertId).OnDelete(DeleteBehavior.Restrict);
    }
}
