using QualityIncubator.Web.Archive;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Rules;

public sealed class ArchiveChecksTests
{
    private static readonly ManifestEntry[] Manifest =
    [
        new("documents/a.docx", "aa", 10, ArchiveEntryKind.Document),
        new("files/x/报告.pdf", "bb", 20, ArchiveEntryKind.File),
    ];

    [Fact]
    public void Entries_that_match_the_manifest_have_no_problem()
    {
        var actual = new Dictionary<string, (string, long)> { ["documents/a.docx"] = ("aa", 10), ["files/x/报告.pdf"] = ("BB", 20), ["manifest.json"] = ("zz", 1) };
        Assert.Empty(ArchiveChecks.CompareEntries(Manifest, actual));
    }

    [Fact]
    public void A_changed_a_missing_and_an_added_entry_are_each_named()
    {
        var actual = new Dictionary<string, (string, long)> { ["documents/a.docx"] = ("ab", 10), ["extra.txt"] = ("cc", 3) };
        var problems = ArchiveChecks.CompareEntries(Manifest, actual);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Path == "documents/a.docx" && p.Text.Contains("已被改动", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "files/x/报告.pdf" && p.Text.Contains("缺失", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "extra.txt" && p.Text.Contains("未列出", StringComparison.Ordinal));
    }

    [Fact]
    public void A_different_size_with_the_same_hash_is_a_change()
    {
        var actual = new Dictionary<string, (string, long)> { ["documents/a.docx"] = ("aa", 11), ["files/x/报告.pdf"] = ("bb", 20) };
        Assert.Single(ArchiveChecks.CompareEntries(Manifest, actual), p => p.Path == "documents/a.docx");
    }

    /// <summary>Five chained events; events 2 and 4 belong to the programme.</summary>
    private static (List<AuditEvent> Mine, List<ChainLink> Links) Chain()
    {
        var previous = AuditChain.GenesisHash;
        var all = new List<AuditEvent>();
        for (var i = 1; i <= 5; i++)
        {
            var e = new AuditEvent
            {
                Sequence = i, OccurredAt = new DateTime(2026, 1, 1, 0, 0, i, DateTimeKind.Utc), Action = "Updated", EntityType = "Case", EntityId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ProgrammeId = i % 2 == 0 ? Guid.Empty : null, PreviousHash = previous,
            };
            e.Hash = AuditChain.ComputeHash(e);
            previous = e.Hash;
            all.Add(e);
        }
        return ([.. all.Where(e => e.ProgrammeId is not null)], [.. all.Select(e => new ChainLink(e.Sequence, e.PreviousHash, e.Hash))]);
    }

    [Fact]
    public void The_programmes_events_in_an_unbroken_chain_verify()
    {
        var (mine, links) = Chain();
        Assert.Empty(ArchiveChecks.VerifyAudit(mine, links));
    }

    [Fact]
    public void An_edited_event_a_removed_link_and_a_forged_link_are_found()
    {
        var (mine, links) = Chain();
        mine[0].After = "{\"State\":\"篡改\"}";
        Assert.Contains(ArchiveChecks.VerifyAudit(mine, links), p => p.Text.Contains("第 2 条的内容与其哈希不符", StringComparison.Ordinal));

        (mine, links) = Chain();
        links.RemoveAt(2);
        Assert.Contains(ArchiveChecks.VerifyAudit(mine, links), p => p.Text.Contains("序号不连续", StringComparison.Ordinal));

        (mine, links) = Chain();
        links[3] = links[3] with { PreviousHash = new string('f', 64) };
        var problems = ArchiveChecks.VerifyAudit(mine, links);
        Assert.Contains(problems, p => p.Text.Contains("第 4 条的前序哈希", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Text.Contains("第 4 条不在审计链", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j")]
    [InlineData("  ..报告.pdf  ", "报告.pdf")]
    [InlineData("", "未命名")]
    public void Names_inside_the_package_are_safe_on_windows_and_linux(string name, string expected) =>
        Assert.Equal(expected, ArchiveChecks.SafeName(name));

    [Fact]
    public void Sealing_needs_the_archive_stage_an_approved_summary_and_every_rating()
    {
        Assert.Empty(SealingRule.Missing(new(ProgrammeStage.Archive, true, 0)));
        var missing = SealingRule.Missing(new(ProgrammeStage.Review, false, 2));
        Assert.Equal(3, missing.Count);
        Assert.Contains(missing, m => m.Contains("6 归档", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.Contains("工作总结尚未审定", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.Contains("2 项专家评价", StringComparison.Ordinal));
        Assert.Equal(["培育计划已封存归档"], SealingRule.Missing(new(ProgrammeStage.Sealed, true, 0)));
    }
}
