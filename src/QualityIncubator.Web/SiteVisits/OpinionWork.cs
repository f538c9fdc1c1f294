using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>The outcome of an opinion action: the field errors, or a refusal, or nothing when it was saved.</summary>
public sealed record OpinionResult(IReadOnlyList<FieldError> Errors, string? Message)
{
    public static readonly OpinionResult Saved = new([], null);
    public static OpinionResult Refused(string message) => new([], message);
    public static OpinionResult From(OpinionDecision decision) => decision.Allowed ? Saved : Refused(decision.Refusal!);
    public bool Succeeded => Errors.Count == 0 && Message is null;
}

/// <summary>The visit an opinion belongs to, with the names the form shows (组织名称, 扶优时间).</summary>
public sealed record OpinionVisit(Guid Id, Guid ProgrammeId, Guid OrganizationId, string OrganizationName, string ProgrammeTitle,
    DateTime StartsAt, DateTime EndsAt, SiteVisitStatus Status);

/// <summary>Everything shown about one visit's opinion: the visit, the team, the opinion (null before the lead first saves), its comments and signatures.</summary>
public sealed record OpinionView(OpinionVisit Visit, IReadOnlyList<TeamMember> Team, SiteVisitOpinion? Opinion,
    IReadOnlyList<OpinionComment> Comments, IReadOnlyList<OpinionSignature> Signatures)
{
    public OpinionStatus Status => Opinion?.Status ?? OpinionStatus.Draft;
    public OpinionText Text => Opinion is null ? OpinionText.Empty : OpinionText.Of(Opinion);

    /// <summary>The signatures that count: of the current text, not voided by a return.</summary>
    public IReadOnlyList<OpinionSignature> Valid => [.. Signatures.Where(s => !s.Void && s.TextHash == Opinion?.TextHash)];

    public bool HasSigned(Guid expertId) => Valid.Any(s => s.ExpertId == expertId);
}

/// <summary>How a team member reaches a visit's opinion: not a member (404), refused by the gate of 4.2.3, or in.</summary>
public sealed record OpinionAccess(OpinionView? View, TeamMember? Member, string? Refusal)
{
    public bool NotFound => View is null || Member is null;
}

/// <summary>
/// 4.6.4–4.6.6 现场扶优意见汇总表: the team lead writes, the members comment; the lead puts the complete text up for signature,
/// which locks and hashes it; every member signs; signed, it goes to the Office, which returns it (voiding the signatures),
/// or accepts and releases it to the organization, whose case then is 已现场扶优.
/// </summary>
public sealed class OpinionWork(AppDbContext db, ExpertAccess access, CaseWorkflow workflow, Notifier notifier, TimeProvider clock, IAuditActor actor)
{
    public async Task<OpinionView?> LoadAsync(Guid visitId, CancellationToken ct)
    {
        var visit = await db.Set<SiteVisit>().AsNoTracking().Where(v => v.Id == visitId)
            .Join(db.Organizations, v => v.OrganizationId, o => o.Id, (v, o) => new { v, o.Name })
            .Join(db.Programmes, x => x.v.ProgrammeId, p => p.Id, (x, p) => new OpinionVisit(x.v.Id, x.v.ProgrammeId, x.v.OrganizationId, x.Name, p.Title, x.v.StartsAt, x.v.EndsAt, x.v.Status))
            .FirstOrDefaultAsync(ct);
        if (visit is null)
        {
            return null;
        }
        var team = await SiteVisitTeam.LoadAsync(db, visit.ProgrammeId, visit.OrganizationId, ct);
        var opinion = await db.Set<SiteVisitOpinion>().AsNoTracking().FirstOrDefaultAsync(o => o.VisitId == visitId, ct);
        if (opinion is null)
        {
            return new OpinionView(visit, team, null, [], []);
        }
        var comments = await db.Set<OpinionComment>().AsNoTracking().Where(c => c.OpinionId == opinion.Id).OrderBy(c => c.At).ToListAsync(ct);
        var signatures = await db.Set<OpinionSignature>().AsNoTracking().Where(s => s.OpinionId == opinion.Id).OrderBy(s => s.SignedAt).ToListAsync(ct);
        return new OpinionView(visit, team, opinion, comments, signatures);
    }

