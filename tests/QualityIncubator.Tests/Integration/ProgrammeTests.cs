using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.1.1: the Office plans a programme with its schedule and moves it through the stages.</summary>
public sealed partial class ProgrammeTests(AppFactories factories)
{
    private static Dictionary<string, string?> Form(string title, long version = 0, string? startOfFirstStage = "2026-03-01")
    {
        var fields = new Dictionary<string, string?> { ["Input.Year"] = "2026", ["Input.Title"] = title, ["Input.Description"] = "测试说明", ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        for (var i = 0; i < ProgrammeStages.Scheduled.Length; i++)
        {
            fields[$"Input.Schedule[{i}].Stage"] = ProgrammeStages.Scheduled[i].ToString();
            fields[$"Input.Schedule[{i}].StartsOn"] = i == 0 ? startOfFirstStage : $"2026-{i + 3:00}-01";
            fields[$"Input.Schedule[{i}].EndsOn"] = $"2026-{i + 3:00}-20";
        }
        return fields;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_lists_count_a_programmes_organizations_from_its_tallies_which_every_save_keeps(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var title = $"计数计划-{Guid.NewGuid():N}"[..20];
        var programme = await app.CreateProgrammeAsync(title: title);
        var other = await app.CreateProgrammeAsync();
        using var office = await TestClient.OfficeAsync(app);
        async Task<int> Listed() => (await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes?q={Uri.EscapeDataString(title)}"))
            .GetProperty("items").EnumerateArray().Single().GetProperty("caseCount").GetInt32();

        Assert.Equal(0, await Listed());
        // cases opened through the product's saves count as their save commits, on the list page and in the API
        await app.CreateCaseAsync(programme);
        var (_, moved) = await app.CreateCaseAsync(programme);
        Assert.Equal(2, await Listed());
        Assert.Matches($"{Regex.Escape(title)}</a>.*?</td>\\s*<td>[^<]*</td>\\s*<td class=\"num\">2</td>",
            (await office.GetStringAsync($"/Programmes?q={Uri.EscapeDataString(title)}")).ReplaceLineEndings(" "));

        // a case moved to another programme by a save moves its count
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == moved)).ProgrammeId = other;
            await db.SaveChangesAsync();
        });
        Assert.Equal(1, await Listed());

