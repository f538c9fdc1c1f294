using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace QualityIncubator.Web.Platform.Audit;

/// <summary>The hash chain over audit events: each hash covers the event's content and its predecessor's hash.</summary>
public static class AuditChain
{
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>Both providers keep milliseconds exactly; finer ticks would change the hash on the way back.</summary>
    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    public static string ComputeHash(AuditEvent e)
    {
        var canonical = string.Join('\u001f',
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            e.ActorId ?? "", e.ActorName ?? "", e.ClientAddress ?? "",
            e.Action, e.EntityType, e.EntityId ?? "", e.ProgrammeId?.ToString() ?? "",
            e.Before ?? "", e.After ?? "", e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Walks events in sequence order and reports the first place the chain is broken, if any.</summary>
    public static ChainVerification Verify(IEnumerable<AuditEvent> eventsInOrder)
    {
        var previous = GenesisHash;
        long expected = 1;
        long count = 0;
        foreach (var e in eventsInOrder)
        {
            count++;
            if (e.Sequence != expected)
            {
                return new(false, count - 1, e.Sequence, $"序号不连续：应为 {expected}，实际为 {e.Sequence}（记录可能被删除）");
            }
            if (e.PreviousHash != previous)
            {
                return new(false, count - 1, e.Sequence, $"第 {e.Sequence} 条记录的前序哈希与上一条不符（记录可能被删除或替换）");
            }
            if (ComputeHash(e) != e.Hash)
            {
                return new(false, count - 1, e.Sequence, $"第 {e.Sequence} 条记录的内容与其哈希不符（记录被篡改）");
            }
            previous = e.Hash;
            expected++;
        }
        return new(true, count, null, $"审计链完整：共 {count} 条记录，全部校验通过");
    }
}

public sealed record ChainVerification(bool Intact, long VerifiedCount, long? BrokenAt, string Message);
