using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Applications;

public enum ApplicationStatus
{
    Draft,
    Submitted,
    Returned,
    Withdrawn,
}

/// <summary>区评审办's eligibility decision (4.1.2).</summary>
public enum EligibilityDecision
{
    Pending,
    Eligible,
    Ineligible,
}

/// <summary>《松江区政府质量奖培育孵化项目申请书》 (4.1.3, Appendix A): one organization's application to one programme.</summary>
public sealed class Application : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public Guid? CaseId { get; set; }
    public ApplicationStatus Status { get; set; } = ApplicationStatus.Draft;

    // Appendix A, in its order.
    public string OrganizationName { get; set; } = "";
    public string? LegalRepresentative { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? ContactName { get; set; }
    public string? ContactDepartment { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public DateOnly? EstablishedOn { get; set; }
    public string CreditCode { get; set; } = "";
    public string? EconomicTypeCode { get; set; }
    public string? IndustryCode { get; set; }
    public string? IndustryDetail { get; set; }
    public decimal? TotalAssets { get; set; }
    public decimal? LastYearRevenue { get; set; }
    public decimal? LastYearTax { get; set; }
    public decimal? LastYearNetProfit { get; set; }
    public int? EmployeeCount { get; set; }
    public int? RdStaffCount { get; set; }
    public string? DistrictCode { get; set; }
    public string? DistrictOther { get; set; }
    public bool? HasMajorAccident { get; set; }
    public bool? HasMajorComplaintOrDishonesty { get; set; }
    public bool? HasViolationThisYear { get; set; }
    public bool? HasKpiSystem { get; set; }
    public List<ApplicationCertification> Certifications { get; set; } = [];
    public List<ApplicationHonour> Honours { get; set; } = [];

    /// <summary>Not in Appendix A: the “3+6”/“6+X” priority industry the organization belongs to, if any (4.4.4.2).</summary>
    public string? PriorityIndustryCode { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? ReturnComment { get; set; }

    // The Office's eligibility decision (4.1.2).
    public EligibilityDecision Decision { get; set; } = EligibilityDecision.Pending;
    public string? DecisionReason { get; set; }
    public string? LeadershipJudgement { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
}

public enum HonourLevel
{
    District,
    City,
    Provincial,
    National,
}

public sealed class ApplicationCertification : Entity, IAudited
{
    public Guid ApplicationId { get; set; }
    public string StandardCode { get; set; } = "";
    public string? OtherName { get; set; }
    public string? CertificateNumber { get; set; }
    public DateOnly? ExpiresOn { get; set; }
}

public sealed class ApplicationHonour : Entity, IAudited
{
    public Guid ApplicationId { get; set; }
    public string Name { get; set; } = "";
    public HonourLevel Level { get; set; }
    public int Year { get; set; }
}

/// <summary>The call for applications (征集公告) of one programme (4.1.1).</summary>
public sealed class ApplicationCall : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }

    /// <summary>Sanitized HTML written by the Office.</summary>
    public string Html { get; set; } = "";

    public string? Requirements { get; set; }
    public string? Contact { get; set; }
    public DateOnly OpensOn { get; set; }
    public DateOnly ClosesOn { get; set; }
    public DateTime? PublishedAt { get; set; }
}

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>, IEntityTypeConfiguration<ApplicationCertification>,
    IEntityTypeConfiguration<ApplicationHonour>, IEntityTypeConfiguration<ApplicationCall>
{
    public void Configure(EntityTypeBuilder<Application> b)
    {
        b.HasIndex(a => new { a.ProgrammeId, a.OrganizationId }).IsUnique();
        // the list's counts by status and by eligibility decision (4.1.2) read the index alone
        b.HasIndex(a => new { a.ProgrammeId, a.Status, a.Decision });
        // the list filtered by status and sorted by name finds a page's ids in this index alone, not by a sort of the whole programme
        // nor by reading the rows before the page (ApplicationQueries.PageAsync)
        b.HasIndex(a => new { a.ProgrammeId, a.Status, a.OrganizationName, a.Id });
        b.HasIndex(a => new { a.ProgrammeId, a.SubmittedAt });
        b.HasIndex(a => a.CreditCode);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Decision).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.OrganizationName).HasMaxLength(200);
        b.Property(a => a.LegalRepresentative).HasMaxLength(50);
        b.Property(a => a.Address).HasMaxLength(300);
        b.Property(a => a.Phone).HasMaxLength(30);
        b.Property(a => a.ContactName).HasMaxLength(50);
        b.Property(a => a.ContactDepartment).HasMaxLength(100);
        b.Property(a => a.ContactPhone).HasMaxLength(30);
        b.Property(a => a.ContactEmail).HasMaxLength(256);
        b.Property(a => a.CreditCode).HasMaxLength(18);
        b.Property(a => a.EconomicTypeCode).HasMaxLength(32);
        b.Property(a => a.IndustryCode).HasMaxLength(32);
        b.Property(a => a.IndustryDetail).HasMaxLength(200);
        b.Property(a => a.DistrictCode).HasMaxLength(32);
        b.Property(a => a.DistrictOther).HasMaxLength(100);
        b.Property(a => a.PriorityIndustryCode).HasMaxLength(32);
        b.Property(a => a.ReturnComment).HasMaxLength(2000);
        b.Property(a => a.DecisionReason).HasMaxLength(2000);
        b.Property(a => a.LeadershipJudgement).HasMaxLength(2000);
        b.Property(a => a.DecidedBy).HasMaxLength(256);
        b.HasOne(a => a.Organization).WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Programmes.Programme>().WithMany().HasForeignKey(a => a.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Certifications).WithOne().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Honours).WithOne().HasForeignKey(h => h.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ApplicationCertification> b)
    {
        b.Property(c => c.StandardCode).HasMaxLength(32);
        b.Property(c => c.OtherName).HasMaxLength(100);
        b.Property(c => c.CertificateNumber).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<ApplicationHonour> b)
    {
        b.Property(h => h.Name).HasMaxLength(200);
        b.Property(h => h.Level).HasConversion<string>().HasMaxLength(16);
    }

    public void Configure(EntityTypeBuilder<ApplicationCall> b)
    {
        b.HasIndex(c => c.ProgrammeId).IsUnique();
        b.Property(c => c.Html).HasMaxLength(20000);
        b.Property(c => c.Requirements).HasMaxLength(4000);
        b.Property(c => c.Contact).HasMaxLength(500);
        b.HasOne<Programmes.Programme>().WithMany().HasForeignKey(c => c.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class ApplicationLabels
{
    public static string Status(ApplicationStatus s) => s switch
    {
        ApplicationStatus.Draft => "草稿",
        ApplicationStatus.Submitted => "已提交",
        ApplicationStatus.Returned => "退回修改",
        ApplicationStatus.Withdrawn => "已撤回",
    };

    public static string Decision(EligibilityDecision d) => d switch
    {
        EligibilityDecision.Pending => "待审查",
        EligibilityDecision.Eligible => "符合条件",
        EligibilityDecision.Ineligible => "不符合条件",
    };

    public static string Level(HonourLevel l) => l switch
    {
        HonourLevel.District => "区级",
        HonourLevel.City => "市级",
        HonourLevel.Provincial => "省部级",
        HonourLevel.National => "国家级",
    };
}
