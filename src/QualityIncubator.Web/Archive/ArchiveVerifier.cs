using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Archive;

/// <summary>The result of verifying an archive: intact or not, every difference named, and how much was checked.</summary>
public sealed record ArchiveVerification(bool Intact, IReadOnlyList<ArchiveProblem> Problems, int EntriesChecked, int AuditEventsChecked)
{
    public string Summary => Intact
        ? $"档案完整：{EntriesChecked} 个文件与清单一致，{AuditEventsChecked} 条审计记录及其哈希链校验通过"
        : $"档案校验发现 {Problems.Count} 处问题：" + string.Join("；", Problems.Take(10).Select(p => $"{p.Path}：{p.Text}"));
}

/// <summary>
/// Recomputes every checksum of a sealed archive (6.1): the package file against its recorded SHA-256, each entry against the manifest,
/// each original in the file store, and the programme's audit events against the hash chain.
/// </summary>
public sealed class ArchiveVerifier(AppDbContext db, FileStore files, TimeProvider clock)
{
    /// <summary>Verifies a programme's archive in this instance and records the verification in the audit trail.</summary>
    public async Task<ArchiveVerification?> VerifyAsync(Guid programmeId, CancellationToken ct)
    {
        var archive = await db.Set<ProgrammeArchive>().AsNoTracking().FirstOrDefaultAsync(a => a.ProgrammeId == programmeId, ct);
        if (archive is null)
        {
            return null;
        }
        var problems = new List<ArchiveProblem>();
        var result = new ArchiveVerification(false, problems, 0, 0);
        var path = archive.PackagePath is null ? null : Path.Combine(files.Root, archive.PackagePath);
        if (archive.Status != ArchiveStatus.Ready || path is null)
        {
            problems.Add(new("档案包", archive.Status == ArchiveStatus.Building ? "档案包尚在生成中" : "档案包尚未生成"));
        }
        else if (!File.Exists(path))
        {
            problems.Add(new("档案包", "档案包文件缺失"));
        }
        else
        {
            if (await Sha256OfFileAsync(path, ct) != archive.PackageSha256)
            {
                problems.Add(new("档案包", $"档案包文件的 SHA-256 与封存时记录的 {archive.PackageSha256} 不符（档案包已被改动）"));
            }
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            var package = await VerifyPackageAsync(stream, ct);
            problems.AddRange(package.Problems);
            if (package.ManifestSha256 is { } manifestSha && manifestSha != archive.ManifestSha256)
            {
                problems.Add(new(ArchiveManifest.FileName, "档案清单与封存时记录的校验值不符"));
            }
            // the originals still kept in the platform's file store must be the files that were archived
            foreach (var entry in package.Manifest?.Entries.Where(e => e.Kind == ArchiveEntryKind.File) ?? [])
            {
                var original = files.PathFor(entry.Sha256);
                if (!File.Exists(original))
                {
                    if (await db.Attachments.AnyAsync(a => a.ProgrammeId == programmeId && a.Sha256 == entry.Sha256, ct))
                    {
                        problems.Add(new(entry.Path, "平台文件存储中的原件缺失"));
                    }
                }
                else if (await Sha256OfFileAsync(original, ct) != entry.Sha256)
                {
                    problems.Add(new(entry.Path, "平台文件存储中的原件已被改动（与档案清单的 SHA-256 不符）"));
                }
            }
            result = new ArchiveVerification(problems.Count == 0, problems, package.EntriesChecked, package.AuditEventsChecked);
        }
        db.Audit(AuditActions.ArchiveVerified, nameof(ProgrammeArchive), programmeId.ToString(), null,
            new { result.Intact, Problems = problems.Count, result.EntriesChecked, At = clock.GetUtcNow().UtcDateTime }, programmeId);
        await db.SaveChangesAsync(ct);
        return result with { Intact = problems.Count == 0 };
    }

