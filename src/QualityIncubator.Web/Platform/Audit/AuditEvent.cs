using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace QualityIncubator.Web.Platform.Audit;

/// <summary>One append-only entry of the audit trail, chained to its predecessor by SHA-256.</summary>
public sealed class AuditEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Position in the chain, assigned under a lock when the event is saved (1, 2, 3 …).</summary>
    public long Sequence { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? ClientAddress { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    public Guid? ProgrammeId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

public static class AuditActions
{
    public const string Created = "Created";
    public const string Updated = "Updated";
    public const string Deleted = "Deleted";
    public const string Transition = "Transition";
    public const string StageAdvanced = "StageAdvanced";
    public const string SignedIn = "SignedIn";
    public const string SignInFailed = "SignInFailed";
    public const string SignedOut = "SignedOut";
    public const string PasswordChanged = "PasswordChanged";
    public const string PasswordResetRequested = "PasswordResetRequested";
    public const string PasswordReset = "PasswordReset";
    public const string TwoFactorEnabled = "TwoFactorEnabled";
    public const string TwoFactorDisabled = "TwoFactorDisabled";
    public const string TwoFactorKeyReset = "TwoFactorKeyReset";
    public const string RecoveryCodesGenerated = "RecoveryCodesGenerated";
    public const string FileUploaded = "FileUploaded";
    public const string FileDownloaded = "FileDownloaded";
    public const string ChainVerified = "ChainVerified";
    public const string WindowExtended = "WindowExtended";
    public const string MaterialOpened = "MaterialOpened";
    public const string RemindersSent = "RemindersSent";
    public const string PoolPublished = "PoolPublished";
    public const string Sealed = "Sealed";
    public const string SealedWriteRefused = "SealedWriteRefused";
    public const string SealedDeleteRefused = "SealedDeleteRefused";
    public const string ArchiveBuilt = "ArchiveBuilt";
    public const string ArchiveVerified = "ArchiveVerified";
    public const string ArchiveDownloaded = "ArchiveDownloaded";
    public const string ArchiveRestored = "ArchiveRestored";
    public const string ArchivedFileDeleted = "ArchivedFileDeleted";
    public const string SummaryReopened = "SummaryReopened";

    /// <summary>The Chinese words the audit page shows for an action.</summary>
    public static string Label(string action) => action switch
    {
        Created => "新建",
        Updated => "修改",
        Deleted => "删除",
        Transition => "状态变更",
        StageAdvanced => "阶段推进",
        SignedIn => "登录",
        SignInFailed => "登录失败",
        SignedOut => "退出",
        PasswordChanged => "修改密码",
        PasswordResetRequested => "申请重置密码",
        PasswordReset => "通过邮件重置密码",
        TwoFactorEnabled => "启用双重验证",
        TwoFactorDisabled => "停用双重验证",
        TwoFactorKeyReset => "更换双重验证密钥",
        RecoveryCodesGenerated => "重新生成恢复码",
        FileUploaded => "上传文件",
        FileDownloaded => "下载文件",
        ChainVerified => "校验审计链",
        WindowExtended => "延长申报截止日期",
        MaterialOpened => "专家查看组织材料",
        RemindersSent => "发送提醒",
        PoolPublished => "发布培育孵化库",
        Sealed => "封存归档",
        SealedWriteRefused => "拒绝修改已封存档案",
        SealedDeleteRefused => "拒绝删除保存期内档案",
        ArchiveBuilt => "生成档案包",
        ArchiveVerified => "校验档案包",
        ArchiveDownloaded => "下载档案包",
        ArchiveRestored => "导入档案包",
        ArchivedFileDeleted => "删除保存期满的档案文件",
        SummaryReopened => "重新打开工作总结",
        _ => action,
    };
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        // The unique sequence is the chain's order; a second writer racing for the same number fails instead of forking the chain.
        builder.HasIndex(a => a.Sequence).IsUnique();
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.EntityType).HasMaxLength(64);
        builder.Property(a => a.EntityId).HasMaxLength(200);
        builder.Property(a => a.ActorId).HasMaxLength(64);
        builder.Property(a => a.ActorName).HasMaxLength(256);
        builder.Property(a => a.ClientAddress).HasMaxLength(64);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.HasIndex(a => a.OccurredAt);
        builder.HasIndex(a => new { a.EntityType, a.EntityId });
        // a programme's trail, newest first, pages through the index (the Office's audit page filtered by programme, 6)
        builder.HasIndex(a => new { a.ProgrammeId, a.Sequence });
        builder.HasIndex(a => a.ActorName);
    }
}
