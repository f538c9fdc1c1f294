using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Account;

/// <summary>Audit events of the second sign-in step; the request is still anonymous, so the account is named as the actor.</summary>
internal static class SignInAudit
{
    public const string Authenticator = "2FA（动态验证码）";
    public const string RecoveryCode = "2FA（恢复码）";

    public static void Succeeded(AppDbContext db, AppUser user, string method, object? extra = null) =>
        Named(db.Audit(AuditActions.SignedIn, nameof(AppUser), user.Id, null, extra ?? new { user.UserName, Method = method }), user);

    public static void Failed(AppDbContext db, AppUser user, string method, string reason) =>
        Named(db.Audit(AuditActions.SignInFailed, nameof(AppUser), user.Id, null, new { user.UserName, Method = method, Reason = reason }), user);

    private static void Named(AuditEvent evt, AppUser user)
    {
        evt.ActorId = user.Id;
        evt.ActorName = $"{user.DisplayName}（{user.UserName}）";
    }
}
