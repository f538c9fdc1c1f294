using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// Direct object references: every id in a URL or a body is checked against the user's rights. For every row of the authorization matrix
/// that names a record, the other organization and an unassigned expert try the own organization's ids, and they and every persona the
/// row allows try random ids, the "next" id after a known one, and the id of the same kind from another programme. All are refused and
/// nothing of the world changes. Bodies naming another organization's or another programme's records are refused too.
/// </summary>
public sealed class DirectObjectReferenceTests(AppFactories factories)
{
    /// <summary>Placeholders that are not record ids.</summary>
    private static readonly HashSet<string> NotIds = ["stage", "documentName"];

    /// <summary>Placeholders naming a programme: swapped for programme B's only beside a record of programme A (B's own pages are B's business).</summary>
    private static readonly HashSet<string> ProgrammeIds = ["programmeId", "sealedProgrammeId"];

    [Theory, ClassData(typeof(Providers))]
    public async Task Ids_of_other_organizations_guessed_ids_and_ids_of_another_programme_are_refused_and_change_nothing(DbProvider provider)
    {
        var world = await MatrixWorld.GetAsync(factories, provider, "refusals");
        var before = await world.SnapshotAsync();
        var failures = new List<string>();
        var (rows, requests) = (0, 0);
        var kinds = new Dictionary<string, int>();
        foreach (var row in AuthorizationMatrix.Rows)
        {
            var ids = MatrixWorld.PlaceholdersOf(row.Pattern + (row.IsPageHandler ? " " + row.Body : "")).Where(p => !NotIds.Contains(p)).ToList();
            if (ids.Count == 0)
            {
                continue;
            }
            rows++;
            foreach (var persona in row.Allowed.Append(Persona.OtherOrganization).Append(Persona.ExpertUnassigned).Distinct())
            {
                foreach (var (kind, replace) in Variants(world, row, ids, persona))
                {
                    var response = await world.SendAsync(persona, row, replace, withToken: persona != Persona.Anonymous);
                    requests++;
                    kinds[kind.Split(' ')[0]] = kinds.GetValueOrDefault(kind.Split(' ')[0]) + 1;
                    // an id only in a form's fields may also be answered with the page and its error (200): nothing changed is checked below
                    var onlyInForm = row.IsPageHandler && replace.Count > 0 && replace.Keys.All(k => !row.Pattern.Contains("{" + k + "}", StringComparison.Ordinal));
                    if (!MatrixWorld.IsRefusal(response) && !(onlyInForm && response.StatusCode == HttpStatusCode.OK))
                    {
                        failures.Add($"{row} as {persona} with {kind}: {(int)response.StatusCode} {response.Headers.Location?.OriginalString}");
                    }
                }
            }
        }
        var after = await world.SnapshotAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"{rows} rows naming records, {requests} requests refused ({string.Join(", ", kinds.Select(k => $"{k.Key}: {k.Value}"))}); {before.Count} rows of the world unchanged");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} not refused:\n" + string.Join("\n", failures.Take(200)) + "\n" + string.Join("\n", world.App.ServerErrors.TakeLast(3)));
        Assert.True(before.SetEquals(after), "the world changed:\n" + MatrixWorld.Difference(before, after));
    }

    /// <summary>The ids to try: (what, placeholder → value).</summary>
    private static IEnumerable<(string Kind, Dictionary<string, string> Replace)> Variants(MatrixWorld world, MatrixRow row, List<string> ids, Persona persona)
    {
        if (!row.Allowed.Contains(persona))
        {
            yield return ("own-organization ids", []);
        }
        foreach (var id in ids)
        {
            yield return ($"random {id}", new() { [id] = Guid.CreateVersion7().ToString() });
            yield return ($"next {id}", new() { [id] = MatrixWorld.Next(Guid.Parse(world.Values[id])).ToString() });
            if (world.OtherProgramme.TryGetValue(id, out var other))
            {
                // a mix of A and B is refused to everyone; B's record alone is the Office's to see
                var mixed = ids.Any(i => i != id && world.OtherProgramme.ContainsKey(i));
                if (mixed || (!ProgrammeIds.Contains(id) && persona != Persona.Office))
                {
                    yield return ($"programme-B {id}", new() { [id] = other });
                }
            }
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Sequential_guesses_of_version_7_ids_find_nothing(DbProvider provider)
    {
        var world = await MatrixWorld.GetAsync(factories, provider, "refusals");
        // the world's ids are GUID v7: 48 bits of time, then 74 random bits; records made in the same millisecond differ in the random bits
        var ids = world.Ids.ToList();
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        var exists = await world.App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var guesses = ids.SelectMany(id => new[] { MatrixWorld.Next(id), Previous(id) }).ToList();
            return await db.Cases.CountAsync(c => guesses.Contains(c.Id)) + await db.Applications.CountAsync(a => guesses.Contains(a.Id))
                + await db.Attachments.CountAsync(a => guesses.Contains(a.Id)) + await db.Organizations.CountAsync(o => guesses.Contains(o.Id))
                + await db.Programmes.CountAsync(p => guesses.Contains(p.Id)) + await db.ExpertAssignments.CountAsync(a => guesses.Contains(a.Id));
        });
        Assert.Equal(0, exists);
        // and through HTTP, as the Office who may see everything: the record after the own case, application and file is not there
        var office = world.Clients[Persona.Office];
        foreach (var url in new[] { "/Cases/{0}", "/api/v1/cases/{0}", "/api/v1/applications/{0}", "/files/{0}" })
        {
            var known = url.Contains("cases", StringComparison.OrdinalIgnoreCase) ? world.Values["caseId"] : url.Contains("files", StringComparison.Ordinal) ? world.Values["attachmentId"] : world.Values["applicationId"];
            Assert.Equal(HttpStatusCode.OK, (await office.Http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, known))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await office.Http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, MatrixWorld.Next(Guid.Parse(known))))).StatusCode);
        }
    }

    private static Guid Previous(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i]-- != 0)
            {
                break;
            }
        }
        return new Guid(bytes, bigEndian: true);
    }

    private sealed record Scenario(AppFactory App, Guid Programme, Guid Victim, Guid Attacker, Guid VictimPerson, Guid AttackerPerson, Guid Session, string Code,
        Guid ForeignElective, Guid VictimVisit, Guid VictimItem, Guid AttackerVisit, Guid VictimAssignment, Guid VictimDate, Guid VictimConflict,
        Guid ForeignOrganization, string VictimUser, string AttackerUser, string VictimExpertUser, string AttackerExpertUser, List<Guid> Ids);

    /// <summary>
    /// A programme in theory guidance with two pool members (the victim and the attacker), each with a responsible person and a planned
    /// visit; a running session with a check-in code; two experts, the victim holding a task, an unavailable date and a declared conflict;
    /// an elective and an organization of another programme.
    /// </summary>
    private static async Task<Scenario> ScenarioAsync(AppFactory app)
    {
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.TheoryGuidance);
        var (victim, victimCase) = await app.CreateCaseAsync(programme, "被冒用组织");
        var (attacker, attackerCase) = await app.CreateCaseAsync(programme, "冒用组织");
        var otherProgramme = await app.CreateProgrammeAsync(ProgrammeStage.TheoryGuidance);
        var (foreignOrg, _) = await app.CreateCaseAsync(otherProgramme, "另一计划组织");
        var victimExpertUser = await app.CreateUserAsync(Roles.Expert);
        var attackerExpertUser = await app.CreateUserAsync(Roles.Expert);
        var ids = new List<Guid> { programme, victim, victimCase, attacker, attackerCase, otherProgramme, foreignOrg };
        var s = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            foreach (var c in await db.Cases.Where(c => c.ProgrammeId == programme || c.ProgrammeId == otherProgramme).ToListAsync())
            {
                c.State = CaseState.Theory;
                db.Add(new Web.Pool.PoolMember { ProgrammeId = c.ProgrammeId, OrganizationId = c.OrganizationId, EnteredAt = now, Rank = 1 });
            }
            var victimPerson = new ResponsiblePerson { ProgrammeId = programme, OrganizationId = victim, Name = "王被冒", Title = "质量总监", Phone = "13800000001" };
            var attackerPerson = new ResponsiblePerson { ProgrammeId = programme, OrganizationId = attacker, Name = "李冒用", Title = "总经理", Phone = "13800000002" };
            db.AddRange(victimPerson, attackerPerson);
            var mandatory = new Course { ProgrammeId = programme, Stage = CourseStage.Theory, Kind = CourseKind.Mandatory, Title = "条款解析", CreatedAt = now };
            var session = new CourseSession
            {
                CourseId = mandatory.Id, ProgrammeId = programme, StartsAt = now.AddMinutes(-30), EndsAt = now.AddHours(2), Place = "会议室",
                CheckInCode = "482913", CheckInIssuedAt = now.AddMinutes(-30),
            };
            var foreignElective = new Course { ProgrammeId = otherProgramme, Stage = CourseStage.Theory, Kind = CourseKind.Elective, Title = "另一计划的辅助课程", CreatedAt = now };
            db.AddRange(mandatory, session, foreignElective);
            (Guid Visit, Guid Item) Visit(Guid org)
            {
                var visit = new SiteVisit { ProgrammeId = programme, OrganizationId = org, StartsAt = now.AddDays(10), EndsAt = now.AddDays(10).AddHours(3), Place = "现场", Status = SiteVisitStatus.Planned, CreatedAt = now };
                var item = new SiteVisitChecklistItem { VisitId = visit.Id, ProgrammeId = programme, SortOrder = 1, Text = "准备汇报材料" };
                db.AddRange(visit, item);
                return (visit.Id, item.Id);
            }
            var (victimVisit, victimItem) = Visit(victim);
            var (attackerVisit, _) = Visit(attacker);
            var experts = new List<Expert>();
            foreach (var user in new[] { victimExpertUser, attackerExpertUser })
            {
                var userId = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
                var expert = new Expert { Name = "专家" + user[^4..], UserId = userId, IsReportReviewer = true, CreatedAt = now };
                db.Experts.Add(expert);
                db.ExpertPledges.Add(new ExpertPledge { ExpertId = expert.Id, ProgrammeId = programme, SignedAt = now, TextVersion = Pledge.Version, TextSha256 = Pledge.Sha256 });
                experts.Add(expert);
            }
            var assignment = new ExpertAssignment { ProgrammeId = programme, ExpertId = experts[0].Id, OrganizationId = victim, Role = AssignmentRole.ReportReviewer, CreatedAt = now };
            var date = new ExpertUnavailability { ExpertId = experts[0].Id, Date = new DateOnly(2099, 3, 1), Note = "出差" };
            var conflict = new ExpertConflict { ExpertId = experts[0].Id, Kind = ConflictKind.Organization, CreditCode = TestData.NewCreditCode(), DeclaredByOffice = false, CreatedAt = now };
            db.AddRange(assignment, date, conflict);
            await db.SaveChangesAsync();
            return (victimPerson.Id, attackerPerson.Id, session.Id, foreignElective.Id, victimVisit, victimItem, attackerVisit, assignment.Id, date.Id, conflict.Id, experts);
        });
        ids.AddRange([s.Item1, s.Item2, s.Item3, s.Item4, s.Item5, s.Item6, s.Item7, s.Item8, s.Item9, s.Item10, .. s.Item11.Select(e => e.Id)]);
        return new Scenario(app, programme, victim, attacker, s.Item1, s.Item2, s.Item3, "482913", s.Item4, s.Item5, s.Item6, s.Item7, s.Item8, s.Item9, s.Item10,
            foreignOrg, await app.CreateUserAsync(Roles.Organization, victim), await app.CreateUserAsync(Roles.Organization, attacker), victimExpertUser, attackerExpertUser, ids);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Forms_and_api_bodies_naming_another_organizations_or_another_programmes_records_are_refused(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var w = await ScenarioAsync(app);
        using var attacker = await TestClient.SignedInAsync(app, w.AttackerUser, AppFactory.UserPassword);
        using var expert = await TestClient.SignedInAsync(app, w.AttackerExpertUser, AppFactory.UserPassword);
        using var office = await TestClient.OfficeAsync(app);
        var before = await MatrixWorld.SnapshotAsync(app, w.Ids);
        var attempts = new List<(string What, Func<Task<HttpResponseMessage>> Send)>
        {
            ("a responsible person of the victim renamed through the own list (Persons[0].Id)", () => attacker.PostFormAsync($"/Courses/Mine/{w.Programme}?handler=Persons",
                new() { ["Persons[0].Id"] = w.VictimPerson.ToString(), ["Persons[0].Name"] = "王被冒", ["Persons[0].Title"] = "已篡改", ["Persons[0].Phone"] = "13800000009" })),
            ("an elective of another programme (form)", () => attacker.PostFormAsync($"/Courses/Mine/{w.Programme}?handler=Electives", new() { ["courseIds"] = w.ForeignElective.ToString() })),
            ("an elective of another programme (API)", () => attacker.SendJsonAsync(HttpMethod.Put, $"/api/v1/me/programmes/{w.Programme}/electives", new { courseIds = new[] { w.ForeignElective } })),
            ("the victim's responsible person checked in (API)", () => attacker.PostJsonAsync($"/api/v1/sessions/{w.Session}/check-in", new { code = w.Code, responsiblePersonIds = new[] { w.VictimPerson } })),
            ("the victim's responsible person checked in (form)", () => attacker.PostFormAsync($"/Courses/CheckIn?session={w.Session}&code={w.Code}", new() { ["personIds"] = w.VictimPerson.ToString() },
                formPage: $"/Courses/CheckIn?session={w.Session}&code={w.Code}")),
            ("the victim's visit: attendees confirmed", () => attacker.PostFormAsync($"/SiteVisits/Mine/{w.Programme}?handler=Confirm", new() { ["visitId"] = w.VictimVisit.ToString(), ["version"] = "0" })),
            ("the victim's checklist item ticked", () => attacker.PostFormAsync($"/SiteVisits/Mine/{w.Programme}?handler=Item",
                new() { ["visitId"] = w.VictimVisit.ToString(), ["itemId"] = w.VictimItem.ToString(), ["done"] = "true", ["version"] = "0" })),
            ("the victim's checklist item ticked through the own visit", () => attacker.PostFormAsync($"/SiteVisits/Mine/{w.Programme}?handler=Item",
                new() { ["visitId"] = w.AttackerVisit.ToString(), ["itemId"] = w.VictimItem.ToString(), ["done"] = "true", ["version"] = "0" })),
            ("another expert's task recused (form)", () => expert.PostFormAsync("/Experts/Tasks?handler=Recuse", new() { ["assignmentId"] = w.VictimAssignment.ToString(), ["reason"] = "冒用" })),
            ("another expert's task recused (API)", () => expert.PostJsonAsync($"/api/v1/me/assignments/{w.VictimAssignment}/recuse", new { reason = "冒用", version = 0 })),
            ("another expert's unavailable date removed", () => expert.PostFormAsync("/Experts/Me?handler=RemoveDate", new() { ["id"] = w.VictimDate.ToString() })),
            ("another expert's declared conflict removed", () => expert.PostFormAsync("/Experts/Me?handler=RemoveConflict", new() { ["conflictId"] = w.VictimConflict.ToString() })),
            ("an organization of another programme given a reviewer", () => office.PostJsonAsync($"/api/v1/programmes/{w.Programme}/assignments",
                new { organizationId = w.ForeignOrganization, expertId = w.Ids[^1], role = "ReportReviewer" })),
            ("an organization of another programme exited from this pool", () => office.PostFormAsync($"/Pool/Exit/{w.Programme}/{w.ForeignOrganization}",
                new() { ["Ground"] = "Voluntary", ["Description"] = "冒用", ["CaseVersion"] = "0" }, formPage: $"/Pool/{w.Programme}")),
        };
        var failures = new List<string>();
        foreach (var (what, send) in attempts)
        {
            var response = await send();
            var status = (int)response.StatusCode;
            // refused: 4xx, or the page shown again with its error (200); a redirect or a 2xx answer of the API would be success
            var refused = status is >= 400 and < 500 || (status == 200 && response.Content.Headers.ContentType?.MediaType == "text/html");
            if (!refused)
            {
                failures.Add($"{what}: {status} {response.Headers.Location?.OriginalString}");
            }
        }
        var after = await MatrixWorld.SnapshotAsync(app, w.Ids);
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + string.Join("\n", app.ServerErrors.TakeLast(3)));
        Assert.True(before.SetEquals(after), "the victim's records changed:\n" + MatrixWorld.Difference(before, after));
        TestContext.Current.TestOutputHelper?.WriteLine($"{attempts.Count} forged forms and bodies refused; {before.Count} rows unchanged");
        // the gates were open to them: the attacker checks in its own responsible person with the same code
        Assert.Equal(HttpStatusCode.NoContent, (await attacker.PostJsonAsync($"/api/v1/sessions/{w.Session}/check-in", new { code = w.Code, responsiblePersonIds = new[] { w.AttackerPerson } })).StatusCode);

        // the application names its organization from the signed-in account, whatever the body says
        var call = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        var (victimCode, attackerCode) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.ApplicationCalls.Add(new ApplicationCall { ProgrammeId = call, Html = "<p>征集</p>", OpensOn = new DateOnly(2020, 1, 1), ClosesOn = new DateOnly(2099, 12, 31), PublishedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return (await db.Organizations.Where(o => o.Id == w.Victim).Select(o => o.CreditCode).SingleAsync(), await db.Organizations.Where(o => o.Id == w.Attacker).Select(o => o.CreditCode).SingleAsync());
        });
        var draft = await attacker.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{call}/application", new { organizationName = "被冒用组织", creditCode = victimCode, contactName = "冒用" });
        Assert.True(draft.IsSuccessStatusCode, await draft.Content.ReadAsStringAsync());
        var saved = await draft.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(w.Attacker, saved.GetProperty("organizationId").GetGuid());
        Assert.Equal(attackerCode, saved.GetProperty("form").GetProperty("creditCode").GetString());
        var stored = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.Where(a => a.ProgrammeId == call).Select(a => new { a.OrganizationId, a.CreditCode }).ToListAsync());
        Assert.Equal(w.Attacker, Assert.Single(stored).OrganizationId);
        Assert.Equal(attackerCode, stored[0].CreditCode);
    }
}
