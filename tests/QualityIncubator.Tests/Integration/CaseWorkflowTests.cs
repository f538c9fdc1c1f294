using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>The one workflow: transitions checked, audited, put on the timeline, saved with optimistic concurrency.</summary>
public sealed class CaseWorkflowTests(AppFactories factories)
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_moves_a_case_and_the_timeline_and_audit_show_each_step(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.AwarenessTraining);
        var (_, caseId) = await app.CreateCaseAsync(programme, "时间线测试公司");
        using var office = await TestClient.OfficeAsync(app);

        var eligible = await office.PostJsonAsync($"/api/v1/cases/{caseId}/transitions", new { to = "Eligible", version = 0 });
        Assert.Equal(HttpStatusCode.OK, eligible.StatusCode);
        var awareness = await office.PostJsonAsync($"/api/v1/cases/{caseId}/transitions", new { to = "Awareness", reason = "开始自主学习", version = 1 });
        Assert.Equal(HttpStatusCode.OK, awareness.StatusCode);
        var dto = await Json(awareness);
        Assert.Equal("Awareness", dto.GetProperty("state").GetString());
        Assert.Equal(["已申报", "符合申报条件", "普及培育中"], dto.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("toLabel").GetString()));
        Assert.Contains("Continuing", dto.GetProperty("nextStates").EnumerateArray().Select(e => e.GetString()));

        var page = await office.GetStringAsync($"/Cases/{caseId}");
        Assert.Contains("普及培育中", page);
        Assert.Contains("开始自主学习", page);
        var audit = await office.GetStringAsync($"/Audit?action=Transition&entityId={caseId}");
        Assert.Contains("\"State\":\"Applied\"", System.Net.WebUtility.HtmlDecode(audit));
        Assert.Contains("\"State\":\"Awareness\"", System.Net.WebUtility.HtmlDecode(audit));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Refused_moves_explain_why_in_chinese_and_change_nothing(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        var (_, caseId) = await app.CreateCaseAsync(programme);
        using var office = await TestClient.OfficeAsync(app);

        var skip = await office.PostJsonAsync($"/api/v1/cases/{caseId}/transitions", new { to = "InPool", version = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, skip.StatusCode);
        Assert.Contains("不能从“已申报”直接变为“入选培育孵化库”", (await Json(skip)).GetProperty("detail").GetString());

        var early = await office.PostJsonAsync($"/api/v1/cases/{caseId}/transitions", new { to = "Eligible", version = 0 });
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        var tooEarly = await office.PostJsonAsync($"/api/v1/cases/{caseId}/transitions", new { to = "Awareness", version = 1 });
        Assert.Contains("尚未进入“4.3 普及培育”阶段", (await Json(tooEarly)).GetProperty("detail").GetString());

        var noReason = await office.PostJsonAsync($"/api/v1/cases/{caseId}/transitions", new { to = "Ineligible", version = 1 });
        Assert.Contains("须填写原因", (await Json(noReason)).GetProperty("detail").GetString());

        var state = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        Assert.Equal("Eligible", state.GetProperty("state").GetString());
        Assert.Equal(1, state.GetProperty("version").GetInt64());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Two_people_moving_the_same_case_never_silently_overwrite_each_other(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        var (_, caseId) = await app.CreateCaseAsync(programme);
        using var first = await TestClient.OfficeAsync(app);
        using var second = await TestClient.OfficeAsync(app);
        var a = await first.PostJsonAsync($"/api/v1/cases/{caseId}/transitions", new { to = "Eligible", version = 0 });
        var b = await second.PostJsonAsync($"/api/v1/cases/{caseId}/transitions", new { to = "Ineligible", reason = "不符合", version = 0 });
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, b.StatusCode);
        Assert.Contains("该记录已被他人修改", (await Json(b)).GetProperty("detail").GetString());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Concurrent_transitions_with_the_same_version_let_exactly_one_through(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        var (_, caseId) = await app.CreateCaseAsync(programme);
        var clients = new List<TestClient>();
        for (var i = 0; i < 6; i++)
        {
            clients.Add(await TestClient.OfficeAsync(app));
        }
        var tokens = await Task.WhenAll(clients.Select(c => c.CsrfTokenAsync()));
        var responses = await Task.WhenAll(clients.Select((c, i) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{caseId}/transitions") { Content = JsonContent.Create(new { to = "Eligible", version = 0 }) };
            request.Headers.Add("X-CSRF-TOKEN", tokens[i]);
            return c.Http.SendAsync(request);
        }));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        using var office = clients[0];
        var dto = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        Assert.Equal(2, dto.GetProperty("timeline").GetArrayLength());
        foreach (var c in clients.Skip(1))
        {
            c.Dispose();
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_organization_sees_only_its_own_case_and_may_only_withdraw(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        var (ownOrg, ownCase) = await app.CreateCaseAsync(programme, "本组织");
        var (_, otherCase) = await app.CreateCaseAsync(programme, "他组织");
        var userName = await app.CreateUserAsync(Roles.Organization, ownOrg);
        using var org = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);

        Assert.Contains("本组织", await org.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.NotFound, (await org.Http.GetAsync($"/api/v1/cases/{otherCase}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await org.Http.GetAsync($"/Cases/{otherCase}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await org.PostJsonAsync($"/api/v1/cases/{otherCase}/transitions", new { to = "Withdrawn", reason = "x", version = 0 })).StatusCode);

        var self = await org.Http.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{ownCase}");
        Assert.Equal(["Withdrawn"], self.GetProperty("nextStates").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await org.PostJsonAsync($"/api/v1/cases/{ownCase}/transitions", new { to = "Eligible", version = 0 })).StatusCode);

        var withdrawn = await org.PostFormAsync($"/Cases/{ownCase}?handler=Transition", new() { ["to"] = "Withdrawn", ["reason"] = "经自我评估暂不参加", ["version"] = "0" }, formPage: $"/Cases/{ownCase}");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var page = await org.GetStringAsync($"/Cases/{ownCase}");
        Assert.Contains("已退出", page);
        Assert.Contains("经自我评估暂不参加", page);
    }
}
