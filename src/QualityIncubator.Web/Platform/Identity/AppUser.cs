using Microsoft.AspNetCore.Identity;

namespace QualityIncubator.Web.Platform.Identity;

public sealed class AppUser : IdentityUser
{
    /// <summary>The person's name as shown in the UI and the audit trail.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>For Organization users: the organization they act for.</summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>The organization's administrator (its first user) may invite colleagues.</summary>
    public bool IsOrganizationAdmin { get; set; }

    /// <summary>Disabled accounts cannot sign in; they are never deleted (the audit trail names them).</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>The three roles of the standard: 区评审办, 专家, 申报组织.</summary>
public static class Roles
{
    public const string Office = "Office";
    public const string Expert = "Expert";
    public const string Organization = "Organization";

    public static readonly string[] All = [Office, Expert, Organization];

    public static string Label(string role) => role switch
    {
        Office => "区评审办",
        Expert => "专家",
        Organization => "申报组织",
        _ => role,
    };
}

public static class AppClaims
{
    public const string OrganizationId = "qi:org";
    public const string DisplayName = "qi:name";
}
