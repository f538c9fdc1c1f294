using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// 5.2 the Office rates every expert who served, per role, from the facts of the work; 5.3.2 it keeps, suspends or removes them in the role,
/// and a suspended role is refused by the engine and by every manual assignment.
/// </summary>
public sealed class ExpertRatingTests(AppFactories factories)
{
    /// <summary>A programme of clause 5: a lecturer, a reviewer who also coached, and a coach who led the team.</summary>
    internal sealed record World(AppFactory App, Guid Programme, Guid Lecturer, Guid Reviewer, Guid Coach, string Suffix, Guid OrganizationA, Guid OrganizationB);

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<string> Body(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    private static string Anchor(Guid expertId, AssignmentRole role) => $"r-{expertId:N}-{role}";

    /// <summary>The section of the rating page that shows one expert in one role.</summary>
    private static string Section(string html, Guid expertId, AssignmentRole role)
    {
        var match = Regex.Match(html, $"<section[^>]*id=\"{Anchor(expertId, role)}\"[\\s\\S]*?</section>");
        Assert.True(match.Success, $"no section for {expertId} as {role}");
        return match.Value;
    }

    // China time 10:00 on a day of 2026
    private static DateTime China(int month, int day) => new(2026, month, day, 2, 0, 0, DateTimeKind.Utc);

    internal static async Task<World> SeedAsync(AppFactory app, ProgrammeStage stage = ProgrammeStage.Review, int year = 2026)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var programme = await app.CreateProgrammeAsync(stage, $"评价计划{suffix}");
        var (orgA, _) = await app.CreateCaseAsync(programme, $"评价甲公司{suffix}");
        var (orgB, _) = await app.CreateCaseAsync(programme, $"评价乙公司{suffix}");
        var (lecturer, reviewer, coach) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var p = await db.Programmes.Include(x => x.Schedule).SingleAsync(x => x.Id == programme);
            p.Year = year;
            // the planned end of the baseline assessment is the reviews' deadline
            p.Schedule.Add(new ProgrammeStageWindow { ProgrammeId = programme, Stage = ProgrammeStage.BaselineAssessment, StartsOn = new DateOnly(2026, 4, 1), EndsOn = new DateOnly(2026, 5, 10) });
            var l = new Expert { Name = $"授课评价{suffix}", IsLecturer = true, CreatedAt = DateTime.UtcNow };
            var r = new Expert { Name = $"评审评价{suffix}", IsReportReviewer = true, IsSiteCoach = true, CreatedAt = DateTime.UtcNow };
            var c = new Expert { Name = $"扶优评价{suffix}", IsSiteCoach = true, CreatedAt = DateTime.UtcNow };
            db.Experts.AddRange(l, r, c);

            // 4.5: one session taught, attended by two people of two organizations, one absent
            var course = new Course { ProgrammeId = programme, Stage = CourseStage.Theory, Kind = CourseKind.Mandatory, Title = $"条款解析{suffix}", CreatedAt = DateTime.UtcNow };
            var session = new CourseSession { CourseId = course.Id, ProgrammeId = programme, StartsAt = China(5, 20), EndsAt = China(5, 20).AddHours(3), Place = "会议室" };
            db.AddRange(course, session, new SessionLecturer { SessionId = session.Id, ProgrammeId = programme, ExpertId = l.Id });
            db.AddRange(
                new Attendance { SessionId = session.Id, ProgrammeId = programme, OrganizationId = orgA, AttendeeName = "张三", Status = AttendanceStatus.Present, RecordedAt = DateTime.UtcNow },
                new Attendance { SessionId = session.Id, ProgrammeId = programme, OrganizationId = orgB, AttendeeName = "李四", Status = AttendanceStatus.Late, RecordedAt = DateTime.UtcNow },
                new Attendance { SessionId = session.Id, ProgrammeId = programme, OrganizationId = orgB, AttendeeName = "王五", Status = AttendanceStatus.Absent, RecordedAt = DateTime.UtcNow });

            // 4.4.2: two reviews, one on time and one two days late, against the consensus of each organization
            foreach (var (org, submitted, scores, consensus) in new[]
            {
                (orgA, China(5, 9), new Dictionary<string, int> { ["4.1.1"] = 50, ["4.1.2"] = 70 }, new Dictionary<string, int> { ["4.1.1"] = 60, ["4.1.2"] = 60 }),
                (orgB, China(5, 12), new Dictionary<string, int> { ["4.1.1"] = 40 }, new Dictionary<string, int> { ["4.1.1"] = 60 }),
            })
            {
                var assignment = new ExpertAssignment { ProgrammeId = programme, ExpertId = r.Id, OrganizationId = org, Role = AssignmentRole.ReportReviewer, Status = AssignmentStatus.Ended, CreatedAt = DateTime.UtcNow };
                var review = new ExpertReview { ProgrammeId = programme, OrganizationId = org, AssignmentId = assignment.Id, ExpertId = r.Id, Status = ReviewStatus.Submitted, SubmittedAt = submitted, CreatedAt = submitted, UpdatedAt = submitted };
                review.SetScores(scores);
                var agreed = new ReviewConsensus { ProgrammeId = programme, OrganizationId = org, RecordedAt = China(5, 15), RecordedBy = "admin", UpdatedAt = China(5, 15) };
                agreed.SetScores(consensus);
                db.AddRange(assignment, review, agreed);
            }

            // 4.6: a held visit to A, the coach leads; the opinion was returned twice (4.6.6)
            db.AddRange(
                new ExpertAssignment { ProgrammeId = programme, ExpertId = c.Id, OrganizationId = orgA, Role = AssignmentRole.SiteCoach, IsLead = true, CreatedAt = DateTime.UtcNow },
                new ExpertAssignment { ProgrammeId = programme, ExpertId = r.Id, OrganizationId = orgA, Role = AssignmentRole.SiteCoach, CreatedAt = DateTime.UtcNow });
            var visit = new SiteVisit { ProgrammeId = programme, OrganizationId = orgA, StartsAt = China(6, 3), EndsAt = China(6, 3).AddHours(3), Place = "甲公司", Status = SiteVisitStatus.Held, HeldAt = China(6, 3), CreatedAt = DateTime.UtcNow };
            db.AddRange(visit,
                new SiteVisitAttendee { VisitId = visit.Id, ProgrammeId = programme, Side = AttendeeSide.Team, ExpertId = c.Id, Name = c.Name, Title = "组长", Confirmed = true, Attended = true },
                new SiteVisitAttendee { VisitId = visit.Id, ProgrammeId = programme, Side = AttendeeSide.Team, ExpertId = r.Id, Name = r.Name, Title = "组员", Confirmed = true, Attended = true },
                new SiteVisitOpinion { VisitId = visit.Id, ProgrammeId = programme, OrganizationId = orgA, LeadExpertId = c.Id, Status = OpinionStatus.Released, ReturnCount = 2, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return (l.Id, r.Id, c.Id);
        });
        return new World(app, programme, lecturer, reviewer, coach, suffix, orgA, orgB);
    }

