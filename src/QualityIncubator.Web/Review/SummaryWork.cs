using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Review;

/// <summary>When and why an approved summary was last reopened (from the audit trail).</summary>
public sealed record Reopening(DateTime At, string? By, string? Reason);

/// <summary>What the summary page shows: the programme, the Office's record, the facts (frozen once approved) and one page of organizations.</summary>
public sealed record SummaryView(Guid ProgrammeId, string ProgrammeTitle, int Year, ProgrammeStage Stage, ProgrammeSummary? Summary, SummaryFacts Facts,
    PagedList<OrganizationFacts> Organizations, Reopening? LastReopen)
{
    /// <summary>The facts come from <see cref="ProgrammeSummary.FactsJson"/>, not from the live records.</summary>
    public bool Frozen => Summary is { Status: SummaryStatus.Approved, FactsJson: not null };

    /// <summary>The version the form posts back; −1 while there is no record yet (so a second first draft is refused as stale).</summary>
    public long Version => Summary?.Version ?? -1;

    public string? EditRefusal => SummaryRules.EditRefusal(Stage);
}

/// <summary>
/// 5.1 培育孵化工作的评估: drafts the summary from the programme's records, saves the Office's evaluation and suggestions, approves it
/// (freezing the facts) and reopens it with a reason while the programme is in the Review stage. Every change is audited (IAudited).
/// </summary>
public sealed class SummaryWork(AppDbContext db, TimeProvider clock, IAuditActor actor)
{
    private sealed record ReopenAudit(string? Status, string? Reason);