        // a change made around the product's saves (a bulk update in the database) is counted when the tallies are counted afresh
        // (the recount-tallies command), not before
        await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.Where(c => c.Id == moved).ExecuteUpdateAsync(u => u.SetProperty(c => c.ProgrammeId, programme)));
        Assert.Equal(1, await Listed());
        await app.WithScopeAsync(s => ProgrammeTallies.RecountAsync(s.GetRequiredService<AppDbContext>(), CancellationToken.None));
        Assert.Equal(2, await Listed());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_creates_a_programme_with_its_schedule_and_sees_it_listed_and_audited(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var title = $"2026年度培育计划-{Guid.NewGuid():N}"[..24];
        var created = await office.PostFormAsync("/Programmes/Create", Form(title));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        Assert.StartsWith("/Programmes/Details/", location);

        var details = await office.GetStringAsync(location);
        Assert.Contains(title, details);
        Assert.Contains("2026-04-01", details);
        Assert.Contains("4.1 组织发动", details);
        Assert.Contains(title, await office.GetStringAsync($"/Programmes?q={Uri.EscapeDataString(title)}"));
        Assert.Contains(title, await office.GetStringAsync("/"));

        var id = location.Split('/').Last();
        var audit = await office.GetStringAsync($"/Audit?entityType=Programme&entityId={id}");
        Assert.Contains("新建", audit);
        Assert.Contains(title, audit);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Invalid_input_is_refused_in_chinese_beside_the_field_and_nothing_typed_is_lost(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var fields = Form("保留我输入的标题", startOfFirstStage: "2026-09-30");
        fields["Input.Year"] = "1999";
        var response = await office.PostFormAsync("/Programmes/Create", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("年度应在2020至2100之间", html);
        Assert.Contains("value=\"保留我输入的标题\"", html);
        Assert.Contains("测试说明", html);
        Assert.Contains("value=\"2026-09-30\"", html);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_stale_edit_is_refused_with_a_message_and_the_users_input_is_kept(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var id = await app.CreateProgrammeAsync();
        using var first = await TestClient.OfficeAsync(app);
        using var second = await TestClient.OfficeAsync(app);
        var edit1 = await first.GetStringAsync($"/Programmes/Edit/{id}");
        var version = VersionPattern().Match(edit1).Groups[1].Value;

        var ok = await first.PostFormAsync($"/Programmes/Edit/{id}", Form("第一位的修改", long.Parse(version, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var stale = await second.PostFormAsync($"/Programmes/Edit/{id}", Form("第二位的修改", long.Parse(version, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Contains("该记录已被他人修改", html);
        Assert.Contains("value=\"第二位的修改\"", html);

        var title = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Programmes.Where(p => p.Id == id).Select(p => p.Title).SingleAsync());
        Assert.Equal("第一位的修改", title);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_schedule_only_change_is_also_protected_by_the_programme_version(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var id = await app.CreateProgrammeAsync(title: "只改日期");
        using var office = await TestClient.OfficeAsync(app);
        var first = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{id}", Body("只改日期", 0, "2026-03-02"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stale = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{id}", Body("只改日期", 0, "2026-03-05"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("该记录已被他人修改", await stale.Content.ReadAsStringAsync());
    }

    private static object Body(string title, long version, string firstStart) => new
    {
        year = 2026, title, version,
        schedule = ProgrammeStages.Scheduled.Select((s, i) => new { stage = s.ToString(), startsOn = i == 0 ? firstStart : $"2026-{i + 3:00}-01", endsOn = (string?)null }),
    };

    [Theory, ClassData(typeof(Providers))]
    public async Task The_api_creates_lists_filters_and_pages_programmes(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            var created = await office.PostJsonAsync("/api/v1/programmes", Body($"接口计划{tag}-{i}", 0, "2026-03-01"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var page = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes?q={tag}&pageSize=2&page=2");
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page.GetProperty("pageCount").GetInt32());

        var invalid = await office.PostJsonAsync("/api/v1/programmes", new { year = 1990, title = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("年度应在2020至2100之间", problem.GetProperty("errors").GetProperty("Year")[0].GetString());
        Assert.Equal("请填写计划名称", problem.GetProperty("errors").GetProperty("Title")[0].GetString());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_programme_advances_one_stage_at_a_time_and_a_stale_advance_is_refused(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var id = await app.CreateProgrammeAsync(ProgrammeStage.Planning);
        using var office = await TestClient.OfficeAsync(app);
        var advanced = await office.PostJsonAsync($"/api/v1/programmes/{id}/advance", new { currentStage = "Planning", version = 0 });
        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        var detail = await advanced.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Mobilization", detail.GetProperty("stage").GetString());
        Assert.Equal("4.1 组织发动", detail.GetProperty("stageLabel").GetString());

        var again = await office.PostJsonAsync($"/api/v1/programmes/{id}/advance", new { currentStage = "Planning", version = 0 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var page = await office.PostFormAsync($"/Programmes/Details/{id}?handler=Advance", new() { ["currentStage"] = "Mobilization", ["version"] = "1" }, formPage: $"/Programmes/Details/{id}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("4.2 专家遴选", await office.GetStringAsync($"/Programmes/Details/{id}"));
        var audit = await office.GetStringAsync($"/Audit?action=StageAdvanced&entityId={id}");
        Assert.Contains("Mobilization", audit);
        Assert.Contains("ExpertSelection", audit);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_registers_a_paper_application_and_a_wrong_credit_code_is_explained(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var id = await app.CreateProgrammeAsync();
        using var office = await TestClient.OfficeAsync(app);
        var wrong = await office.PostFormAsync($"/Programmes/Details/{id}?handler=Register", new() { ["Register.Name"] = "纸质申报公司", ["Register.CreditCode"] = "91350100M000100Y44" }, formPage: $"/Programmes/Details/{id}");
        var html = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("统一社会信用代码校验位不正确", html);
        Assert.Contains("value=\"纸质申报公司\"", html);

        var code = TestData.NewCreditCode();
        var ok = await office.PostFormAsync($"/Programmes/Details/{id}?handler=Register", new() { ["Register.Name"] = "纸质申报公司", ["Register.CreditCode"] = code.ToLowerInvariant() }, formPage: $"/Programmes/Details/{id}");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var details = await office.GetStringAsync($"/Programmes/Details/{id}?q={code}");
        Assert.Contains("纸质申报公司", details);
        Assert.Contains("已申报", details);

        var twice = await office.PostFormAsync($"/Programmes/Details/{id}?handler=Register", new() { ["Register.Name"] = "纸质申报公司", ["Register.CreditCode"] = code }, formPage: $"/Programmes/Details/{id}");
        Assert.Contains("已在本计划中，不能重复登记", await twice.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("id=\"Input_Version\" name=\"Input.Version\" value=\"(\\d+)\"|name=\"Input.Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionPattern();
}
