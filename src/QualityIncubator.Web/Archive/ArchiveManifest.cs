using System.Text.Json;
using System.Text.Json.Serialization;
using QualityIncubator.Web.Platform.Audit;

namespace QualityIncubator.Web.Archive;

/// <summary>What kind of content an entry of the package is.</summary>
public enum ArchiveEntryKind
{
    /// <summary>A document people read (Word, Excel, text).</summary>
    Document,

    /// <summary>A file an organization, expert or the Office uploaded.</summary>
    File,

    /// <summary>The machine-readable export (JSON), one file per table.</summary>
    Data,

    /// <summary>The programme's audit events and the hash chain they sit in.</summary>
    Audit,
}

/// <summary>One file of the package with its SHA-256 (lower-case hex) and size in bytes.</summary>
public sealed record ManifestEntry(string Path, string Sha256, long Size, ArchiveEntryKind Kind);

/// <summary>The manifest at the root of every package (manifest.json): what was sealed, when, until when it is kept, and every file's checksum.</summary>
public sealed record ArchiveManifest(
    string Format, Guid ProgrammeId, string Title, int Year, DateTime SealedAt, DateOnly SealedOn, int RetentionYears, DateOnly RetainUntil,
    string? SealedBy, long AuditSequence, DateTime BuiltAt, IReadOnlyList<ManifestEntry> Entries)
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "qualityincubator-archive/1";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static ArchiveManifest? Read(Stream stream) => JsonSerializer.Deserialize<ArchiveManifest>(stream, Json);
}

/// <summary>One difference between what the manifest promises and what is there, named so the Office can find it.</summary>
public sealed record ArchiveProblem(string Path, string Text);

/// <summary>One link of the audit hash chain without its content (other programmes' events stay out of this package).</summary>
public sealed record ChainLink(long Sequence, string PreviousHash, string Hash);

/// <summary>6.1 the checks of a sealed package: entries against the manifest, and the programme's audit events against the chain. Pure.</summary>
public static class ArchiveChecks
{
    /// <summary>Every manifest entry must be present with its checksum and size; nothing may be added (6.1 the package is complete and unchanged).</summary>
    public static IReadOnlyList<ArchiveProblem> CompareEntries(IEnumerable<ManifestEntry> manifest, IReadOnlyDictionary<string, (string Sha256, long Size)> actual)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(actual);
        var problems = new List<ArchiveProblem>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in manifest)
        {
            listed.Add(entry.Path);
            if (!actual.TryGetValue(entry.Path, out var found))
            {
                problems.Add(new(entry.Path, "清单中的文件在档案包中缺失"));
            }
            else if (!string.Equals(found.Sha256, entry.Sha256, StringComparison.OrdinalIgnoreCase) || found.Size != entry.Size)
            {
                problems.Add(new(entry.Path, $"内容已被改动：SHA-256 应为 {entry.Sha256}，实际为 {found.Sha256}"));
            }
        }
        problems.AddRange(actual.Keys.Where(p => !listed.Contains(p) && p != ArchiveManifest.FileName).Order(StringComparer.Ordinal)
            .Select(p => new ArchiveProblem(p, "档案包中有清单未列出的文件")));
        return problems;
    }

    /// <summary>
    /// The chain links from the programme's first event to the seal must be unbroken (each link's previous hash is the hash before it,
    /// sequence numbers consecutive), and each of the programme's events must hash to its link (6.1 the audit trail is archived intact).
    /// </summary>
    public static IReadOnlyList<ArchiveProblem> VerifyAudit(IReadOnlyList<AuditEvent> programmeEvents, IReadOnlyList<ChainLink> links, string path = "audit")
    {
        ArgumentNullException.ThrowIfNull(programmeEvents);
        ArgumentNullException.ThrowIfNull(links);
        var problems = new List<ArchiveProblem>();
        ChainLink? previous = null;
        foreach (var link in links)
        {
            if (previous is not null && link.Sequence != previous.Sequence + 1)
            {
                problems.Add(new(path, $"审计链序号不连续：第 {previous.Sequence} 条之后为第 {link.Sequence} 条"));
            }
            if (previous is not null && link.PreviousHash != previous.Hash)
            {
                problems.Add(new(path, $"审计链第 {link.Sequence} 条的前序哈希与第 {previous.Sequence} 条不符"));
            }
            previous = link;
        }
        var bySequence = links.ToDictionary(l => l.Sequence);
        foreach (var e in programmeEvents)
        {
            if (AuditChain.ComputeHash(e) != e.Hash)
            {
                problems.Add(new(path, $"审计记录第 {e.Sequence} 条的内容与其哈希不符（记录被篡改）"));
            }
            else if (!bySequence.TryGetValue(e.Sequence, out var link) || link.Hash != e.Hash || link.PreviousHash != e.PreviousHash)
            {
                problems.Add(new(path, $"审计记录第 {e.Sequence} 条不在审计链的相应位置"));
            }
        }
        return problems;
    }

    /// <summary>A name safe as one segment of a path inside the package on Windows and Linux.</summary>
    public static string SafeName(string? name, string fallback = "未命名")
    {
        const string Unsafe = "\\/:*?\"<>|";
        var cleaned = string.Concat((name ?? "").Trim().Select(c => Unsafe.Contains(c) || char.IsControl(c) ? '_' : c)).Trim('.', ' ');
        if (cleaned.Length > 80)
        {
            cleaned = cleaned[..80];
        }
        return cleaned.Length == 0 ? fallback : cleaned;
    }
}

/// <summary>6.1 归档 comes after evaluation and improvement (5): what must be done before the programme may be sealed. Pure.</summary>
public static class SealingRule
{
    public sealed record Readiness(Programmes.ProgrammeStage Stage, bool SummaryApproved, int UnratedRoles);

    // 6.1 在评估和改进工作结束后: the summary is approved (5.1) and every role an expert served in is rated (5.2).
    public static IReadOnlyList<string> Missing(Readiness r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var missing = new List<string>();
        if (r.Stage == Programmes.ProgrammeStage.Sealed)
        {
            missing.Add("培育计划已封存归档");
            return missing;
        }
        if (r.Stage != Programmes.ProgrammeStage.Archive)
        {
            missing.Add($"培育计划须先进入“{Programmes.ProgrammeStages.LabelWithClause(Programmes.ProgrammeStage.Archive)}”阶段（当前为“{Programmes.ProgrammeStages.Label(r.Stage)}”）");
        }
        if (!r.SummaryApproved)
        {
            missing.Add("培育孵化工作总结尚未审定（5.1）");
        }
        if (r.UnratedRoles > 0)
        {
            missing.Add($"尚有 {r.UnratedRoles} 项专家评价未完成（5.2）");
        }
        return missing;
    }
}
