using System.Security.Cryptography;
using System.Text;
using QualityIncubator.Web.Applications;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>The four parts of 扶优意见 (Appendix C: 基本情况、主要优势、改进意见、管理模式提炼).</summary>
public enum OpinionPart
{
    Basics,
    Strengths,
    Improvements,
    ManagementModel,
}

/// <summary>The text of an opinion, part by part.</summary>
public sealed record OpinionText(string? Basics, string? Strengths, string? Improvements, string? ManagementModel)
{
    public static readonly OpinionText Empty = new(null, null, null, null);

    public static OpinionText Of(SiteVisitOpinion opinion)
    {
        ArgumentNullException.ThrowIfNull(opinion);
        return new(opinion.Basics, opinion.Strengths, opinion.Improvements, opinion.ManagementModel);
    }

    public string? Part(OpinionPart part) => part switch
    {
        OpinionPart.Basics => Basics,
        OpinionPart.Strengths => Strengths,
        OpinionPart.Improvements => Improvements,
        OpinionPart.ManagementModel => ManagementModel,
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    /// <summary>Trimmed, line endings as \n, blank as null: what is stored and what is hashed.</summary>
    public OpinionText Normalized() => new(Clean(Basics), Clean(Strengths), Clean(Improvements), Clean(ManagementModel));

    public void CopyTo(SiteVisitOpinion opinion)
    {
        ArgumentNullException.ThrowIfNull(opinion);
        var n = Normalized();
        (opinion.Basics, opinion.Strengths, opinion.Improvements, opinion.ManagementModel) = (n.Basics, n.Strengths, n.Improvements, n.ManagementModel);
    }

    private static string? Clean(string? text)
    {
        var t = text?.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }
}

/// <summary>Allowed, or refused with the reason in Chinese.</summary>
public sealed record OpinionDecision(bool Allowed, string? Refusal)
{
    public static readonly OpinionDecision Yes = new(true, null);
    public static OpinionDecision No(string refusal) => new(false, refusal);
}

/// <summary>
/// The decisions of the site-visit opinion summary (现场扶优意见汇总表, 4.6.4–4.6.6, Appendix C): who writes, comments, signs,
/// and what the Office may do with it. Pure.
/// </summary>
public static class OpinionRules
{
    public const int CommentMaxLength = 2000;
    public const int ReturnCommentMaxLength = 2000;

    public static readonly OpinionPart[] Parts = Enum.GetValues<OpinionPart>();