    /// <summary>The page's view; null when the programme does not exist.</summary>
    public async Task<SummaryView?> ViewAsync(Guid programmeId, int? page, int? pageSize, CancellationToken ct)
    {
        var programme = await ProgrammeAsync(programmeId, ct);
        if (programme is null)
        {
            return null;
        }
        var summary = await db.Set<ProgrammeSummary>().AsNoTracking().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId, ct);
        SummaryFacts facts;
        PagedList<OrganizationFacts> organizations;
        if (summary is { Status: SummaryStatus.Approved, FactsJson: { } json })
        {
            facts = SummaryDraft.FromJson(json);
            organizations = (facts.Organizations ?? []).ToPaged(page, pageSize);
        }
        else
        {
            facts = SummaryDraft.Build((await SummaryQueries.DataAsync(db, programmeId, Now, ct))!, null);
            var rows = await SummaryQueries.OrganizationsAsync(db, programmeId, page, pageSize, ct);
            organizations = new PagedList<OrganizationFacts>([.. rows.Items.Select(SummaryDraft.Organization)], rows.Page, rows.PageSize, rows.Total);
        }
        return new SummaryView(programmeId, programme.Title, programme.Year, programme.Stage, summary, facts, organizations,
            summary is null ? null : await LastReopenAsync(summary.Id, ct));
    }

    /// <summary>The whole summary (every organization) for the Word file and the API: the frozen facts once approved, else read now.</summary>
    public async Task<(SummaryFacts Facts, ProgrammeSummary? Summary, ProgrammeStage Stage)?> CompleteAsync(Guid programmeId, CancellationToken ct)
    {
        var programme = await ProgrammeAsync(programmeId, ct);
        if (programme is null)
        {
            return null;
        }
        var summary = await db.Set<ProgrammeSummary>().AsNoTracking().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId, ct);
        var facts = summary is { Status: SummaryStatus.Approved, FactsJson: { } json } ? SummaryDraft.FromJson(json) : await LiveAsync(programmeId, ct);
        return (facts, summary, programme.Stage);
    }

    /// <summary>
    /// Saves the Office's texts as a draft, or saves and approves them (every text required; the facts are frozen as they are now).
    /// Refused before the Review stage and once sealed; a stale version is refused (<see cref="ConcurrencyMessages.Stale"/>).
    /// </summary>
    public async Task<(IReadOnlyList<FieldError> Errors, string? Message)> SaveAsync(Guid programmeId, SummaryTexts texts, long version, bool approve, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var programme = await ProgrammeAsync(programmeId, ct);
        if (programme is null)
        {
            return ([], "培育计划不存在");
        }
        if (SummaryRules.EditRefusal(programme.Stage) is { } refusal)
        {
            return ([], refusal);
        }
        var errors = SummaryRules.Check(texts, approve);
        if (errors.Count > 0)
        {
            return (errors, null);
        }
        var summary = await db.Set<ProgrammeSummary>().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId, ct);
        var created = summary is null;
        if (summary is null)
        {
            summary = new ProgrammeSummary { ProgrammeId = programmeId, Status = SummaryStatus.Draft };
            db.Add(summary);
        }
        else if (summary.Status == SummaryStatus.Approved)
        {
            return ([], "工作总结已审核通过，如需修改请先重新打开");
        }
        else if (version < 0)
        {
            // the form was opened before anyone wrote the summary, and someone has since
            return ([], ConcurrencyMessages.Stale);
        }
        else
        {
            db.ExpectVersion(summary, version);
        }
        var now = Now;
        texts.ApplyTo(summary);
        summary.UpdatedAt = now;
        summary.UpdatedBy = actor.UserName;
        if (approve)
        {
            // 5.1.2: the approved summary keeps the facts it was approved on, whatever changes later
            summary.Status = SummaryStatus.Approved;
            summary.FactsJson = SummaryDraft.ToJson(await LiveAsync(programmeId, ct));
            summary.ApprovedAt = now;
            summary.ApprovedBy = actor.UserName;
        }
        return ([], await SaveAsync(created, ct));
    }

    /// <summary>Back to a draft with a reason (audited), only in the Review stage; the facts are read live again.</summary>
    public async Task<string?> ReopenAsync(Guid programmeId, string? reason, long version, CancellationToken ct)
    {
        var programme = await ProgrammeAsync(programmeId, ct);
        if (programme is null)
        {
            return "培育计划不存在";
        }
        var summary = await db.Set<ProgrammeSummary>().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId, ct);
        if (SummaryRules.ReopenRefusal(programme.Stage, summary?.Status, reason) is { } refusal)
        {
            return refusal;
        }
        db.ExpectVersion(summary!, version);
        summary!.Status = SummaryStatus.Draft;
        summary.FactsJson = null;
        summary.ApprovedAt = null;
        summary.ApprovedBy = null;
        summary.UpdatedAt = Now;
        summary.UpdatedBy = actor.UserName;
        db.Audit(AuditActions.SummaryReopened, nameof(ProgrammeSummary), summary.Id.ToString(),
            new ReopenAudit(nameof(SummaryStatus.Approved), null), new ReopenAudit(nameof(SummaryStatus.Draft), reason!.Trim()), programmeId);
        return await SaveAsync(false, ct);
    }

    /// <summary>The version currently stored (after a stale save), or −1 when there is no record.</summary>
    public async Task<(long Version, SummaryTexts Texts)> CurrentAsync(Guid programmeId, CancellationToken ct)
    {
        var summary = await db.Set<ProgrammeSummary>().AsNoTracking().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId, ct);
        return (summary?.Version ?? -1, SummaryTexts.Of(summary));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private sealed record ProgrammeRow(string Title, int Year, ProgrammeStage Stage);

    private Task<ProgrammeRow?> ProgrammeAsync(Guid programmeId, CancellationToken ct) =>
        db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => new ProgrammeRow(p.Title, p.Year, p.Stage)).FirstOrDefaultAsync(ct);

    private async Task<SummaryFacts> LiveAsync(Guid programmeId, CancellationToken ct) =>
        SummaryDraft.Build((await SummaryQueries.DataAsync(db, programmeId, Now, ct))!, await SummaryQueries.AllOrganizationsAsync(db, programmeId, ct));

    private async Task<Reopening?> LastReopenAsync(Guid summaryId, CancellationToken ct)
    {
        var id = summaryId.ToString();
        var e = await db.AuditEvents.AsNoTracking()
            .Where(a => a.EntityType == nameof(ProgrammeSummary) && a.EntityId == id && a.Action == AuditActions.SummaryReopened)
            .OrderByDescending(a => a.Sequence).Select(a => new { a.OccurredAt, a.ActorName, a.After }).FirstOrDefaultAsync(ct);
        return e is null ? null : new Reopening(e.OccurredAt, e.ActorName, e.After is null ? null : JsonSerializer.Deserialize<ReopenAudit>(e.After)?.Reason);
    }

    private async Task<string?> SaveAsync(bool created, CancellationToken ct)
    {
        try
        {
            return await db.TrySaveAsync(ct) ? null : ConcurrencyMessages.Stale;
        }
        catch (DbUpdateException) when (created)
        {
            // someone else wrote the first draft at the same moment (one summary per programme)
            db.ChangeTracker.Clear();
            return ConcurrencyMessages.Stale;
        }
    }
}
