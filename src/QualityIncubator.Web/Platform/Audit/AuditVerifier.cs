using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Platform.Audit;

/// <summary>Reads the whole chain in sequence order, streaming, and checks it.</summary>
public static class AuditVerifier
{
    public static Task<ChainVerification> VerifyAsync(AppDbContext db, CancellationToken ct = default) =>
        Task.Run(() => AuditChain.Verify(db.AuditEvents.AsNoTracking().OrderBy(a => a.Sequence).AsEnumerable()), ct);
}
