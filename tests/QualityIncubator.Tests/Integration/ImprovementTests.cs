using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Tests.Integration;

/// <summary>5.3.1 improvement actions: added, filtered, paged, their status changed; the open ones carried into the next programme's planning.</summary>
public sealed class ImprovementTests(AppFactories factories)
{
    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<string> Body(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    private static Dictionary<string, string?> Form(ProcedureArea? area, string? action, string? owner, string? dueOn, ImprovementStatus status = ImprovementStatus.Open,
        string? outcome = null, long version = 0) => new()
    {
        ["Input.Area"] = area?.ToString() ?? "", ["Input.Action"] = action, ["Input.Owner"] = owner, ["Input.DueOn"] = dueOn, ["Input.Status"] = status.ToString(),
        ["Input.Outcome"] = outcome, ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Task<T> Db<T>(AppFactory app, Func<AppDbContext, Task<T>> read) => app.WithScopeAsync(s => read(s.GetRequiredService<AppDbContext>()));

    private static Task<Guid> ProgrammeAsync(AppFactory app, ProgrammeStage stage, int year, string title) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var p = new Programme { Year = year, Title = title, Stage = stage, CreatedAt = DateTime.UtcNow };
        db.Programmes.Add(p);
        await db.SaveChangesAsync();
        return p.Id;
    });