    public static string Label(OpinionPart part) => part switch
    {
        OpinionPart.Basics => "基本情况",
        OpinionPart.Strengths => "主要优势",
        OpinionPart.Improvements => "改进意见",
        OpinionPart.ManagementModel => "管理模式提炼",
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    public static string StatusLabel(OpinionStatus status) => status switch
    {
        OpinionStatus.Draft => "撰写中",
        OpinionStatus.Signing => "签名中",
        OpinionStatus.Submitted => "已提交区评审办",
        OpinionStatus.Returned => "已退回修改",
        OpinionStatus.Accepted => "区评审办已接收",
        OpinionStatus.Released => "已反馈组织",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The text can change (Draft or Returned); the states after are locked.</summary>
    public static bool IsOpen(OpinionStatus status) => status is OpinionStatus.Draft or OpinionStatus.Returned;

    public static OpinionDecision CanEdit(OpinionStatus status, bool isLead, SiteVisitStatus visit)
    {
        // 4.6.4: the coaching team forms the opinion; one hand writes it — the team lead.
        if (!isLead)
        {
            return OpinionDecision.No("只有专家组组长可以撰写意见汇总表");
        }
        // 4.6.1: a cancelled visit has no opinion.
        if (visit == SiteVisitStatus.Cancelled)
        {
            return OpinionDecision.No("该次现场扶优已取消，不能撰写意见汇总表");
        }
        // 4.6.4–4.6.6: the text is locked from the moment it is put up for signature, unless the Office returns it.
        return IsOpen(status) ? OpinionDecision.Yes : OpinionDecision.No($"意见汇总表当前状态为“{StatusLabel(status)}”，不能修改");
    }

    public static OpinionDecision CanComment(OpinionStatus status, bool isMember, string? text)
    {
        // 4.6.4: the opinion is the team's: only its members comment on the draft.
        if (!isMember)
        {
            return OpinionDecision.No("只有现场扶优专家组成员可以提出修改意见");
        }
        // comments shape the draft: once locked for signature there is nothing to change.
        if (!IsOpen(status))
        {
            return OpinionDecision.No($"意见汇总表当前状态为“{StatusLabel(status)}”，不能再提出修改意见");
        }
        // a comment says something, within the column's length.
        if (string.IsNullOrWhiteSpace(text))
        {
            return OpinionDecision.No("请填写修改意见");
        }
        return text.Trim().Length > CommentMaxLength ? OpinionDecision.No($"修改意见不能超过{CommentMaxLength}字") : OpinionDecision.Yes;
    }

    /// <summary>Parts over the length limit (a draft may leave parts blank).</summary>
    public static IReadOnlyList<FieldError> CheckLengths(OpinionText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // the form's columns hold at most PartMaxLength characters per part.
        return [.. Parts.Where(p => text.Normalized().Part(p)?.Length > SiteVisitOpinion.PartMaxLength)
            .Select(p => new FieldError(p.ToString(), $"“{Label(p)}”不能超过{SiteVisitOpinion.PartMaxLength}字"))];
    }

    /// <summary>Each part that must still be written before the text can be put up for signature, and the length errors.</summary>
    public static IReadOnlyList<FieldError> CheckComplete(OpinionText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var n = text.Normalized();
        // Appendix C: 扶优意见 comprises 基本情况、主要优势、改进意见、管理模式提炼 — all four.
        return [.. Parts.Where(p => n.Part(p) is null).Select(p => new FieldError(p.ToString(), $"请填写“{Label(p)}”")), .. CheckLengths(text)];
    }

    public static OpinionDecision CanPutUpForSignature(OpinionStatus status, bool isLead, SiteVisitStatus visit)
    {
        // the lead's text is the one signed, and only while it may still change.
        var edit = CanEdit(status, isLead, visit);
        if (!edit.Allowed)
        {
            return edit;
        }
        // 4.6.4: the opinion is formed after the on-site work has ended — the visit must have been held.
        return visit == SiteVisitStatus.Held ? OpinionDecision.Yes : OpinionDecision.No("现场扶优尚未举行，结束后才能提交签名（4.6.4）");
    }

    /// <summary>SHA-256 (lowercase hex) of the normalized four parts with their labels: what each signature is bound to.</summary>
    public static string Hash(OpinionText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var n = text.Normalized();
        var canonical = new StringBuilder();
        foreach (var part in Parts)
        {
            canonical.Append(Label(part)).Append('\n').Append(n.Part(part)).Append("\n\u001e\n");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    public static OpinionDecision CanSign(OpinionStatus status, bool isMember, bool alreadySigned, string? signedHash, string? currentHash)
    {
        // Appendix C 评审组签名: the team members sign, nobody else.
        if (!isMember)
        {
            return OpinionDecision.No("只有现场扶优专家组成员可以签名");
        }
        // signatures are collected only while the text is locked for them.
        if (status != OpinionStatus.Signing)
        {
            return OpinionDecision.No($"意见汇总表当前状态为“{StatusLabel(status)}”，不能签名");
        }
        // one signature per member per text.
        if (alreadySigned)
        {
            return OpinionDecision.No("您已签名");
        }
        // a signature is of the text the member read: a text changed since then is not what they sign.
        return currentHash is not null && string.Equals(signedHash, currentHash, StringComparison.Ordinal)
            ? OpinionDecision.Yes
            : OpinionDecision.No("意见汇总表的内容已变化，请阅读最新内容后再签名");
    }

    /// <summary>4.6.6: every current team member has signed the current text, so it goes to the Office.</summary>
    public static bool AllSigned(IReadOnlyCollection<Guid> team, IReadOnlyCollection<Guid> signers)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(signers);
        // an empty team signs nothing; a signature of someone who left the team does not stand in for a member.
        return team.Count > 0 && team.All(signers.Contains);
    }

    public static OpinionDecision CanReturn(OpinionStatus status, string? comment)
    {
        // 4.6.6: the Office handles what reached it, before accepting it.
        if (status != OpinionStatus.Submitted)
        {
            return OpinionDecision.No($"意见汇总表当前状态为“{StatusLabel(status)}”，只能退回已提交的意见汇总表");
        }
        // a return says what to change.
        if (string.IsNullOrWhiteSpace(comment))
        {
            return OpinionDecision.No("请填写退回原因及修改要求");
        }
        return comment.Trim().Length > ReturnCommentMaxLength ? OpinionDecision.No($"退回意见不能超过{ReturnCommentMaxLength}字") : OpinionDecision.Yes;
    }

    // 4.6.6: the Office accepts only a fully signed opinion that reached it.
    public static OpinionDecision CanAccept(OpinionStatus status) => status == OpinionStatus.Submitted
        ? OpinionDecision.Yes
        : OpinionDecision.No($"意见汇总表当前状态为“{StatusLabel(status)}”，只能接收已由专家组全体签名提交的意见汇总表");

    // 4.6.6: only an accepted (so fully signed) opinion goes to the organization — never an unsigned one.
    public static OpinionDecision CanRelease(OpinionStatus status) => status switch
    {
        OpinionStatus.Accepted => OpinionDecision.Yes,
        OpinionStatus.Released => OpinionDecision.No("意见汇总表已反馈给组织"),
        _ => OpinionDecision.No($"意见汇总表当前状态为“{StatusLabel(status)}”，须先由区评审办接收后才能反馈给组织"),
    };

    // the organization reads the opinion only once the Office released it.
    public static bool VisibleToOrganization(OpinionStatus status) => status == OpinionStatus.Released;
}
