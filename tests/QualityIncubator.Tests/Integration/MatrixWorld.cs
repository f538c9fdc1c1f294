using System.Collections;
using System.Linq.Expressions;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// The data the authorization matrix, the direct-object-reference, CSRF and download tests run against: a programme A (still in 4.1)
/// with the own, other, withdrawn (4.3.5) and exited (4.4.4.3) organizations and their records, experts in every state, a course, a
/// visit, an exchange event; a programme B whose records of the same kinds belong to an organization no persona is; a sealed programme.
/// Built once per provider and purpose (the matrix may change its world; the refusal tests compare theirs before and after).
/// </summary>
public sealed partial class MatrixWorld
{
    private static readonly Dictionary<(DbProvider, string), Task<MatrixWorld>> Worlds = [];
    private static readonly Lock WorldsLock = new();

    private readonly Dictionary<Persona, string> _tokens = [];

    private MatrixWorld(AppFactory app, Dictionary<string, string> values, Dictionary<string, string> otherProgramme, Dictionary<Persona, TestClient> clients, IReadOnlyList<Guid> ids)
    {
        App = app;
        Values = values;
        OtherProgramme = otherProgramme;
        Clients = clients;
        Ids = ids;
    }

    public AppFactory App { get; }

    /// <summary>Placeholder name → value in programme A (the own organization's records unless the name says whose).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Placeholder name → a record of the same kind in programme B (another programme, another organization).</summary>
    public IReadOnlyDictionary<string, string> OtherProgramme { get; }

    public IReadOnlyDictionary<Persona, TestClient> Clients { get; }

    /// <summary>Every key of the world's records: what <see cref="SnapshotAsync()"/> looks at.</summary>
    public IReadOnlyList<Guid> Ids { get; }

    public static Task<MatrixWorld> GetAsync(AppFactories factories, DbProvider provider, string purpose)
    {
        lock (WorldsLock)
        {
            if (!Worlds.TryGetValue((provider, purpose), out var world) || world.IsFaulted)
            {
                world = BuildAsync(factories, provider);
                Worlds[(provider, purpose)] = world;
            }
            return world;
        }
    }

    /// <summary>The URL of a row's pattern with the world's values, some placeholders replaced.</summary>
    public string Url(string pattern, IReadOnlyDictionary<string, string>? replace = null) =>
        Placeholder().Replace(pattern, m => replace is not null && replace.TryGetValue(m.Groups[1].Value, out var v) ? v : Values[m.Groups[1].Value]);

    public static IReadOnlyList<string> PlaceholdersOf(string pattern) => [.. Placeholder().Matches(pattern).Select(m => m.Groups[1].Value).Distinct()];

    /// <summary>The persona's antiforgery request token (one per session, taken once).</summary>
    public async Task<string> TokenAsync(Persona persona)
    {
        lock (_tokens)
        {
            if (_tokens.TryGetValue(persona, out var known))
            {
                return known;
            }
        }
        var client = Clients[persona];
        string token;
        if (persona == Persona.Anonymous)
        {
            var html = await client.GetStringAsync("/Account/Login");
            token = FormToken().Match(html).Groups[1].Value;
        }
        else
        {
            token = await client.CsrfTokenAsync();
        }
        lock (_tokens)
        {
            _tokens[persona] = token;
        }
        return token;
    }

