using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.6.1–4.6.3 through HTTP on both databases: planning with the team's checks, notifications, the organization's preparation, postponement, holding, and who sees a visit.</summary>
public sealed class SiteVisitTests(AppFactories factories)
{
    private sealed record World(Guid Programme, Guid Organization, string OrgName, string OrgUser, Guid Person, (Guid Id, string User) Lead, (Guid Id, string User) Member);

    private static async Task<(Guid Id, string User)> ExpertAsync(AppFactory app, Guid programme, string name, bool pledged = true)
    {
        var user = await app.CreateUserAsync(Roles.Expert);
        var id = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var userId = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
            var expert = new Expert { Name = name, UserId = userId, CreatedAt = DateTime.UtcNow };
            db.Experts.Add(expert);
            if (pledged)
            {
                db.ExpertPledges.Add(new ExpertPledge { ExpertId = expert.Id, ProgrammeId = programme, SignedAt = DateTime.UtcNow, TextVersion = Pledge.Version, TextSha256 = Pledge.Sha256 });
            }
            await db.SaveChangesAsync();
            return expert.Id;
        });
        return (id, user);
    }

    private static Task CoachAsync(AppFactory app, Guid programme, Guid organization, Guid expert, bool lead) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        db.ExpertAssignments.Add(new ExpertAssignment { ProgrammeId = programme, ExpertId = expert, OrganizationId = organization, Role = AssignmentRole.SiteCoach, IsLead = lead, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    });

    private static async Task<World> WorldAsync(AppFactory app, bool team = true)
    {
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.SiteCoaching);
        var name = $"扶优组织{Guid.NewGuid():N}"[..12];
        var (organization, caseId) = await app.CreateCaseAsync(programme, name);
        var person = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Theory;
            var p = new ResponsiblePerson { ProgrammeId = programme, OrganizationId = organization, Name = "李总经理", Title = "总经理", Phone = "13800000000" };
            db.Add(p);
            db.Applications.Add(new Application
            {
                ProgrammeId = programme, OrganizationId = organization, OrganizationName = name, CreditCode = TestData.NewCreditCode(), Status = ApplicationStatus.Submitted,
                CaseId = caseId, SubmittedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            return p.Id;
        });
        var lead = await ExpertAsync(app, programme, "王组长");
        var member = await ExpertAsync(app, programme, "赵专家");
        if (team)
        {
            await CoachAsync(app, programme, organization, lead.Id, true);
            await CoachAsync(app, programme, organization, member.Id, false);
        }
        return new World(programme, organization, name, await app.CreateUserAsync(Roles.Organization, organization), person, lead, member);
    }

    private static DateOnly DaysFromToday(int days) => ChinaTime.Today(TimeProvider.System).AddDays(days);

    private static Dictionary<string, string?> PlanForm(World w, DateOnly date) => new()
    {
        ["Input.Date"] = ChinaTime.DateText(date), ["Input.Starts"] = "09:00", ["Input.Ends"] = "11:30", ["Input.Place"] = "公司二楼会议室",
        ["Input.Format"] = nameof(SiteVisitFormat.Both), ["PersonIds"] = w.Person.ToString(), ["Checklist"] = "汇报材料\n参观路线",
    };

    private static Task<T> DbAsync<T>(AppFactory app, Func<AppDbContext, Task<T>> read) => app.WithScopeAsync(s => read(s.GetRequiredService<AppDbContext>()));

    [Theory, ClassData(typeof(Providers))]
    public async Task Planning_is_refused_without_a_team_without_a_lead_or_with_an_unavailable_member(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var w = await WorldAsync(app, team: false);
        using var office = await TestClient.OfficeAsync(app);
        var url = $"/SiteVisits/Plan/{w.Programme}/{w.Organization}";
        var date = DaysFromToday(10);

        var none = await office.PostFormAsync(url, PlanForm(w, date));
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Contains(SiteVisitRules.NoTeam, await none.Content.ReadAsStringAsync());

        await CoachAsync(app, w.Programme, w.Organization, w.Member.Id, false);
        var noLead = await office.PostFormAsync(url, PlanForm(w, date));
        Assert.Contains(SiteVisitRules.NoLead, await noLead.Content.ReadAsStringAsync());

        await CoachAsync(app, w.Programme, w.Organization, w.Lead.Id, true);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.ExpertUnavailability.Add(new ExpertUnavailability { ExpertId = w.Member.Id, Date = date });
            await db.SaveChangesAsync();
        });
        var away = await office.PostFormAsync(url, PlanForm(w, date));
        var html = await away.Content.ReadAsStringAsync();
        Assert.Contains("赵专家已登记" + ChinaTime.DateText(date) + "不能参加", html);
        Assert.Contains("value=\"公司二楼会议室\"", html);

        var invalid = await office.PostFormAsync(url, new() { ["Input.Date"] = "", ["Input.Starts"] = "10:00", ["Input.Ends"] = "09:00", ["Input.Place"] = "" });
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("请填写现场扶优日期", invalidHtml);
        Assert.Contains("结束时间应晚于开始时间", invalidHtml);
        Assert.Contains("请填写现场扶优地点", invalidHtml);
        Assert.Equal(0, await DbAsync(app, db => db.Set<SiteVisit>().CountAsync(v => v.ProgrammeId == w.Programme)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_visit_held_whose_case_move_is_stale_records_nothing_and_can_be_recorded_again(DbProvider provider)
    {
        // 4.6: the visit held and the case's move to 已现场扶优 are one save; another user changing the case in between refuses both
        var bump = new CaseVersionBump();
        await using var app = await AppFactory.CreateAsync(provider, configure: bump.Register);
        var w = await WorldAsync(app);
        using var office = await TestClient.OfficeAsync(app);
        var planned = await office.PostFormAsync($"/SiteVisits/Plan/{w.Programme}/{w.Organization}", PlanForm(w, DaysFromToday(-1)));
        Assert.True(planned.StatusCode == HttpStatusCode.Redirect, string.Join("\n", app.ServerErrors) + await planned.Content.ReadAsStringAsync());
        var visitId = Guid.Parse(planned.Headers.Location!.OriginalString.Split('/')[^1]);
        var visitPage = $"/SiteVisits/Visit/{visitId}";
        async Task<Dictionary<string, string?>> FormAsync()
        {
            var (attendees, version) = await DbAsync(app, async db => (
                await db.Set<SiteVisitAttendee>().Where(a => a.VisitId == visitId).Select(a => a.Id).ToListAsync(),
                await db.Set<SiteVisit>().Where(v => v.Id == visitId).Select(v => v.Version).SingleAsync()));
            var form = attendees.ToDictionary(a => $"Attendance[{a}]", _ => (string?)"true");
            form["version"] = version.ToString(ChinaTime.Culture);
            return form;
        }
        Task<(SiteVisitStatus Visit, int Changes, CaseState Case)> StateAsync() => DbAsync(app, async db => (
            await db.Set<SiteVisit>().Where(v => v.Id == visitId).Select(v => v.Status).SingleAsync(),
            await db.Set<SiteVisitChange>().CountAsync(c => c.VisitId == visitId && c.Kind == SiteVisitChangeKind.Held),
            await db.Cases.Where(c => c.ProgrammeId == w.Programme && c.OrganizationId == w.Organization).Select(c => c.State).SingleAsync()));

        bump.Arm(app, await DbAsync(app, db => db.Cases.Where(c => c.ProgrammeId == w.Programme && c.OrganizationId == w.Organization).Select(c => c.Id).SingleAsync()),
            sql => sql.Contains("'Theory'", StringComparison.Ordinal));
        var stale = await office.PostFormAsync($"{visitPage}?handler=Held", await FormAsync());
        Assert.Equal(1, bump.Bumped);
        Assert.Contains(ConcurrencyMessages.Stale, WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));
        Assert.Equal((SiteVisitStatus.Planned, 0, CaseState.Theory), await StateAsync());

        var held = await office.PostFormAsync($"{visitPage}?handler=Held", await FormAsync());
        Assert.True(held.StatusCode == HttpStatusCode.Redirect, string.Join("\n", app.ServerErrors) + await held.Content.ReadAsStringAsync());
        Assert.Equal((SiteVisitStatus.Held, 1, CaseState.SiteVisited), await StateAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_planned_visit_is_prepared_postponed_and_held_with_its_history_and_seen_only_by_its_coaches(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var w = await WorldAsync(app);
        using var office = await TestClient.OfficeAsync(app);

        // plan (two days ago, so it can be held in this test)
        var planned = await office.PostFormAsync($"/SiteVisits/Plan/{w.Programme}/{w.Organization}", PlanForm(w, DaysFromToday(-2)));
        Assert.True(planned.StatusCode == HttpStatusCode.Redirect, string.Join("\n", app.ServerErrors) + await planned.Content.ReadAsStringAsync());
        var visitId = Guid.Parse(planned.Headers.Location!.OriginalString.Split('/')[^1]);
        Assert.Contains(w.OrgName, await office.GetStringAsync($"/SiteVisits/{w.Programme}"));

        // the organization and each team member are told
        var told = await DbAsync(app, db => db.Notifications.Where(n => db.Users.Any(u => u.Id == n.UserId && (u.UserName == w.OrgUser || u.UserName == w.Lead.User || u.UserName == w.Member.User)))
            .Select(n => n.Title).ToListAsync());
        Assert.Contains("现场扶优安排", told);
        Assert.Equal(2, told.Count(t => t == $"现场扶优：{w.OrgName}"));

        // the organization confirms its responsible person and ticks the checklist
        using var org = await TestClient.SignedInAsync(app, w.OrgUser, AppFactory.UserPassword);
        var mine = $"/SiteVisits/Mine/{w.Programme}";
        Assert.Contains("公司二楼会议室", await org.GetStringAsync(mine));
        var (attendee, visitVersion) = await DbAsync(app, async db => (
            await db.Set<SiteVisitAttendee>().Where(a => a.VisitId == visitId && a.Side == AttendeeSide.Organization).Select(a => a.Id).SingleAsync(),
            await db.Set<SiteVisit>().Where(v => v.Id == visitId).Select(v => v.Version).SingleAsync()));
        var confirm = await org.PostFormAsync($"{mine}?handler=Confirm", new() { ["visitId"] = visitId.ToString(), ["attending"] = attendee.ToString(), ["version"] = visitVersion.ToString(ChinaTime.Culture) });
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var item = await DbAsync(app, db => db.Set<SiteVisitChecklistItem>().Where(i => i.VisitId == visitId && i.Text == "汇报材料").Select(i => new { i.Id, i.Version }).SingleAsync());
        var tick = await org.PostFormAsync($"{mine}?handler=Item", new()
        {
            ["visitId"] = visitId.ToString(), ["itemId"] = item.Id.ToString(), ["done"] = "true", ["note"] = "已打印十份", ["version"] = item.Version.ToString(ChinaTime.Culture),
        });
        Assert.Equal(HttpStatusCode.Redirect, tick.StatusCode);
        Assert.True(await DbAsync(app, db => db.Set<SiteVisitAttendee>().Where(a => a.Id == attendee).Select(a => a.Confirmed).SingleAsync()));
        Assert.Equal("已打印十份", await DbAsync(app, db => db.Set<SiteVisitChecklistItem>().Where(i => i.Id == item.Id).Select(i => i.Note).SingleAsync()));

        // another organization neither sees nor changes it
        var (otherOrg, _) = await app.CreateCaseAsync(w.Programme, "旁观组织");
        using var other = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, otherOrg), AppFactory.UserPassword);
        Assert.DoesNotContain("公司二楼会议室", await other.GetStringAsync(mine));
        var foreign = await other.PostFormAsync($"{mine}?handler=Confirm", new() { ["visitId"] = visitId.ToString(), ["attending"] = attendee.ToString(), ["version"] = "0" });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        // postpone (one day later, still in the past): history keeps the old time; a stale form is refused
        var visitPage = $"/SiteVisits/Visit/{visitId}";
        var version = await DbAsync(app, db => db.Set<SiteVisit>().Where(v => v.Id == visitId).Select(v => v.Version).SingleAsync());
        var postponed = await office.PostFormAsync($"{visitPage}?handler=Postpone", new()
        {
            ["postpone.Date"] = ChinaTime.DateText(DaysFromToday(-1)), ["postpone.Starts"] = "14:00", ["postpone.Ends"] = "16:00", ["postpone.Place"] = "公司二楼会议室",
            ["postpone.Format"] = nameof(SiteVisitFormat.Both), ["reason"] = "组长临时出差", ["version"] = version.ToString(ChinaTime.Culture),
        });
        Assert.True(postponed.StatusCode == HttpStatusCode.Redirect, string.Join("\n", app.ServerErrors) + await postponed.Content.ReadAsStringAsync());
        var stale = await office.PostFormAsync($"{visitPage}?handler=Cancel", new() { ["reason"] = "旧页面", ["version"] = version.ToString(ChinaTime.Culture) });
        Assert.Contains(ConcurrencyMessages.Stale, await stale.Content.ReadAsStringAsync());
        var history = await DbAsync(app, db => db.Set<SiteVisitChange>().Where(c => c.VisitId == visitId).OrderBy(c => c.At).ToListAsync());
        Assert.Equal([SiteVisitChangeKind.Planned, SiteVisitChangeKind.Postponed], history.Select(h => h.Kind));
        Assert.Equal("组长临时出差", history[1].Reason);
        Assert.NotEqual(history[1].FromStartsAt, history[1].ToStartsAt);
        Assert.Contains("组长临时出差", await office.GetStringAsync(visitPage));

        // mark held: refused until everyone is marked, then recorded
        var attendees = await DbAsync(app, db => db.Set<SiteVisitAttendee>().Where(a => a.VisitId == visitId).Select(a => a.Id).ToListAsync());
        Assert.Equal(3, attendees.Count);
        version = await DbAsync(app, db => db.Set<SiteVisit>().Where(v => v.Id == visitId).Select(v => v.Version).SingleAsync());
        var partial = await office.PostFormAsync($"{visitPage}?handler=Held", new() { [$"Attendance[{attendees[0]}]"] = "true", ["version"] = version.ToString(ChinaTime.Culture) });
        Assert.Contains("请记录以下人员是否出席", await partial.Content.ReadAsStringAsync());
        var form = attendees.ToDictionary(a => $"Attendance[{a}]", a => (string?)(a == attendee ? "false" : "true"));
        form["version"] = version.ToString(ChinaTime.Culture);
        var held = await office.PostFormAsync($"{visitPage}?handler=Held", form);
        Assert.True(held.StatusCode == HttpStatusCode.Redirect, string.Join("\n", app.ServerErrors) + await held.Content.ReadAsStringAsync());
        Assert.Equal(SiteVisitStatus.Held, await DbAsync(app, db => db.Set<SiteVisit>().Where(v => v.Id == visitId).Select(v => v.Status).SingleAsync()));
        Assert.False(await DbAsync(app, db => db.Set<SiteVisitAttendee>().Where(a => a.Id == attendee).Select(a => a.Attended).SingleAsync()));
        Assert.Equal(CaseState.SiteVisited, await DbAsync(app, db => db.Cases.Where(c => c.ProgrammeId == w.Programme && c.OrganizationId == w.Organization).Select(c => c.State).SingleAsync()));

        // a coach on the team sees the visit and the organization's material; the opening is audited
        using var lead = await TestClient.SignedInAsync(app, w.Lead.User, AppFactory.UserPassword);
        Assert.Contains(w.OrgName, await lead.GetStringAsync("/SiteVisits/Coach"));
        var coachPage = await lead.GetStringAsync($"/SiteVisits/Coach/{visitId}");
        Assert.Contains("培育孵化项目申请书（附录A）", coachPage);
        Assert.Contains("已打印十份", coachPage);
        Assert.True(await DbAsync(app, db => db.AuditEvents.AnyAsync(e => e.Action == Web.Platform.Audit.AuditActions.MaterialOpened && e.EntityId == visitId.ToString())));

        // a site coach of another organization's team: 404; a team member without the pledge: 403 with the reason
        var stranger = await ExpertAsync(app, w.Programme, "钱专家");
        await CoachAsync(app, w.Programme, otherOrg, stranger.Id, true);
        using var strangerClient = await TestClient.SignedInAsync(app, stranger.User, AppFactory.UserPassword);
        Assert.DoesNotContain(w.OrgName, await strangerClient.GetStringAsync("/SiteVisits/Coach"));
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.Http.GetAsync($"/SiteVisits/Coach/{visitId}")).StatusCode);
        var unpledged = await ExpertAsync(app, Guid.Empty, "孙专家", pledged: false);
        await CoachAsync(app, w.Programme, w.Organization, unpledged.Id, false);
        using var unpledgedClient = await TestClient.SignedInAsync(app, unpledged.User, AppFactory.UserPassword);
        var refused = await unpledgedClient.Http.GetAsync($"/SiteVisits/Coach/{visitId}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("专家承诺书", await refused.Content.ReadAsStringAsync());
    }
}
