using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Platform.Notifications;

public sealed class SmtpOptions
{
    /// <summary>When empty, email is recorded in the outbox and not sent.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool UseStartTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "noreply@example.invalid";
    public string FromName { get; set; } = "松江区政府质量奖培育孵化平台";
    public int MaxAttempts { get; set; } = 8;
    public int PollSeconds { get; set; } = 15;
}

/// <summary>Sends one email; replaced in tests.</summary>
public interface IEmailTransport
{
    bool IsConfigured { get; }
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

public sealed class SmtpEmailTransport(IOptions<SmtpOptions> options) : IEmailTransport
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Host);

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var o = options.Value;
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(o.FromName, o.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        // one Message-ID per outbox message: should a crash between sending and recording it make the message go out again,
        // mail servers and clients recognise the second copy as the same message
        mime.MessageId = $"{message.Id:N}@qualityincubator.local";
        mime.Body = new TextPart("plain") { Text = message.Body };
        using var client = new SmtpClient();
        await client.ConnectAsync(o.Host!, o.Port, o.UseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
        }
        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(true, ct);
    }
}

/// <summary>Works the email outbox. Safe with several web instances: a message is claimed with an optimistic-concurrency update first.</summary>
public sealed class OutboxProcessor(AppDbContext db, IEmailTransport transport, IOptions<SmtpOptions> options, TimeProvider clock, ILogger<OutboxProcessor> log)
{
    public async Task<int> ProcessDueAsync(int batch = 20, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Take(batch).ToListAsync(ct);
        var handled = 0;
        foreach (var message in due)
        {
            // Claim: only one instance wins the version race; the others skip the message.
            message.LockedUntil = now.AddMinutes(5);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.Entry(message).State = EntityState.Detached;
                continue;
            }
            if (!transport.IsConfigured)
            {
                message.Status = OutboxStatus.Recorded;
            }
            else
            {
                try
                {
                    await transport.SendAsync(message, ct);
                    message.Status = OutboxStatus.Sent;
                    message.SentAt = clock.GetUtcNow().UtcDateTime;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    message.Attempts++;
                    message.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                    message.NextAttemptAt = now.AddSeconds(Math.Min(3600, 30 * Math.Pow(2, message.Attempts - 1)));
                    if (message.Attempts >= options.Value.MaxAttempts)
                    {
                        message.Status = OutboxStatus.Failed;
                    }
                    log.LogWarning(ex, "Email {Id} to {To} failed (attempt {Attempt})", message.Id, message.To, message.Attempts);
                }
            }
            message.LockedUntil = null;
            await db.SaveChangesAsync(ct);
            handled++;
        }
        return handled;
    }
}

public sealed class OutboxSender(IServiceScopeFactory scopes, IOptions<SmtpOptions> options, ILogger<OutboxSender> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().ProcessDueAsync(ct: stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Email outbox pass failed; it will be retried");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
