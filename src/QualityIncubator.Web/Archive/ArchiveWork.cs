using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Archive;

/// <summary>The archive as the Office sees it: stage, readiness to seal, the seal, the package and its progress.</summary>
public sealed record ArchiveView(
    Guid ProgrammeId, string Title, int Year, ProgrammeStage Stage, long ProgrammeVersion, IReadOnlyList<string> Missing, ArchiveStatusView? Archive);

public sealed record ArchiveStatusView(
    DateTime SealedAt, DateOnly SealedOn, int RetentionYears, DateOnly RetainUntil, string? SealedBy, ArchiveStatus Status, int DoneSteps, int TotalSteps,
    string? CurrentStep, string? Error, long? PackageSize, string? PackageSha256, string? ManifestSha256, int EntryCount, DateTime? BuiltAt, bool Restored)
{
    public int Percent => TotalSteps == 0 ? 0 : (int)Math.Min(100, DoneSteps * 100L / TotalSteps);
}

/// <summary>One archived file as the archive page lists it.</summary>
public sealed record ArchivedFileRow(Guid Id, string FileName, string? OrganizationName, string? Purpose, long Size, string Sha256, DateTime UploadedAt);

/// <summary>The outcome of an archive action: done, or refused with the reason (and the retention date when retention refused it).</summary>
public sealed record ArchiveResult(bool Succeeded, string? Error, bool NotFound = false, bool Conflict = false, DateOnly? RetainUntil = null)
{
    public static readonly ArchiveResult Ok = new(true, null);
    public static ArchiveResult Refused(string error, DateOnly? retainUntil = null) => new(false, error, RetainUntil: retainUntil);
    public static ArchiveResult Missing() => new(false, "记录不存在", NotFound: true);
    public static ArchiveResult Stale() => new(false, ConcurrencyMessages.Stale, Conflict: true);
}

