using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Web.Showcase;

/// <summary>A pool member as the Office's showcase list shows it.</summary>
public sealed record ShowcaseMember(Guid OrganizationId, string Name, CaseState State, ProfileStatus? Status, bool FinalSubmitted, decimal? RescoreTotal);

/// <summary>Everything the before/after page shows of one organization (4.7.2).</summary>
public sealed record BeforeAfter(string OrganizationName, string ProgrammeTitle, ProgrammeStage Stage, CaseState State, ShowcaseProfile? Profile,
    SelfEvaluationStatus? FinalStatus, IReadOnlyList<AnswerChange> Changes, ScoreComparison Comparison, string? SiteVisitImprovements,
    IReadOnlyDictionary<string, int> Rescore);

/// <summary>An invited organization at an exchange event, with its presented material files.</summary>
public sealed record EventAttendee(ExchangeAttendance Attendance, string Name, IReadOnlyList<Attachment> Files);

/// <summary>The fields of an exchange event as typed (local China time).</summary>
public sealed record EventInput(ExchangeKind Kind, string? Title, DateTime? StartsAtLocal, string? Place, string? HostOrganization, string? Summary);

/// <summary>
/// 4.7 孵化成果展示及交流: the organization's profile (saved, submitted), the Office's re-score, return and approval (the case moves to
/// 已成果展示), and the exchange events with invitations, attendance and presented material.
/// </summary>
public sealed class ShowcaseWork(AppDbContext db, CaseWorkflow workflow, Notifier notifier, FileStore files, TimeProvider clock, IAuditActor actor)
{
    public const string MaterialPurpose = "交流材料";

    public Task<ShowcaseProfile?> ProfileAsync(Guid programmeId, Guid organizationId, CancellationToken ct) =>
        db.Set<ShowcaseProfile>().AsNoTracking().FirstOrDefaultAsync(p => p.ProgrammeId == programmeId && p.OrganizationId == organizationId, ct);

