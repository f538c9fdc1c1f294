using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Assessment;

public enum ReviewStatus
{
    Draft,
    Submitted,
}

/// <summary>The five parts of a written review (4.4.2.2), in the standard's order.</summary>
public enum ReviewPart
{
    Basics,
    Strengths,
    Improvements,
    Innovations,
    Results,
}

/// <summary>The written parts of a review and the GB/T 19580 item percentages, shared by one reviewer's review and the consensus.</summary>
public abstract class ReviewContent : Entity
{
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }

    /// <summary>基本情况</summary>
    public string? Basics { get; set; }

    /// <summary>主要优势</summary>
    public string? Strengths { get; set; }

    /// <summary>主要改进建议</summary>
    public string? Improvements { get; set; }

    /// <summary>创新或特色方法</summary>
    public string? Innovations { get; set; }

    /// <summary>突出绩效结果表现</summary>
    public string? Results { get; set; }

    /// <summary>Percentages keyed by GB/T 19580 item code ("4.1.2" → 55), as JSON; points are always computed (<see cref="Scoring.Score"/>).</summary>
    public string ScoresJson { get; set; } = "{}";

    /// <summary>The computed total of the complete score sheet (out of 1000), kept for lists and the pool ranking; null while incomplete.</summary>
    public decimal? Total { get; set; }

    public DateTime UpdatedAt { get; set; }

    public Dictionary<string, int> Scores() => ScoreJson.Read(ScoresJson);

    /// <summary>Stores the percentages and the computed total (null unless all 23 items are validly scored).</summary>
    public ScoreSheet SetScores(IReadOnlyDictionary<string, int> percentages)
    {
        ScoresJson = ScoreJson.Write(percentages);
        var sheet = Scoring.Score(percentages);
        Total = sheet.Complete ? sheet.Total : null;
        return sheet;
    }

    public string? Part(ReviewPart part) => part switch
    {
        ReviewPart.Basics => Basics,
        ReviewPart.Strengths => Strengths,
        ReviewPart.Improvements => Improvements,
        ReviewPart.Innovations => Innovations,
        ReviewPart.Results => Results,
    };

    public void SetPart(ReviewPart part, string? text)
    {
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        switch (part)
        {
            case ReviewPart.Basics: Basics = text; break;
            case ReviewPart.Strengths: Strengths = text; break;
            case ReviewPart.Improvements: Improvements = text; break;
            case ReviewPart.Innovations: Innovations = text; break;
            case ReviewPart.Results: Results = text; break;
        }
    }

    public static string Label(ReviewPart part) => part switch
    {
        ReviewPart.Basics => "基本情况",
        ReviewPart.Strengths => "主要优势",
        ReviewPart.Improvements => "主要改进建议",
        ReviewPart.Innovations => "创新或特色方法",
        ReviewPart.Results => "突出绩效结果表现",
    };

    public const int PartMaxLength = 4000;
}

/// <summary>One report reviewer's independent review of one organization's self-evaluation (4.4.2): written parts and item scores.</summary>
public sealed class ExpertReview : ReviewContent, IAudited, IProgrammeScoped
{
    public Guid AssignmentId { get; set; }
    public Guid ExpertId { get; set; }
    public ReviewStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
}

/// <summary>
/// The Office's consensus of the reviews of one organization (4.4.2.1, the practice of independent then consensus review):
/// the agreed scores and text, fed back to the organization only when released.
/// </summary>
public sealed class ReviewConsensus : ReviewContent, IAudited, IProgrammeScoped
{
    public string? RecordedBy { get; set; }
    public DateTime? RecordedAt { get; set; }

    /// <summary>When the Office released the review to the organization; before that the organization sees nothing of it.</summary>
    public DateTime? ReleasedAt { get; set; }
    public string? ReleasedBy { get; set; }
}

internal sealed class ExpertReviewConfiguration : IEntityTypeConfiguration<ExpertReview>, IEntityTypeConfiguration<ReviewConsensus>
{
    public void Configure(EntityTypeBuilder<ExpertReview> b)
    {
        Content(b);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(r => r.AssignmentId).IsUnique();
        b.HasIndex(r => new { r.ProgrammeId, r.OrganizationId });
        b.HasOne<ExpertAssignment>().WithMany().HasForeignKey(r => r.AssignmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Expert>().WithMany().HasForeignKey(r => r.ExpertId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ReviewConsensus> b)
    {
        Content(b);
        b.Property(r => r.RecordedBy).HasMaxLength(256);
        b.Property(r => r.ReleasedBy).HasMaxLength(256);
        b.HasIndex(r => new { r.ProgrammeId, r.OrganizationId }).IsUnique();
    }

    private static void Content<T>(EntityTypeBuilder<T> b) where T : ReviewContent
    {
        b.Property(r => r.Basics).HasMaxLength(ReviewContent.PartMaxLength);
        b.Property(r => r.Strengths).HasMaxLength(ReviewContent.PartMaxLength);
        b.Property(r => r.Improvements).HasMaxLength(ReviewContent.PartMaxLength);
        b.Property(r => r.Innovations).HasMaxLength(ReviewContent.PartMaxLength);
        b.Property(r => r.Results).HasMaxLength(ReviewContent.PartMaxLength);
        b.Property(r => r.ScoresJson).HasMaxLength(2000);
        b.Property(r => r.Total).HasPrecision(6, 1);
        b.HasOne<Programme>().WithMany().HasForeignKey(r => r.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
