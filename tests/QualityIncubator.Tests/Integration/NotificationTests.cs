using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Notifications;

namespace QualityIncubator.Tests.Integration;

/// <summary>In-app notifications and the email outbox: failures retried, nothing lost, nothing sent twice.</summary>
public sealed class NotificationTests
{
    private static async Task<(string UserName, string UserId)> NotifyAsync(AppFactory app, string title)
    {
        var userName = await app.CreateUserAsync(Roles.Expert);
        var userId = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var id = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
            await s.GetRequiredService<Notifier>().NotifyAsync(id, title, "正文", "/");
            await db.SaveChangesAsync();
            return id;
        });
        return (userName, userId);
    }

    private static Task<int> ProcessAsync(AppFactory app) => app.WithScopeAsync(s => s.GetRequiredService<OutboxProcessor>().ProcessDueAsync());

    [Theory, ClassData(typeof(Providers))]
    public async Task A_notification_appears_in_the_app_and_its_email_is_sent_once(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        var (userName, _) = await NotifyAsync(app, "评审结果已发布");
        using var client = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);
        Assert.Contains("通知（1）", await client.GetStringAsync("/"));
        var list = await client.Http.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Equal("评审结果已发布", list.GetProperty("items")[0].GetProperty("title").GetString());

        Assert.Equal(1, await ProcessAsync(app));
        Assert.Equal(0, await ProcessAsync(app));
        var sent = Assert.Single(app.Email.Sent);
        Assert.Equal($"{userName}@example.invalid", sent.To);
        Assert.Contains("评审结果已发布", sent.Subject);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task When_smtp_is_down_the_email_waits_and_is_retried_until_it_goes_through(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        await NotifyAsync(app, "请补充材料");
        app.Email.Failing = true;
        Assert.Equal(1, await ProcessAsync(app));
        var message = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().SingleAsync());
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(1, message.Attempts);
        Assert.Contains("SMTP", message.LastError);
        Assert.True(message.NextAttemptAt > DateTime.UtcNow);

        // Due again (as if the back-off had passed): now the server is back.
        app.Email.Failing = false;
        await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(1, await ProcessAsync(app));
        Assert.Single(app.Email.Sent);
        var done = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().SingleAsync());
        Assert.Equal(OutboxStatus.Sent, done.Status);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Without_smtp_the_email_is_recorded_not_sent(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        await NotifyAsync(app, "仅记录");
        app.Email.IsConfigured = false;
        await ProcessAsync(app);
        Assert.Empty(app.Email.Sent);
        var message = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().SingleAsync());
        Assert.Equal(OutboxStatus.Recorded, message.Status);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Two_instances_working_the_outbox_send_each_email_once(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        await using var second = app.SecondInstance();
        for (var i = 0; i < 5; i++)
        {
            await NotifyAsync(app, $"批量通知{i}");
        }
        await Task.WhenAll(ProcessAsync(app), ProcessAsync(second), ProcessAsync(app), ProcessAsync(second));
        var total = app.Email.Sent.Count + second.Email.Sent.Count;
        Assert.Equal(5, total);
        Assert.Equal(5, app.Email.Sent.Concat(second.Email.Sent).Select(m => m.Id).Distinct().Count());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task After_a_restart_nothing_sent_goes_out_again_and_a_message_caught_mid_send_goes_out_once(DbProvider provider)
    {
        var (cs, dataPath) = await AppFactory.EmptyDatabaseAsync(provider);
        await using (var before = AppFactory.Open(provider, cs, dataPath, ownsDatabase: false))
        {
            for (var i = 0; i < 3; i++)
            {
                await NotifyAsync(before, $"重启前通知{i}");
            }
            Assert.Equal(3, await ProcessAsync(before));
            Assert.Equal(3, before.Email.Sent.Count);
            await NotifyAsync(before, "发送途中停机");
            // the process stops while it holds this message (claimed, not yet recorded as sent)
            await before.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.Where(m => m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedUntil, DateTime.UtcNow.AddMinutes(5))));
        }
        await using var after = AppFactory.Open(provider, cs, dataPath);
        Assert.Equal(0, await ProcessAsync(after));
        Assert.Empty(after.Email.Sent);
        // once the claim has expired the message goes out, once
        await after.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.Where(m => m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedUntil, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(1, await ProcessAsync(after));
        Assert.Equal(0, await ProcessAsync(after));
        Assert.Contains("发送途中停机", Assert.Single(after.Email.Sent).Subject);
        Assert.Equal(4, await after.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent)));
    }
}
