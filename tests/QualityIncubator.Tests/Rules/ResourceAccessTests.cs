using System.Security.Claims;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Tests.Rules;

public sealed class ResourceAccessTests
{
    private static ClaimsPrincipal User(string? role, Guid? org = null)
    {
        if (role is null)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, "u"), new(ClaimTypes.Role, role) };
        if (org is { } o)
        {
            claims.Add(new Claim(AppClaims.OrganizationId, o.ToString()));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    [Fact]
    public void Office_sees_and_changes_every_organization()
    {
        var org = Guid.NewGuid();
        Assert.True(ResourceAccess.CanSeeOrganization(User(Roles.Office), org));
        Assert.True(ResourceAccess.CanChangeOrganization(User(Roles.Office), org));
    }

    [Fact]
    public void An_organization_sees_and_changes_only_itself()
    {
        var own = Guid.NewGuid();
        var other = Guid.NewGuid();
        var user = User(Roles.Organization, own);
        Assert.True(ResourceAccess.CanSeeOrganization(user, own));
        Assert.True(ResourceAccess.CanChangeOrganization(user, own));
        Assert.False(ResourceAccess.CanSeeOrganization(user, other));
        Assert.False(ResourceAccess.CanChangeOrganization(user, other));
    }

    [Fact]
    public void An_expert_sees_only_assigned_organizations_and_never_changes_them()
    {
        var assigned = Guid.NewGuid();
        var expert = User(Roles.Expert);
        Assert.False(ResourceAccess.CanSeeOrganization(expert, assigned));
        Assert.True(ResourceAccess.CanSeeOrganization(expert, assigned, new HashSet<Guid> { assigned }));
        Assert.False(ResourceAccess.CanSeeOrganization(expert, Guid.NewGuid(), new HashSet<Guid> { assigned }));
        Assert.False(ResourceAccess.CanChangeOrganization(expert, assigned));
    }

    [Fact]
    public void Anonymous_sees_nothing()
    {
        Assert.False(ResourceAccess.CanSeeOrganization(User(null), Guid.NewGuid()));
        Assert.False(ResourceAccess.CanChangeOrganization(User(null), Guid.NewGuid()));
    }
}
