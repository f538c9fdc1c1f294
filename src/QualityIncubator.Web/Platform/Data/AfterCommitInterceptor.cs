using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QualityIncubator.Web.Platform.Data;

/// <summary>Runs the context's after-commit work when a transaction commits and forgets it when one rolls back.</summary>
internal sealed class AfterCommitInterceptor : DbTransactionInterceptor
{
    public static readonly AfterCommitInterceptor Instance = new();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => (eventData.Context as AppDbContext)?.RunAfterCommit();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as AppDbContext)?.RunAfterCommit();
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => (eventData.Context as AppDbContext)?.ForgetAfterCommit();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as AppDbContext)?.ForgetAfterCommit();
        return Task.CompletedTask;
    }
}
