using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Archive;

/// <summary>
/// A forward-only stream that hashes and counts what passes through it (the package is written once, never re-read to hash it). A large
/// asynchronous write is hashed on another thread while the inner stream writes the same bytes (both only read them), so that the
/// hashing takes the second core instead of adding to the write: every entry passes two of these (the entry's and the package's
/// checksum), which on one core took as long as the copy itself; an uploaded file's entry only counts, its checksum being known
/// (hashing it again was a third of the processor time of a 2 GB package: bench/README.md, the archive benchmark).
/// </summary>
/// <param name="inner">Where the bytes go.</param>
/// <param name="leaveOpen">Whether disposing this leaves <paramref name="inner"/> open.</param>
/// <param name="hash">False to count the bytes only (an uploaded file, whose checksum is known: <see cref="PendingEntry.StoredSha256"/>).</param>
internal sealed class HashingStream(Stream inner, bool leaveOpen = false, bool hash = true) : Stream
{
    /// <summary>From this size on, a write is hashed beside the inner write rather than before it (below, handing it over costs more).</summary>
    public const int OverlapFrom = 64 * 1024;

    private readonly IncrementalHash? _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    public long Length64 { get; private set; }

    public string HashHex() => Convert.ToHexStringLower((_hash ?? throw new InvalidOperationException("This stream only counts.")).GetHashAndReset());

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Length64; set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash?.AppendData(buffer);
        Length64 += buffer.Length;
        inner.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Length64 += buffer.Length;
        if (_hash is null)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            return;
        }
        if (buffer.Length < OverlapFrom)
        {
            _hash.AppendData(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
            return;
        }
        // the write returns only when both are done: the next write's bytes are hashed after these, and the caller may reuse the buffer
        var hashing = Task.Run(() => _hash.AppendData(buffer.Span), CancellationToken.None);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            await hashing;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// What the process's managed heap did during a piece of work, for the log: bytes allocated (by every thread, so only meaningful while the
/// server is otherwise idle, as in the archive benchmark), collections per generation, and the heap committed after the last collection.
/// </summary>
internal readonly record struct ManagedMemory(long Allocated, int Gen0, int Gen1, int Gen2)
{
    public static ManagedMemory Start() => new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    /// <summary>E.g. "managed: allocated 315.0 MB, collections 38/17/0 (gen0/1/2), committed 52.4 MB, after the last collection (gen1)
    /// gen0/1/2/large/pinned 0.1/0.1/27.7/6.3/0.1 MB".</summary>
    public override string ToString()
    {
        var info = GC.GetGCMemoryInfo();
        var sizes = new List<string>();
        foreach (var generation in info.GenerationInfo)
        {
            sizes.Add((generation.SizeAfterBytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture));
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"managed: allocated {(GC.GetTotalAllocatedBytes() - Allocated) / 1048576.0:0.0} MB, collections {GC.CollectionCount(0) - Gen0}/{GC.CollectionCount(1) - Gen1}/{GC.CollectionCount(2) - Gen2} (gen0/1/2), committed {info.TotalCommittedBytes / 1048576.0:0.0} MB, after the last collection (gen{info.Generation}) gen0/1/2/large/pinned {string.Join("/", sizes)} MB");
    }
}

/// <summary>Progress of a package being written: entries done of all, and the one being written.</summary>
internal sealed record PackageProgress(int Done, int Total, string Step);

/// <summary>
/// What was written: the package's checksum and size, the manifest's checksum, the number of entries, and where the time went, e.g.
/// "plan 0.52 s; Document 509 × 2.2 MB in 0.87 s; File …; finish 0.05 s (manifest 0.01, directory 0.00, close 0.01, move 0.03)"
/// (the builder logs it; the archive benchmark reads it from the server's log).
/// </summary>
internal sealed record PackageResult(string Sha256, long Size, string ManifestSha256, int EntryCount, string Timing);

/// <summary>The entries of one kind in a package: how many, their bytes before the zip, and the time spent making and writing them.</summary>
internal sealed record PackagePart(ArchiveEntryKind Kind, int Entries, long Bytes, TimeSpan Time, long Allocated)
{
    /// <summary>E.g. "File 2001 × 2048.0 MB in 8.12 s (allocated 12.0 MB)".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind} {Entries} × {Bytes / 1048576.0:0.0} MB in {Time.TotalSeconds:0.00} s (allocated {Allocated / 1048576.0:0.0} MB)");
}

/// <summary>
/// Writes a programme's archive package (6.1) as one zip, streaming: readable documents, every uploaded file, the JSON export of every
/// table, the programme's audit events with the chain they sit in, a README and the manifest with every entry's SHA-256.
/// Memory stays constant whatever the size of the files (each entry is copied through a fixed buffer).
/// </summary>
internal sealed class ArchivePackageWriter(AppDbContext db, ArchiveDocuments documents, FileStore files)
{
    public const string EventsPath = "audit/events.jsonl";
    public const string ChainPath = "audit/chain.csv";
    public const string ReadmePath = "README.txt";

    /// <summary>The uploaded files are copied in pieces of this size: large enough that each piece's checksums run beside its write.</summary>
    private const int CopyBuffer = 1 << 20;

    /// <summary>
    /// The writer collects its own garbage each time the process has allocated this much since the last time (gen0 and gen1, blocking, a
    /// millisecond or two). The documents allocate about 0.5 MB each (OpenXml's object model: 240 MB for 509), and what is alive at a gen0
    /// collection (the document being built) is promoted to gen1, which the server's collector then left alone until the end of the
    /// build: the server's resident memory grew by 41–56 MB in a build after the first; with this, by 30–35 (bench/README.md, "Archive
    /// package", session 16).
    /// </summary>
    private const long CollectEvery = 8L << 20;

    public async Task<PackageResult> WriteAsync(ProgrammeArchive archive, string targetPath, Func<PackageProgress, Task> progress, CancellationToken ct)
    {
        var planning = Stopwatch.GetTimestamp();
        var gc = ManagedMemory.Start();
        var programme = await db.Programmes.AsNoTracking().FirstAsync(p => p.Id == archive.ProgrammeId, ct);
        var plan = new List<PendingEntry>();
        plan.Add(new(ReadmePath, ArchiveEntryKind.Document, (o, c) => o.WriteAsync(Encoding.UTF8.GetBytes(Readme(programme.Title, archive)), c).AsTask()));
        plan.AddRange(await documents.PlanAsync(archive.ProgrammeId, ct));
        plan.AddRange(await FileEntriesAsync(archive.ProgrammeId, ct));
        plan.AddRange(ArchiveTables.All.Select(t => new PendingEntry(t.Path, ArchiveEntryKind.Data, async (o, c) => await t.WriteAsync(db, archive.ProgrammeId, o, c))));
        plan.Add(new(EventsPath, ArchiveEntryKind.Audit, (o, c) => WriteEventsAsync(archive, o, c)));
        plan.Add(new(ChainPath, ArchiveEntryKind.Audit, (o, c) => WriteChainAsync(archive, o, c)));

        var planTime = Stopwatch.GetElapsedTime(planning);
        long finishing = 0, lastMark = 0;
        var finishSteps = new List<string>();
        void Mark(string step)
        {
            var now = Stopwatch.GetTimestamp();
            finishSteps.Add(string.Create(CultureInfo.InvariantCulture, $"{step} {Stopwatch.GetElapsedTime(lastMark, now).TotalSeconds:0.00}"));
            lastMark = now;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(targetPath)!);
        var temp = targetPath + ".part";
        // A rebuild's previous package is worthless from here on (the record says 生成中 until the new one is in place, so no one downloads
        // it): it is deleted while the new one is written, as deleting a large file waits on the disk (1.3 s for 2 GB on ext4), and the new
        // one is then moved to a free name — renaming over an existing file makes ext4 write the new one out first (1.8 s, bench/README.md).
        var clearing = Task.Run(() => File.Delete(targetPath), CancellationToken.None);
        // a leftover of an interrupted build goes too: the package is opened with CreateNew, because FileMode.Create truncates the file it
        // opens (ftruncate to 0, even a new one), after which ext4 writes the whole file out when it is closed (0.8–1.2 s for 2 GB)
        File.Delete(temp);
        var entries = new List<ManifestEntry>(plan.Count);
        var time = new Dictionary<ArchiveEntryKind, TimeSpan>();
        var allocated = new Dictionary<ArchiveEntryKind, long>();
        var collectedAt = GC.GetTotalAllocatedBytes();
        string manifestSha;
        string packageSha;
        long packageSize;
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await using (var hashing = new HashingStream(file, leaveOpen: true))
            {
                using (var zip = new ZipArchive(hashing, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
                {
                    for (var i = 0; i < plan.Count; i++)
                    {
                        var pending = plan[i];
                        await progress(new PackageProgress(i, plan.Count + 1, pending.Path));
                        // documents and uploads are zip or image formats already: stored as they are; JSON and text are compressed
                        var level = pending.Kind is ArchiveEntryKind.Data or ArchiveEntryKind.Audit || pending.Path.EndsWith(".txt", StringComparison.Ordinal)
                            ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
                        var started = Stopwatch.GetTimestamp();
                        var allocatedBefore = GC.GetTotalAllocatedBytes();
                        var entry = zip.CreateEntry(pending.Path, level);
                        entry.LastWriteTime = archive.SealedAt;
                        await using var entryStream = await entry.OpenAsync(ct);
                        await using var entryHash = new HashingStream(entryStream, leaveOpen: true, hash: pending.StoredSha256 is null);
                        await pending.WriteAsync(entryHash, ct);
                        await entryHash.FlushAsync(ct);
                        entries.Add(new ManifestEntry(pending.Path, pending.StoredSha256 ?? entryHash.HashHex(), entryHash.Length64, pending.Kind));
                        time[pending.Kind] = time.GetValueOrDefault(pending.Kind) + Stopwatch.GetElapsedTime(started);
                        var allocatedAfter = GC.GetTotalAllocatedBytes();
                        allocated[pending.Kind] = allocated.GetValueOrDefault(pending.Kind) + allocatedAfter - allocatedBefore;
                        if (allocatedAfter - collectedAt > CollectEvery)
                        {
                            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
                            collectedAt = GC.GetTotalAllocatedBytes();
                        }
                    }
                    finishing = lastMark = Stopwatch.GetTimestamp();
                    var manifest = new ArchiveManifest(ArchiveManifest.CurrentFormat, programme.Id, programme.Title, programme.Year, archive.SealedAt, archive.SealedOn,
                        archive.RetentionYears, archive.RetainUntil, archive.SealedBy, archive.AuditSequence, DateTime.UtcNow, entries).ToBytes();
                    manifestSha = Convert.ToHexStringLower(SHA256.HashData(manifest));
                    await progress(new PackageProgress(plan.Count, plan.Count + 1, ArchiveManifest.FileName));
                    var manifestEntry = zip.CreateEntry(ArchiveManifest.FileName, CompressionLevel.Optimal);
                    manifestEntry.LastWriteTime = archive.SealedAt;
                    await using (var m = await manifestEntry.OpenAsync(ct))
                    {
                        await m.WriteAsync(manifest, ct);
                    }
                    Mark("manifest");
                }
                Mark("directory");
                await hashing.FlushAsync(ct);
                packageSha = hashing.HashHex();
                packageSize = hashing.Length64;
            }
        }
        Mark("close");
        await clearing;
        File.Move(temp, targetPath);
        Mark("move");
        var parts = entries.GroupBy(e => e.Kind).OrderBy(g => g.Key)
            .Select(g => new PackagePart(g.Key, g.Count(), g.Sum(e => e.Size), time.GetValueOrDefault(g.Key), allocated.GetValueOrDefault(g.Key)));
        var timing = string.Join("; ", [string.Create(CultureInfo.InvariantCulture, $"plan {planTime.TotalSeconds:0.00} s"), .. parts.Select(p => p.ToString()),
            string.Create(CultureInfo.InvariantCulture, $"finish {Stopwatch.GetElapsedTime(finishing).TotalSeconds:0.00} s ({string.Join(", ", finishSteps)})"), gc.ToString()]);
        return new PackageResult(packageSha, packageSize, manifestSha, entries.Count, timing);
    }

    /// <summary>Every file uploaded in the programme, under the organization it belongs to and the purpose it was uploaded for.</summary>
    private async Task<List<PendingEntry>> FileEntriesAsync(Guid programmeId, CancellationToken ct)
    {
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.ProgrammeId == programmeId)
            .GroupJoin(db.Organizations, a => a.OrganizationId, o => o.Id, (a, o) => new { a, o })
            .SelectMany(x => x.o.DefaultIfEmpty(), (x, o) => new { x.a.Id, x.a.Sha256, x.a.FileName, x.a.OwnerType, x.a.Purpose, x.a.UploadedAt, Org = o == null ? null : o.Name })
            .OrderBy(x => x.Org).ThenBy(x => x.UploadedAt)
            .ToListAsync(ct);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<PendingEntry>();
        foreach (var a in attachments)
        {
            var folder = $"files/{ArchiveChecks.SafeName(a.Org, "区评审办")}/{ArchiveChecks.SafeName(a.Purpose ?? OwnerLabel(a.OwnerType))}";
            var name = ArchiveChecks.SafeName(a.FileName, a.Id.ToString());
            var path = $"{folder}/{name}";
            for (var n = 2; !used.Add(path); n++)
            {
                path = $"{folder}/{Path.GetFileNameWithoutExtension(name)}-{n}{Path.GetExtension(name)}";
            }
            var sha = a.Sha256;
            entries.Add(new(path, ArchiveEntryKind.File, async (output, c) =>
            {
                await using var input = files.OpenRead(sha);
                await input.CopyToAsync(output, CopyBuffer, c);
            }, sha));
        }
        return entries;
    }

    private static string OwnerLabel(string ownerType) => ownerType switch
    {
        "Application" => "申请书附件",
        "SelfEvaluation" => "自评材料",
        "Case" => "组织进程附件",
        "Course" => "课程资料",
        "ExchangeEvent" => "成果展示交流材料",
        _ => ownerType,
    };

    private async Task WriteEventsAsync(ProgrammeArchive archive, Stream output, CancellationToken ct)
    {
        var newline = "\n"u8.ToArray();
        await foreach (var e in db.AuditEvents.AsNoTracking().Where(e => e.ProgrammeId == archive.ProgrammeId && e.Sequence <= archive.AuditSequence)
            .OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            await output.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(e, ArchiveTables.Json), ct);
            await output.WriteAsync(newline, ct);
        }
    }

    /// <summary>The chain from the programme's first event to the seal: sequence, previous hash, hash (no content of other programmes).</summary>
    private async Task WriteChainAsync(ProgrammeArchive archive, Stream output, CancellationToken ct)
    {
        var first = await db.AuditEvents.AsNoTracking().Where(e => e.ProgrammeId == archive.ProgrammeId).MinAsync(e => (long?)e.Sequence, ct) ?? archive.AuditSequence;
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await writer.WriteAsync("sequence,previous_hash,hash\n");
        await foreach (var link in db.AuditEvents.AsNoTracking().Where(e => e.Sequence >= first && e.Sequence <= archive.AuditSequence)
            .OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.PreviousHash, e.Hash }).AsAsyncEnumerable().WithCancellation(ct))
        {
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{link.Sequence},{link.PreviousHash},{link.Hash}\n"));
        }
        await writer.FlushAsync(ct);
    }

    private static string Readme(string title, ProgrammeArchive archive) => $"""
        松江区政府质量奖培育孵化档案（DB31117/Z 018-2022 第6章）
        培育计划：{title}
        封存时间：{ChinaTime.DateTimeText(archive.SealedAt)}（封存人：{archive.SealedBy}）
        保存期限：至少保存至 {ChinaTime.DateText(archive.RetainUntil)}（{archive.RetentionYears} 年，第6.2条）

        目录说明
        documents/组织/…    每个组织的申请书（附录A）、前期自评表（附录B）、自评报告、专家评价、质量分析、现场扶优意见汇总表（附录C）、成果展示
        documents/名单/…    组织进程、培育孵化库、现场扶优安排、专家评价与团队调整、改进措施、成果展示交流活动
        documents/课程签到/… 每个课程场次的签到表
        files/…             组织、专家和区评审办上传的全部文件（原件）
        data/*.json         全部记录的机器可读导出（可导入空白平台恢复本计划，只读）
        audit/events.jsonl  本计划的审计记录；audit/chain.csv 为这些记录所在的审计哈希链
        manifest.json       档案清单：每个文件的路径、大小和 SHA-256 校验值

        校验方法：平台“归档”页面的“校验档案”，或命令 dotnet run --project src/QualityIncubator.Web -- verify-archive 本文件.zip；
        也可用任意 sha256sum 工具逐个核对 manifest.json 中的校验值。
        """;
}