    /// <summary>A team member's way in: null view or member → 404; the 4.2.3 gate (pledge, conflict, status) → a refusal.</summary>
    public async Task<OpinionAccess> OpenAsync(ClaimsPrincipal user, Guid visitId, CancellationToken ct)
    {
        var view = await LoadAsync(visitId, ct);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var member = view?.Team.FirstOrDefault(m => m.UserId is not null && m.UserId == userId);
        if (view is null || member is null)
        {
            return new(null, null, null);
        }
        var gate = await access.CheckAsync(user, view.Visit.ProgrammeId, view.Visit.OrganizationId, ct);
        return new(view, member, gate.Allowed ? null : gate.Refusal);
    }

    /// <summary>The lead saves the draft, or (<paramref name="putUp"/>) saves and puts the complete text up for signature.</summary>
    public async Task<OpinionResult> SaveAsync(ClaimsPrincipal user, Guid visitId, OpinionText text, long version, bool putUp, CancellationToken ct)
    {
        var open = await OpenAsync(user, visitId, ct);
        if (open.NotFound || open.Refusal is not null)
        {
            return OpinionResult.Refused(open.Refusal ?? "现场扶优不存在");
        }
        var (view, member) = (open.View!, open.Member!);
        var decision = putUp ? OpinionRules.CanPutUpForSignature(view.Status, member.IsLead, view.Visit.Status) : OpinionRules.CanEdit(view.Status, member.IsLead, view.Visit.Status);
        if (!decision.Allowed)
        {
            return OpinionResult.From(decision);
        }
        var errors = putUp ? OpinionRules.CheckComplete(text) : OpinionRules.CheckLengths(text);
        if (errors.Count > 0)
        {
            return new OpinionResult(errors, null);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var opinion = await db.Set<SiteVisitOpinion>().FirstOrDefaultAsync(o => o.VisitId == visitId, ct);
        if (opinion is null)
        {
            opinion = new SiteVisitOpinion { VisitId = visitId, ProgrammeId = view.Visit.ProgrammeId, OrganizationId = view.Visit.OrganizationId, Status = OpinionStatus.Draft };
            db.Add(opinion);
        }
        else
        {
            db.ExpectVersion(opinion, version);
        }
        text.CopyTo(opinion);
        opinion.LeadExpertId = member.ExpertId;
        opinion.UpdatedAt = now;
        if (putUp)
        {
            opinion.Status = OpinionStatus.Signing;
            opinion.TextHash = OpinionRules.Hash(text);
            foreach (var other in view.Team.Where(m => m.ExpertId != member.ExpertId && m.UserId is not null))
            {
                await notifier.NotifyAsync(other.UserId!, $"{view.Visit.OrganizationName}：现场扶优意见汇总表待您签名",
                    "专家组组长已完成意见汇总表，请阅读后签名（4.6.4）。", $"/SiteVisits/Opinion/{visitId}", ct);
            }
        }
        return await SaveAsync(ct);
    }

    /// <summary>A team member comments on the draft.</summary>
    public async Task<OpinionResult> CommentAsync(ClaimsPrincipal user, Guid visitId, string? text, CancellationToken ct)
    {
        var open = await OpenAsync(user, visitId, ct);
        if (open.NotFound || open.Refusal is not null)
        {
            return OpinionResult.Refused(open.Refusal ?? "现场扶优不存在");
        }
        var (view, member) = (open.View!, open.Member!);
        var decision = OpinionRules.CanComment(view.Status, true, text);
        if (!decision.Allowed)
        {
            return OpinionResult.From(decision);
        }
        if (view.Opinion is null)
        {
            return OpinionResult.Refused("组长尚未开始撰写意见汇总表，暂不能提出修改意见");
        }
        db.Add(new OpinionComment
        {
            OpinionId = view.Opinion.Id, ProgrammeId = view.Visit.ProgrammeId, ExpertId = member.ExpertId, ExpertName = member.Name,
            Text = text!.Trim(), At = clock.GetUtcNow().UtcDateTime,
        });
        var lead = view.Team.FirstOrDefault(m => m.IsLead);
        if (lead?.UserId is { } leadUser && lead.ExpertId != member.ExpertId)
        {
            await notifier.NotifyAsync(leadUser, $"{view.Visit.OrganizationName}：{member.Name}对意见汇总表提出了修改意见", null, $"/SiteVisits/Opinion/{visitId}", ct);
        }
        return await SaveAsync(ct);
    }

    /// <summary>A team member signs the locked text they read (<paramref name="textHash"/>); the last signature submits it to the Office (4.6.6).</summary>
    public async Task<OpinionResult> SignAsync(ClaimsPrincipal user, Guid visitId, string? textHash, long version, CancellationToken ct)
    {
        var open = await OpenAsync(user, visitId, ct);
        if (open.NotFound || open.Refusal is not null)
        {
            return OpinionResult.Refused(open.Refusal ?? "现场扶优不存在");
        }
        var (view, member) = (open.View!, open.Member!);
        if (view.Opinion is null)
        {
            return OpinionResult.Refused("意见汇总表尚未撰写");
        }
        var decision = OpinionRules.CanSign(view.Status, true, view.HasSigned(member.ExpertId), textHash, view.Opinion.TextHash);
        if (!decision.Allowed)
        {
            return OpinionResult.From(decision);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var opinion = await db.Set<SiteVisitOpinion>().FirstAsync(o => o.Id == view.Opinion.Id, ct);
        // the opinion's version moves with every signature, so two last signatures cannot both miss each other
        db.ExpectVersion(opinion, version);
        opinion.UpdatedAt = now;
        db.Add(new OpinionSignature
        {
            OpinionId = opinion.Id, ProgrammeId = view.Visit.ProgrammeId, ExpertId = member.ExpertId, Name = member.Name, SignedAt = now, TextHash = opinion.TextHash!,
        });
        var signers = view.Valid.Select(s => s.ExpertId).Append(member.ExpertId).ToHashSet();
        if (OpinionRules.AllSigned([.. view.Team.Select(m => m.ExpertId)], signers))
        {
            opinion.Status = OpinionStatus.Submitted;
            opinion.SubmittedAt = now;
            await notifier.NotifyOfficeAsync($"{view.Visit.OrganizationName}：现场扶优意见汇总表已提交", "专家组全体成员已签名，请审阅后接收或退回（4.6.6）。",
                $"/SiteVisits/Opinion/Review/{visitId}", ct);
        }
        return await SaveAsync(ct);
    }

    /// <summary>4.6.6 the Office returns a submitted opinion for revision, with its comment; the signatures no longer count.</summary>
    public async Task<OpinionResult> ReturnAsync(Guid visitId, string? comment, long version, CancellationToken ct)
    {
        var (opinion, refusal) = await ForOfficeAsync(visitId, s => OpinionRules.CanReturn(s, comment), version, ct);
        if (opinion is null)
        {
            return refusal!;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        opinion.Status = OpinionStatus.Returned;
        opinion.ReturnComment = comment!.Trim();
        opinion.ReturnedAt = now;
        opinion.ReturnCount++;
        opinion.SubmittedAt = null;
        foreach (var signature in await db.Set<OpinionSignature>().Where(s => s.OpinionId == opinion.Id && !s.Void).ToListAsync(ct))
        {
            signature.Void = true;
        }
        var name = await db.Organizations.Where(o => o.Id == opinion.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        foreach (var member in await SiteVisitTeam.LoadAsync(db, opinion.ProgrammeId, opinion.OrganizationId, ct))
        {
            if (member.UserId is not null)
            {
                await notifier.NotifyAsync(member.UserId, $"{name}：现场扶优意见汇总表被退回修改", opinion.ReturnComment, $"/SiteVisits/Opinion/{visitId}", ct);
            }
        }
        return await SaveAsync(ct);
    }

    /// <summary>4.6.6 the Office accepts the signed opinion.</summary>
    public async Task<OpinionResult> AcceptAsync(Guid visitId, long version, CancellationToken ct)
    {
        var (opinion, refusal) = await ForOfficeAsync(visitId, OpinionRules.CanAccept, version, ct);
        if (opinion is null)
        {
            return refusal!;
        }
        opinion.Status = OpinionStatus.Accepted;
        opinion.AcceptedAt = clock.GetUtcNow().UtcDateTime;
        opinion.AcceptedBy = actor.UserName;
        return await SaveAsync(ct);
    }

    /// <summary>The Office releases the accepted opinion to the organization, which is told; its case moves 理论指导中 → 已现场扶优 in the same save.</summary>
    public async Task<OpinionResult> ReleaseAsync(Guid visitId, long version, CancellationToken ct)
    {
        var (opinion, refusal) = await ForOfficeAsync(visitId, OpinionRules.CanRelease, version, ct);
        if (opinion is null)
        {
            return refusal!;
        }
        opinion.Status = OpinionStatus.Released;
        opinion.ReleasedAt = clock.GetUtcNow().UtcDateTime;
        opinion.ReleasedBy = actor.UserName;
        await notifier.NotifyOrganizationAsync(opinion.OrganizationId, "现场扶优意见已反馈", "区评审办已将现场扶优意见汇总表反馈给贵组织，请登录查看。",
            $"/SiteVisits/Opinion/Mine/{opinion.ProgrammeId}", ct);
        var @case = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == opinion.ProgrammeId && c.OrganizationId == opinion.OrganizationId)
            .Select(c => new { c.Id, c.State, c.Version }).FirstOrDefaultAsync(ct);
        if (@case?.State != CaseState.Theory)
        {
            return await SaveAsync(ct);
        }
        // the workflow saves the release with the move, or neither
        var moved = await workflow.TransitionAsync(@case.Id, CaseState.SiteVisited, null, @case.Version, ct);
        if (!moved.Succeeded)
        {
            db.ChangeTracker.Clear();
            return OpinionResult.Refused(moved.Error!);
        }
        return OpinionResult.Saved;
    }

    /// <summary>The organization's released opinions in a programme, visit by visit; nothing before the Office releases it.</summary>
    public async Task<IReadOnlyList<OpinionView>> ReleasedAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var visitIds = await db.Set<SiteVisitOpinion>().AsNoTracking()
            .Where(o => o.ProgrammeId == programmeId && o.OrganizationId == organizationId && o.Status == OpinionStatus.Released)
            .Select(o => o.VisitId).ToListAsync(ct);
        var views = new List<OpinionView>();
        foreach (var id in visitIds)
        {
            if (await LoadAsync(id, ct) is { } view)
            {
                views.Add(view);
            }
        }
        return [.. views.OrderBy(v => v.Visit.StartsAt)];
    }

    private async Task<OpinionResult> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return OpinionResult.Saved;
        }
        catch (DbUpdateException)
        {
            // a stale version, or a second first draft of the same visit (unique VisitId)
            db.ChangeTracker.Clear();
            return OpinionResult.Refused(ConcurrencyMessages.Stale);
        }
    }

    /// <summary>The opinion the Office acts on, when the rule allows the action in its status; tracked and expected at <paramref name="version"/>.</summary>
    private async Task<(SiteVisitOpinion? Opinion, OpinionResult? Refusal)> ForOfficeAsync(Guid visitId, Func<OpinionStatus, OpinionDecision> rule, long version, CancellationToken ct)
    {
        var opinion = await db.Set<SiteVisitOpinion>().FirstOrDefaultAsync(o => o.VisitId == visitId, ct);
        if (opinion is null)
        {
            return (null, OpinionResult.Refused("意见汇总表尚未撰写"));
        }
        var decision = rule(opinion.Status);
        if (!decision.Allowed)
        {
            return (null, OpinionResult.From(decision));
        }
        db.ExpectVersion(opinion, version);
        return (opinion, null);
    }
}
