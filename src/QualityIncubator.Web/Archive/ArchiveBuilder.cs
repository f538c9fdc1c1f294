using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Archive;

/// <summary>Wakes the package builder at once when a programme is sealed (it also looks every few seconds, for other instances' seals).</summary>
public sealed class ArchiveQueue
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Signal() => _signal.Release();

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Writes the packages of sealed programmes (6.1) in the background, reporting progress on the archive record. Safe with several web
/// instances: a package is claimed with an optimistic-concurrency update; a build whose instance stopped reporting is taken over.
/// A seal on this instance wakes it at once; it looks for other instances' seals every <c>Archive:PollSeconds</c> (5 by default).
/// </summary>
public sealed class ArchiveBuilder(IServiceScopeFactory scopes, ArchiveQueue queue, IConfiguration config, ILogger<ArchiveBuilder> log) : BackgroundService
{
    private static readonly TimeSpan Stalled = TimeSpan.FromMinutes(2);
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly TimeSpan _poll = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Archive:PollSeconds", 5.0), 0.1, 3600));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await BuildNextAsync(stoppingToken))
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Archive builder pass failed; retrying later");
            }
            try
            {
                await queue.WaitAsync(_poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims and builds one waiting package; false when there is none.</summary>
    public async Task<bool> BuildNextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        var stalledBefore = now - Stalled;
        var archive = await db.Set<ProgrammeArchive>()
            .Where(a => a.Status == ArchiveStatus.Building && (a.BuilderInstance == null || a.HeartbeatAt < stalledBefore))
            .OrderBy(a => a.SealedAt).FirstOrDefaultAsync(ct);
        if (archive is null)
        {
            return false;
        }
        archive.BuilderInstance = _instance;
        archive.HeartbeatAt = now;
        if (!await db.TrySaveAsync(ct))
        {
            return true; // another instance claimed it; look for the next one
        }
        var files = scope.ServiceProvider.GetRequiredService<FileStore>();
        var writer = scope.ServiceProvider.GetRequiredService<ArchivePackageWriter>();
        var relative = ArchiveWork.PackagePathFor(archive.ProgrammeId);
        var lastReport = DateTime.MinValue;
        try
        {
            var result = await writer.WriteAsync(archive, Path.Combine(files.Root, relative), async p =>
            {
                var at = clock.GetUtcNow().UtcDateTime;
                // the first step is always saved (it sets the number of steps); the writer reports nothing once the package is in place
                if (at - lastReport < TimeSpan.FromMilliseconds(500))
                {
                    return;
                }
                lastReport = at;
                archive.DoneSteps = p.Done;
                archive.TotalSteps = p.Total;
                archive.CurrentStep = p.Step.Length > 300 ? p.Step[..300] : p.Step;
                archive.HeartbeatAt = at;
                await db.SaveChangesAsync(ct);
            }, ct);
            // the last step's progress is this save's (one save fewer)
            archive.Status = ArchiveStatus.Ready;
            archive.DoneSteps = archive.TotalSteps;
            archive.PackagePath = relative;
            archive.PackageSha256 = result.Sha256;
            archive.PackageSize = result.Size;
            archive.ManifestSha256 = result.ManifestSha256;
            archive.EntryCount = result.EntryCount;
            archive.BuiltAt = clock.GetUtcNow().UtcDateTime;
            archive.CurrentStep = null;
            db.Audit(AuditActions.ArchiveBuilt, nameof(ProgrammeArchive), archive.ProgrammeId.ToString(), null,
                new { result.Sha256, result.Size, result.ManifestSha256, result.EntryCount }, archive.ProgrammeId);
            await db.SaveChangesAsync(ct);
            log.LogInformation("Archive package of programme {Programme} written: {Entries} entries, {Size} bytes; {Parts}", archive.ProgrammeId, result.EntryCount, result.Size,
                result.Timing);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Archive package of programme {Programme} failed", archive.ProgrammeId);
            db.ChangeTracker.Clear();
            var failed = await db.Set<ProgrammeArchive>().FirstAsync(a => a.Id == archive.Id, CancellationToken.None);
            failed.Status = ArchiveStatus.Failed;
            failed.Error = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            ReleaseMemory();
        }
        return true;
    }

    /// <summary>
    /// Gives back to the system the memory a build leaves behind. A package allocates about 0.3 GB on its way (314–348 MB for 500
    /// organizations, most of it the documents), and the collector keeps the heap it grew to; a build is rare (once per programme), so
    /// one full compacting collection after it costs nothing that matters and keeps the server at its usual size for the next build
    /// (issue #9's archive budget, bench/README.md).
    /// </summary>
    private static void ReleaseMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            // the runtime's own native memory (the JIT's, the zip's deflate buffers) is freed into glibc's arenas, which keep it: give it back
            Glibc.TrimHeap();
        }
    }
}

/// <summary>glibc's malloc_trim: returns the free memory at the top and inside the malloc arenas to the system.</summary>
internal static class Glibc
{
    public static void TrimHeap()
    {
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // not glibc (musl has no malloc_trim): nothing to give back this way
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
