using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Applications;

/// <summary>The outcome of an application operation: done, or refused with field errors / a message, or stale.</summary>
public sealed record ApplicationResult(Application? Application, IReadOnlyList<FieldError> Errors, string? Message, bool Conflict = false)
{
    public bool Succeeded => Errors.Count == 0 && Message is null;
    public static ApplicationResult Ok(Application a) => new(a, [], null);
    public static ApplicationResult Refused(string message) => new(null, [], message);
    public static ApplicationResult Invalid(IReadOnlyList<FieldError> errors) => new(null, errors, null);
    public static ApplicationResult Stale() => new(null, [], ConcurrencyMessages.Stale, true);
}

/// <summary>
/// Every change of an application (4.1.3): save draft, submit, return, withdraw, and the Office's eligibility decision (4.1.2).
/// Checks the order of things and the window, saves with optimistic concurrency, moves the case, notifies the organization.
/// </summary>
public sealed class ApplicationWork(AppDbContext db, CaseWorkflow workflow, Notifier notifier, TimeProvider clock, IAuditActor actor)
{
    private DateOnly Today => ChinaTime.Today(clock);

    public Task<Application?> FindAsync(Guid programmeId, Guid organizationId, CancellationToken ct) =>
        db.Applications.Include(a => a.Certifications).Include(a => a.Honours)
            .FirstOrDefaultAsync(a => a.ProgrammeId == programmeId && a.OrganizationId == organizationId, ct);

