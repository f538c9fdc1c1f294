using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.6.4–4.6.6, Appendix C: the lead writes, the team comments and signs the locked text, the Office returns, accepts and releases.</summary>
public sealed class OpinionRulesTests
{
    private static readonly OpinionText Full = new("基本情况文字", "主要优势文字", "改进意见文字", "管理模式提炼文字");

    [Theory]
    [InlineData(OpinionStatus.Draft, true, SiteVisitStatus.Planned, true)]
    [InlineData(OpinionStatus.Draft, true, SiteVisitStatus.Held, true)]
    [InlineData(OpinionStatus.Returned, true, SiteVisitStatus.Held, true)]
    [InlineData(OpinionStatus.Draft, false, SiteVisitStatus.Held, false)]
    [InlineData(OpinionStatus.Draft, true, SiteVisitStatus.Cancelled, false)]
    [InlineData(OpinionStatus.Signing, true, SiteVisitStatus.Held, false)]
    [InlineData(OpinionStatus.Submitted, true, SiteVisitStatus.Held, false)]
    [InlineData(OpinionStatus.Accepted, true, SiteVisitStatus.Held, false)]
    [InlineData(OpinionStatus.Released, true, SiteVisitStatus.Held, false)]
    public void Only_the_lead_edits_and_only_a_draft_or_a_returned_text(OpinionStatus status, bool isLead, SiteVisitStatus visit, bool allowed) =>
        Assert.Equal(allowed, OpinionRules.CanEdit(status, isLead, visit).Allowed);

    [Theory]
    [InlineData(OpinionStatus.Draft, true, "请补充质量文化", true)]
    [InlineData(OpinionStatus.Returned, true, "请补充", true)]
    [InlineData(OpinionStatus.Draft, false, "请补充", false)]
    [InlineData(OpinionStatus.Signing, true, "请补充", false)]
    [InlineData(OpinionStatus.Submitted, true, "请补充", false)]
    [InlineData(OpinionStatus.Draft, true, "  ", false)]
    public void Only_team_members_comment_and_only_while_the_text_is_open(OpinionStatus status, bool isMember, string text, bool allowed) =>
        Assert.Equal(allowed, OpinionRules.CanComment(status, isMember, text).Allowed);

    [Fact]
    public void A_comment_longer_than_the_column_is_refused() =>
        Assert.Equal($"修改意见不能超过{OpinionRules.CommentMaxLength}字", OpinionRules.CanComment(OpinionStatus.Draft, true, new string('字', OpinionRules.CommentMaxLength + 1)).Refusal);

    [Fact]
    public void Putting_up_for_signature_needs_all_four_parts()
    {
        Assert.Empty(OpinionRules.CheckComplete(Full));
        var errors = OpinionRules.CheckComplete(Full with { Strengths = " ", ManagementModel = null });
        Assert.Equal(["请填写“主要优势”", "请填写“管理模式提炼”"], errors.Select(e => e.Message));
        Assert.Equal([nameof(OpinionPart.Strengths), nameof(OpinionPart.ManagementModel)], errors.Select(e => e.Field));
        Assert.Single(OpinionRules.CheckComplete(Full with { Basics = new string('字', SiteVisitOpinion.PartMaxLength + 1) }));
        // a draft may leave parts blank, but not exceed the length
        Assert.Empty(OpinionRules.CheckLengths(OpinionText.Empty));
    }

    [Theory]
    [InlineData(OpinionStatus.Draft, true, SiteVisitStatus.Held, true)]
    [InlineData(OpinionStatus.Returned, true, SiteVisitStatus.Held, true)]
    [InlineData(OpinionStatus.Draft, true, SiteVisitStatus.Planned, false)]
    [InlineData(OpinionStatus.Draft, false, SiteVisitStatus.Held, false)]
    [InlineData(OpinionStatus.Signing, true, SiteVisitStatus.Held, false)]
    public void Only_the_lead_puts_it_up_and_only_after_the_visit_was_held(OpinionStatus status, bool isLead, SiteVisitStatus visit, bool allowed) =>
        Assert.Equal(allowed, OpinionRules.CanPutUpForSignature(status, isLead, visit).Allowed);

    [Fact]
    public void The_hash_is_sha256_of_the_normalized_text_and_changes_with_any_part()
    {
        var hash = OpinionRules.Hash(Full);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, OpinionRules.Hash(Full with { Basics = "  基本情况文字\r\n" }));
        Assert.NotEqual(hash, OpinionRules.Hash(Full with { Improvements = "改进意见文字。" }));
        // the same words moved to another part are another text
        Assert.NotEqual(OpinionRules.Hash(new("甲", "乙", null, null)), OpinionRules.Hash(new("甲乙", null, null, null)));
    }

    [Theory]
    [InlineData(OpinionStatus.Signing, true, false, "h", "h", true)]
    [InlineData(OpinionStatus.Signing, false, false, "h", "h", false)]
    [InlineData(OpinionStatus.Signing, true, true, "h", "h", false)]
    [InlineData(OpinionStatus.Signing, true, false, "old", "h", false)]
    [InlineData(OpinionStatus.Signing, true, false, null, "h", false)]
    [InlineData(OpinionStatus.Draft, true, false, "h", "h", false)]
    [InlineData(OpinionStatus.Returned, true, false, "h", "h", false)]
    [InlineData(OpinionStatus.Submitted, true, false, "h", "h", false)]
    public void Members_sign_once_only_while_signing_and_only_the_current_text(OpinionStatus status, bool isMember, bool alreadySigned, string? signedHash, string current, bool allowed) =>
        Assert.Equal(allowed, OpinionRules.CanSign(status, isMember, alreadySigned, signedHash, current).Allowed);

    [Fact]
    public void Submitted_when_every_current_member_has_signed()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), gone = Guid.NewGuid();
        Assert.False(OpinionRules.AllSigned([a, b], [a]));
        Assert.True(OpinionRules.AllSigned([a, b], [b, a]));
        Assert.False(OpinionRules.AllSigned([a, b], [a, gone]));
        Assert.True(OpinionRules.AllSigned([a], [a, gone]));
        Assert.False(OpinionRules.AllSigned([], []));
    }

    [Theory]
    [InlineData(OpinionStatus.Submitted, "请补充管理模式", true)]
    [InlineData(OpinionStatus.Submitted, "", false)]
    [InlineData(OpinionStatus.Signing, "请补充", false)]
    [InlineData(OpinionStatus.Accepted, "请补充", false)]
    [InlineData(OpinionStatus.Released, "请补充", false)]
    public void The_office_returns_a_submitted_opinion_with_a_comment(OpinionStatus status, string comment, bool allowed) =>
        Assert.Equal(allowed, OpinionRules.CanReturn(status, comment).Allowed);

    [Theory]
    [InlineData(OpinionStatus.Draft, false, false)]
    [InlineData(OpinionStatus.Signing, false, false)]
    [InlineData(OpinionStatus.Returned, false, false)]
    [InlineData(OpinionStatus.Submitted, true, false)]
    [InlineData(OpinionStatus.Accepted, false, true)]
    [InlineData(OpinionStatus.Released, false, false)]
    public void The_office_accepts_only_submitted_and_releases_only_accepted_never_an_unsigned_text(OpinionStatus status, bool accept, bool release)
    {
        Assert.Equal(accept, OpinionRules.CanAccept(status).Allowed);
        Assert.Equal(release, OpinionRules.CanRelease(status).Allowed);
        Assert.Equal(status == OpinionStatus.Released, OpinionRules.VisibleToOrganization(status));
    }
}
