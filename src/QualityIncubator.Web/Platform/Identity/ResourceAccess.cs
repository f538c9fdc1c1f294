using System.Security.Claims;

namespace QualityIncubator.Web.Platform.Identity;

/// <summary>
/// The one place every page and endpoint asks "may this user see / change this organization's record?" (4.2.3: experts see only what they are assigned).
/// </summary>
public static class ResourceAccess
{
    public static Guid? OrganizationOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(AppClaims.OrganizationId), out var id) ? id : null;

    public static bool IsOffice(ClaimsPrincipal user) => user.IsInRole(Roles.Office);

    /// <summary>Office: every organization. Organization user: its own only. Expert: only through an active assignment without conflict (none yet).</summary>
    public static bool CanSeeOrganization(ClaimsPrincipal user, Guid organizationId, IReadOnlySet<Guid>? expertAssignedOrganizations = null)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }
        if (IsOffice(user))
        {
            return true;
        }
        if (user.IsInRole(Roles.Organization))
        {
            return OrganizationOf(user) == organizationId;
        }
        return user.IsInRole(Roles.Expert) && expertAssignedOrganizations?.Contains(organizationId) == true;
    }

    /// <summary>Office: every organization. Organization user: its own only. Experts never change an organization's record.</summary>
    public static bool CanChangeOrganization(ClaimsPrincipal user, Guid organizationId) =>
        user.Identity?.IsAuthenticated == true
        && (IsOffice(user) || (user.IsInRole(Roles.Organization) && OrganizationOf(user) == organizationId));
}