    /// <summary>
    /// The pool members of a programme (4.4.4) with where their showcase stands, by name, in one query (for paging); with
    /// <paramref name="notInvitedTo"/>, only those not yet invited to that exchange event.
    /// </summary>
    public IQueryable<ShowcaseMember> Members(Guid programmeId, Guid? notInvitedTo = null)
    {
        var states = CaseTransitions.PoolStates.ToList();
        var profiles = db.Set<ShowcaseProfile>().Where(p => p.ProgrammeId == programmeId);
        var cases = db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && states.Contains(c.State));
        if (notInvitedTo is { } eventId)
        {
            cases = cases.Where(c => !db.Set<ExchangeAttendance>().Any(a => a.EventId == eventId && a.OrganizationId == c.OrganizationId));
        }
        return cases
            .OrderBy(c => c.Organization!.Name).ThenBy(c => c.OrganizationId)
            .Select(c => new ShowcaseMember(c.OrganizationId, c.Organization!.Name, c.State,
                profiles.Where(p => p.OrganizationId == c.OrganizationId).Select(p => (ProfileStatus?)p.Status).FirstOrDefault(),
                db.Set<SelfEvaluation>().Any(s => s.ProgrammeId == programmeId && s.OrganizationId == c.OrganizationId
                    && s.Kind == SelfEvaluationKind.Final && s.Status == SelfEvaluationStatus.Submitted),
                profiles.Where(p => p.OrganizationId == c.OrganizationId).Select(p => p.RescoreTotal).FirstOrDefault()));
    }

    /// <summary>4.7.2 the before/after of one organization: Appendix B changes, category comparison, the released site-visit improvements. Null when it has no case.</summary>
    public async Task<BeforeAfter?> BeforeAfterAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId)
            .Select(c => new { c.State, Organization = c.Organization!.Name, c.Programme!.Title, c.Programme.Stage }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }
        var forms = await db.Set<SelfEvaluation>().AsNoTracking().Where(s => s.ProgrammeId == programmeId && s.OrganizationId == organizationId).ToListAsync(ct);
        var baseline = forms.FirstOrDefault(f => f.Kind == SelfEvaluationKind.Baseline);
        var final = forms.FirstOrDefault(f => f.Kind == SelfEvaluationKind.Final);
        var changes = baseline is not null && final is { Status: SelfEvaluationStatus.Submitted } ? ShowcaseRules.Changes(baseline.Answers(), final.Answers()) : [];
        var consensus = await db.Set<ReviewConsensus>().AsNoTracking().FirstOrDefaultAsync(r => r.ProgrammeId == programmeId && r.OrganizationId == organizationId, ct);
        var profile = await ProfileAsync(programmeId, organizationId, ct);
        var rescore = profile is null ? new Dictionary<string, int>() : ScoreJson.Read(profile.RescoreJson);
        var improvements = await db.Set<SiteVisitOpinion>().AsNoTracking()
            .Where(o => o.ProgrammeId == programmeId && o.OrganizationId == organizationId && o.Status == OpinionStatus.Released)
            .OrderByDescending(o => o.ReleasedAt).Select(o => o.Improvements).FirstOrDefaultAsync(ct);
        var comparison = ShowcaseRules.Compare(consensus?.RecordedAt is null ? new Dictionary<string, int>() : consensus.Scores(), rescore);
        return new BeforeAfter(c.Organization, c.Title, c.Stage, c.State, profile, final?.Status, changes, comparison, improvements, rescore);
    }

    /// <summary>The organization saves (or submits) its profile: pool members, in the showcase stage, while it is a draft or returned.</summary>
    public async Task<(IReadOnlyList<FieldError> Errors, string? Message)> SaveProfileAsync(Guid programmeId, Guid organizationId, string? narrative,
        string? managementModel, string? improvementActions, bool consent, long version, bool submit, CancellationToken ct)
    {
        if (await RefusalAsync(programmeId, organizationId, ct) is { } refusal)
        {
            return ([], refusal);
        }
        var errors = ShowcaseRules.Check(narrative, managementModel, improvementActions, submit);
        if (errors.Count > 0)
        {
            return (errors, null);
        }
        var profile = await db.Set<ShowcaseProfile>().FirstOrDefaultAsync(p => p.ProgrammeId == programmeId && p.OrganizationId == organizationId, ct);
        if (profile is { Status: ProfileStatus.Submitted or ProfileStatus.Approved })
        {
            return ([], profile.Status == ProfileStatus.Approved ? "成果展示资料已通过审核，不能再修改" : "成果展示资料已提交，等待区评审办审核");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (profile is null)
        {
            profile = new ShowcaseProfile { ProgrammeId = programmeId, OrganizationId = organizationId };
            db.Add(profile);
        }
        else
        {
            db.ExpectVersion(profile, version);
        }
        profile.Narrative = Trimmed(narrative);
        profile.ManagementModel = Trimmed(managementModel);
        profile.ImprovementActions = Trimmed(improvementActions);
        profile.PublicConsent = consent;
        profile.UpdatedAt = now;
        if (submit)
        {
            profile.Status = ProfileStatus.Submitted;
            profile.SubmittedAt = now;
            await notifier.NotifyOfficeAsync($"{await NameAsync(organizationId, ct)}：已提交孵化成果展示资料", "请审核（4.7.2）。",
                $"/Showcase/Profile/{programmeId}/{organizationId}", ct);
        }
        return ([], await SaveAsync(ct));
    }

    /// <summary>The Office records the experts' re-score per GB/T 19580 item (all 23 items); points and total are computed.</summary>
    public async Task<(IReadOnlyList<FieldError> Errors, string? Message)> RecordRescoreAsync(Guid programmeId, Guid organizationId,
        IReadOnlyDictionary<string, string?> posted, long version, CancellationToken ct)
    {
        if (await RefusalAsync(programmeId, organizationId, ct) is { } refusal)
        {
            return ([], refusal);
        }
        var (percentages, parseErrors) = ReviewRule.Parse(posted);
        if (parseErrors.Count > 0)
        {
            return (parseErrors, null);
        }
        var sheet = Scoring.Score(percentages);
        if (!sheet.Complete)
        {
            return ([.. sheet.Reasons.Select(r => new FieldError("scores", r))], null);
        }
        var profile = await db.Set<ShowcaseProfile>().FirstOrDefaultAsync(p => p.ProgrammeId == programmeId && p.OrganizationId == organizationId, ct);
        if (profile is { Status: ProfileStatus.Approved })
        {
            return ([], "成果展示资料已通过审核，不能再修改评分");
        }
        if (profile is null)
        {
            profile = new ShowcaseProfile { ProgrammeId = programmeId, OrganizationId = organizationId };
            db.Add(profile);
        }
        else
        {
            db.ExpectVersion(profile, version);
        }
        profile.RescoreJson = ScoreJson.Write(percentages);
        profile.RescoreTotal = sheet.Total;
        profile.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        return ([], await SaveAsync(ct));
    }

    /// <summary>The Office returns a submitted profile with a comment; the organization is told.</summary>
    public async Task<string?> ReturnAsync(Guid programmeId, Guid organizationId, string? comment, long version, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return "请填写退回意见";
        }
        if (comment.Trim().Length > 2000)
        {
            return "退回意见不能超过2000字";
        }
        var profile = await db.Set<ShowcaseProfile>().FirstOrDefaultAsync(p => p.ProgrammeId == programmeId && p.OrganizationId == organizationId, ct);
        if (profile is not { Status: ProfileStatus.Submitted })
        {
            return "只有已提交的成果展示资料可以退回";
        }
        db.ExpectVersion(profile, version);
        profile.Status = ProfileStatus.Returned;
        profile.ReturnComment = comment.Trim();
        profile.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await notifier.NotifyOrganizationAsync(organizationId, "成果展示资料被退回修改", $"退回意见：{profile.ReturnComment}", $"/Showcase/Mine/{programmeId}", ct);
        return await SaveAsync(ct);
    }

    /// <summary>The Office approves a submitted, re-scored profile; a case at 已现场扶优 moves to 已成果展示 (4.7); the organization is told.</summary>
    public async Task<string?> ApproveAsync(Guid programmeId, Guid organizationId, long version, CancellationToken ct)
    {
        if (await RefusalAsync(programmeId, organizationId, ct) is { } refusal)
        {
            return refusal;
        }
        var profile = await db.Set<ShowcaseProfile>().FirstOrDefaultAsync(p => p.ProgrammeId == programmeId && p.OrganizationId == organizationId, ct);
        if (profile is not { Status: ProfileStatus.Submitted })
        {
            return "只有已提交的成果展示资料可以审核通过";
        }
        if (profile.RescoreTotal is null)
        {
            return "请先录入再次评分，再审核通过（4.7.2 前后比对）";
        }
        db.ExpectVersion(profile, version);
        profile.Status = ProfileStatus.Approved;
        profile.ApprovedAt = clock.GetUtcNow().UtcDateTime;
        profile.ApprovedBy = actor.UserName;
        profile.ReturnComment = null;
        await notifier.NotifyOrganizationAsync(organizationId, "成果展示资料已审核通过", "贵组织的孵化成果展示资料已由区评审办审核通过。", $"/Showcase/Profile/{programmeId}/{organizationId}", ct);
        var @case = await db.Cases.AsNoTracking().FirstAsync(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId, ct);
        if (@case.State != CaseState.SiteVisited)
        {
            return await SaveAsync(ct);
        }
        // the approval, the notice and the case's move are one save: a refused or stale move leaves the profile submitted, to approve again
        var moved = await workflow.TransitionAsync(@case.Id, CaseState.Showcased, null, @case.Version, ct);
        if (!moved.Succeeded)
        {
            db.ChangeTracker.Clear();
            return moved.Error;
        }
        return null;
    }

    /// <summary>Creates (no id) or edits an exchange event of the programme.</summary>
    public async Task<(Guid? Id, string? Error)> SaveEventAsync(Guid programmeId, Guid? eventId, EventInput input, long version, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200)
        {
            return (null, "请填写活动名称（200字以内）");
        }
        if (input.StartsAtLocal is null)
        {
            return (null, "请填写活动时间");
        }
        if (input.Kind == ExchangeKind.BenchmarkVisit && string.IsNullOrWhiteSpace(input.HostOrganization))
        {
            return (null, "标杆企业学习请填写标杆企业（4.7.3）");
        }
        if ((input.Place?.Trim().Length ?? 0) > 300 || (input.HostOrganization?.Trim().Length ?? 0) > 200 || (input.Summary?.Trim().Length ?? 0) > 4000)
        {
            return (null, "地点不超过300字、标杆企业不超过200字、活动概要不超过4000字");
        }
        if (!await ClosedCases.ProgrammeExistsAsync(db, programmeId, ct))
        {
            return (null, "培育计划不存在");
        }
        ExchangeEvent? e;
        if (eventId is null)
        {
            e = new ExchangeEvent { ProgrammeId = programmeId, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Add(e);
        }
        else
        {
            e = await db.Set<ExchangeEvent>().FirstOrDefaultAsync(x => x.Id == eventId && x.ProgrammeId == programmeId, ct);
            if (e is null)
            {
                return (null, "交流活动不存在");
            }
            db.ExpectVersion(e, version);
        }
        e.Kind = input.Kind;
        e.Title = input.Title.Trim();
        e.StartsAt = ChinaTime.ToUtc(input.StartsAtLocal.Value);
        e.Place = Trimmed(input.Place);
        e.HostOrganization = input.Kind == ExchangeKind.BenchmarkVisit ? Trimmed(input.HostOrganization) : null;
        e.Summary = Trimmed(input.Summary);
        var error = await SaveAsync(ct);
        return error is null ? (e.Id, null) : (null, error);
    }

    /// <summary>Invites pool members to an event (others are ignored); each invited organization is told.</summary>
    public async Task<string?> InviteAsync(Guid eventId, IReadOnlyCollection<Guid> organizationIds, CancellationToken ct)
    {
        var e = await db.Set<ExchangeEvent>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null)
        {
            return "交流活动不存在";
        }
        var members = await db.Cases.AsNoTracking()
            .Where(c => c.ProgrammeId == e.ProgrammeId && CaseTransitions.PoolStates.Contains(c.State) && organizationIds.Contains(c.OrganizationId))
            .Select(c => c.OrganizationId).ToListAsync(ct);
        var invited = await db.Set<ExchangeAttendance>().AsNoTracking().Where(a => a.EventId == eventId).Select(a => a.OrganizationId).ToListAsync(ct);
        var added = members.Except(invited).ToList();
        if (added.Count == 0)
        {
            return "请选择尚未邀请的培育孵化库成员";
        }
        foreach (var org in added)
        {
            db.Add(new ExchangeAttendance { EventId = eventId, ProgrammeId = e.ProgrammeId, OrganizationId = org });
            await notifier.NotifyOrganizationAsync(org, $"邀请参加：{e.Title}", $"时间：{ChinaTime.DateTimeText(e.StartsAt)}；地点：{e.Place}", $"/Showcase/Mine/{e.ProgrammeId}", ct);
        }
        return await SaveAsync(ct);
    }

    /// <summary>Records whether an invited organization attended, how many came and what it presented.</summary>
    public async Task<string?> RecordAttendanceAsync(Guid eventId, Guid organizationId, bool? attended, int? participants, string? presented, long version, CancellationToken ct)
    {
        if (participants is < 0 or > 1000)
        {
            return "参加人数须在0至1000之间";
        }
        if ((presented?.Trim().Length ?? 0) > 1000)
        {
            return "交流内容不能超过1000字";
        }
        var a = await db.Set<ExchangeAttendance>().FirstOrDefaultAsync(x => x.EventId == eventId && x.OrganizationId == organizationId, ct);
        if (a is null)
        {
            return "该组织未被邀请参加此活动";
        }
        db.ExpectVersion(a, version);
        a.Attended = attended;
        a.Participants = participants;
        a.Presented = Trimmed(presented);
        return await SaveAsync(ct);
    }

    /// <summary>Stores material an invited organization presented at the event (FileStore, owner "ExchangeEvent").</summary>
    public async Task<string?> UploadMaterialAsync(Guid eventId, Guid organizationId, Stream content, string? fileName, CancellationToken ct)
    {
        var programmeId = await db.Set<ExchangeAttendance>().AsNoTracking().Where(a => a.EventId == eventId && a.OrganizationId == organizationId)
            .Select(a => (Guid?)a.ProgrammeId).FirstOrDefaultAsync(ct);
        if (programmeId is null)
        {
            return "该组织未被邀请参加此活动";
        }
        var saved = await files.SaveAsync(content, fileName, nameof(ExchangeEvent), eventId, organizationId, programmeId, MaterialPurpose, ct);
        if (saved.Error is not null)
        {
            db.ChangeTracker.Clear();
            return saved.Error;
        }
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The invited organizations of an event with their material.</summary>
    /// <summary>One page of the organizations invited to an event, by name, with the material presented (read for the page's organizations only).</summary>
    public async Task<PagedList<EventAttendee>> AttendeesAsync(Guid eventId, int? page, CancellationToken ct)
    {
        var rows = await db.Set<ExchangeAttendance>().AsNoTracking().Where(a => a.EventId == eventId)
            .Join(db.Organizations, a => a.OrganizationId, o => o.Id, (a, o) => new { a, o.Name })
            .OrderBy(r => r.Name).ThenBy(r => r.a.OrganizationId)
            .ToPagedAsync(page, Paging.DefaultPageSize, ct);
        var ids = rows.Items.Select(r => (Guid?)r.a.OrganizationId).ToList();
        var material = (await db.Attachments.AsNoTracking()
            .Where(f => f.OwnerType == nameof(ExchangeEvent) && f.OwnerId == eventId && ids.Contains(f.OrganizationId))
            .OrderBy(f => f.UploadedAt).ToListAsync(ct)).ToLookup(f => f.OrganizationId);
        return new PagedList<EventAttendee>([.. rows.Items.Select(r => new EventAttendee(r.a, r.Name, [.. material[r.a.OrganizationId]]))], rows.Page, rows.PageSize, rows.Total);
    }

    /// <summary>Why the showcase of this organization cannot change now: it must be a pool member while the programme is in the showcase stage.</summary>
    private async Task<string?> RefusalAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId)
            .Select(c => new { c.State, c.Programme!.Stage }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return "该组织未参加该培育计划";
        }
        if (!CaseTransitions.PoolStates.Contains(c.State))
        {
            return $"该组织当前状态为“{CaseTransitions.Label(c.State)}”，培育孵化库成员才参加成果展示（4.7）";
        }
        return c.Stage == ProgrammeStage.Showcase ? null
            : $"培育计划当前阶段为“{ProgrammeStages.Label(c.Stage)}”，孵化成果展示及交流阶段才能办理（4.7）";
    }

    private Task<string> NameAsync(Guid organizationId, CancellationToken ct) =>
        db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).FirstAsync(ct);

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<string?> SaveAsync(CancellationToken ct) => await db.TrySaveAsync(ct) ? null : ConcurrencyMessages.Stale;
}
