using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;
using QualityIncubator.Web.Showcase;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Web.Archive;

/// <summary>
/// One table of the machine-readable export (data/{Name}.json): which rows belong to a programme, how they are written, and how
/// they are read back into an empty instance. <see cref="Shared"/> tables (organizations, experts, stored files) describe more than
/// one programme: on restore a row already present is kept as it is.
/// </summary>
internal sealed class ArchiveTable
{
    public required string Name { get; init; }
    public required bool Shared { get; init; }
    public required Func<AppDbContext, Guid, Stream, CancellationToken, Task<int>> WriteAsync { get; init; }
    public required Func<AppDbContext, Stream, CancellationToken, Task<int>> RestoreAsync { get; init; }

    public string Path => $"data/{Name}.json";
}

/// <summary>The tables of a programme's archive, in an order that satisfies every foreign key on restore.</summary>
internal static class ArchiveTables
{
    public static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        // navigations are never loaded for the export; the foreign-key columns carry the relations
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const int FlushBytes = 32 * 1024;

    public static readonly IReadOnlyList<ArchiveTable> All =
    [
        Table<Programme>((db, id) => db.Programmes.Where(p => p.Id == id)),
        Table<ProgrammeStageWindow>((db, id) => db.ProgrammeStageWindows.Where(w => w.ProgrammeId == id)),
        Table<ApplicationCall>((db, id) => db.ApplicationCalls.Where(c => c.ProgrammeId == id)),
        Table<Organization>((db, id) => db.Organizations.Where(o => db.Cases.Any(c => c.ProgrammeId == id && c.OrganizationId == o.Id)), shared: true),
        Table<StoredFile>((db, id) => db.StoredFiles.Where(f => db.Attachments.Any(a => a.ProgrammeId == id && a.Sha256 == f.Sha256)), shared: true),
        Table<Attachment>((db, id) => db.Attachments.Where(a => a.ProgrammeId == id)),
        Table<Application>((db, id) => db.Applications.Where(a => a.ProgrammeId == id)),
        Table<ApplicationCertification>((db, id) => db.ApplicationCertifications.Where(c => db.Applications.Any(a => a.Id == c.ApplicationId && a.ProgrammeId == id))),
        Table<ApplicationHonour>((db, id) => db.ApplicationHonours.Where(h => db.Applications.Any(a => a.Id == h.ApplicationId && a.ProgrammeId == id))),
        Table<Case>((db, id) => db.Cases.Where(c => c.ProgrammeId == id)),
        Table<CaseEvent>((db, id) => db.CaseEvents.Where(e => e.ProgrammeId == id)),
        Table<Expert>((db, id) => db.Experts.Where(e => ServedIn(db, id).Contains(e.Id)), shared: true, scrub: e => e.UserId = null),
        Table<ExpertConflict>((db, id) => db.ExpertConflicts.Where(c => ServedIn(db, id).Contains(c.ExpertId)), shared: true),
        Table<ExpertPledge>((db, id) => db.ExpertPledges.Where(p => p.ProgrammeId == id)),
        Table<ExpertAssignment>((db, id) => db.ExpertAssignments.Where(a => a.ProgrammeId == id)),
        Table<Course>((db, id) => db.Set<Course>().Where(c => c.ProgrammeId == id)),
        Table<CourseMaterial>((db, id) => db.Set<CourseMaterial>().Where(m => m.ProgrammeId == id)),
        Table<CourseSession>((db, id) => db.Set<CourseSession>().Where(s => s.ProgrammeId == id)),
        Table<SessionLecturer>((db, id) => db.Set<SessionLecturer>().Where(l => l.ProgrammeId == id)),
        Table<StudyRecord>((db, id) => db.Set<StudyRecord>().Where(r => r.ProgrammeId == id)),
        Table<ResponsiblePerson>((db, id) => db.Set<ResponsiblePerson>().Where(r => r.ProgrammeId == id)),
        Table<ElectiveChoice>((db, id) => db.Set<ElectiveChoice>().Where(c => c.ProgrammeId == id)),
        Table<Attendance>((db, id) => db.Set<Attendance>().Where(a => a.ProgrammeId == id)),
        Table<SelfEvaluation>((db, id) => db.Set<SelfEvaluation>().Where(s => s.ProgrammeId == id)),
        Table<ExpertReview>((db, id) => db.Set<ExpertReview>().Where(r => r.ProgrammeId == id)),
        Table<ReviewConsensus>((db, id) => db.Set<ReviewConsensus>().Where(r => r.ProgrammeId == id)),
        Table<QualityAnalysis>((db, id) => db.Set<QualityAnalysis>().Where(q => q.ProgrammeId == id)),
        Table<AdministrativePenalty>((db, id) => db.Set<AdministrativePenalty>().Where(p => p.ProgrammeId == id)),
        Table<PoolMember>((db, id) => db.Set<PoolMember>().Where(m => m.ProgrammeId == id)),
        Table<SiteVisit>((db, id) => db.Set<SiteVisit>().Where(v => v.ProgrammeId == id)),
        Table<SiteVisitChange>((db, id) => db.Set<SiteVisitChange>().Where(c => c.ProgrammeId == id)),
        Table<SiteVisitAttendee>((db, id) => db.Set<SiteVisitAttendee>().Where(a => a.ProgrammeId == id)),
        Table<SiteVisitChecklistItem>((db, id) => db.Set<SiteVisitChecklistItem>().Where(i => i.ProgrammeId == id)),
        Table<SiteVisitOpinion>((db, id) => db.Set<SiteVisitOpinion>().Where(o => o.ProgrammeId == id)),
        Table<OpinionComment>((db, id) => db.Set<OpinionComment>().Where(c => c.ProgrammeId == id)),
        Table<OpinionSignature>((db, id) => db.Set<OpinionSignature>().Where(s => s.ProgrammeId == id)),
        Table<ShowcaseProfile>((db, id) => db.Set<ShowcaseProfile>().Where(p => p.ProgrammeId == id)),
        Table<ExchangeEvent>((db, id) => db.Set<ExchangeEvent>().Where(e => e.ProgrammeId == id)),
        Table<ExchangeAttendance>((db, id) => db.Set<ExchangeAttendance>().Where(a => a.ProgrammeId == id)),
        Table<ProgrammeSummary>((db, id) => db.Set<ProgrammeSummary>().Where(s => s.ProgrammeId == id)),
        Table<ExpertRating>((db, id) => db.Set<ExpertRating>().Where(r => r.ProgrammeId == id)),
        // an action carried from an earlier programme points to a record outside this archive: the link is kept as text in the export
        // and dropped on restore when that programme is not present, or when the earlier action was carried on elsewhere meanwhile
        // (an action is carried once: the unique index on CarriedFromId)
        Table<ImprovementAction>((db, id) => db.Set<ImprovementAction>().Where(a => a.ProgrammeId == id), restoreFix: async (db, a, ct) =>
        {
            if (a.CarriedFromId is { } from && (!await db.Set<ImprovementAction>().AnyAsync(x => x.Id == from, ct)
                || await db.Set<ImprovementAction>().AnyAsync(x => x.CarriedFromId == from && x.Id != a.Id, ct)))
            {
                a.CarriedFromId = null;
            }
        }),
        Table<ExpertTeamDecision>((db, id) => db.Set<ExpertTeamDecision>().Where(d => d.ProgrammeId == id)),
    ];

