using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Assessment;

/// <summary>Which Appendix B: the baseline one of 4.4.1, or the final one for the showcase's before/after (4.7).</summary>
public enum SelfEvaluationKind
{
    Baseline,
    Final,
}

public enum SelfEvaluationStatus
{
    Draft,
    Submitted,
}

/// <summary>An organization's Appendix B (前期自评表, 4.4.1.3–4.4.1.4) in one programme, as a dated version; the report and evidence are its attachments.</summary>
public sealed class SelfEvaluation : Entity, IAudited, IProgrammeScoped
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }
    public SelfEvaluationKind Kind { get; set; }
    public SelfEvaluationStatus Status { get; set; }

    /// <summary>Answers keyed by question code (<see cref="AppendixB.Questions"/>), as JSON.</summary>
    public string AnswersJson { get; set; } = "{}";

    /// <summary>The self-evaluation report written in the product, keyed by GB/T 19580 category code ("4.1" → text), as JSON (4.4.1.2).</summary>
    public string ReportSectionsJson { get; set; } = "{}";

    /// <summary>An extension of the programme's due date granted by the Office to this organization (audited), with its reason.</summary>
    public DateOnly? ExtendedTo { get; set; }
    public string? ExtensionReason { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }

    public Dictionary<string, string> ReportSections() => JsonSerializer.Deserialize<Dictionary<string, string>>(ReportSectionsJson, Json) ?? [];

    public void SetReportSections(IReadOnlyDictionary<string, string?> sections) =>
        ReportSectionsJson = JsonSerializer.Serialize(sections.Where(a => !string.IsNullOrWhiteSpace(a.Value)).OrderBy(a => a.Key, StringComparer.Ordinal)
            .ToDictionary(a => a.Key, a => a.Value!.Trim()), Json);

    public const int SectionMaxLength = 20000;

    public Dictionary<string, string?> Answers() => JsonSerializer.Deserialize<Dictionary<string, string?>>(AnswersJson, Json) ?? [];

    public void SetAnswers(IReadOnlyDictionary<string, string?> answers) =>
        AnswersJson = JsonSerializer.Serialize(answers.Where(a => !string.IsNullOrWhiteSpace(a.Value)).ToDictionary(a => a.Key, a => a.Value!.Trim()), Json);
}

internal sealed class SelfEvaluationConfiguration : IEntityTypeConfiguration<SelfEvaluation>
{
    public void Configure(EntityTypeBuilder<SelfEvaluation> b)
    {
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.AnswersJson).HasMaxLength(20000);
        b.Property(s => s.ReportSectionsJson).HasMaxLength(200000);
        b.Property(s => s.ExtensionReason).HasMaxLength(1000);
        b.HasIndex(s => new { s.ProgrammeId, s.OrganizationId, s.Kind }).IsUnique();
        b.HasOne<Programme>().WithMany().HasForeignKey(s => s.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
