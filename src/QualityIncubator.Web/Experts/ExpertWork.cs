using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Experts;

/// <summary>Every change of an expert's record (4.2): profile, conflicts, pledge. Validated, audited (IAudited), saved with optimistic concurrency.</summary>
public sealed class ExpertWork(AppDbContext db, Platform.Notifications.Notifier notifier, TimeProvider clock)
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

    /// <summary>
    /// A manual assignment by the Office, checked against the hard constraints (4.2.3 and 5.2.3): active expert, role held, no conflict, not already assigned.
    /// Returns the refusal in Chinese, or null when saved.
    /// </summary>
    public async Task<string?> AssignAsync(Guid programmeId, Guid expertId, Guid organizationId, AssignmentRole role, bool isLead, string? note, CancellationToken ct)
    {
        var expert = await db.Experts.AsNoTracking().Include(e => e.Conflicts).Include(e => e.Unavailability).FirstOrDefaultAsync(e => e.Id == expertId, ct);
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (expert is null || organization is null || !await db.Cases.AnyAsync(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId, ct))
        {
            return "专家或组织不存在，或该组织未参加本计划";
        }
        // The engine's hard constraints are the one place these checks live (4.2.3, 5.2.3, capacity).
        var conflictReasons = ConflictRule.Find(ConflictFacts.Of(expert), new ConflictTarget(organization.CreditCode, organization.Name), Platform.Web.ChinaTime.Today(clock));
        var industry = await db.Applications.AsNoTracking().Where(a => a.ProgrammeId == programmeId && a.OrganizationId == organizationId).Select(a => a.IndustryCode).FirstOrDefaultAsync(ct);
        var current = await db.ExpertAssignments.AsNoTracking().Where(a => a.ProgrammeId == programmeId && a.Role == role && a.Status == AssignmentStatus.Active)
            .Select(a => new Assignment.AssignedPair(a.OrganizationId, a.ExpertId)).ToListAsync(ct);
        var check = Assignment.AssignmentEngine.Validate(
            new Assignment.Demand(organizationId, organization.Name, ExpertProposals.EngineRole(role), 1, null, industry, [], []),
            ExpertProposals.ToCandidate(expert), current,
            conflictReasons.Count > 0 ? [new Assignment.Conflict(expertId, organizationId)] : []);
        if (!check.Allowed)
        {
            return string.Join("；", check.Reasons) + (conflictReasons.Count > 0 ? "：" + string.Join("；", conflictReasons) : "");
        }
        db.ExpertAssignments.Add(new ExpertAssignment
        {
            ProgrammeId = programmeId, ExpertId = expertId, OrganizationId = organizationId, Role = role, IsLead = isLead,
            Explanation = string.IsNullOrWhiteSpace(note) ? "区评审办手动分配" : note.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>4.2.3: an expert who sees a conflict recuses with one click and a reason; the Office is told.</summary>
    public async Task<string?> RecuseAsync(Guid expertId, Guid assignmentId, string? reason, CancellationToken ct)
    {
        var assignment = await db.ExpertAssignments.Include(a => a.Organization).Include(a => a.Expert).FirstOrDefaultAsync(a => a.Id == assignmentId && a.ExpertId == expertId, ct);
        if (assignment is null || assignment.Status != AssignmentStatus.Active)
        {
            return "任务不存在或已结束";
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "请填写回避原因";
        }
        assignment.Status = AssignmentStatus.Recused;
        assignment.RecusalReason = reason.Trim();
        assignment.EndedAt = clock.GetUtcNow().UtcDateTime;
        await notifier.NotifyOfficeAsync($"专家申请回避：{assignment.Expert!.Name}",
            $"{assignment.Expert.Name}已回避“{assignment.Organization!.Name}”的{AssignmentLabels.Role(assignment.Role)}任务，原因：{assignment.RecusalReason}。请安排替补专家。",
            $"/Experts/Assignments/{assignment.ProgrammeId}", ct);
        await db.SaveChangesAsync(ct);
        return null;
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
