using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Platform.Notifications;

/// <summary>Tells a user something: an in-app notification and, when they have an email address, an email through the outbox.</summary>
public sealed class Notifier(AppDbContext db, TimeProvider clock)
{
    /// <summary>Adds the notification and email to the context; the caller's save makes them durable with the change they report.</summary>
    public async Task NotifyAsync(string userId, string title, string? body = null, string? link = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Notifications.Add(new Notification { UserId = userId, Title = title, Body = body, Link = link, CreatedAt = now });
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (!string.IsNullOrWhiteSpace(email))
        {
            QueueEmail(email, title, body ?? title);
        }
    }

    /// <summary>Adds an email (and nothing in the app) to the outbox; the caller's save makes it durable.</summary>
    public void QueueEmail(string to, string title, string body)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.OutboxMessages.Add(new OutboxMessage { To = to, Subject = $"【质量奖培育孵化】{title}", Body = body, CreatedAt = now, NextAttemptAt = now });
    }

    /// <summary>
    /// Tells an account's owner by email of a change to how the account signs in (password, two-factor authentication, recovery codes),
    /// in the caller's save with the change, so that one they did not make themselves does not go unnoticed.
    /// </summary>
    public void QueueAccountNotice(AppUser user, string change)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrWhiteSpace(user.Email))
        {
            return;
        }
        QueueEmail(user.Email, "账号安全提醒", $"""
            {user.DisplayName}，您好：

            您在松江区政府质量奖培育孵化平台的账号“{user.UserName}”于北京时间 {ChinaTime.DateTimeText(clock.GetUtcNow().UtcDateTime)} {change}。

            如果是您本人操作，请忽略本邮件。如果不是，请立即登录修改密码（无法登录时使用登录页的“忘记密码”），并联系区评审办。
            """);
    }

    /// <summary>Tells every Office user (区评审办).</summary>
    public async Task NotifyOfficeAsync(string title, string? body = null, string? link = null, CancellationToken ct = default)
    {
        var officeRole = await db.Roles.Where(r => r.Name == Identity.Roles.Office).Select(r => r.Id).FirstAsync(ct);
        foreach (var userId in await db.UserRoles.Where(ur => ur.RoleId == officeRole).Select(ur => ur.UserId).ToListAsync(ct))
        {
            await NotifyAsync(userId, title, body, link, ct);
        }
    }

    /// <summary>Tells every active user of one organization.</summary>
    public async Task NotifyOrganizationAsync(Guid organizationId, string title, string? body = null, string? link = null, CancellationToken ct = default)
    {
        foreach (var userId in await db.Users.Where(u => u.OrganizationId == organizationId && !u.IsDisabled).Select(u => u.Id).ToListAsync(ct))
        {
            await NotifyAsync(userId, title, body, link, ct);
        }
    }

    public Task<int> UnreadCountAsync(string userId, CancellationToken ct = default) => UnreadCount.For(db)(db, userId, ct);

    // compiled: every signed-in page's layout asks it (bench/README.md, load benchmark)
    private static readonly CompiledQuery<Func<AppDbContext, string, CancellationToken, Task<int>>> UnreadCount = new(() => EF.CompileAsyncQuery(
        (AppDbContext db, string userId, CancellationToken ct) => db.Notifications.Count(n => n.UserId == userId && n.ReadAt == null)));
}