    /// <summary>The experts with any part in the programme (5.2.3 roles, pledges, ratings).</summary>
    private static IQueryable<Guid> ServedIn(AppDbContext db, Guid programmeId) =>
        db.ExpertAssignments.Where(a => a.ProgrammeId == programmeId).Select(a => a.ExpertId)
            .Union(db.Set<SessionLecturer>().Where(l => l.ProgrammeId == programmeId).Select(l => l.ExpertId))
            .Union(db.ExpertPledges.Where(p => p.ProgrammeId == programmeId).Select(p => p.ExpertId))
            .Union(db.Set<ExpertRating>().Where(r => r.ProgrammeId == programmeId).Select(r => r.ExpertId))
            .Union(db.Set<ExpertTeamDecision>().Where(d => d.ProgrammeId == programmeId).Select(d => d.ExpertId));

    private static ArchiveTable Table<T>(Func<AppDbContext, Guid, IQueryable<T>> rows, bool shared = false, Action<T>? scrub = null,
        Func<AppDbContext, T, CancellationToken, Task>? restoreFix = null) where T : class => new()
    {
        Name = typeof(T).Name,
        Shared = shared,
        WriteAsync = async (db, programmeId, output, ct) =>
        {
            var count = 0;
            await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = Json.Encoder });
            writer.WriteStartArray();
            await foreach (var row in rows(db, programmeId).AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
            {
                JsonSerializer.Serialize(writer, row, Json);
                count++;
                // flushed by size, so the writer's buffer stays small (a long text field makes rows of many kilobytes)
                if (writer.BytesPending > FlushBytes)
                {
                    await writer.FlushAsync(ct);
                }
            }
            writer.WriteEndArray();
            await writer.FlushAsync(ct);
            return count;
        },
        RestoreAsync = async (db, input, ct) =>
        {
            var count = 0;
            var keyProperties = db.Model.FindEntityType(typeof(T))!.FindPrimaryKey()!.Properties;
            await foreach (var row in JsonSerializer.DeserializeAsyncEnumerable<T>(input, Json, ct))
            {
                if (row is null)
                {
                    continue;
                }
                if (shared)
                {
                    var key = keyProperties.Select(p => p.PropertyInfo!.GetValue(row)).ToArray();
                    if (await db.Set<T>().FindAsync(key, ct) is not null)
                    {
                        continue;
                    }
                }
                scrub?.Invoke(row);
                if (restoreFix is not null)
                {
                    await restoreFix(db, row, ct);
                }
                db.Set<T>().Add(row);
                if (++count % 500 == 0)
                {
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            return count;
        },
    };
}
