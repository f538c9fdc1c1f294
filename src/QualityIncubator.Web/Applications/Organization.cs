using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Applications;

/// <summary>申报组织 (4.1.2): a company or institution, identified by its 统一社会信用代码.</summary>
public sealed class Organization : Entity, IAudited
{
    public string Name { get; set; } = "";

    /// <summary>18-character GB 32100 code, upper case, no spaces.</summary>
    public string CreditCode { get; set; } = "";

    /// <summary>Who a second registrant of the same credit code is told to contact.</summary>
    public string? ContactName { get; set; }

    public string? ContactMobile { get; set; }
    public string? ContactEmail { get; set; }

    public bool IsDemo { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.CreditCode).HasMaxLength(18);
        builder.Property(o => o.ContactName).HasMaxLength(50);
        builder.Property(o => o.ContactMobile).HasMaxLength(30);
        builder.Property(o => o.ContactEmail).HasMaxLength(256);
        builder.HasIndex(o => o.CreditCode).IsUnique();
        builder.HasIndex(o => o.Name);
    }
}
