using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Archive;

/// <summary>The outcome of restoring a package: the programme it brought back, or why it was refused.</summary>
public sealed record RestoreResult(bool Succeeded, string Message, Guid? ProgrammeId = null, int Rows = 0, int Files = 0);

/// <summary>
/// Restores a sealed package into an instance that does not hold the programme (6.1–6.2: the archive outlives the instance that made it).
/// The package is verified first; the programme comes back sealed and read-only, with its files, its package and the same checksums.
/// </summary>
public sealed class ArchiveRestorer(AppDbContext db, FileStore files, PendingFiles pending, TimeProvider clock)
{
    public async Task<RestoreResult> RestoreAsync(string packagePath, CancellationToken ct)
    {
        if (!File.Exists(packagePath))
        {
            return new(false, $"找不到档案包：{packagePath}");
        }
        await using var stream = new FileStream(packagePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        var check = await ArchiveVerifier.VerifyPackageAsync(stream, ct);
        if (check.Problems.Count > 0 || check.Manifest is not { } manifest)
        {
            return new(false, "档案包校验未通过，未导入：" + string.Join("；", check.Problems.Take(10).Select(p => $"{p.Path}：{p.Text}")));
        }
        if (manifest.Format != ArchiveManifest.CurrentFormat)
        {
            return new(false, $"不支持的档案包格式：{manifest.Format}");
        }
        if (await db.Programmes.AnyAsync(p => p.Id == manifest.ProgrammeId, ct))
        {
            return new(false, $"本平台已有培育计划“{manifest.Title}”，未导入");
        }
        stream.Position = 0;
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
        var rows = 0;
        var restoredFiles = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.RestoringArchive = true;
        try
        {
            foreach (var table in ArchiveTables.All)
            {
                if (zip.GetEntry(table.Path) is not { } entry)
                {
                    continue;
                }
                await using var input = await entry.OpenAsync(ct);
                rows += await table.RestoreAsync(db, input, ct);
            }
            foreach (var entry in manifest.Entries.Where(e => e.Kind == ArchiveEntryKind.File))
            {
                if (!File.Exists(files.PathFor(entry.Sha256)))
                {
                    await using var input = await zip.GetEntry(entry.Path)!.OpenAsync(ct);
                    await StoreAsync(input, entry.Sha256, ct);
                    restoredFiles++;
                }
            }
            var relative = ArchiveWork.PackagePathFor(manifest.ProgrammeId);
            var target = Path.Combine(files.Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(packagePath, target, overwrite: true);
            db.Add(new ProgrammeArchive
            {
                ProgrammeId = manifest.ProgrammeId, SealedAt = manifest.SealedAt, SealedOn = manifest.SealedOn, RetentionYears = manifest.RetentionYears,
                RetainUntil = manifest.RetainUntil, SealedBy = manifest.SealedBy, AuditSequence = manifest.AuditSequence, Status = ArchiveStatus.Ready,
                PackagePath = relative, PackageSize = new FileInfo(target).Length, PackageSha256 = await ArchiveVerifier.Sha256OfFileAsync(target, ct),
                ManifestSha256 = check.ManifestSha256, EntryCount = manifest.Entries.Count, BuiltAt = manifest.BuiltAt, Restored = true, TotalSteps = 1, DoneSteps = 1,
            });
            db.Audit(AuditActions.ArchiveRestored, nameof(Programme), manifest.ProgrammeId.ToString(), null,
                new { manifest.Title, Package = Path.GetFileName(packagePath), check.ManifestSha256, Rows = rows, Files = restoredFiles, At = clock.GetUtcNow().UtcDateTime }, manifest.ProgrammeId);
            await db.SaveChangesAsync(ct);
            if (await db.Programmes.AsNoTracking().Where(p => p.Id == manifest.ProgrammeId).Select(p => p.Stage).FirstAsync(ct) != ProgrammeStage.Sealed)
            {
                throw new InvalidOperationException("档案包中的培育计划不是已封存状态");
            }
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.RestoringArchive = false;
        }
        return new(true, $"已导入培育计划“{manifest.Title}”（只读）：{rows} 条记录，{restoredFiles} 个文件", manifest.ProgrammeId, rows, restoredFiles);
    }

    /// <summary>Writes a file of the package to this process's pending folder; it enters the store when the restore commits.</summary>
    private async Task StoreAsync(Stream input, string sha256, CancellationToken ct)
    {
        var target = files.PathFor(sha256);
        var waiting = Path.Combine(pending.Folder, sha256);
        var temp = waiting + ".part";
        await using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await input.CopyToAsync(output, ct);
        }
        if (await ArchiveVerifier.Sha256OfFileAsync(temp, ct) != sha256)
        {
            File.Delete(temp);
            throw new InvalidDataException($"文件 {sha256} 的内容与校验值不符");
        }
        File.Move(temp, waiting, overwrite: true);
        db.OnCommitted(() => PendingFiles.Promote(waiting, target));
    }
}
