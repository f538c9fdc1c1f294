using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Platform.Audit;

/// <summary>The filters of the audit page and endpoint.</summary>
public sealed record AuditFilter(string? Actor, string? Action, string? EntityType, string? EntityId, Guid? ProgrammeId, DateOnly? From, DateOnly? To);

public sealed record AuditRow(long Sequence, DateTime OccurredAt, string? ActorName, string? ClientAddress, string Action, string EntityType, string? EntityId, string? Before, string? After);

public static class AuditQuery
{
    public static IQueryable<AuditRow> Filter(IQueryable<AuditEvent> events, AuditFilter f)
    {
        var q = events.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Actor))
        {
            q = q.Where(a => a.ActorName != null && a.ActorName.Contains(f.Actor.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            q = q.Where(a => a.Action == f.Action);
        }
        if (!string.IsNullOrWhiteSpace(f.EntityType))
        {
            q = q.Where(a => a.EntityType == f.EntityType);
        }
        if (!string.IsNullOrWhiteSpace(f.EntityId))
        {
            q = q.Where(a => a.EntityId == f.EntityId.Trim());
        }
        if (f.ProgrammeId is { } programme)
        {
            q = q.Where(a => a.ProgrammeId == programme);
        }
        if (f.From is { } from)
        {
            var start = ChinaTime.StartOfDayUtc(from);
            q = q.Where(a => a.OccurredAt >= start);
        }
        if (f.To is { } to)
        {
            var end = ChinaTime.StartOfDayUtc(to.AddDays(1));
            q = q.Where(a => a.OccurredAt < end);
        }
        return q.OrderByDescending(a => a.Sequence)
            .Select(a => new AuditRow(a.Sequence, a.OccurredAt, a.ActorName, a.ClientAddress, a.Action, a.EntityType, a.EntityId, a.Before, a.After));
    }
}
