using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>Every page and endpoint × anonymous / Office / Expert / own organization / other organization → allowed or refused.</summary>
public sealed partial class AuthorizationMatrixTests(AppFactories factories)
{
    public static TheoryData<DbProvider, string, string> Cases()
    {
        var data = new TheoryData<DbProvider, string, string>();
        foreach (var provider in Enum.GetValues<DbProvider>())
        {
            foreach (var row in AuthorizationMatrix.Rows)
            {
                data.Add(provider, row.Method, row.Pattern);
            }
        }
        return data;
    }

    private sealed record World(Dictionary<string, string> Values, Dictionary<Persona, TestClient> Clients);

    private static readonly Dictionary<DbProvider, Task<World>> Worlds = [];
    private static readonly Lock WorldsLock = new();

    private Task<World> WorldAsync(DbProvider provider)
    {
        lock (WorldsLock)
        {
            if (!Worlds.TryGetValue(provider, out var world) || world.IsFaulted)
            {
                world = BuildAsync(provider);
                Worlds[provider] = world;
            }
            return world;
        }
    }

    private async Task<World> BuildAsync(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        var (ownOrg, ownCase) = await app.CreateCaseAsync(programme, "矩阵本组织");
        var (otherOrg, _) = await app.CreateCaseAsync(programme, "矩阵他组织");
        var attachment = await app.WithScopeAsync(async s =>
        {
            var result = await s.GetRequiredService<FileStore>().SaveAsync(new MemoryStream(FileTypesTests.Pdf()), "矩阵.pdf", "Case", ownCase, ownOrg, programme, null);
            await s.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return result.Attachment!.Id;
        });
        var application = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.ApplicationCalls.Add(new ApplicationCall { ProgrammeId = programme, Html = "<p>征集</p>", OpensOn = new DateOnly(2020, 1, 1), ClosesOn = new DateOnly(2099, 12, 31), PublishedAt = DateTime.UtcNow });
            var a = new Application { ProgrammeId = programme, OrganizationId = ownOrg, OrganizationName = "矩阵本组织", CreditCode = TestData.NewCreditCode(), Status = ApplicationStatus.Submitted, CaseId = ownCase, SubmittedAt = DateTime.UtcNow };
            db.Applications.Add(a);
            await db.SaveChangesAsync();
            return a.Id;
        });
        var expertUsers = new Dictionary<Persona, string>();
        foreach (var persona in new[] { Persona.Expert, Persona.ExpertUnassigned, Persona.ExpertConflicted, Persona.ExpertNoPledge, Persona.ExpertSuspended })
        {
            expertUsers[persona] = await app.CreateUserAsync(Roles.Expert);
        }
        var (expertId, assignmentId) = await app.WithScopeAsync(async s =>
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
                    }
                }
                if (persona != Persona.ExpertNoPledge)
                {
                    db.ExpertPledges.Add(new Web.Experts.ExpertPledge { ExpertId = expert.Id, ProgrammeId = programme, SignedAt = DateTime.UtcNow, TextVersion = Web.Experts.Pledge.Version, TextSha256 = Web.Experts.Pledge.Sha256 });
                }
            }
            await db.SaveChangesAsync();
            return result;
        });
        // 4.5: a course with a file material and a session the assigned expert teaches
        var (courseId, sessionId, materialId) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var course = new Web.Courses.Course { ProgrammeId = programme, Stage = Web.Courses.CourseStage.Awareness, Kind = Web.Courses.CourseKind.Mandatory, Title = "矩阵课程", CreatedAt = DateTime.UtcNow };
            var session = new Web.Courses.CourseSession { CourseId = course.Id, ProgrammeId = programme, StartsAt = DateTime.UtcNow.AddDays(1), EndsAt = DateTime.UtcNow.AddDays(1).AddHours(2), Place = "矩阵会议室" };
            db.Add(course);
            db.Add(session);
            db.Add(new Web.Courses.SessionLecturer { SessionId = session.Id, ProgrammeId = programme, ExpertId = expertId });
            var file = await s.GetRequiredService<FileStore>().SaveAsync(new MemoryStream(FileTypesTests.Pdf()), "课件.pdf", nameof(Web.Courses.Course), course.Id, null, programme, "课程资料");
            var material = new Web.Courses.CourseMaterial { CourseId = course.Id, ProgrammeId = programme, Title = "课件", AttachmentId = file.Attachment!.Id };
            db.Add(material);
            await db.SaveChangesAsync();
            return (course.Id, session.Id, material.Id);
        });
        // 4.6: a held visit of the own organization
        var visitId = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var visit = new Web.SiteVisits.SiteVisit
            {
                ProgrammeId = programme, OrganizationId = ownOrg, StartsAt = DateTime.UtcNow.AddDays(-1), EndsAt = DateTime.UtcNow.AddDays(-1).AddHours(3),
                Place = "矩阵现场", Status = Web.SiteVisits.SiteVisitStatus.Held, HeldAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow,
            };
            db.Add(visit);
            await db.SaveChangesAsync();
            return visit.Id;
        });
        // 4.7: an exchange event of the programme
        var eventId = await app.WithScopeAsync(async s =>
        {
            var e = new Web.Showcase.ExchangeEvent { ProgrammeId = programme, Title = "矩阵交流会", StartsAt = DateTime.UtcNow.AddDays(2), CreatedAt = DateTime.UtcNow };
            s.GetRequiredService<AppDbContext>().Add(e);
            await s.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return e.Id;
        });
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
        var clients = new Dictionary<Persona, TestClient>
        {
            [Persona.Anonymous] = TestClient.For(app),
            [Persona.Office] = await TestClient.OfficeAsync(app),
            [Persona.Expert] = await TestClient.SignedInAsync(app, expertUsers[Persona.Expert], AppFactory.UserPassword),
            [Persona.ExpertUnassigned] = await TestClient.SignedInAsync(app, expertUsers[Persona.ExpertUnassigned], AppFactory.UserPassword),
            [Persona.ExpertConflicted] = await TestClient.SignedInAsync(app, expertUsers[Persona.ExpertConflicted], AppFactory.UserPassword),
            [Persona.ExpertNoPledge] = await TestClient.SignedInAsync(app, expertUsers[Persona.ExpertNoPledge], AppFactory.UserPassword),
            [Persona.ExpertSuspended] = await TestClient.SignedInAsync(app, expertUsers[Persona.ExpertSuspended], AppFactory.UserPassword),
            [Persona.OwnOrganization] = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, ownOrg), AppFactory.UserPassword),
            [Persona.OtherOrganization] = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, otherOrg), AppFactory.UserPassword),
        };
        var values = new Dictionary<string, string>
        {
            ["programmeId"] = programme.ToString(), ["caseId"] = ownCase.ToString(), ["attachmentId"] = attachment.ToString(),
            ["stage"] = nameof(ProgrammeStage.Mobilization), ["documentName"] = "v1", ["applicationId"] = application.ToString(), ["expertId"] = expertId.ToString(), ["assignmentId"] = assignmentId.ToString(),
            ["organizationId"] = ownOrg.ToString(), ["courseId"] = courseId.ToString(), ["sessionId"] = sessionId.ToString(), ["materialId"] = materialId.ToString(), ["visitId"] = visitId.ToString(),
            ["eventId"] = eventId.ToString(), ["sealedProgrammeId"] = sealedProgramme.ToString(), ["sealedAttachmentId"] = sealedAttachment.ToString(),
        };
        return new World(values, clients);
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Each_persona_is_allowed_or_refused_as_the_matrix_says(DbProvider provider, string method, string pattern)
    {
        var row = AuthorizationMatrix.Rows.Single(r => r.Method == method && r.Pattern == pattern);
        var world = await WorldAsync(provider);
        var url = Placeholder().Replace(pattern, m => world.Values[m.Groups[1].Value]);
        var failures = new List<string>();
        foreach (var (persona, client) in world.Clients)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (row.Body is not null)
            {
                request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
                if (persona != Persona.Anonymous)
                {
                    request.Headers.Add("X-CSRF-TOKEN", await client.CsrfTokenAsync());
                }
            }
            var response = await client.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.OriginalString ?? "";
            var refused = status is 401 or 403 or 404
                || (status == 302 && (location.Contains("/Account/Login", StringComparison.Ordinal) || location.Contains("/Account/AccessDenied", StringComparison.Ordinal)));
            var allowed = row.Allowed.Contains(persona);
            var ok = allowed ? (method == "GET" ? status == 200 : !refused && status < 500) : refused;
            if (!ok)
            {
                failures.Add($"{persona}: expected {(allowed ? "allowed" : "refused")}, got {status} {location}");
            }
        }
        Assert.True(failures.Count == 0, $"{method} {url}\n" + string.Join("\n", failures));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Every_route_in_the_route_table_has_a_row_in_the_matrix(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var covered = AuthorizationMatrix.Rows.Select(r => (r.Method, Canonical(r.Pattern))).ToHashSet();
        var coveredPaths = covered.Select(c => c.Item2).ToHashSet();
        var exempt = AuthorizationMatrix.Exempt.Keys.Select(Canonical).ToHashSet();
        var missing = new List<string>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = Canonical("/" + endpoint.RoutePattern.RawText!.TrimStart('/'));
            if (exempt.Contains(path))
            {
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            if (methods is null || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null
                || endpoint.Metadata.OfType<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>().Any())
            {
                if (!coveredPaths.Contains(path))
                {
                    missing.Add($"page {path}");
                }
                continue;
            }
            missing.AddRange(methods.Where(m => !covered.Contains((m, path))).Select(m => $"{m} {path}"));
        }
        Assert.True(missing.Count == 0, "routes without a row in AuthorizationMatrix.Rows:\n" + string.Join("\n", missing.Distinct()));
    }

    /// <summary>Lower case, placeholders without names or constraints, no trailing slash or /Index.</summary>
    private static string Canonical(string pattern)
    {
        var p = Placeholder().Replace(pattern, "{}").Split('?')[0].ToLowerInvariant().TrimEnd('/');
        if (p.EndsWith("/index", StringComparison.Ordinal))
        {
            p = p[..^"/index".Length];
        }
        return p.Length == 0 ? "/" : p;
    }

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex Placeholder();
}
