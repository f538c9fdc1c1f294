using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Assessment;

/// <summary>A self-evaluation as it is read: Appendix B answers, the report written per GB/T 19580 category, and the uploaded report and evidence.</summary>
public sealed record SelfEvaluationMaterial(SelfEvaluationStatus Status, DateTime? SubmittedAt, IReadOnlyDictionary<string, string?> Answers,
    IReadOnlyDictionary<string, string> Sections, IReadOnlyList<Attachment> Files);

/// <summary>An organization's self-evaluation (4.4.1): Appendix B saved as a draft and submitted with its report; submission moves the case.</summary>
public sealed class SelfEvaluationWork(AppDbContext db, CaseWorkflow workflow, Notifier notifier, FileStore files, TimeProvider clock)
{
    public const string ReportPurpose = "自评报告";
    public const string EvidencePurpose = "证实性材料";

    public Task<SelfEvaluation?> FindAsync(Guid programmeId, Guid organizationId, SelfEvaluationKind kind, CancellationToken ct) =>
        db.Set<SelfEvaluation>().AsNoTracking().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId && s.OrganizationId == organizationId && s.Kind == kind, ct);

    /// <summary>What reviewers and the Office read of a self-evaluation: Appendix B, the written report and the files (null before anything exists).</summary>
    public async Task<SelfEvaluationMaterial?> MaterialAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var form = await FindAsync(programmeId, organizationId, SelfEvaluationKind.Baseline, ct);
        if (form is null)
        {
            return null;
        }
        var attachments = await files.ListAsync(nameof(SelfEvaluation), form.Id, ct);
        return new SelfEvaluationMaterial(form.Status, form.SubmittedAt, form.Answers(), form.ReportSections(), attachments);
    }

    /// <summary>The organization's 专项课程培育需求 from its latest Appendix B (guides the elective choice, 4.5.5).</summary>
    public async Task<IReadOnlyList<string>> CourseNeedsAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var form = await FindAsync(programmeId, organizationId, SelfEvaluationKind.Baseline, ct);
        return form is null ? [] : AppendixB.SplitChoices(form.Answers().GetValueOrDefault(AppendixB.CourseNeedsCode));
    }

    /// <summary>
    /// Saves the baseline (4.4.1) or the final (4.7.2) Appendix B. A draft keeps whatever was typed; submitting the baseline checks everything,
    /// needs the report and moves the case to 已完成自评; submitting the final one does not move the case.
    /// </summary>
    public async Task<(IReadOnlyList<FieldError> Errors, string? Message)> SaveAsync(Guid programmeId, Guid organizationId, SelfEvaluationKind kind,
        IReadOnlyDictionary<string, string?> answers, IReadOnlyDictionary<string, string?> sections, long version, bool submit, CancellationToken ct)
    {
        if (kind == SelfEvaluationKind.Final)
        {
            return await SaveFinalAsync(programmeId, organizationId, answers, sections, version, submit, ct);
        }
        var @case = await db.Cases.AsNoTracking().Include(c => c.Programme).FirstOrDefaultAsync(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId, ct);
        if (@case is null)
        {
            return ([], "本组织未参加该培育计划");
        }
        // 4.4.1.1: the self-evaluation belongs to organizations that chose to continue (4.3.5), during the baseline assessment
        if (@case.State != CaseState.Continuing)
        {
            return ([], @case.State == CaseState.SelfEvaluated ? "自评表已提交，不能再修改" : $"本组织当前状态为“{CaseTransitions.Label(@case.State)}”，确认继续参与培育孵化后才能填写自评表");
        }
        if (@case.Programme!.Stage != ProgrammeStage.BaselineAssessment)
        {
            return ([], $"培育计划当前阶段为“{ProgrammeStages.Label(@case.Programme.Stage)}”，摸底评估阶段才能填写自评表（4.4.1）");
        }
        var form = await db.Set<SelfEvaluation>().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId && s.OrganizationId == organizationId && s.Kind == SelfEvaluationKind.Baseline, ct);
        if (SelfEvaluationDeadline.Refusal(@case.Programme.SelfEvaluationDueOn, form?.ExtendedTo, ChinaTime.Today(clock)) is { } late)
        {
            return ([], late);
        }
        var sectionErrors = ReportSections.Check(sections, complete: false);
        if (sectionErrors.Count > 0)
        {
            return (sectionErrors, null);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (form is null)
        {
            form = new SelfEvaluation { ProgrammeId = programmeId, OrganizationId = organizationId, Kind = SelfEvaluationKind.Baseline, CreatedAt = now };
            db.Add(form);
        }
        else
        {
            db.ExpectVersion(form, version);
        }
        if (submit)
        {
            var errors = AppendixB.Check(answers).ToList();
            // 4.4.1.3 the report: an uploaded file, or written here for every GB/T 19580 category
            if (ReportSections.AnyWritten(sections))
            {
                if (!await db.Attachments.AnyAsync(a => a.OwnerType == nameof(SelfEvaluation) && a.OwnerId == form.Id && a.Purpose == ReportPurpose, ct))
                {
                    errors.AddRange(ReportSections.Check(sections, complete: true));
                }
            }
            else if (!await db.Attachments.AnyAsync(a => a.OwnerType == nameof(SelfEvaluation) && a.OwnerId == form.Id && a.Purpose == ReportPurpose, ct))
            {
                errors.Add(new FieldError("report", "请上传自评报告，或在下方按 GB/T 19580 各类目在线撰写自评报告（4.4.1.3）"));
            }
            if (errors.Count > 0)
            {
                db.ChangeTracker.Clear();
                return (errors, null);
            }
        }
        form.SetAnswers(answers);
        form.SetReportSections(sections);
        form.UpdatedAt = now;
        if (submit)
        {
            form.Status = SelfEvaluationStatus.Submitted;
            form.SubmittedAt = now;
        }
        if (!submit)
        {
            return await db.TrySaveAsync(ct) ? ([], null) : ([], ConcurrencyMessages.Stale);
        }
        await notifier.NotifyOfficeAsync($"{(await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).FirstAsync(ct))}：已提交自评表和自评报告",
            "请安排自评报告评价专家（4.4.2）。", $"/Cases/{@case.Id}", ct);
        // the submitted form, the Office's notice and the case's move are one save: a refused or stale move leaves the form as it was
        // (still editable; the page keeps what was typed), never submitted with the case left behind
        var moved = await workflow.TransitionAsync(@case.Id, CaseState.SelfEvaluated, null, @case.Version, ct);
        if (!moved.Succeeded)
        {
            db.ChangeTracker.Clear();
            return ([], moved.Error);
        }
        return ([], null);
    }

    /// <summary>
    /// 4.7.2 the final Appendix B for the before/after comparison: pool members (理论指导中, 已现场扶优, 已成果展示) fill it while the
    /// programme is in the showcase stage; submitting checks the answers and tells the Office, but does not move the case.
    /// </summary>
    private async Task<(IReadOnlyList<FieldError> Errors, string? Message)> SaveFinalAsync(Guid programmeId, Guid organizationId,
        IReadOnlyDictionary<string, string?> answers, IReadOnlyDictionary<string, string?> sections, long version, bool submit, CancellationToken ct)
    {
        var (refusal, form) = await FinalFormAsync(programmeId, organizationId, ct);
        if (refusal is not null)
        {
            return ([], refusal);
        }
        var sectionErrors = ReportSections.Check(sections, complete: false);
        if (sectionErrors.Count > 0)
        {
            return (sectionErrors, null);
        }
        if (submit && AppendixB.Check(answers) is { Count: > 0 } errors)
        {
            return (errors, null);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (form is null)
        {
            form = new SelfEvaluation { ProgrammeId = programmeId, OrganizationId = organizationId, Kind = SelfEvaluationKind.Final, CreatedAt = now };
            db.Add(form);
        }
        else
        {
            db.ExpectVersion(form, version);
        }
        form.SetAnswers(answers);
        form.SetReportSections(sections);
        form.UpdatedAt = now;
        if (submit)
        {
            form.Status = SelfEvaluationStatus.Submitted;
            form.SubmittedAt = now;
            await notifier.NotifyOfficeAsync($"{(await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).FirstAsync(ct))}：已提交最终自评表",
                "可在成果展示中查看培育孵化前后比对（4.7.2）。", $"/Showcase/Profile/{programmeId}/{organizationId}", ct);
        }
        if (!await db.TrySaveAsync(ct))
        {
            return ([], ConcurrencyMessages.Stale);
        }
        return ([], null);
    }

    /// <summary>Why the final Appendix B cannot be changed now (null when it can), and the tracked form when one exists.</summary>
    private async Task<(string? Refusal, SelfEvaluation? Form)> FinalFormAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var @case = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId)
            .Select(c => new { c.State, c.Programme!.Stage }).FirstOrDefaultAsync(ct);
        if (FinalRefusal(@case?.State, @case?.Stage) is { } refusal)
        {
            return (refusal, null);
        }
        var form = await db.Set<SelfEvaluation>().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId && s.OrganizationId == organizationId && s.Kind == SelfEvaluationKind.Final, ct);
        return form is { Status: SelfEvaluationStatus.Submitted } ? ("最终自评表已提交，不能再修改", form) : (null, form);
    }

    /// <summary>4.7.2: the final Appendix B belongs to pool members still in the programme, during the showcase stage.</summary>
    public static string? FinalRefusal(CaseState? state, ProgrammeStage? stage)
    {
        if (state is null)
        {
            return "本组织未参加该培育计划";
        }
        if (state is not (CaseState.Theory or CaseState.SiteVisited or CaseState.Showcased))
        {
            return $"本组织当前状态为“{CaseTransitions.Label(state.Value)}”，培育孵化库成员才能填写最终自评表（4.7.2）";
        }
        return stage == ProgrammeStage.Showcase ? null
            : $"培育计划当前阶段为“{ProgrammeStages.Label(stage!.Value)}”，孵化成果展示及交流阶段才能填写最终自评表（4.7.2）";
    }

    /// <summary>Uploads the report or evidence to the baseline (4.4.1) or the final (4.7.2) Appendix B; a draft is created first so the files have an owner.</summary>
    public async Task<string?> UploadAsync(Guid programmeId, Guid organizationId, SelfEvaluationKind kind, Stream content, string? fileName, string purpose, CancellationToken ct)
    {
        SelfEvaluation? form;
        if (kind == SelfEvaluationKind.Final)
        {
            (var refusal, form) = await FinalFormAsync(programmeId, organizationId, ct);
            if (refusal is not null)
            {
                return refusal;
            }
        }
        else
        {
            form = await db.Set<SelfEvaluation>().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId && s.OrganizationId == organizationId && s.Kind == SelfEvaluationKind.Baseline, ct);
            if (form is { Status: SelfEvaluationStatus.Submitted })
            {
                return "自评表已提交，不能再上传";
            }
            var due = await db.Programmes.Where(p => p.Id == programmeId).Select(p => p.SelfEvaluationDueOn).FirstOrDefaultAsync(ct);
            if (SelfEvaluationDeadline.Refusal(due, form?.ExtendedTo, ChinaTime.Today(clock)) is { } late)
            {
                return late;
            }
        }
        if (form is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            form = new SelfEvaluation { ProgrammeId = programmeId, OrganizationId = organizationId, Kind = kind, CreatedAt = now, UpdatedAt = now };
            db.Add(form);
        }
        var saved = await files.SaveAsync(content, fileName, nameof(SelfEvaluation), form.Id, organizationId, programmeId, purpose, ct);
        if (saved.Error is not null)
        {
            db.ChangeTracker.Clear();
            return saved.Error;
        }
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The Office extends one organization's self-evaluation deadline (4.4.1), with a reason; audited, and the organization is told.</summary>
    public async Task<string?> GrantExtensionAsync(Guid programmeId, Guid organizationId, DateOnly? extendTo, string? reason, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => new { p.Stage, p.SelfEvaluationDueOn }).FirstOrDefaultAsync(ct);
        if (programme is null || !await db.Cases.AnyAsync(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId, ct))
        {
            return "该组织未参加该培育计划";
        }
        if (programme.Stage != ProgrammeStage.BaselineAssessment)
        {
            return "只有摸底评估阶段可以延期自评";
        }
        if (SelfEvaluationDeadline.CheckExtension(programme.SelfEvaluationDueOn, extendTo, reason, ChinaTime.Today(clock)) is { } problem)
        {
            return problem;
        }
        var form = await db.Set<SelfEvaluation>().FirstOrDefaultAsync(s => s.ProgrammeId == programmeId && s.OrganizationId == organizationId && s.Kind == SelfEvaluationKind.Baseline, ct);
        if (form is { Status: SelfEvaluationStatus.Submitted })
        {
            return "该组织已提交自评，无需延期";
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (form is null)
        {
            form = new SelfEvaluation { ProgrammeId = programmeId, OrganizationId = organizationId, Kind = SelfEvaluationKind.Baseline, CreatedAt = now, UpdatedAt = now };
            db.Add(form);
        }
        form.ExtendedTo = extendTo;
        form.ExtensionReason = reason!.Trim();
        await notifier.NotifyOrganizationAsync(organizationId, $"自评截止日期已延期至{ChinaTime.DateText(extendTo)}", $"延期原因：{form.ExtensionReason}",
            $"/Assessment/SelfEvaluation/{programmeId}", ct);
        await db.SaveChangesAsync(ct);
        return null;
    }
}