    /// <summary>
    /// Sends a row's request as the persona, with the world's values (some <paramref name="replace"/>d): the row's JSON body for the API,
    /// its form fields for a page handler; with the persona's antiforgery token unless <paramref name="withToken"/> is false.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Persona persona, MatrixRow row, IReadOnlyDictionary<string, string>? replace = null, bool withToken = true)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), Url(row.Pattern, replace));
        if (row.ChangesState)
        {
            request.Content = row.IsPageHandler
                ? new FormUrlEncodedContent(Form(row.Body is null ? "" : Url(row.Body, replace)))
                : new StringContent(row.Body ?? "{}", Encoding.UTF8, "application/json");
            if (withToken)
            {
                request.Headers.Add("X-CSRF-TOKEN", await TokenAsync(persona));
            }
        }
        return await Clients[persona].Http.SendAsync(request);
    }

    private static IEnumerable<KeyValuePair<string, string>> Form(string fields) =>
        fields.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : ""));

    /// <summary>Refused: 401/403/404 or a redirect to the login or access-denied page.</summary>
    public static bool IsRefusal(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? "";
        return status is 401 or 403 or 404
            || (status == 302 && (location.Contains("/Account/Login", StringComparison.Ordinal) || location.Contains("/Account/AccessDenied", StringComparison.Ordinal)));
    }

    /// <summary>A guess at the record created just after <paramref name="id"/>: the same GUID with its last byte counted up (with carry).</summary>
    public static Guid Next(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (++bytes[i] != 0)
            {
                break;
            }
        }
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// Every row of every table that names one of the world's keys in any GUID column (audit events and data-protection keys aside:
    /// a refusal may be audited), as text: two snapshots are equal when nothing of the world was added, changed or removed.
    /// </summary>
    public Task<SortedSet<string>> SnapshotAsync() => SnapshotAsync(App, Ids);

    public static Task<SortedSet<string>> SnapshotAsync(AppFactory app, IReadOnlyCollection<Guid> ids) => app.WithScopeAsync(s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var rows = new SortedSet<string>(StringComparer.Ordinal);
        var keys = ids.ToList();
        var nullableKeys = ids.Select(i => (Guid?)i).ToList();
        var set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && !t.HasSharedClrType && t.FindPrimaryKey() is not null
                     && t.ClrType != typeof(AuditEvent) && t.ClrType != typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey)))
        {
            var guidColumns = type.GetProperties().Where(p => (p.ClrType == typeof(Guid) || p.ClrType == typeof(Guid?)) && p.PropertyInfo is not null).ToList();
            if (guidColumns.Count == 0)
            {
                continue;
            }
            var e = Expression.Parameter(type.ClrType, "e");
            Expression? match = null;
            foreach (var column in guidColumns)
            {
                var value = Expression.Property(e, column.PropertyInfo!);
                Expression contains = column.ClrType == typeof(Guid)
                    ? Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid)], Expression.Constant(keys), value)
                    : Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid?)], Expression.Constant(nullableKeys), value);
                match = match is null ? contains : Expression.OrElse(match, contains);
            }
            var query = (IQueryable)set.MakeGenericMethod(type.ClrType).Invoke(db, null)!;
            var filtered = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [type.ClrType], query.Expression,
                Expression.Quote(Expression.Lambda(match!, e)));
            var noTracking = Expression.Call(typeof(EntityFrameworkQueryableExtensions), nameof(EntityFrameworkQueryableExtensions.AsNoTracking), [type.ClrType], filtered);
            var properties = type.GetProperties().Where(p => p.PropertyInfo is not null).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            foreach (var entity in (IEnumerable)query.Provider.CreateQuery(noTracking))
            {
                rows.Add(type.ShortName() + " " + string.Join("|", properties.Select(p => p.Name + "=" + Text(p.PropertyInfo!.GetValue(entity)))));
            }
        }
        return Task.FromResult(rows);
    });

    private static string Text(object? value) => value switch
    {
        null => "∅",
        DateTime d => d.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>What differs between two snapshots, for an assertion's message.</summary>
    public static string Difference(SortedSet<string> before, SortedSet<string> after) =>
        string.Join("\n", before.Except(after).Select(r => "- " + r).Concat(after.Except(before).Select(r => "+ " + r)).Take(20));

    private sealed record Org(Guid Id, Guid CaseId, string Name);

    private static async Task<MatrixWorld> BuildAsync(AppFactories factories, DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        var (ownOrg, ownCase) = await app.CreateCaseAsync(programme, "矩阵本组织");
        var (otherOrg, otherCase) = await app.CreateCaseAsync(programme, "矩阵他组织");
        var (withdrawnOrg, withdrawnCase) = await app.CreateCaseAsync(programme, "矩阵退出组织");
        var (exitedOrg, exitedCase) = await app.CreateCaseAsync(programme, "矩阵出库组织");
        var other = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization, "矩阵另一计划");
        var (otherProgrammeOrg, otherProgrammeCase) = await app.CreateCaseAsync(other, "矩阵另一计划组织");

        // 4.3.5 withdrawn after the awareness courses; 4.4.4.3 exited from the pool: each with its timeline and its application
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            void Timeline(Guid caseId, Guid programmeId, string reason, params CaseState[] states)
            {
                for (var i = 0; i < states.Length; i++)
                {
                    db.CaseEvents.Add(new CaseEvent { CaseId = caseId, ProgrammeId = programmeId, From = i == 0 ? CaseState.Applied : states[i - 1], To = states[i], At = now.AddDays(-states.Length + i), ActorName = "matrix", Reason = i == states.Length - 1 ? reason : null });
                }
            }
            var withdrawn = await db.Cases.SingleAsync(c => c.Id == withdrawnCase);
            (withdrawn.State, withdrawn.ClosingReason) = (CaseState.Withdrawn, "矩阵：本年度暂不参加");
            Timeline(withdrawnCase, programme, "矩阵：本年度暂不参加", CaseState.Eligible, CaseState.Awareness, CaseState.Withdrawn);
            var exited = await db.Cases.SingleAsync(c => c.Id == exitedCase);
            (exited.State, exited.ClosingReason) = (CaseState.Exited, "矩阵：拒不配合培育孵化工作要求");
            Timeline(exitedCase, programme, "矩阵：拒不配合培育孵化工作要求", CaseState.Eligible, CaseState.Awareness, CaseState.Continuing, CaseState.SelfEvaluated,
                CaseState.Reviewed, CaseState.Analysed, CaseState.InPool, CaseState.Theory, CaseState.Exited);
            db.Add(new Web.Pool.PoolMember
            {
                ProgrammeId = programme, OrganizationId = exitedOrg, EnteredAt = now.AddDays(-3), Rank = 1, ExitedAt = now.AddDays(-1),
                ExitGround = Web.Pool.ExitGround.NonCooperation, ExitReason = "矩阵：拒不配合培育孵化工作要求", ExitedBy = "matrix",
            });
            await db.SaveChangesAsync();
        });

        var (ownAttachment, withdrawnAttachment, otherProgrammeAttachment) = await app.WithScopeAsync(async s =>
        {
            var store = s.GetRequiredService<FileStore>();
            var own = await store.SaveAsync(new MemoryStream(FileTypesTests.Pdf()), "矩阵.pdf", "Case", ownCase, ownOrg, programme, null);
            var withdrawn = await store.SaveAsync(new MemoryStream(FileTypesTests.Pdf()), "矩阵退出组织.pdf", "Case", withdrawnCase, withdrawnOrg, programme, null);
            var b = await store.SaveAsync(new MemoryStream(FileTypesTests.Pdf()), "矩阵另一计划.pdf", "Case", otherProgrammeCase, otherProgrammeOrg, other, null);
            await s.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return (own.Attachment!.Id, withdrawn.Attachment!.Id, b.Attachment!.Id);
        });

        var applications = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.ApplicationCalls.Add(new ApplicationCall { ProgrammeId = programme, Html = "<p>征集</p>", OpensOn = new DateOnly(2020, 1, 1), ClosesOn = new DateOnly(2099, 12, 31), PublishedAt = DateTime.UtcNow });
            var result = new Dictionary<Guid, Guid>();
            foreach (var (org, caseId, programmeId, name, decided) in new[]
                     {
                         (ownOrg, ownCase, programme, "矩阵本组织", false), (withdrawnOrg, withdrawnCase, programme, "矩阵退出组织", true),
                         (exitedOrg, exitedCase, programme, "矩阵出库组织", true), (otherProgrammeOrg, otherProgrammeCase, other, "矩阵另一计划组织", false),
                     })
            {
                var code = await db.Organizations.Where(o => o.Id == org).Select(o => o.CreditCode).SingleAsync();
                var a = new Application
                {
                    ProgrammeId = programmeId, OrganizationId = org, OrganizationName = name, CreditCode = code, Status = ApplicationStatus.Submitted, CaseId = caseId,
                    SubmittedAt = DateTime.UtcNow, Decision = decided ? EligibilityDecision.Eligible : EligibilityDecision.Pending,
                };
                db.Applications.Add(a);
                result[org] = a.Id;
            }
            await db.SaveChangesAsync();
            return result;
        });

        var expertUsers = new Dictionary<Persona, string>();
        foreach (var persona in new[] { Persona.Expert, Persona.ExpertUnassigned, Persona.ExpertConflicted, Persona.ExpertNoPledge, Persona.ExpertSuspended })
        {
            expertUsers[persona] = await app.CreateUserAsync(Roles.Expert);
        }
        var expertIds = new List<Guid>();
        var (expertId, assignmentId, otherProgrammeAssignment) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var ownCode = await db.Organizations.Where(o => o.Id == ownOrg).Select(o => o.CreditCode).SingleAsync();
            (Guid Expert, Guid Assignment) result = default;
            foreach (var (persona, user) in expertUsers)
            {
                var userId = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
                var expert = new Web.Experts.Expert
                {
                    Name = "矩阵" + persona, UserId = userId, IsReportReviewer = true, CreatedAt = DateTime.UtcNow,
                    Status = persona == Persona.ExpertSuspended ? Web.Experts.ExpertStatus.Suspended : Web.Experts.ExpertStatus.Active,
                };
                db.Experts.Add(expert);
                expertIds.Add(expert.Id);
                if (persona == Persona.ExpertConflicted)
                {
                    db.ExpertConflicts.Add(new Web.Experts.ExpertConflict { ExpertId = expert.Id, Kind = Web.Experts.ConflictKind.Organization, CreditCode = ownCode, DeclaredByOffice = true, CreatedAt = DateTime.UtcNow });
                }
                if (persona != Persona.ExpertUnassigned)
                {
                    var assignment = new Web.Experts.ExpertAssignment { ProgrammeId = programme, ExpertId = expert.Id, OrganizationId = ownOrg, Role = Web.Experts.AssignmentRole.ReportReviewer, CreatedAt = DateTime.UtcNow };
                    db.ExpertAssignments.Add(assignment);
                    if (persona == Persona.Expert)
                    {
                        result = (expert.Id, assignment.Id);
                        // 4.6.1: also the lead of the own organization's coaching team
                        db.ExpertAssignments.Add(new Web.Experts.ExpertAssignment { ProgrammeId = programme, ExpertId = expert.Id, OrganizationId = ownOrg, Role = Web.Experts.AssignmentRole.SiteCoach, IsLead = true, CreatedAt = DateTime.UtcNow });
                        db.ExpertUnavailability.Add(new Web.Experts.ExpertUnavailability { ExpertId = expert.Id, Date = new DateOnly(2099, 1, 1), Note = "矩阵" });
                    }
                }
                if (persona != Persona.ExpertNoPledge)
                {
                    db.ExpertPledges.Add(new Web.Experts.ExpertPledge { ExpertId = expert.Id, ProgrammeId = programme, SignedAt = DateTime.UtcNow, TextVersion = Web.Experts.Pledge.Version, TextSha256 = Web.Experts.Pledge.Sha256 });
                }
            }
            // programme B's reviewer of its organization: a task no persona holds
            var expertB = new Web.Experts.Expert { Name = "矩阵另一计划专家", IsReportReviewer = true, CreatedAt = DateTime.UtcNow };
            db.Experts.Add(expertB);
            expertIds.Add(expertB.Id);
            var assignmentB = new Web.Experts.ExpertAssignment { ProgrammeId = other, ExpertId = expertB.Id, OrganizationId = otherProgrammeOrg, Role = Web.Experts.AssignmentRole.ReportReviewer, CreatedAt = DateTime.UtcNow };
            db.ExpertAssignments.Add(assignmentB);
            db.ExpertPledges.Add(new Web.Experts.ExpertPledge { ExpertId = expertB.Id, ProgrammeId = other, SignedAt = DateTime.UtcNow, TextVersion = Web.Experts.Pledge.Version, TextSha256 = Web.Experts.Pledge.Sha256 });
            await db.SaveChangesAsync();
            return (result.Expert, result.Assignment, assignmentB.Id);
        });

        // 4.5: a course with a file material and a session (taught by the assigned expert in A), in each programme
        async Task<(Guid Course, Guid Session, Guid Material)> CourseAsync(Guid programmeId, Guid? lecturer) => await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var course = new Web.Courses.Course { ProgrammeId = programmeId, Stage = Web.Courses.CourseStage.Awareness, Kind = Web.Courses.CourseKind.Mandatory, Title = "矩阵课程", CreatedAt = DateTime.UtcNow };
            var session = new Web.Courses.CourseSession { CourseId = course.Id, ProgrammeId = programmeId, StartsAt = DateTime.UtcNow.AddDays(1), EndsAt = DateTime.UtcNow.AddDays(1).AddHours(2), Place = "矩阵会议室" };
            db.Add(course);
            db.Add(session);
            if (lecturer is { } l)
            {
                db.Add(new Web.Courses.SessionLecturer { SessionId = session.Id, ProgrammeId = programmeId, ExpertId = l });
            }
            var file = await s.GetRequiredService<FileStore>().SaveAsync(new MemoryStream(FileTypesTests.Pdf()), "课件.pdf", nameof(Web.Courses.Course), course.Id, null, programmeId, "课程资料");
            var material = new Web.Courses.CourseMaterial { CourseId = course.Id, ProgrammeId = programmeId, Title = "课件", AttachmentId = file.Attachment!.Id };
            db.Add(material);
            await db.SaveChangesAsync();
            return (course.Id, session.Id, material.Id);
        });
        var (courseId, sessionId, materialId) = await CourseAsync(programme, expertId);
        var (courseB, sessionB, materialB) = await CourseAsync(other, null);

        // 4.6: a held visit of the own organization (and one of B's organization); 4.7: an exchange event in each programme
        async Task<(Guid Visit, Guid Event)> VisitAndEventAsync(Guid programmeId, Guid organizationId) => await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var visit = new Web.SiteVisits.SiteVisit
            {
                ProgrammeId = programmeId, OrganizationId = organizationId, StartsAt = DateTime.UtcNow.AddDays(-1), EndsAt = DateTime.UtcNow.AddDays(-1).AddHours(3),
                Place = "矩阵现场", Status = Web.SiteVisits.SiteVisitStatus.Held, HeldAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow,
            };
            db.Add(visit);
            var e = new Web.Showcase.ExchangeEvent { ProgrammeId = programmeId, Title = "矩阵交流会", StartsAt = DateTime.UtcNow.AddDays(2), CreatedAt = DateTime.UtcNow };
            db.Add(e);
            await db.SaveChangesAsync();
            return (visit.Id, e.Id);
        });
        var (visitId, eventId) = await VisitAndEventAsync(programme, ownOrg);
        var (visitB, eventB) = await VisitAndEventAsync(other, otherProgrammeOrg);

        // 6: a sealed programme with a package and an archived file
        var (sealedProgramme, sealedAttachment) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var files = s.GetRequiredService<FileStore>();
            var sealedProgramme = new Programme { Year = 2020, Title = "矩阵已封存计划", Stage = ProgrammeStage.Archive, CreatedAt = DateTime.UtcNow };
            db.Programmes.Add(sealedProgramme);
            await db.SaveChangesAsync();
            var file = await files.SaveAsync(new MemoryStream(FileTypesTests.Pdf()), "归档.pdf", "Programme", sealedProgramme.Id, ownOrg, sealedProgramme.Id, "归档文件");
            var relative = Web.Archive.ArchiveWork.PackagePathFor(sealedProgramme.Id);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(files.Root, relative))!);
            await File.WriteAllBytesAsync(Path.Combine(files.Root, relative), [0x50, 0x4B, 0x05, 0x06, .. new byte[18]]);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            db.Add(new Web.Archive.ProgrammeArchive
            {
                ProgrammeId = sealedProgramme.Id, SealedAt = DateTime.UtcNow, SealedOn = today, RetainUntil = Web.Archive.RetentionRule.RetainUntil(today),
                Status = Web.Archive.ArchiveStatus.Ready, PackagePath = relative, PackageSha256 = new string('0', 64),
            });
            sealedProgramme.Stage = ProgrammeStage.Sealed;
            await db.SaveChangesAsync();
            return (sealedProgramme.Id, file.Attachment!.Id);
        });

        var clients = new Dictionary<Persona, TestClient> { [Persona.Anonymous] = TestClient.For(app), [Persona.Office] = await TestClient.OfficeAsync(app) };
        foreach (var (persona, user) in expertUsers)
        {
            clients[persona] = await TestClient.SignedInAsync(app, user, AppFactory.UserPassword);
        }
        foreach (var (persona, org) in new[] { (Persona.OwnOrganization, ownOrg), (Persona.OtherOrganization, otherOrg), (Persona.WithdrawnOrganization, withdrawnOrg), (Persona.ExitedOrganization, exitedOrg) })
        {
            clients[persona] = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, org), AppFactory.UserPassword);
        }

        var values = new Dictionary<string, string>
        {
            ["programmeId"] = programme.ToString(), ["caseId"] = ownCase.ToString(), ["attachmentId"] = ownAttachment.ToString(),
            ["stage"] = nameof(ProgrammeStage.Mobilization), ["documentName"] = "v1", ["applicationId"] = applications[ownOrg].ToString(), ["expertId"] = expertId.ToString(),
            ["assignmentId"] = assignmentId.ToString(), ["organizationId"] = ownOrg.ToString(), ["courseId"] = courseId.ToString(), ["sessionId"] = sessionId.ToString(),
            ["materialId"] = materialId.ToString(), ["visitId"] = visitId.ToString(), ["eventId"] = eventId.ToString(),
            ["sealedProgrammeId"] = sealedProgramme.ToString(), ["sealedAttachmentId"] = sealedAttachment.ToString(),
            // the withdrawn and exited organizations' own records: they keep reading them
            ["withdrawnCaseId"] = withdrawnCase.ToString(), ["withdrawnApplicationId"] = applications[withdrawnOrg].ToString(),
            ["withdrawnAttachmentId"] = withdrawnAttachment.ToString(), ["withdrawnOrganizationId"] = withdrawnOrg.ToString(),
            ["exitedCaseId"] = exitedCase.ToString(), ["exitedApplicationId"] = applications[exitedOrg].ToString(), ["exitedOrganizationId"] = exitedOrg.ToString(),
        };
        var otherProgramme = new Dictionary<string, string>
        {
            ["programmeId"] = other.ToString(), ["caseId"] = otherProgrammeCase.ToString(), ["attachmentId"] = otherProgrammeAttachment.ToString(),
            ["applicationId"] = applications[otherProgrammeOrg].ToString(), ["assignmentId"] = otherProgrammeAssignment.ToString(), ["organizationId"] = otherProgrammeOrg.ToString(),
            ["courseId"] = courseB.ToString(), ["sessionId"] = sessionB.ToString(), ["materialId"] = materialB.ToString(), ["visitId"] = visitB.ToString(), ["eventId"] = eventB.ToString(),
            ["sealedProgrammeId"] = other.ToString(), ["sealedAttachmentId"] = otherProgrammeAttachment.ToString(),
            ["withdrawnCaseId"] = otherProgrammeCase.ToString(), ["withdrawnApplicationId"] = applications[otherProgrammeOrg].ToString(),
            ["withdrawnAttachmentId"] = otherProgrammeAttachment.ToString(), ["withdrawnOrganizationId"] = otherProgrammeOrg.ToString(),
            ["exitedCaseId"] = otherProgrammeCase.ToString(), ["exitedApplicationId"] = applications[otherProgrammeOrg].ToString(), ["exitedOrganizationId"] = otherProgrammeOrg.ToString(),
        };
        var ids = values.Values.Concat(otherProgramme.Values).Select(v => Guid.TryParse(v, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty)
            .Concat([otherCase, otherOrg, .. expertIds]).Distinct().ToList();
        return new MatrixWorld(app, values, otherProgramme, clients, ids);
    }

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