    /// <summary>A new, unsaved application prefilled from the organization's registration.</summary>
    public async Task<Application> NewAsync(Guid programmeId, Guid organizationId, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == organizationId, ct);
        return new Application
        {
            ProgrammeId = programmeId, OrganizationId = organizationId, OrganizationName = org.Name, CreditCode = org.CreditCode,
            ContactName = org.ContactName, ContactPhone = org.ContactMobile, ContactEmail = org.ContactEmail,
        };
    }

    public async Task<ApplicationResult> SaveAsync(Guid programmeId, Guid organizationId, ApplicationInput input, bool submit, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId, ct);
        if (programme is null)
        {
            return ApplicationResult.Refused("培育计划不存在");
        }
        var application = await FindAsync(programmeId, organizationId, ct);
        if (application is { Status: ApplicationStatus.Withdrawn })
        {
            return ApplicationResult.Refused("申请书已撤回，不能再修改");
        }
        if (application is { Status: ApplicationStatus.Submitted })
        {
            return ApplicationResult.Refused("申请书已提交，区评审办退回修改前不能再修改");
        }
        var call = await db.ApplicationCalls.AsNoTracking().FirstOrDefaultAsync(c => c.ProgrammeId == programmeId, ct);
        if (submit && ApplicationRules.WindowRefusal(call, Today) is { } closed)
        {
            return ApplicationResult.Refused(closed);
        }
        if (programme.Stage > ProgrammeStage.Mobilization)
        {
            return ApplicationResult.Refused("组织发动阶段已结束，不能再填写申请书");
        }
        var isNew = application is null;
        application ??= await NewAsync(programmeId, organizationId, ct);
        // The name and credit code are the registered organization's; the form shows them read-only.
        input.OrganizationName = application.OrganizationName;
        input.CreditCode = application.CreditCode;
        var codes = (await CodeBook.LoadAsync(db, ct)).Sets();
        var errors = ApplicationRules.Validate(input, submit, Today, codes);
        if (errors.Count > 0)
        {
            return ApplicationResult.Invalid(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (isNew)
        {
            application.CreatedAt = now;
            db.Applications.Add(application);
        }
        else
        {
            db.ExpectVersion(application, input.Version);
            db.ApplicationCertifications.RemoveRange(application.Certifications);
            db.ApplicationHonours.RemoveRange(application.Honours);
        }
        input.ApplyTo(application);
        application.UpdatedAt = now;
        if (submit)
        {
            application.Status = ApplicationStatus.Submitted;
            application.SubmittedAt = now;
            application.ReturnComment = null;
            application.CaseId ??= workflow.Open(programmeId, organizationId, "提交申请书").Id;
            await notifier.NotifyOfficeAsync($"收到申请书：{application.OrganizationName}", $"{programme.Title}：{application.OrganizationName} 提交了申请书。", $"/Applications/Review/{application.Id}", ct);
        }
        return await SaveAsync(application, ct);
    }

    public async Task<ApplicationResult> WithdrawAsync(Guid applicationId, long version, string? reason, CancellationToken ct)
    {
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null)
        {
            return ApplicationResult.Refused("申请书不存在");
        }
        if (application.Status == ApplicationStatus.Withdrawn)
        {
            return ApplicationResult.Refused("申请书已撤回");
        }
        if (application.Decision != EligibilityDecision.Pending)
        {
            return ApplicationResult.Refused("区评审办已作出资格审查结论，不能再撤回申请书");
        }
        var call = await db.ApplicationCalls.AsNoTracking().FirstOrDefaultAsync(c => c.ProgrammeId == application.ProgrammeId, ct);
        if (call is not null && Today > call.ClosesOn)
        {
            return ApplicationResult.Refused($"申报已于 {call.ClosesOn:yyyy-MM-dd} 截止，不能再撤回");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ApplicationResult.Invalid([new FieldError("reason", "请填写撤回原因")]);
        }
        db.ExpectVersion(application, version);
        application.Status = ApplicationStatus.Withdrawn;
        application.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (application.CaseId is { } caseId)
        {
            var @case = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == caseId, ct);
            var result = await workflow.TransitionAsync(caseId, CaseState.Withdrawn, "撤回申请书：" + reason.Trim(), @case.Version, ct);
            return result.Succeeded ? ApplicationResult.Ok(application) : result.Conflict ? ApplicationResult.Stale() : ApplicationResult.Refused(result.Error!);
        }
        return await SaveAsync(application, ct);
    }

    public async Task<ApplicationResult> ReturnAsync(Guid applicationId, long version, string? comment, CancellationToken ct)
    {
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null)
        {
            return ApplicationResult.Refused("申请书不存在");
        }
        if (application.Status != ApplicationStatus.Submitted || application.Decision != EligibilityDecision.Pending)
        {
            return ApplicationResult.Refused("只有已提交且尚未作出资格审查结论的申请书可以退回修改");
        }
        if (string.IsNullOrWhiteSpace(comment))
        {
            return ApplicationResult.Invalid([new FieldError("comment", "请填写退回意见，说明需要修改的内容")]);
        }
        db.ExpectVersion(application, version);
        application.Status = ApplicationStatus.Returned;
        application.ReturnComment = comment.Trim();
        application.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await notifier.NotifyOrganizationAsync(application.OrganizationId, "申请书被退回修改", $"区评审办退回了您的申请书，意见：{application.ReturnComment}", $"/Applications/Form/{application.ProgrammeId}", ct);
        return await SaveAsync(application, ct);
    }

    /// <summary>4.1.2: the Office confirms or overrides the rule's verdict; overriding and confirming without a clear verdict need a reason.</summary>
    public async Task<ApplicationResult> DecideAsync(Guid applicationId, long version, EligibilityDecision decision, string? reason, string? leadershipJudgement, CancellationToken ct)
    {
        var application = await db.Applications.Include(a => a.Certifications).FirstOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null)
        {
            return ApplicationResult.Refused("申请书不存在");
        }
        if (application.Status != ApplicationStatus.Submitted || application.CaseId is null)
        {
            return ApplicationResult.Refused("只能对已提交的申请书作出资格审查结论");
        }
        if (decision == EligibilityDecision.Pending)
        {
            return ApplicationResult.Invalid([new FieldError("decision", "请选择审查结论")]);
        }
        var verdict = await VerdictAsync(application, ct);
        var errors = new List<FieldError>();
        if (decision == EligibilityDecision.Eligible && string.IsNullOrWhiteSpace(leadershipJudgement))
        {
            errors.Add(new("leadershipJudgement", "请记录对“主要领导质量管理意识强”的判断"));
        }
        var agrees = (verdict.Overall == CriterionStatus.Met && decision == EligibilityDecision.Eligible)
                     || (verdict.Overall == CriterionStatus.NotMet && decision == EligibilityDecision.Ineligible);
        if (!agrees && string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new("reason", verdict.Overall == CriterionStatus.NeedsJudgement
                ? "规则判断须区评审办判断，请写明作出该结论的理由"
                : $"该结论与规则判断（{verdict.Summary}）不一致，请写明理由"));
        }
        if (errors.Count > 0)
        {
            return ApplicationResult.Invalid(errors);
        }
        var @case = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == application.CaseId, ct);
        var target = decision == EligibilityDecision.Eligible ? CaseState.Eligible : CaseState.Ineligible;
        db.ExpectVersion(application, version);
        application.Decision = decision;
        application.DecisionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        application.LeadershipJudgement = string.IsNullOrWhiteSpace(leadershipJudgement) ? null : leadershipJudgement.Trim();
        application.DecidedBy = actor.UserName;
        application.DecidedAt = clock.GetUtcNow().UtcDateTime;
        var label = ApplicationLabels.Decision(decision);
        await notifier.NotifyOrganizationAsync(application.OrganizationId, $"资格审查结果：{label}",
            $"您提交的培育孵化项目申请书经区评审办审查，结论为“{label}”。" + (application.DecisionReason is null ? "" : $"说明：{application.DecisionReason}"),
            $"/Cases/{application.CaseId}", ct);
        var caseReason = $"资格审查：{verdict.Summary}；区评审办结论：{label}" + (application.DecisionReason is null ? "" : $"（{application.DecisionReason}）");
        var moved = await workflow.TransitionAsync(@case.Id, target, caseReason, @case.Version, ct);
        return moved.Succeeded ? ApplicationResult.Ok(application) : moved.Conflict ? ApplicationResult.Stale() : ApplicationResult.Refused(moved.Error!);
    }

    /// <summary>Rows of an import saved together (in the import's one transaction).</summary>
    public const int ImportBatchRows = 500;

    /// <summary>
    /// Saves the valid rows of an import as submitted applications (with their organizations and cases) in one transaction;
    /// rows whose organization already applied to this programme are reported, not saved.
    /// </summary>
    public async Task<(int Imported, IReadOnlyList<ImportRowError> Errors)> ImportAsync(Guid programmeId, IReadOnlyList<ImportRow> rows, CancellationToken ct)
    {
        var errors = rows.SelectMany(r => r.Errors).ToList();
        var valid = rows.Where(r => r.Input is not null).ToList();
        var codes = valid.Select(r => CreditCode.Normalize(r.Input!.CreditCode)).ToList();
        var organizations = await db.Organizations.Where(o => codes.Contains(o.CreditCode)).ToDictionaryAsync(o => o.CreditCode, ct);
        var applied = (await db.Applications.AsNoTracking().Where(a => a.ProgrammeId == programmeId && codes.Contains(a.CreditCode)).Select(a => a.CreditCode).ToListAsync(ct)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var imported = 0;
        // One transaction, saved ImportBatchRows rows at a time with the change tracker emptied in between: a single save of 5,000 rows
        // tracks some 55,000 records (organizations, applications, certifications, cases and their audit events), and both the save's
        // work per record and the memory it holds grow with that (bench `import`).
        await using var transaction = valid.Count > 0 && db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var unsaved = 0;
        foreach (var row in valid)
        {
            var input = row.Input!;
            var code = CreditCode.Normalize(input.CreditCode);
            if (applied.Contains(code))
            {
                errors.Add(new ImportRowError(row.Row, "统一社会信用代码", $"该组织（{code}）已在本计划中提交过申请书"));
                continue;
            }
            if (!organizations.TryGetValue(code, out var organization))
            {
                organization = db.Organizations.Add(new Organization
                {
                    Name = input.OrganizationName!.Trim(), CreditCode = code, ContactName = input.ContactName?.Trim(),
                    ContactMobile = PhoneNumbers.IsMobile(input.ContactPhone) ? PhoneNumbers.Normalize(input.ContactPhone) : null, ContactEmail = input.ContactEmail?.Trim(), CreatedAt = now,
                }).Entity;
                organizations[code] = organization;
            }
            var application = new Application
            {
                ProgrammeId = programmeId, OrganizationId = organization.Id, OrganizationName = organization.Name, CreditCode = code,
                Status = ApplicationStatus.Submitted, CreatedAt = now, UpdatedAt = now, SubmittedAt = now,
            };
            input.ApplyTo(application);
            application.CaseId = workflow.Open(programmeId, organization.Id, $"区评审办从 Excel 导入（第{row.Row}行）").Id;
            db.Applications.Add(application);
            imported++;
            if (++unsaved == ImportBatchRows)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                unsaved = 0;
            }
        }
        if (unsaved > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return (imported, [.. errors.OrderBy(e => e.Row)]);
    }

    public async Task<EligibilityVerdict> VerdictAsync(Application application, CancellationToken ct)
    {
        var book = await CodeBook.LoadAsync(db, ct);
        var call = await db.ApplicationCalls.AsNoTracking().FirstOrDefaultAsync(c => c.ProgrammeId == application.ProgrammeId, ct);
        var reference = call?.ClosesOn ?? Today;
        return EligibilityRule.Evaluate(ApplicationRules.Facts(application, code => book.Label(CodeLists.Certification, code) ?? code), reference);
    }

    private async Task<ApplicationResult> SaveAsync(Application application, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return ApplicationResult.Ok(application);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApplicationResult.Stale();
        }
        catch (DbUpdateException)
        {
            // Two first saves raced: the unique (programme, organization) index kept the other one.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList())
            {
                entry.State = EntityState.Detached;
            }
            if (await db.Applications.AsNoTracking().AnyAsync(a => a.ProgrammeId == application.ProgrammeId && a.OrganizationId == application.OrganizationId, ct))
            {
                return ApplicationResult.Stale();
            }
            throw;
        }
    }
}
