using System.Security.Claims;

namespace QualityIncubator.Web.Platform.Audit;

/// <summary>Who is acting, for the audit trail.</summary>
public interface IAuditActor
{
    string? UserId { get; }
    string? UserName { get; }
    string? ClientAddress { get; }

    /// <summary>True while the current request (a form post) carries text the platform's text rule refused: nothing of it may be saved.</summary>
    bool HasRefusedInput => false;
}

/// <summary>The signed-in user of the current request; "系统" outside a request.</summary>
public sealed class HttpAuditActor(IHttpContextAccessor accessor) : IAuditActor
{
    private ClaimsPrincipal? User => accessor.HttpContext?.User;

    public string? UserId => User?.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>"姓名（用户名）" for a signed-in user: readable, and still unique.</summary>
    public string? UserName => User?.Identity?.IsAuthenticated == true
        ? User.FindFirstValue(Identity.AppClaims.DisplayName) is { Length: > 0 } display ? $"{display}（{User.Identity.Name}）" : User.Identity.Name
        : accessor.HttpContext is null ? SystemActor.Name : null;

    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public bool HasRefusedInput => accessor.HttpContext is { } http && Web.TextInput.RefusedIn(http);
}

public sealed class SystemActor : IAuditActor
{
    public const string Name = "系统";
    public static readonly SystemActor Instance = new();
    public string? UserId => null;
    public string? UserName => Name;
    public string? ClientAddress => null;
}
