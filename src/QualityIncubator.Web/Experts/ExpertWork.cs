using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Experts;

/// <summary>Every change of an expert's record (4.2): profile, conflicts, pledge. Validated, audited (IAudited), saved with optimistic concurrency.</summary>
public sealed class ExpertWork(AppDbContext db, TimeProvider clock)
{
    public Task<Expert?> FindAsync(Guid id, CancellationToken ct) =>
        db.Experts.Include(e => e.Conflicts).FirstOrDefaultAsync(e => e.Id == id, ct);

    public Task<Expert?> FindByUserAsync(string userId, CancellationToken ct) =>
        db.Experts.Include(e => e.Conflicts).FirstOrDefaultAsync(e => e.UserId == userId, ct);

    /// <summary>Creates (when <paramref name="expert"/> is null) or updates a record; returns field errors or a stale-version message.</summary>
    public async Task<(Expert? Expert, IReadOnlyList<FieldError> Errors, string? Message)> SaveAsync(Expert? expert, ExpertInput input, bool byOffice, CancellationToken ct)
    {
        var book = await CodeBook.LoadAsync(db, ct);
        var errors = input.Check(byOffice, book.Sets().Industries).ToList();
        if (errors.Count > 0)
        {
            return (null, errors, null);
        }
        if (expert is null)
        {
            expert = new Expert { CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Experts.Add(expert);
        }
        else
        {
            db.ExpectVersion(expert, input.Version);
        }
        input.ApplyTo(expert, byOffice);
        try
        {
            await db.SaveChangesAsync(ct);
            return (expert, [], null);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, [], ConcurrencyMessages.Stale);
        }
    }

    public async Task<IReadOnlyList<string>> AddConflictAsync(Guid expertId, ConflictInput input, bool byOffice, CancellationToken ct)
    {
        var errors = input.Check().Select(e => e.Message).ToList();
        if (errors.Count > 0)
        {
            return errors;
        }
        db.ExpertConflicts.Add(input.ToEntity(expertId, byOffice, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Removes a conflict; an expert may not remove one the Office recorded.</summary>
    public async Task<bool> RemoveConflictAsync(Guid expertId, Guid conflictId, bool byOffice, CancellationToken ct)
    {
        var conflict = await db.ExpertConflicts.FirstOrDefaultAsync(c => c.Id == conflictId && c.ExpertId == expertId, ct);
        if (conflict is null || (!byOffice && conflict.DeclaredByOffice))
        {
            return false;
        }
        db.ExpertConflicts.Remove(conflict);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>4.2.3: the expert signs this programme's pledge (time and text version recorded); signing twice changes nothing.</summary>
    public async Task SignPledgeAsync(Guid expertId, Guid programmeId, CancellationToken ct)
    {
        if (await Pledge.IsSignedAsync(db, expertId, programmeId, ct))
        {
            return;
        }
        db.ExpertPledges.Add(new ExpertPledge { ExpertId = expertId, ProgrammeId = programmeId, SignedAt = clock.GetUtcNow().UtcDateTime, TextVersion = Pledge.Version, TextSha256 = Pledge.Sha256 });
        await db.SaveChangesAsync(ct);
    }
}
