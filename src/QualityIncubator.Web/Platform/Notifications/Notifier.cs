using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;

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
            db.OutboxMessages.Add(new OutboxMessage
            {
                To = email, Subject = $"【质量奖培育孵化】{title}", Body = body ?? title, CreatedAt = now, NextAttemptAt = now,
            });
        }
    }

    public Task<int> UnreadCountAsync(string userId, CancellationToken ct = default) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
}