/// <summary>Sealing (6.1), the package, retention (6.2) and the refusal to delete within it.</summary>
public sealed class ArchiveWork(AppDbContext db, CaseWorkflow workflow, TimeProvider clock, IAuditActor actor, ArchiveQueue queue, FileStore files, ReviewCompletion review)
{
    public async Task<ArchiveView?> ViewAsync(Guid programmeId, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId)
            .Select(p => new { p.Id, p.Title, p.Year, p.Stage, p.Version }).FirstOrDefaultAsync(ct);
        if (programme is null)
        {
            return null;
        }
        var archive = await db.Set<ProgrammeArchive>().AsNoTracking().Where(a => a.ProgrammeId == programmeId)
            .Select(a => new ArchiveStatusView(a.SealedAt, a.SealedOn, a.RetentionYears, a.RetainUntil, a.SealedBy, a.Status, a.DoneSteps, a.TotalSteps,
                a.CurrentStep, a.Error, a.PackageSize, a.PackageSha256, a.ManifestSha256, a.EntryCount, a.BuiltAt, a.Restored))
            .FirstOrDefaultAsync(ct);
        var missing = SealingRule.Missing(await ReadinessAsync(programmeId, programme.Stage, ct));
        return new ArchiveView(programme.Id, programme.Title, programme.Year, programme.Stage, programme.Version, missing, archive);
    }

    /// <summary>The facts the sealing rule needs: the stage, whether the summary is approved, how many served roles are unrated.</summary>
    public async Task<SealingRule.Readiness> ReadinessAsync(Guid programmeId, ProgrammeStage stage, CancellationToken ct)
    {
        return new SealingRule.Readiness(stage, await review.SummaryApprovedAsync(programmeId, ct), await review.UnratedRolesAsync(programmeId, ct));
    }

    /// <summary>6.1 seals the programme: its stage becomes 已封存 (read-only from then on) and the package is queued to be written.</summary>
    public async Task<ArchiveResult> SealAsync(Guid programmeId, int retentionYears, long expectedVersion, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => new { p.Stage, p.Version }).FirstOrDefaultAsync(ct);
        if (programme is null)
        {
            return ArchiveResult.Missing();
        }
        if (programme.Version != expectedVersion)
        {
            return ArchiveResult.Stale();
        }
        if (retentionYears < RetentionRule.MinimumYears || retentionYears > 100)
        {
            return ArchiveResult.Refused($"保存年限须为 {RetentionRule.MinimumYears}–100 年（DB31117/Z 018-2022 第6.2条：至少保存五年）");
        }
        var missing = SealingRule.Missing(await ReadinessAsync(programmeId, programme.Stage, ct));
        if (missing.Count > 0)
        {
            return ArchiveResult.Refused("尚不能封存：" + string.Join("；", missing));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var sealedOn = ChinaTime.DateOf(now);
        // one transaction: a package builder (of any instance) sees the archive record only once it knows where its audit trail ends
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(new ProgrammeArchive
        {
            ProgrammeId = programmeId, SealedAt = now, SealedOn = sealedOn, RetentionYears = retentionYears,
            RetainUntil = RetentionRule.RetainUntil(sealedOn, retentionYears), SealedBy = actor.UserName, Status = ArchiveStatus.Building,
        });
        db.Audit(AuditActions.Sealed, nameof(Programme), programmeId.ToString(), null,
            new { RetentionYears = retentionYears, RetainUntil = ChinaTime.DateText(RetentionRule.RetainUntil(sealedOn, retentionYears)) }, programmeId);
        var result = await workflow.SealProgrammeAsync(programmeId, expectedVersion, ct);
        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return result.Conflict ? ArchiveResult.Stale() : ArchiveResult.Refused(result.Error ?? "封存未成功");
        }
        // the package holds the audit trail up to and including the seal
        var cutoff = await db.AuditEvents.AsNoTracking().Where(e => e.ProgrammeId == programmeId).MaxAsync(e => e.Sequence, ct);
        var archive = await db.Set<ProgrammeArchive>().FirstAsync(a => a.ProgrammeId == programmeId, ct);
        archive.AuditSequence = cutoff;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        queue.Signal();
        return ArchiveResult.Ok;
    }

    /// <summary>Starts writing a failed package again (the programme stays sealed; nothing else changes).</summary>
    public async Task<ArchiveResult> RebuildAsync(Guid programmeId, CancellationToken ct)
    {
        var archive = await db.Set<ProgrammeArchive>().FirstOrDefaultAsync(a => a.ProgrammeId == programmeId, ct);
        if (archive is null)
        {
            return ArchiveResult.Missing();
        }
        if (archive.Status != ArchiveStatus.Failed)
        {
            return ArchiveResult.Refused("只有生成失败的档案包可以重新生成");
        }
        archive.Status = ArchiveStatus.Building;
        archive.Error = null;
        archive.BuilderInstance = null;
        archive.DoneSteps = 0;
        if (!await db.TrySaveAsync(ct))
        {
            return ArchiveResult.Stale();
        }
        queue.Signal();
        return ArchiveResult.Ok;
    }

    public async Task<PagedList<ArchivedFileRow>> FilesAsync(Guid programmeId, int? page, CancellationToken ct) =>
        await db.Attachments.AsNoTracking().Where(a => a.ProgrammeId == programmeId)
            .GroupJoin(db.Organizations, a => a.OrganizationId, o => o.Id, (a, o) => new { a, o })
            .SelectMany(x => x.o.DefaultIfEmpty(), (x, o) => new { x.a, Org = o == null ? null : o.Name })
            .OrderBy(x => x.Org).ThenBy(x => x.a.UploadedAt)
            .Select(x => new ArchivedFileRow(x.a.Id, x.a.FileName, x.Org, x.a.Purpose, x.a.Size, x.a.Sha256, x.a.UploadedAt))
            .ToPagedAsync(page, 50, ct);

    /// <summary>
    /// 6.2 deleting an archived file: refused (and audited, by the data layer) within the retention period with the date it ends;
    /// after it, the file's record is removed and its content too when nothing else refers to it.
    /// </summary>
    public async Task<ArchiveResult> DeleteFileAsync(Guid programmeId, Guid attachmentId, CancellationToken ct)
    {
        var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == attachmentId && a.ProgrammeId == programmeId, ct);
        if (attachment is null)
        {
            return ArchiveResult.Missing();
        }
        var sha = attachment.Sha256;
        db.Attachments.Remove(attachment);
        db.Audit(AuditActions.ArchivedFileDeleted, nameof(Attachment), attachmentId.ToString(), new { attachment.FileName, attachment.Sha256 }, null, programmeId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (SealedArchiveException refused)
        {
            return ArchiveResult.Refused(refused.Message, refused.RetainUntil);
        }
        if (!await db.Attachments.AnyAsync(a => a.Sha256 == sha, ct))
        {
            var path = files.PathFor(sha);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        return ArchiveResult.Ok;
    }

    /// <summary>The package file to download, when it is ready; the download is audited.</summary>
    public async Task<(string Path, string FileName)?> PackageForDownloadAsync(Guid programmeId, CancellationToken ct)
    {
        var archive = await db.Set<ProgrammeArchive>().AsNoTracking().Where(a => a.ProgrammeId == programmeId && a.Status == ArchiveStatus.Ready)
            .Select(a => new { a.PackagePath, a.PackageSha256 }).FirstOrDefaultAsync(ct);
        var title = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => p.Title).FirstOrDefaultAsync(ct);
        if (archive?.PackagePath is null || title is null)
        {
            return null;
        }
        var path = Path.Combine(files.Root, archive.PackagePath);
        if (!File.Exists(path))
        {
            return null;
        }
        db.Audit(AuditActions.ArchiveDownloaded, nameof(ProgrammeArchive), programmeId.ToString(), null, new { archive.PackageSha256 }, programmeId);
        await db.SaveChangesAsync(ct);
        return (path, $"{ArchiveChecks.SafeName(title)}-档案.zip");
    }

    /// <summary>Where a programme's package lives, relative to the file store root.</summary>
    public static string PackagePathFor(Guid programmeId) => Path.Combine("archives", $"{programmeId:N}.zip");
}