    /// <summary>Seals a programme after its records were written (a sealed programme takes no new record, 6.1).</summary>
    private static Task SealAsync(AppFactory app, Guid programme) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        (await db.Programmes.SingleAsync(p => p.Id == programme)).Stage = ProgrammeStage.Sealed;
        await db.SaveChangesAsync();
    });

    private static Task<Guid> ActionAsync(AppFactory app, Guid programme, string text, ImprovementStatus status, ProcedureArea area = ProcedureArea.CourseSetup) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var a = new ImprovementAction
        {
            ProgrammeId = programme, Area = area, Action = text, Owner = "评审办", DueOn = new DateOnly(2026, 12, 31), Status = status,
            Outcome = status is ImprovementStatus.Done or ImprovementStatus.Dropped ? "已处理" : null, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Add(a);
        await db.SaveChangesAsync();
        return a.Id;
    });

    [Theory, ClassData(typeof(Providers))]
    public async Task Actions_are_added_filtered_paged_and_their_status_changed(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Review);
        using var office = await TestClient.OfficeAsync(app);
        var page = $"/Review/Improvements/{programme}";

        // errors beside the fields, the typed text kept
        var invalid = await office.PostFormAsync($"{page}?handler=Save", Form(ProcedureArea.CourseSetup, "增加案例教学课时", "", null));
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var html = await Body(invalid);
        Assert.Contains("请填写责任人</span>", html);
        Assert.Contains("请填写完成期限</span>", html);
        Assert.Contains("增加案例教学课时</textarea>", html);
        Assert.False(await Db(app, db => db.Set<ImprovementAction>().AnyAsync(a => a.ProgrammeId == programme)));

        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"{page}?handler=Save", Form(ProcedureArea.CourseSetup, "增加案例教学课时", "课程组", "2027-03-31"))).StatusCode);
        var created = await office.PostJsonAsync($"/api/v1/programmes/{programme}/improvements",
            new { area = "Forms", action = "简化附录B填写说明", owner = "表单组", dueOn = "2027-02-28" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.StatusCode}\n{string.Join("\n", app.ServerErrors)}");
        Assert.Equal("Open", (await Json(created)).GetProperty("status").GetString());
        var badApi = await office.PostJsonAsync($"/api/v1/programmes/{programme}/improvements", new { area = "Forms", owner = "表单组" });
        Assert.Equal(HttpStatusCode.BadRequest, badApi.StatusCode);
        Assert.Equal("请填写改进措施", (await Json(badApi)).GetProperty("errors").GetProperty("action")[0].GetString());
        for (var i = 0; i < 21; i++)
        {
            await ActionAsync(app, programme, $"现场扶优安排第{i}项", ImprovementStatus.InProgress, ProcedureArea.SiteVisitArrangement);
        }

        // filtered by area and status, paged in the database
        var forms = WebUtility.HtmlDecode(await office.GetStringAsync($"{page}?area=Forms"));
        Assert.Contains("简化附录B填写说明", forms);
        Assert.DoesNotContain("增加案例教学课时", forms);
        var inProgress = WebUtility.HtmlDecode(await office.GetStringAsync($"{page}?status=InProgress"));
        Assert.Contains("共 21 条，第 1 / 2 页", inProgress);
        Assert.DoesNotContain("简化附录B填写说明", inProgress);
        Assert.Contains("共 21 条，第 2 / 2 页", WebUtility.HtmlDecode(await office.GetStringAsync($"{page}?status=InProgress&p=2")));
        var api = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}/improvements?area=SiteVisitArrangement&pageSize=5");
        Assert.Equal((21, 5), (api.GetProperty("total").GetInt32(), api.GetProperty("items").GetArrayLength()));

        // the status changes from the edit form; done needs its outcome
        var action = await Db(app, db => db.Set<ImprovementAction>().AsNoTracking().SingleAsync(a => a.ProgrammeId == programme && a.Action == "增加案例教学课时"));
        var editPage = $"{page}?edit={action.Id}";
        Assert.Contains("增加案例教学课时</textarea>", WebUtility.HtmlDecode(await office.GetStringAsync(editPage)));
        var noOutcome = await office.PostFormAsync($"{page}?handler=Save&edit={action.Id}",
            Form(ProcedureArea.CourseSetup, "增加案例教学课时", "课程组", "2027-03-31", ImprovementStatus.Done, null, action.Version), formPage: editPage);
        Assert.Contains("已完成的措施须填写完成情况</span>", await Body(noOutcome));
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"{page}?handler=Save&edit={action.Id}",
            Form(ProcedureArea.CourseSetup, "增加案例教学课时", "课程组", "2027-03-31", ImprovementStatus.Done, "已增加4个课时", action.Version), formPage: editPage)).StatusCode);
        var done = await Db(app, db => db.Set<ImprovementAction>().AsNoTracking().SingleAsync(a => a.Id == action.Id));
        Assert.Equal((ImprovementStatus.Done, "已增加4个课时"), (done.Status, done.Outcome));
        Assert.Contains("已增加4个课时", WebUtility.HtmlDecode(await office.GetStringAsync($"{page}?status=Done")));

        // an edit from the old version is stale; the typed text stays
        var stale = await office.PostFormAsync($"{page}?handler=Save&edit={action.Id}",
            Form(ProcedureArea.CourseSetup, "我改过的措施", "课程组", "2027-03-31", ImprovementStatus.InProgress, null, action.Version), formPage: editPage);
        var staleHtml = await Body(stale);
        Assert.Contains(ConcurrencyMessages.Stale, staleHtml);
        Assert.Contains("我改过的措施</textarea>", staleHtml);
        Assert.Equal("增加案例教学课时", await Db(app, db => db.Set<ImprovementAction>().Where(a => a.Id == action.Id).Select(a => a.Action).SingleAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_open_action_shows_on_a_later_programme_and_carrying_it_creates_a_new_action_pointing_back(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var earlier = await ProgrammeAsync(app, ProgrammeStage.Review, 2025, $"往年计划{suffix}");
        var open = await ActionAsync(app, earlier, $"未完成的措施{suffix}", ImprovementStatus.InProgress);
        await ActionAsync(app, earlier, $"已完成的措施{suffix}", ImprovementStatus.Done);
        await SealAsync(app, earlier);
        var later = await ProgrammeAsync(app, ProgrammeStage.Planning, 2026, $"新年计划{suffix}");
        using var office = await TestClient.OfficeAsync(app);

        var details = WebUtility.HtmlDecode(await office.GetStringAsync($"/Programmes/Details/{later}"));
        Assert.Contains($"未完成的措施{suffix}", details);
        Assert.DoesNotContain($"已完成的措施{suffix}", details);
        Assert.Contains("纳入本计划</button>", details);
        // an earlier programme does not see the actions of a later one
        Assert.DoesNotContain($"未完成的措施{suffix}", WebUtility.HtmlDecode(await office.GetStringAsync($"/Programmes/Details/{earlier}")));

        var before = await Db(app, db => db.Set<ImprovementAction>().AsNoTracking().SingleAsync(a => a.Id == open));
        var carried = await office.PostFormAsync($"/Programmes/Details/{later}?handler=CarryImprovement", new() { ["actionId"] = open.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, carried.StatusCode);
        var copy = await Db(app, db => db.Set<ImprovementAction>().AsNoTracking().SingleAsync(a => a.ProgrammeId == later));
        Assert.Equal((open, $"未完成的措施{suffix}", ImprovementStatus.InProgress, "评审办"), (copy.CarriedFromId!.Value, copy.Action, copy.Status, copy.Owner));
        // the sealed programme's action is untouched
        var after = await Db(app, db => db.Set<ImprovementAction>().AsNoTracking().SingleAsync(a => a.Id == open));
        Assert.Equal((before.Version, before.Status, before.UpdatedAt), (after.Version, after.Status, after.UpdatedAt));

        Assert.DoesNotContain($"未完成的措施{suffix}", WebUtility.HtmlDecode(await office.GetStringAsync($"/Programmes/Details/{later}")));
        Assert.Contains($"由“往年计划{suffix}”纳入", WebUtility.HtmlDecode(await office.GetStringAsync($"/Review/Improvements/{later}")));
        var again = await office.PostFormAsync($"/Programmes/Details/{later}?handler=CarryImprovement", new() { ["actionId"] = open.ToString() });
        Assert.Contains("该改进措施已纳入后续培育计划", await Body(again));
        // a programme after that one sees the continuation, not the original
        var third = await ProgrammeAsync(app, ProgrammeStage.Planning, 2027, $"后年计划{suffix}");
        var thirdDetails = WebUtility.HtmlDecode(await office.GetStringAsync($"/Programmes/Details/{third}"));
        Assert.Contains($"<tr data-action=\"{copy.Id}\">", thirdDetails);
        Assert.DoesNotContain($"<tr data-action=\"{open}\">", thirdDetails);

        // an archived programme takes nothing in
        var archived = await ProgrammeAsync(app, ProgrammeStage.Archive, 2026, $"归档计划{suffix}");
        Assert.Contains("本计划当前处于“6 归档”阶段", WebUtility.HtmlDecode(await office.GetStringAsync($"/Programmes/Details/{archived}")));
        var refused = await office.PostFormAsync($"/Programmes/Details/{archived}?handler=CarryImprovement", new() { ["actionId"] = copy.Id.ToString() }, formPage: $"/Programmes/Details/{later}");
        Assert.Contains("改进措施只能纳入处于“计划制定”至“评估与改进”阶段的培育计划", await Body(refused));
        Assert.False(await Db(app, db => db.Set<ImprovementAction>().AnyAsync(a => a.ProgrammeId == archived)));
    }

    /// <summary>
    /// 5.3.1 an action is carried forward once. Several Office users pressing 纳入本计划 for one action at the same moment all pass the
    /// "not carried yet" check; the unique index on CarriedFromId keeps one continuation and the others are told it was carried.
    /// </summary>
    [Theory, ClassData(typeof(Providers))]
    public async Task An_action_carried_by_several_people_at_the_same_moment_is_carried_once(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var earlier = await ProgrammeAsync(app, ProgrammeStage.Review, 2025, $"往年计划{suffix}");
        var open = await ActionAsync(app, earlier, $"同时纳入的措施{suffix}", ImprovementStatus.Open);
        await SealAsync(app, earlier);
        var later = await ProgrammeAsync(app, ProgrammeStage.Planning, 2026, $"新年计划{suffix}");
        var clients = new List<TestClient>();
        try
        {
            var posts = new List<(TestClient Client, FormUrlEncodedContent Form)>();
            for (var i = 0; i < 6; i++)
            {
                var office = await TestClient.OfficeAsync(app);
                clients.Add(office);
                var html = await office.GetStringAsync($"/Programmes/Details/{later}");
                var token = TestClient.TokenOf(html);
                posts.Add((office, new FormUrlEncodedContent(new Dictionary<string, string> { ["actionId"] = open.ToString(), ["__RequestVerificationToken"] = token })));
            }
            // every form was loaded while the action was still open; now they are all sent at once
            var answers = await Task.WhenAll(posts.Select(p => p.Client.Http.PostAsync($"/Programmes/Details/{later}?handler=CarryImprovement", p.Form)));

            foreach (var answer in answers.Where(a => a.StatusCode != HttpStatusCode.Redirect))
            {
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.Contains("该改进措施已纳入后续培育计划", await Body(answer));
            }
            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Redirect));
            Assert.Equal(1, await Db(app, db => db.Set<ImprovementAction>().CountAsync(a => a.CarriedFromId == open)));
            Assert.Equal(1, await Db(app, db => db.Set<ImprovementAction>().CountAsync(a => a.ProgrammeId == later)));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        // and the database itself refuses a second continuation, whoever writes it
        var second = await Record.ExceptionAsync(() => app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.Add(new ImprovementAction
            {
                ProgrammeId = later, Area = ProcedureArea.CourseSetup, Action = "第二份延续", Owner = "评审办", Status = ImprovementStatus.Open, CarriedFromId = open,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            return 0;
        }));
        Assert.IsType<DbUpdateException>(second);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Actions_are_written_in_the_review_stage_only(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var early = await app.CreateProgrammeAsync(ProgrammeStage.SiteCoaching);
        var sealedProgramme = await app.CreateProgrammeAsync(ProgrammeStage.Review);
        var existing = await ActionAsync(app, sealedProgramme, "封存前的措施", ImprovementStatus.Open);
        await SealAsync(app, sealedProgramme);
        using var office = await TestClient.OfficeAsync(app);

        var earlyPage = WebUtility.HtmlDecode(await office.GetStringAsync($"/Review/Improvements/{early}"));
        Assert.Contains("培育计划当前处于“4.6 现场扶优”阶段", earlyPage);
        Assert.DoesNotContain("id=\"improvement-form\"", earlyPage);
        var posted = await office.PostFormAsync($"/Review/Improvements/{early}?handler=Save", Form(ProcedureArea.Forms, "提前写的措施", "某人", "2027-01-01"));
        Assert.Contains("须在“5 评估与改进”阶段进行", await Body(posted));
        var api = await office.PostJsonAsync($"/api/v1/programmes/{early}/improvements", new { area = "Forms", action = "提前写的措施", owner = "某人", dueOn = "2027-01-01" });
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);

        var version = await Db(app, db => db.Set<ImprovementAction>().Where(a => a.Id == existing).Select(a => a.Version).SingleAsync());
        var edit = await office.PostFormAsync($"/Review/Improvements/{sealedProgramme}?handler=Save&edit={existing}",
            Form(ProcedureArea.CourseSetup, "封存后改写", "某人", "2027-01-01", ImprovementStatus.Done, "改了", version));
        Assert.Contains("培育计划已归档封存（6.1）", await Body(edit));
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostJsonAsync($"/api/v1/programmes/{sealedProgramme}/improvements",
            new { area = "Forms", action = "封存后新增", owner = "某人", dueOn = "2027-01-01" })).StatusCode);
        Assert.Equal("封存前的措施", await Db(app, db => db.Set<ImprovementAction>().Where(a => a.Id == existing).Select(a => a.Action).SingleAsync()));
        Assert.Equal(1, await Db(app, db => db.Set<ImprovementAction>().CountAsync(a => a.ProgrammeId == sealedProgramme || a.ProgrammeId == early)));
        Assert.Equal(HttpStatusCode.NotFound, (await office.Http.GetAsync($"/Review/Improvements/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Organizations_and_experts_are_refused(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Review);
        var (organization, _) = await app.CreateCaseAsync(programme);
        using var org = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, organization), AppFactory.UserPassword);
        using var expert = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Expert), AppFactory.UserPassword);
        foreach (var client in new[] { org, expert })
        {
            var page = await client.Http.GetAsync($"/Review/Improvements/{programme}");
            Assert.True(page.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{page.StatusCode}");
            Assert.DoesNotContain("/Review/Improvements", page.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/api/v1/programmes/{programme}/improvements")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync($"/api/v1/programmes/{programme}/improvements",
                new { area = "Forms", action = "越权", owner = "某人", dueOn = "2027-01-01" })).StatusCode);
        }
        Assert.False(await Db(app, db => db.Set<ImprovementAction>().AnyAsync(a => a.ProgrammeId == programme)));
    }
}