    /// <summary>What checking a package file on its own found, with the manifest it carries.</summary>
    public sealed record PackageCheck(IReadOnlyList<ArchiveProblem> Problems, ArchiveManifest? Manifest, string? ManifestSha256, int EntriesChecked, int AuditEventsChecked);

    /// <summary>Checks a package on its own (no database needed): every entry against the manifest, the audit events against their chain.</summary>
    public static async Task<PackageCheck> VerifyPackageAsync(Stream package, CancellationToken ct)
    {
        var problems = new List<ArchiveProblem>();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
        }
        catch (InvalidDataException)
        {
            return new([new("档案包", "不是有效的 zip 档案包")], null, null, 0, 0);
        }
        using (zip)
        {
            var manifestEntry = zip.GetEntry(ArchiveManifest.FileName);
            if (manifestEntry is null)
            {
                return new([new(ArchiveManifest.FileName, "档案包中没有档案清单")], null, null, 0, 0);
            }
            byte[] manifestBytes;
            await using (var m = await manifestEntry.OpenAsync(ct))
            {
                using var buffer = new MemoryStream();
                await m.CopyToAsync(buffer, ct);
                manifestBytes = buffer.ToArray();
            }
            ArchiveManifest? manifest;
            try
            {
                manifest = JsonSerializer.Deserialize<ArchiveManifest>(manifestBytes, ArchiveManifest.Json);
            }
            catch (JsonException)
            {
                manifest = null;
            }
            if (manifest is null)
            {
                return new([new(ArchiveManifest.FileName, "档案清单无法读取")], null, null, 0, 0);
            }
            var actual = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName == ArchiveManifest.FileName)
                {
                    continue;
                }
                try
                {
                    await using var content = await entry.OpenAsync(ct);
                    actual[entry.FullName] = await Sha256OfStreamAsync(content, ct);
                }
                catch (InvalidDataException)
                {
                    actual[entry.FullName] = ("(无法读取)", -1);
                }
            }
            problems.AddRange(ArchiveChecks.CompareEntries(manifest.Entries, actual));
            var events = new List<AuditEvent>();
            var links = new List<ChainLink>();
            if (zip.GetEntry(ArchivePackageWriter.EventsPath) is { } eventsEntry && zip.GetEntry(ArchivePackageWriter.ChainPath) is { } chainEntry)
            {
                try
                {
                    events = await ReadEventsAsync(eventsEntry, ct);
                    links = await ReadChainAsync(chainEntry, ct);
                    problems.AddRange(ArchiveChecks.VerifyAudit(events, links, "audit"));
                }
                catch (Exception ex) when (ex is JsonException or FormatException or InvalidDataException)
                {
                    problems.Add(new("audit", "审计记录无法读取：" + ex.Message));
                }
            }
            else
            {
                problems.Add(new("audit", "档案包中没有审计记录"));
            }
            return new(problems, manifest, Convert.ToHexStringLower(SHA256.HashData(manifestBytes)), manifest.Entries.Count, events.Count);
        }
    }

    public static async Task<List<AuditEvent>> ReadEventsAsync(ZipArchiveEntry entry, CancellationToken ct)
    {
        var events = new List<AuditEvent>();
        await using var stream = await entry.OpenAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length > 0)
            {
                events.Add(JsonSerializer.Deserialize<AuditEvent>(line, ArchiveTables.Json) ?? throw new JsonException("空记录"));
            }
        }
        return events;
    }

    private static async Task<List<ChainLink>> ReadChainAsync(ZipArchiveEntry entry, CancellationToken ct)
    {
        var links = new List<ChainLink>();
        await using var stream = await entry.OpenAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await reader.ReadLineAsync(ct); // header
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length == 3)
            {
                links.Add(new ChainLink(long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1], parts[2]));
            }
        }
        return links;
    }

    public static async Task<string> Sha256OfFileAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        return (await Sha256OfStreamAsync(stream, ct)).Sha256;
    }

    private static async Task<(string Sha256, long Size)> Sha256OfStreamAsync(Stream stream, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long size = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            size += n;
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }
}
