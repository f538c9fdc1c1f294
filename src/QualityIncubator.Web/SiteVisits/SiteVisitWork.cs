using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>
/// Every change of on-site coaching (4.6.1–4.6.3): the Office plans, postpones, cancels and records a visit; the organization confirms who comes
/// and prepares the checklist. Audited (IAudited entities), saved with optimistic concurrency, history kept in <see cref="SiteVisitChange"/>.
/// </summary>
public sealed class SiteVisitWork(AppDbContext db, Notifier notifier, CaseWorkflow workflow, TimeProvider clock, IAuditActor actor)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Plans a visit to a pool member with its coaching team, the chosen responsible persons and the checklist.</summary>
    public async Task<(Guid? VisitId, string? Error)> PlanAsync(Guid programmeId, Guid organizationId, SiteVisitInput input, IReadOnlyCollection<Guid> responsiblePersonIds,
        string? checklist, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => new { p.Stage }).FirstOrDefaultAsync(ct);
        if (programme is null)
        {
            return (null, "培育计划不存在");
        }
        // 4.6: visits belong to the site-coaching stage
        if (programme.Stage != ProgrammeStage.SiteCoaching)
        {
            return (null, $"培育计划当前阶段为“{ProgrammeStages.Label(programme.Stage)}”，现场扶优阶段才能安排现场扶优（4.6）");
        }
        var pool = CaseTransitions.PoolStates.ToList();
        var organizationName = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.OrganizationId == organizationId && pool.Contains(c.State))
            .Select(c => c.Organization!.Name).FirstOrDefaultAsync(ct);
        if (organizationName is null)
        {
            return (null, "该组织不在培育孵化库中，不能安排现场扶优（4.6.1）");
        }
        var (items, checklistError) = SiteVisitRules.ParseChecklist(checklist);
        if (checklistError is not null)
        {
            return (null, checklistError);
        }
        var team = await SiteVisitTeam.LoadAsync(db, programmeId, organizationId, ct);
        if (await TeamRefusalAsync(team, input.Date!.Value, ct) is { } teamError)
        {
            return (null, teamError);
        }
        var people = await db.Set<ResponsiblePerson>().AsNoTracking()
            .Where(p => p.ProgrammeId == programmeId && p.OrganizationId == organizationId && !p.Removed && responsiblePersonIds.Contains(p.Id))
            .OrderBy(p => p.Name).ToListAsync(ct);
        if (people.Count != responsiblePersonIds.Distinct().Count())
        {
            return (null, "所选相关负责人无效，请刷新页面后重新选择");
        }

        var visit = new SiteVisit
        {
            ProgrammeId = programmeId, OrganizationId = organizationId, StartsAt = input.StartsAtUtc(), EndsAt = input.EndsAtUtc(), Place = input.Place!.Trim(),
            Format = input.Format!.Value, Status = SiteVisitStatus.Planned, Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim(), CreatedAt = Now,
        };
        db.Add(visit);
        foreach (var m in team)
        {
            db.Add(new SiteVisitAttendee { VisitId = visit.Id, ProgrammeId = programmeId, Side = AttendeeSide.Team, ExpertId = m.ExpertId, Name = m.Name, Title = m.IsLead ? "组长" : "组员", Confirmed = true });
        }
        foreach (var p in people)
        {
            db.Add(new SiteVisitAttendee { VisitId = visit.Id, ProgrammeId = programmeId, Side = AttendeeSide.Organization, ResponsiblePersonId = p.Id, Name = p.Name, Title = p.Title });
        }
        var order = 0;
        foreach (var text in items)
        {
            db.Add(new SiteVisitChecklistItem { VisitId = visit.Id, ProgrammeId = programmeId, SortOrder = ++order, Text = text });
        }
        db.Add(new SiteVisitChange { VisitId = visit.Id, ProgrammeId = programmeId, Kind = SiteVisitChangeKind.Planned, At = Now, By = actor.UserName, ToStartsAt = visit.StartsAt });

        var when = $"{ChinaTime.DateTimeText(visit.StartsAt)}–{ChinaTime.TimeText(visit.EndsAt)}";
        await notifier.NotifyOrganizationAsync(organizationId, "现场扶优安排",
            $"区评审办安排于 {when} 在“{visit.Place}”开展现场扶优（{SiteVisitLabels.Format(visit.Format)}）。请按要求做好准备，相关负责人应出席（4.6.2）；请在平台确认出席人员并完成准备事项。",
            $"/SiteVisits/Mine/{programmeId}", ct);
        foreach (var m in team.Where(m => m.UserId is not null))
        {
            await notifier.NotifyAsync(m.UserId!, $"现场扶优：{organizationName}",
                $"您作为{(m.IsLead ? "组长" : "现场扶优指导专家")}参加 {when} 在“{visit.Place}”对{organizationName}的现场扶优。", $"/SiteVisits/Coach/{visit.Id}", ct);
        }
        await db.SaveChangesAsync(ct);
        return (visit.Id, null);
    }

    /// <summary>Replaces the checklist text; items kept by text keep their ticks, removed ones go.</summary>
    public async Task<string?> SaveChecklistAsync(Guid visitId, string? checklist, long version, CancellationToken ct)
    {
        var visit = await db.Set<SiteVisit>().FirstOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return "现场扶优不存在";
        }
        if (visit.Status != SiteVisitStatus.Planned)
        {
            return $"该现场扶优{SiteVisitLabels.Status(visit.Status)}，准备事项不能再修改";
        }
        var (items, error) = SiteVisitRules.ParseChecklist(checklist);
        if (error is not null)
        {
            return error;
        }
        db.ExpectVersion(visit, version);
        var existing = await db.Set<SiteVisitChecklistItem>().Where(i => i.VisitId == visitId).ToListAsync(ct);
        var order = 0;
        foreach (var text in items)
        {
            var item = existing.FirstOrDefault(i => i.Text == text);
            if (item is null)
            {
                db.Add(new SiteVisitChecklistItem { VisitId = visitId, ProgrammeId = visit.ProgrammeId, SortOrder = ++order, Text = text });
            }
            else
            {
                existing.Remove(item);
                item.SortOrder = ++order;
            }
        }
        db.RemoveRange(existing);
        return await SaveAsync(ct);
    }

    /// <summary>Moves a planned visit to another day or time (team checked for the new day); the old time stays in the history.</summary>
    public async Task<string?> PostponeAsync(Guid visitId, SiteVisitInput input, string? reason, long version, CancellationToken ct)
    {
        var visit = await db.Set<SiteVisit>().FirstOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return "现场扶优不存在";
        }
        var starts = input.StartsAtUtc();
        var ends = input.EndsAtUtc();
        if (SiteVisitRules.CheckPostpone(visit.Status, visit.StartsAt, visit.EndsAt, starts, ends, reason) is { } refusal)
        {
            return refusal;
        }
        var team = await SiteVisitTeam.LoadAsync(db, visit.ProgrammeId, visit.OrganizationId, ct);
        if (await TeamRefusalAsync(team, input.Date!.Value, ct) is { } teamError)
        {
            return teamError;
        }
        db.ExpectVersion(visit, version);
        var from = visit.StartsAt;
        visit.StartsAt = starts;
        visit.EndsAt = ends;
        if (!string.IsNullOrWhiteSpace(input.Place))
        {
            visit.Place = input.Place.Trim();
        }
        db.Add(new SiteVisitChange
        {
            VisitId = visitId, ProgrammeId = visit.ProgrammeId, Kind = SiteVisitChangeKind.Postponed, At = Now, By = actor.UserName, FromStartsAt = from, ToStartsAt = starts, Reason = reason!.Trim(),
        });
        await TellEveryoneAsync(visit, team, "现场扶优改期",
            $"现场扶优由 {ChinaTime.DateTimeText(from)} 改期至 {ChinaTime.DateTimeText(starts)}–{ChinaTime.TimeText(ends)}，地点“{visit.Place}”。原因：{reason.Trim()}", ct);
        return await SaveAsync(ct);
    }

    /// <summary>Cancels a planned visit with a reason.</summary>
    public async Task<string?> CancelAsync(Guid visitId, string? reason, long version, CancellationToken ct)
    {
        var visit = await db.Set<SiteVisit>().FirstOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return "现场扶优不存在";
        }
        if (SiteVisitRules.CheckCancel(visit.Status, reason) is { } refusal)
        {
            return refusal;
        }
        db.ExpectVersion(visit, version);
        visit.Status = SiteVisitStatus.Cancelled;
        db.Add(new SiteVisitChange
        {
            VisitId = visitId, ProgrammeId = visit.ProgrammeId, Kind = SiteVisitChangeKind.Cancelled, At = Now, By = actor.UserName, FromStartsAt = visit.StartsAt, Reason = reason!.Trim(),
        });
        var team = await SiteVisitTeam.LoadAsync(db, visit.ProgrammeId, visit.OrganizationId, ct);
        await TellEveryoneAsync(visit, team, "现场扶优取消", $"原定于 {ChinaTime.DateTimeText(visit.StartsAt)} 的现场扶优已取消。原因：{reason.Trim()}", ct);
        return await SaveAsync(ct);
    }

    /// <summary>Records who attended (attendee id → yes/no) and marks the visit held; the organization's case moves to 已现场扶优 when it was in theory guidance.</summary>
    public async Task<IReadOnlyList<string>> RecordHeldAsync(Guid visitId, IReadOnlyDictionary<Guid, bool?> attendance, long version, CancellationToken ct)
    {
        var visit = await db.Set<SiteVisit>().FirstOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return ["现场扶优不存在"];
        }
        var attendees = await db.Set<SiteVisitAttendee>().Where(a => a.VisitId == visitId).OrderBy(a => a.Side).ThenBy(a => a.Name).ToListAsync(ct);
        var marks = attendees.Select(a => new AttendanceMark(a.Name, attendance.GetValueOrDefault(a.Id))).ToList();
        var errors = SiteVisitRules.CheckHeld(visit.Status, visit.StartsAt, Now, marks);
        if (errors.Count > 0)
        {
            return errors;
        }
        db.ExpectVersion(visit, version);
        foreach (var a in attendees)
        {
            a.Attended = attendance[a.Id];
        }
        visit.Status = SiteVisitStatus.Held;
        visit.HeldAt = Now;
        db.Add(new SiteVisitChange { VisitId = visitId, ProgrammeId = visit.ProgrammeId, Kind = SiteVisitChangeKind.Held, At = Now, By = actor.UserName, FromStartsAt = visit.StartsAt });
        // 4.6: the organization has had its on-site coaching
        var @case = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == visit.ProgrammeId && c.OrganizationId == visit.OrganizationId && c.State == CaseState.Theory)
            .Select(c => new { c.Id, c.Version }).FirstOrDefaultAsync(ct);
        if (@case is null)
        {
            return await SaveAsync(ct) is { } stale ? [stale] : [];
        }
        // the visit held and the case's move are one save: a refused or stale move leaves the visit planned, to record again
        var moved = await workflow.TransitionAsync(@case.Id, CaseState.SiteVisited, null, @case.Version, ct);
        if (!moved.Succeeded)
        {
            db.ChangeTracker.Clear();
            return [moved.Error!];
        }
        return [];
    }

    // ---------- the organization (4.6.2) ----------

    /// <summary>The organization ticks which of its responsible persons will attend.</summary>
    public async Task<string?> ConfirmAttendeesAsync(Guid visitId, Guid organizationId, IReadOnlyCollection<Guid> attending, long version, CancellationToken ct)
    {
        var visit = await db.Set<SiteVisit>().FirstOrDefaultAsync(v => v.Id == visitId && v.OrganizationId == organizationId, ct);
        if (visit is null)
        {
            return "现场扶优不存在";
        }
        if (visit.Status != SiteVisitStatus.Planned)
        {
            return $"该现场扶优{SiteVisitLabels.Status(visit.Status)}，不能再确认出席人员";
        }
        var people = await db.Set<SiteVisitAttendee>().Where(a => a.VisitId == visitId && a.Side == AttendeeSide.Organization).ToListAsync(ct);
        // 4.6.2: the responsible persons should attend the meeting
        if (people.Count > 0 && !people.Any(p => attending.Contains(p.Id)))
        {
            return "相关负责人应出席现场扶优会议，请至少确认一位出席人员（4.6.2）";
        }
        db.ExpectVersion(visit, version);
        foreach (var p in people)
        {
            p.Confirmed = attending.Contains(p.Id);
        }
        visit.AttendeesConfirmedAt = Now;
        visit.AttendeesConfirmedBy = actor.UserName;
        return await SaveAsync(ct);
    }

    /// <summary>The organization ticks one checklist item done (or not) with a note.</summary>
    public async Task<string?> TickChecklistAsync(Guid visitId, Guid organizationId, Guid itemId, bool done, string? note, long version, CancellationToken ct)
    {
        var status = await db.Set<SiteVisit>().Where(v => v.Id == visitId && v.OrganizationId == organizationId).Select(v => (SiteVisitStatus?)v.Status).FirstOrDefaultAsync(ct);
        var item = status is null ? null : await db.Set<SiteVisitChecklistItem>().FirstOrDefaultAsync(i => i.Id == itemId && i.VisitId == visitId, ct);
        if (item is null)
        {
            return "准备事项不存在";
        }
        if (status != SiteVisitStatus.Planned)
        {
            return $"该现场扶优{SiteVisitLabels.Status(status!.Value)}，准备事项不能再修改";
        }
        if (note?.Trim().Length > 1000)
        {
            return "说明不能超过1000个字";
        }
        db.ExpectVersion(item, version);
        item.Done = done;
        item.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        item.DoneAt = done ? Now : null;
        return await SaveAsync(ct);
    }

    private async Task<string?> TeamRefusalAsync(IReadOnlyList<TeamMember> team, DateOnly date, CancellationToken ct)
    {
        var ids = team.Select(m => m.ExpertId).ToList();
        var away = await db.ExpertUnavailability.AsNoTracking().Where(u => ids.Contains(u.ExpertId) && u.Date == date).Select(u => new { u.ExpertId, u.Date }).ToListAsync(ct);
        var unavailable = away.GroupBy(u => u.ExpertId).ToDictionary(g => g.Key, g => (IReadOnlySet<DateOnly>)g.Select(u => u.Date).ToHashSet());
        return SiteVisitRules.CheckTeam(team, date, unavailable);
    }

    private async Task TellEveryoneAsync(SiteVisit visit, IReadOnlyList<TeamMember> team, string title, string body, CancellationToken ct)
    {
        await notifier.NotifyOrganizationAsync(visit.OrganizationId, title, body, $"/SiteVisits/Mine/{visit.ProgrammeId}", ct);
        foreach (var m in team.Where(m => m.UserId is not null))
        {
            await notifier.NotifyAsync(m.UserId!, title, body, $"/SiteVisits/Coach/{visit.Id}", ct);
        }
    }

    private async Task<string?> SaveAsync(CancellationToken ct) => await db.TrySaveAsync(ct) ? null : ConcurrencyMessages.Stale;
}