    private static Dictionary<string, string?> Rate(Guid expertId, AssignmentRole role, ExpertRatingLevel? level, string? comment, long? version = null) => new()
    {
        ["Rating.ExpertId"] = expertId.ToString(), ["Rating.Role"] = role.ToString(), ["Rating.Level"] = level?.ToString() ?? "", ["Rating.Comment"] = comment,
        ["Rating.Version"] = version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static Dictionary<string, string?> Decide(Guid expertId, AssignmentRole role, TeamDecision? decision, string? reason, long? version = null) => new()
    {
        ["Decision.ExpertId"] = expertId.ToString(), ["Decision.Role"] = role.ToString(), ["Decision.Decision"] = decision?.ToString() ?? "", ["Decision.Reason"] = reason,
        ["Decision.Version"] = version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static Task<T> Db<T>(AppFactory app, Func<AppDbContext, Task<T>> read) => app.WithScopeAsync(s => read(s.GetRequiredService<AppDbContext>()));

    [Theory, ClassData(typeof(Providers))]
    public async Task The_page_shows_every_served_role_with_the_facts_of_the_work(DbProvider provider)
    {
        var w = await SeedAsync(await factories.GetAsync(provider));
        using var office = await TestClient.OfficeAsync(w.App);
        var html = WebUtility.HtmlDecode(await office.GetStringAsync($"/Review/Experts/{w.Programme}"));
        Assert.Contains("<strong id=\"served-count\">4</strong>", html);

        var lecturer = Section(html, w.Lecturer, AssignmentRole.Lecturer);
        Assert.Contains("授课 1 场（已举行 1 场），到场 2 人次，缺席 1 人次", lecturer);
        Assert.Contains($"条款解析{w.Suffix}（2026-05-20 10:00）：到场 2 人（其中迟到 1 人、早退 0 人），缺席 1 人，来自 2 家组织", lecturer);

        // 4.4.2: one review on time, one two days after the planned end of the baseline assessment; |50−60|, |70−60|, |40−60| → 13.3
        var reviewer = Section(html, w.Reviewer, AssignmentRole.ReportReviewer);
        Assert.Contains("负责评价 2 家组织，已提交 2 份（按期 1 份、逾期 1 份）；评分与共识平均相差 13.3 个百分点（2 家、3 个条目）", reviewer);
        Assert.Contains($"评价乙公司{w.Suffix}：2026-05-12 10:00 提交，逾期 2 天，与共识相差 20.0 个百分点", reviewer);
        Assert.Contains("“摸底评估”阶段的结束日期（2026-05-10）", reviewer);

        Assert.Contains("参加现场扶优 1 次（任组长 0 次），所在专家组的意见汇总表被退回修改 2 次", Section(html, w.Reviewer, AssignmentRole.SiteCoach));
        Assert.Contains("参加现场扶优 1 次（任组长 1 次），所在专家组的意见汇总表被退回修改 2 次（其中任组长时 2 次）", Section(html, w.Coach, AssignmentRole.SiteCoach));
        // nobody appears in a role they did not serve in
        Assert.DoesNotContain(Anchor(w.Coach, AssignmentRole.ReportReviewer), html);
        Assert.DoesNotContain(Anchor(w.Lecturer, AssignmentRole.SiteCoach), html);

        // the filter by role, and the same facts over the API
        var coaches = WebUtility.HtmlDecode(await office.GetStringAsync($"/Review/Experts/{w.Programme}?role=SiteCoach"));
        Assert.DoesNotContain(Anchor(w.Lecturer, AssignmentRole.Lecturer), coaches);
        Assert.Contains(Anchor(w.Coach, AssignmentRole.SiteCoach), coaches);
        var api = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{w.Programme}/expert-ratings");
        Assert.Equal(4, api.GetProperty("total").GetInt32());
        var row = api.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("expertId").GetGuid() == w.Reviewer && r.GetProperty("role").GetString() == "ReportReviewer");
        Assert.StartsWith("负责评价 2 家组织", row.GetProperty("facts").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("rating").ValueKind);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Two_experts_are_rated_and_the_ratings_accumulate_on_their_record_across_programmes(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var first = await SeedAsync(app, year: 2025);
        using var office = await TestClient.OfficeAsync(app);
        var page = $"/Review/Experts/{first.Programme}";

        // 5.2.2 a 差 needs a comment: refused beside the field, nothing saved, the choice kept
        var refused = await office.PostFormAsync($"{page}?handler=Rate", Rate(first.Reviewer, AssignmentRole.ReportReviewer, ExpertRatingLevel.Poor, ""));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedSection = Section(await Body(refused), first.Reviewer, AssignmentRole.ReportReviewer);
        Assert.Contains("<span class=\"field-error\">评为“差”时须写明评价意见</span>", refusedSection);
        Assert.Matches("<option value=\"Poor\" selected=\"selected\">", refusedSection);
        Assert.False(await Db(app, db => db.Set<ExpertRating>().AnyAsync(r => r.ExpertId == first.Reviewer)));

        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"{page}?handler=Rate", Rate(first.Reviewer, AssignmentRole.ReportReviewer, ExpertRatingLevel.Poor, "两份评价均与共识相差较大"))).StatusCode);
        var rated = await office.PostFormAsync($"{page}?handler=Rate", Rate(first.Lecturer, AssignmentRole.Lecturer, ExpertRatingLevel.Good, "讲解清楚"));
        Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
        Assert.EndsWith($"#{Anchor(first.Lecturer, AssignmentRole.Lecturer)}", rated.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var html = WebUtility.HtmlDecode(await office.GetStringAsync(page));
        Assert.Contains("<strong id=\"rated-count\">2</strong>", html);
        Assert.Contains("本计划评价（当前：差", Section(html, first.Reviewer, AssignmentRole.ReportReviewer));
        // 5.3.2 the record asks for a decision, and the page proposes one
        Assert.Contains("建议：暂停该类别（最近一次评价为“差”）", Section(html, first.Reviewer, AssignmentRole.ReportReviewer));
        // a role the expert did not serve in cannot be rated
        var notServed = await office.PostFormAsync($"{page}?handler=Rate", Rate(first.Coach, AssignmentRole.Lecturer, ExpertRatingLevel.Good, null));
        Assert.Contains("该专家未在本计划中担任授课专家", await Body(notServed));

        // the next programme: the same lecturer, rated over the API
        var second = await SeedAsync(app, year: 2026);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var session = await db.Set<SessionLecturer>().SingleAsync(l => l.ProgrammeId == second.Programme);
            session.ExpertId = first.Lecturer;
            await db.SaveChangesAsync();
        });
        var put = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{second.Programme}/expert-ratings",
            new { expertId = first.Lecturer, role = "Lecturer", level = "Fair", comment = "准备不足" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = await Json(put);
        Assert.Equal("中", saved.GetProperty("rating").GetProperty("levelLabel").GetString());
        Assert.Equal("授课专家：好 1 次、中 1 次、差 0 次，最近一次为“中”", saved.GetProperty("record").GetString());

        var edit = WebUtility.HtmlDecode(await office.GetStringAsync($"/Experts/Edit/{first.Lecturer}"));
        Assert.Contains("授课专家：好 1 次、中 1 次、差 0 次，最近一次为“中”", edit);
        Assert.Contains($"评价计划{first.Suffix}", edit);
        Assert.Contains($"评价计划{second.Suffix}", edit);
        var record = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{first.Lecturer}/ratings");
        Assert.Equal([2026, 2025], record.GetProperty("ratings").EnumerateArray().Select(r => r.GetProperty("year").GetInt32()));
        Assert.Equal("讲解清楚", record.GetProperty("ratings")[1].GetProperty("comment").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await office.Http.GetAsync($"/api/v1/experts/{Guid.NewGuid()}/ratings")).StatusCode);

        // audited automatically, with the programme
        Assert.True(await Db(app, db => db.AuditEvents.AnyAsync(a => a.EntityType == nameof(ExpertRating) && a.ProgrammeId == second.Programme && a.After!.Contains("准备不足"))));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Suspend_and_remove_need_a_reason_and_change_the_experts_roles_at_once(DbProvider provider)
    {
        var w = await SeedAsync(await factories.GetAsync(provider));
        using var office = await TestClient.OfficeAsync(w.App);
        var page = $"/Review/Experts/{w.Programme}";

        var noReason = await office.PostFormAsync($"{page}?handler=Decide", Decide(w.Reviewer, AssignmentRole.ReportReviewer, TeamDecision.Suspend, " "));
        Assert.Contains("<span class=\"field-error\">“暂停该类别”须写明理由</span>", Section(await Body(noReason), w.Reviewer, AssignmentRole.ReportReviewer));
        Assert.Null(await Db(w.App, db => db.Experts.Where(e => e.Id == w.Reviewer).Select(e => e.SuspendedRoles).SingleAsync()));

        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"{page}?handler=Decide", Decide(w.Reviewer, AssignmentRole.ReportReviewer, TeamDecision.Suspend, "评价逾期且偏离共识"))).StatusCode);
        var suspended = await Db(w.App, db => db.Experts.AsNoTracking().SingleAsync(e => e.Id == w.Reviewer));
        Assert.Equal(("ReportReviewer", true, true), (suspended.SuspendedRoles, suspended.IsReportReviewer, suspended.IsSiteCoach));
        // the pool shows it, and no longer finds the expert among report reviewers
        var pool = WebUtility.HtmlDecode(await office.GetStringAsync($"/Experts?q={w.Suffix}"));
        Assert.Contains("自评报告评价专家（暂停）、现场扶优指导专家", pool);
        Assert.DoesNotContain($"评审评价{w.Suffix}", WebUtility.HtmlDecode(await office.GetStringAsync($"/Experts?q={w.Suffix}&role=ReportReviewer")));
        Assert.Contains("暂停的类别（5.3.2）：自评报告评价专家", WebUtility.HtmlDecode(await office.GetStringAsync($"/Experts/Edit/{w.Reviewer}")));
        Assert.Equal(["ReportReviewer"], (await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{w.Reviewer}")).GetProperty("suspendedRoles").EnumerateArray().Select(r => r.GetString()));

        // removal over the API: the flag is cleared; without a reason it is refused
        var bare = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{w.Programme}/team-decisions", new { expertId = w.Coach, role = "SiteCoach", decision = "Remove" });
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Equal("“调出该类别”须写明理由", (await Json(bare)).GetProperty("errors").GetProperty("reason")[0].GetString());
        var removed = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{w.Programme}/team-decisions", new { expertId = w.Coach, role = "SiteCoach", decision = "Remove", reason = "意见汇总表两次退回" });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.False((await Json(removed)).GetProperty("holdsRole").GetBoolean());
        Assert.False(await Db(w.App, db => db.Experts.Where(e => e.Id == w.Coach).Select(e => e.IsSiteCoach).SingleAsync()));

        // keep lifts the suspension; the decision record is updated from the version read
        var decision = await Db(w.App, db => db.Set<ExpertTeamDecision>().AsNoTracking().SingleAsync(d => d.ExpertId == w.Reviewer && d.Role == AssignmentRole.ReportReviewer));
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"{page}?handler=Decide", Decide(w.Reviewer, AssignmentRole.ReportReviewer, TeamDecision.Keep, null, decision.Version))).StatusCode);
        Assert.Null(await Db(w.App, db => db.Experts.Where(e => e.Id == w.Reviewer).Select(e => e.SuspendedRoles).SingleAsync()));
        Assert.Equal(TeamDecision.Keep, await Db(w.App, db => db.Set<ExpertTeamDecision>().Where(d => d.Id == decision.Id).Select(d => d.Decision).SingleAsync()));
        Assert.Contains("继续聘用", WebUtility.HtmlDecode(await office.GetStringAsync($"/Experts/Edit/{w.Reviewer}")));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_suspended_role_is_refused_by_the_engine_and_by_manual_assignments(DbProvider provider)
    {
        // A database of its own: the engine's pool must hold only this test's experts.
        await using var app = await AppFactory.CreateAsync(provider);
        var w = await SeedAsync(app);
        using var office = await TestClient.OfficeAsync(app);
        foreach (var (expert, role) in new[] { (w.Reviewer, "ReportReviewer"), (w.Lecturer, "Lecturer") })
        {
            var suspended = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{w.Programme}/team-decisions", new { expertId = expert, role, decision = "Suspend", reason = "评价为差" });
            Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        }

        // the next programme: one organization to review, one session to teach
        var next = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (organization, _) = await app.CreateCaseAsync(next, "下一轮公司");
        var session = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var course = new Course { ProgrammeId = next, Stage = CourseStage.Theory, Kind = CourseKind.Mandatory, Title = "下一轮课程", CreatedAt = DateTime.UtcNow };
            var sessionRow = new CourseSession { CourseId = course.Id, ProgrammeId = next, StartsAt = DateTime.UtcNow.AddDays(10), EndsAt = DateTime.UtcNow.AddDays(10).AddHours(2), Place = "会议室" };
            db.AddRange(course, sessionRow);
            await db.SaveChangesAsync();
            return sessionRow.Id;
        });

        var proposal = await Json(await office.PostJsonAsync($"/api/v1/programmes/{next}/assignments/proposal", new { role = "ReportReviewer", perOrganization = 1 }));
        Assert.Empty(proposal.GetProperty("pairs").EnumerateArray());
        Assert.Single(proposal.GetProperty("uncovered").EnumerateArray());
        var manual = await office.PostJsonAsync($"/api/v1/programmes/{next}/assignments", new { expertId = w.Reviewer, organizationId = organization, role = "ReportReviewer" });
        Assert.Equal(HttpStatusCode.BadRequest, manual.StatusCode);
        Assert.Contains("自评报告评价专家资格已暂停（5.3.2）", (await Json(manual)).GetProperty("errors").GetProperty("")[0].GetString(), StringComparison.Ordinal);
        // the suspension is of one role: the same expert still serves as a site coach
        static IEnumerable<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid());
        Assert.Contains(w.Reviewer, Ids(await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts?q={w.Suffix}&role=SiteCoach")));
        Assert.DoesNotContain(w.Reviewer, Ids(await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts?q={w.Suffix}&role=ReportReviewer")));

        // lecturers: not among the choices, not proposed, refused by hand
        var sessionPage = WebUtility.HtmlDecode(await office.GetStringAsync($"/Courses/Session/{session}"));
        Assert.DoesNotContain($"授课评价{w.Suffix}", sessionPage);
        var lecturerProposal = await office.PostFormAsync($"/Courses/{next}?handler=ProposeLecturers", []);
        Assert.DoesNotContain($"value=\"{w.Lecturer}\"", await Body(lecturerProposal));
        var byHand = await office.PostFormAsync($"/Courses/Session/{session}?handler=Lecturer", new() { ["expertId"] = w.Lecturer.ToString() });
        Assert.Contains($"授课评价{w.Suffix} 的授课专家资格已暂停（5.3.2）", await Body(byHand));

        // keeping the expert lifts the suspension and the assignment goes through
        var version = await Db(app, db => db.Set<ExpertTeamDecision>().Where(d => d.ExpertId == w.Reviewer && d.Role == AssignmentRole.ReportReviewer).Select(d => d.Version).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{w.Programme}/team-decisions",
            new { expertId = w.Reviewer, role = "ReportReviewer", decision = "Keep", version })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await office.PostJsonAsync($"/api/v1/programmes/{next}/assignments", new { expertId = w.Reviewer, organizationId = organization, role = "ReportReviewer" })).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_stale_rating_is_refused_and_the_typed_input_is_kept(DbProvider provider)
    {
        var w = await SeedAsync(await factories.GetAsync(provider));
        using var office = await TestClient.OfficeAsync(w.App);
        var page = $"/Review/Experts/{w.Programme}";
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"{page}?handler=Rate", Rate(w.Lecturer, AssignmentRole.Lecturer, ExpertRatingLevel.Good, "初评"))).StatusCode);
        var read = await Db(w.App, db => db.Set<ExpertRating>().AsNoTracking().SingleAsync(r => r.ExpertId == w.Lecturer));

        // a colleague saves first (over the API, from the same version)
        Assert.Equal(HttpStatusCode.OK, (await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{w.Programme}/expert-ratings",
            new { expertId = w.Lecturer, role = "Lecturer", level = "Fair", comment = "同事的意见", version = read.Version })).StatusCode);

        var stale = await office.PostFormAsync($"{page}?handler=Rate", Rate(w.Lecturer, AssignmentRole.Lecturer, ExpertRatingLevel.Poor, "我的意见", read.Version));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var html = await Body(stale);
        Assert.Contains(ConcurrencyMessages.Stale, html);
        var section = Section(html, w.Lecturer, AssignmentRole.Lecturer);
        Assert.Contains(">我的意见</textarea>", section);
        Assert.Contains("<option value=\"Poor\" selected=\"selected\">", section);
        var kept = await Db(w.App, db => db.Set<ExpertRating>().AsNoTracking().SingleAsync(r => r.ExpertId == w.Lecturer));
        Assert.Equal((ExpertRatingLevel.Fair, "同事的意见"), (kept.Level, kept.Comment));
        // the form now carries the current version: saving again goes through
        Assert.Contains($"name=\"Rating.Version\" value=\"{kept.Version}\"", section);

        // a first rating posted while someone else rated meanwhile is stale too
        var api = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{w.Programme}/expert-ratings", new { expertId = w.Lecturer, role = "Lecturer", level = "Good" });
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Equal(ConcurrencyMessages.Stale, (await Json(api)).GetProperty("detail").GetString());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Writing_before_or_after_the_review_stage_is_refused_with_the_stage_named(DbProvider provider)
    {
        var w = await SeedAsync(await factories.GetAsync(provider), ProgrammeStage.Showcase);
        using var office = await TestClient.OfficeAsync(w.App);
        var page = $"/Review/Experts/{w.Programme}";
        var early = await office.PostFormAsync($"{page}?handler=Rate", Rate(w.Lecturer, AssignmentRole.Lecturer, ExpertRatingLevel.Good, null));
        Assert.Contains("须在“5 评估与改进”阶段进行，培育计划当前处于“4.7 孵化成果展示及交流”阶段", await Body(early));
        var earlyApi = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{w.Programme}/team-decisions", new { expertId = w.Reviewer, role = "ReportReviewer", decision = "Keep" });
        Assert.Equal(HttpStatusCode.Conflict, earlyApi.StatusCode);

        await w.App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Programmes.SingleAsync(p => p.Id == w.Programme)).Stage = ProgrammeStage.Sealed;
            await db.SaveChangesAsync();
        });
        var sealedPage = WebUtility.HtmlDecode(await office.GetStringAsync(page));
        Assert.Contains("培育计划已归档封存（6.1）", sealedPage);
        Assert.DoesNotContain("保存评价</button>", sealedPage);
        var late = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{w.Programme}/expert-ratings", new { expertId = w.Lecturer, role = "Lecturer", level = "Good" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("已归档封存", (await Json(late)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var lateForm = await office.PostFormAsync($"{page}?handler=Decide", Decide(w.Reviewer, AssignmentRole.ReportReviewer, TeamDecision.Remove, "封存后"));
        Assert.Contains("培育计划已归档封存（6.1）", await Body(lateForm));
        Assert.False(await Db(w.App, db => db.Set<ExpertRating>().AnyAsync(r => r.ProgrammeId == w.Programme)));
        Assert.False(await Db(w.App, db => db.Set<ExpertTeamDecision>().AnyAsync(d => d.ProgrammeId == w.Programme)));
        Assert.True(await Db(w.App, db => db.Experts.Where(e => e.Id == w.Reviewer).Select(e => e.IsReportReviewer).SingleAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Organizations_and_experts_are_refused(DbProvider provider)
    {
        var w = await SeedAsync(await factories.GetAsync(provider));
        var expertUser = await w.App.CreateUserAsync(Roles.Expert);
        await w.App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Experts.SingleAsync(e => e.Id == w.Lecturer)).UserId = await db.Users.Where(u => u.UserName == expertUser).Select(u => u.Id).SingleAsync();
            await db.SaveChangesAsync();
        });
        using var expert = await TestClient.SignedInAsync(w.App, expertUser, AppFactory.UserPassword);
        using var organization = await TestClient.SignedInAsync(w.App, await w.App.CreateUserAsync(Roles.Organization, w.OrganizationA), AppFactory.UserPassword);
        foreach (var client in new[] { expert, organization })
        {
            var pageResponse = await client.Http.GetAsync($"/Review/Experts/{w.Programme}");
            Assert.True(pageResponse.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{pageResponse.StatusCode}");
            Assert.DoesNotContain("/Review/Experts", pageResponse.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/api/v1/experts/{w.Lecturer}/ratings")).StatusCode);
            var put = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{w.Programme}/expert-ratings", new { expertId = w.Lecturer, role = "Lecturer", level = "Good" });
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        }
        using var anonymous = TestClient.For(w.App);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync($"/api/v1/programmes/{w.Programme}/expert-ratings")).StatusCode);
        Assert.False(await Db(w.App, db => db.Set<ExpertRating>().AnyAsync(r => r.ProgrammeId == w.Programme)));
    }
}
