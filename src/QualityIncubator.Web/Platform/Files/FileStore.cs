using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Platform.Files;

public sealed class StorageOptions
{
    /// <summary>The data folder: the SQLite file and the file store live below it. Relative paths are taken from the content root.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Where uploaded files are kept; defaults to {DataPath}/files.</summary>
    public string? FilesPath { get; set; }

    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;
}

public sealed record UploadResult(Attachment? Attachment, string? Error);

/// <summary>The upload service every stage uses: size limit, type by content, SHA-256 addressing, never overwriting.</summary>
public sealed class FileStore(AppDbContext db, IOptions<StorageOptions> options, IWebHostEnvironment env, TimeProvider clock, IAuditActor actor, PendingFiles pending)
{
    public string Root => ResolveFilesPath(options.Value, env.ContentRootPath);

    public static string ResolveFilesPath(StorageOptions options, string contentRoot) =>
        Path.GetFullPath(options.FilesPath ?? Path.Combine(ResolveDataPath(options, contentRoot), "files"), contentRoot);

    public static string ResolveDataPath(StorageOptions options, string contentRoot) => Path.GetFullPath(options.DataPath, contentRoot);

    /// <summary>Checks and stores an upload and links it to its owner; nothing is stored when the file is refused. The caller saves the context.</summary>
    public async Task<UploadResult> SaveAsync(Stream upload, string? fileName, string ownerType, Guid ownerId, Guid? organizationId, Guid? programmeId, string? purpose, CancellationToken ct = default)
    {
        var max = options.Value.MaxUploadBytes;
        var temp = Path.Combine(pending.Folder, Guid.NewGuid().ToString("N"));
        try
        {
            long size;
            string sha;
            FileTypes.Inspection inspection;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                size = 0;
                int n;
                while ((n = await upload.ReadAsync(buffer, ct)) > 0)
                {
                    size += n;
                    if (size > max)
                    {
                        return new(null, string.Create(CultureInfo.InvariantCulture, $"文件超过大小限制（最大 {max / 1024 / 1024} MB）"));
                    }
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
                if (size == 0)
                {
                    return new(null, "文件为空，请重新选择");
                }
                await file.FlushAsync(ct);
                inspection = FileTypes.Inspect(file);
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            if (inspection.Kind is not { } kind)
            {
                return new(null, inspection.Refusal ?? FileTypes.UnsupportedMessage);
            }
            var target = PathFor(sha);
            if (!File.Exists(target))
            {
                // the content waits in this process's pending folder until the record that refers to it is committed (crash safety)
                var waiting = Path.Combine(pending.Folder, sha);
                try
                {
                    File.Move(temp, waiting, overwrite: false);
                }
                catch (IOException) when (File.Exists(waiting))
                {
                    // the same content is already waiting for another request's commit
                }
                db.OnCommitted(() => PendingFiles.Promote(waiting, target));
            }
            var now = clock.GetUtcNow().UtcDateTime;
            if (await db.StoredFiles.FindAsync([sha], ct) is null)
            {
                db.StoredFiles.Add(new StoredFile { Sha256 = sha, Size = size, ContentType = kind.ContentType, StoredAt = now });
            }
            var attachment = new Attachment
            {
                OwnerType = ownerType, OwnerId = ownerId, OrganizationId = organizationId, ProgrammeId = programmeId, Sha256 = sha,
                FileName = FileTypes.SafeFileName(fileName, kind), ContentType = kind.ContentType, Size = size,
                Purpose = string.IsNullOrWhiteSpace(purpose) ? null : purpose.Trim()[..Math.Min(200, purpose.Trim().Length)],
                UploadedAt = now, UploadedBy = actor.UserName,
            };
            db.Attachments.Add(attachment);
            db.Audit(AuditActions.FileUploaded, nameof(Attachment), attachment.Id.ToString(), null,
                new { attachment.FileName, attachment.Sha256, attachment.Size, attachment.OwnerType, attachment.OwnerId }, programmeId);
            return new(attachment, null);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public string PathFor(string sha256) => ContentPath(Root, sha256);

    /// <summary>Where content lives in a store: {root}/ab/cd/abcd….</summary>
    public static string ContentPath(string root, string sha256) => Path.Combine(root, sha256[..2], sha256[2..4], sha256);

    public Stream OpenRead(string sha256) => new FileStream(PathFor(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    public Task<List<Attachment>> ListAsync(string ownerType, Guid ownerId, CancellationToken ct = default) =>
        db.Attachments.AsNoTracking().Where(a => a.OwnerType == ownerType && a.OwnerId == ownerId).OrderBy(a => a.UploadedAt).ToListAsync(ct);
}
