using QualityIncubator.Web.Platform.Audit;

namespace QualityIncubator.Tests.Rules;

public sealed class AuditChainTests
{
    private static List<AuditEvent> Chain(int count)
    {
        var list = new List<AuditEvent>();
        var previous = AuditChain.GenesisHash;
        for (var i = 1; i <= count; i++)
        {
            var e = new AuditEvent
            {
                Sequence = i, OccurredAt = AuditChain.Truncate(new DateTime(2026, 3, 1, 8, 0, i, DateTimeKind.Utc).AddTicks(12345)),
                ActorName = "区评审办", Action = AuditActions.Updated, EntityType = "Programme", EntityId = $"p{i}",
                Before = "{\"Title\":\"旧\"}", After = "{\"Title\":\"新\"}", PreviousHash = previous,
            };
            e.Hash = AuditChain.ComputeHash(e);
            previous = e.Hash;
            list.Add(e);
        }
        return list;
    }

    [Fact]
    public void An_untouched_chain_verifies()
    {
        var result = AuditChain.Verify(Chain(5));
        Assert.True(result.Intact);
        Assert.Equal(5, result.VerifiedCount);
    }

    [Fact]
    public void Editing_any_field_of_any_event_is_detected_at_that_event()
    {
        var chain = Chain(5);
        chain[2].After = "{\"Title\":\"篡改\"}";
        var result = AuditChain.Verify(chain);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
        Assert.Contains("篡改", result.Message);
    }

    [Fact]
    public void Deleting_an_event_is_detected()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        var result = AuditChain.Verify(chain);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
    }

    [Fact]
    public void Recomputing_one_hash_after_an_edit_still_breaks_the_next_link()
    {
        var chain = Chain(4);
        chain[1].ActorName = "他人";
        chain[1].Hash = AuditChain.ComputeHash(chain[1]);
        var result = AuditChain.Verify(chain);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
    }

    [Fact]
    public void Time_is_kept_to_the_millisecond_so_both_databases_round_trip_it()
    {
        var t = AuditChain.Truncate(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(9_999));
        Assert.Equal(0, t.Ticks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(DateTimeKind.Utc, t.Kind);
    }
}
