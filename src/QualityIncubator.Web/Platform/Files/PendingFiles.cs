using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Platform.Files;

/// <summary>
/// Crash safety of the file store: an upload waits in this process's own pending folder until the database has committed the record
/// that refers to it, and only then moves into the content-addressed store. A process that dies in between leaves its folder behind;
/// the next start of any instance finishes the move when the record was committed and drops the file when it was not, so the store
/// never holds a file no record refers to and no record refers to a file that is not there. The folder is locked while its process
/// lives (an advisory lock the operating system releases when the process dies), so live instances never touch each other's uploads.
/// </summary>
public sealed class PendingFiles : IDisposable
{
    private const string LockName = ".lock";
    private readonly Lazy<(string Folder, FileStream Lock)> _area;

    public PendingFiles(IOptions<StorageOptions> options, IWebHostEnvironment env)
    {
        Root = FileStore.ResolveFilesPath(options.Value, env.ContentRootPath);
        _area = new Lazy<(string, FileStream)>(() =>
        {
            var folder = Path.Combine(Root, "pending", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            var held = new FileStream(Path.Combine(folder, LockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            return (folder, held);
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Root { get; }

    /// <summary>This process's pending folder (created and locked on first use).</summary>
    public string Folder => _area.Value.Folder;

    public void Dispose()
    {
        if (_area.IsValueCreated)
        {
            _area.Value.Lock.Dispose();
            try
            {
                Directory.Delete(_area.Value.Folder, recursive: true);
            }
            catch (IOException)
            {
                // a file still pending: the next start recovers it
            }
        }
    }

    /// <summary>Moves a committed upload from its pending place into the store (no-op when the content is already there).</summary>
    public static void Promote(string pendingPath, string contentPath)
    {
        if (!File.Exists(pendingPath))
        {
            return;
        }
        if (File.Exists(contentPath))
        {
            File.Delete(pendingPath);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(contentPath)!);
        try
        {
            File.Move(pendingPath, contentPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(contentPath))
        {
            File.Delete(pendingPath); // the same content arrived meanwhile
        }
    }

    /// <summary>
    /// Finishes what dead processes left pending: a file whose content the database knows moves into the store, any other is dropped.
    /// Also clears the work folder of the previous store layout. Returns how many files were moved and dropped.
    /// </summary>
    public async Task<(int Promoted, int Dropped)> RecoverAsync(AppDbContext db, CancellationToken ct = default)
    {
        var promoted = 0;
        var dropped = 0;
        var pending = Path.Combine(Root, "pending");
        if (Directory.Exists(pending))
        {
            foreach (var folder in Directory.EnumerateDirectories(pending))
            {
                if (_area.IsValueCreated && string.Equals(folder, _area.Value.Folder, StringComparison.Ordinal))
                {
                    continue;
                }
                FileStream? taken;
                try
                {
                    taken = new FileStream(Path.Combine(folder, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException)
                {
                    continue; // its process is alive
                }
                using (taken)
                {
                    foreach (var file in Directory.EnumerateFiles(folder).Where(f => Path.GetFileName(f) != LockName))
                    {
                        var name = Path.GetFileName(file);
                        if (name.Length == 64 && await db.StoredFiles.AsNoTracking().AnyAsync(f => f.Sha256 == name, ct))
                        {
                            Promote(file, FileStore.ContentPath(Root, name));
                            promoted++;
                        }
                        else
                        {
                            File.Delete(file);
                            dropped++;
                        }
                    }
                }
                Directory.Delete(folder, recursive: true);
            }
        }
        var oldTemp = Path.Combine(Root, "tmp");
        if (Directory.Exists(oldTemp))
        {
            foreach (var file in Directory.EnumerateFiles(oldTemp).Where(f => File.GetLastWriteTimeUtc(f) < DateTime.UtcNow.AddDays(-1)))
            {
                File.Delete(file);
                dropped++;
            }
        }
        return (promoted, dropped);
    }
}
