using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Platform.Identity;

/// <summary>
/// Tells an account's owner by email of a change to how the account signs in (password, two-factor authentication, recovery codes),
/// queued in the same save as the change, so that one they did not make themselves does not go unnoticed.
/// </summary>
public static class AccountNotice
{
    public static void Queue(Notifier notifier, AppUser user, DateTime atUtc, string change)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrWhiteSpace(user.Email))
        {
            return;
        }
        notifier.QueueEmail(user.Email, "账号安全提醒", $"""
            {user.DisplayName}，您好：

            您在松江区政府质量奖培育孵化平台的账号“{user.UserName}”于北京时间 {ChinaTime.DateTimeText(atUtc)} {change}。

            如果是您本人操作，请忽略本邮件。如果不是，请立即登录修改密码（无法登录时使用登录页的“忘记密码”），并联系区评审办。
            """);
    }
}
