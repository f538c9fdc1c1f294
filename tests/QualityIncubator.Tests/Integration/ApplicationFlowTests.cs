using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.1: the call, registration, Appendix A drafts and submissions, return, withdrawal and the eligibility decision — through HTTP.</summary>
public sealed class ApplicationFlowTests(AppFactories factories)
{
    private static async Task<Guid> ProgrammeWithCallAsync(AppFactory app, int opensInDays = -5, int closesInDays = 20)
    {
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            db.ApplicationCalls.Add(new ApplicationCall { ProgrammeId = programme, Html = "<p>欢迎申报</p>", OpensOn = today.AddDays(opensInDays), ClosesOn = today.AddDays(closesInDays), PublishedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        return programme;
    }

    private static async Task<(Guid Org, TestClient Client)> OrganizationAsync(AppFactory app, string name = "申报测试公司")
    {
        var org = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var o = new Organization { Name = name, CreditCode = TestData.NewCreditCode(), ContactName = "张三", ContactMobile = "13812345678", CreatedAt = DateTime.UtcNow };
            db.Organizations.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
        var user = await app.CreateUserAsync(Roles.Organization, org);
        return (org, await TestClient.SignedInAsync(app, user, AppFactory.UserPassword));
    }

    private static object Body(ApplicationInput i) => i;

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    [Theory, ClassData(typeof(Providers))]
    public async Task Draft_submit_return_resubmit_and_decide_move_the_application_and_the_case(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await ProgrammeWithCallAsync(app);
        var (org, client) = await OrganizationAsync(app, "流程测试公司");
        using var _ = client;

        var draft = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{programme}/application", new { legalRepresentative = "王五" });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var dto = await Json(draft);
        Assert.Equal("Draft", dto.GetProperty("status").GetString());
        Assert.Equal("流程测试公司", dto.GetProperty("form").GetProperty("organizationName").GetString());

        var incomplete = await client.PostJsonAsync($"/api/v1/programmes/{programme}/application/submit", new { legalRepresentative = "王五", version = dto.GetProperty("version").GetInt64() });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Equal("请填写组织地址", (await Json(incomplete)).GetProperty("errors").GetProperty("Address")[0].GetString());

        var input = ApplicationRulesTests.Complete();
        input.Version = dto.GetProperty("version").GetInt64();
        input.DistrictCode = "T-九亭";
        var submitted = await client.PostJsonAsync($"/api/v1/programmes/{programme}/application/submit", Body(input));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        dto = await Json(submitted);
        Assert.Equal("Submitted", dto.GetProperty("status").GetString());
        var id = dto.GetProperty("id").GetGuid();
        var caseId = dto.GetProperty("caseId").GetGuid();

        using var office = await TestClient.OfficeAsync(app);
        var list = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}/applications?q=流程测试");
        Assert.Equal(1, list.GetProperty("total").GetInt32());

        var returned = await office.PostJsonAsync($"/api/v1/applications/{id}/return", new { version = dto.GetProperty("version").GetInt64(), comment = "请补充研发人员数的说明" });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        var orgView = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/applications/{id}");
        Assert.Equal("Returned", orgView.GetProperty("status").GetString());
        Assert.Equal("请补充研发人员数的说明", orgView.GetProperty("returnComment").GetString());
        Assert.Contains("申请书被退回修改", await client.GetStringAsync("/Notifications"));

        input.Version = orgView.GetProperty("version").GetInt64();
        input.RdStaffCount = 50;
        var resubmitted = await client.PostJsonAsync($"/api/v1/programmes/{programme}/application/submit", Body(input));
        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        var version = (await Json(resubmitted)).GetProperty("version").GetInt64();

        var verdict = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/applications/{id}/eligibility");
        Assert.Equal("Met", verdict.GetProperty("overall").GetString());
        Assert.Equal(4, verdict.GetProperty("criteria").GetArrayLength());

        var noJudgement = await office.PostJsonAsync($"/api/v1/applications/{id}/decision", new { version, decision = "Eligible" });
        Assert.Equal(HttpStatusCode.BadRequest, noJudgement.StatusCode);
        Assert.Contains("主要领导质量管理意识强", (await Json(noJudgement)).GetProperty("errors").GetProperty("leadershipJudgement")[0].GetString());

        var decided = await office.PostJsonAsync($"/api/v1/applications/{id}/decision", new { version, decision = "Eligible", leadershipJudgement = "总经理亲自推动卓越绩效导入" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var @case = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        Assert.Equal("Eligible", @case.GetProperty("state").GetString());
        Assert.Contains("资格审查结果：符合条件", await client.GetStringAsync("/Notifications"));
        Assert.Contains("符合条件", await client.GetStringAsync($"/Cases/{caseId}"));
        Assert.Equal(org, dto.GetProperty("organizationId").GetGuid());
        // every step above moved the programme's tally with it: one submitted application, eligible
        Assert.Equal(new Dictionary<string, int> { ["Submitted/Eligible"] = 1 }, await ProgrammeTallyTests.AssertTalliedAsync(app, programme));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Overriding_the_rule_needs_a_written_reason_and_is_recorded(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await ProgrammeWithCallAsync(app);
        var (_, client) = await OrganizationAsync(app);
        using var _c = client;
        var input = ApplicationRulesTests.Complete();
        input.HasViolationThisYear = true;
        var submitted = await Json(await client.PostJsonAsync($"/api/v1/programmes/{programme}/application/submit", Body(input)));
        var id = submitted.GetProperty("id").GetGuid();
        using var office = await TestClient.OfficeAsync(app);
        var verdict = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/applications/{id}/eligibility");
        Assert.Equal("NotMet", verdict.GetProperty("overall").GetString());

        var silent = await office.PostJsonAsync($"/api/v1/applications/{id}/decision", new { version = submitted.GetProperty("version").GetInt64(), decision = "Eligible", leadershipJudgement = "强" });
        Assert.Contains("不一致", (await Json(silent)).GetProperty("errors").GetProperty("reason")[0].GetString());
        var overridden = await office.PostJsonAsync($"/api/v1/applications/{id}/decision",
            new { version = submitted.GetProperty("version").GetInt64(), decision = "Eligible", leadershipJudgement = "强", reason = "违法行为为轻微行政处罚，已整改完毕" });
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        var audit = await office.GetStringAsync($"/Audit?entityType=Application&entityId={id}");
        Assert.Contains("已整改完毕", audit);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Submission_outside_the_window_is_refused_with_the_dates(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var early = await ProgrammeWithCallAsync(app, opensInDays: 3, closesInDays: 30);
        var late = await ProgrammeWithCallAsync(app, opensInDays: -30, closesInDays: -1);
        var (_, client) = await OrganizationAsync(app);
        using var _c = client;
        var notYet = await client.PostJsonAsync($"/api/v1/programmes/{early}/application/submit", Body(ApplicationRulesTests.Complete()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notYet.StatusCode);
        Assert.Contains("申报尚未开始", (await Json(notYet)).GetProperty("detail").GetString());
        var closed = await client.PostJsonAsync($"/api/v1/programmes/{late}/application/submit", Body(ApplicationRulesTests.Complete()));
        Assert.Contains("截止", (await Json(closed)).GetProperty("detail").GetString());
        // A draft can still be saved while the window is not open.
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{early}/application", Body(ApplicationRulesTests.Complete()))).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Withdrawing_closes_the_case_and_another_organization_sees_nothing(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await ProgrammeWithCallAsync(app);
        var (_, client) = await OrganizationAsync(app);
        using var _c = client;
        var submitted = await Json(await client.PostJsonAsync($"/api/v1/programmes/{programme}/application/submit", Body(ApplicationRulesTests.Complete())));
        var id = submitted.GetProperty("id").GetGuid();

        var (_, other) = await OrganizationAsync(app, "另一家公司");
        using var _o = other;
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/v1/applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/Applications/Docx/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostJsonAsync($"/api/v1/applications/{id}/withdraw", new { version = 0, reason = "恶意撤回" })).StatusCode);

        var noReason = await client.PostJsonAsync($"/api/v1/applications/{id}/withdraw", new { version = submitted.GetProperty("version").GetInt64() });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var withdrawn = await client.PostJsonAsync($"/api/v1/applications/{id}/withdraw", new { version = submitted.GetProperty("version").GetInt64(), reason = "今年暂不参加" });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var caseState = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{submitted.GetProperty("caseId").GetGuid()}");
        Assert.Equal("Withdrawn", caseState.GetProperty("state").GetString());
        // the case is closed: the organization acts no more in this programme (403 with the reason)
        var again = await client.PostJsonAsync($"/api/v1/programmes/{programme}/application/submit", Body(ApplicationRulesTests.Complete()));
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Contains("已退出本期培育孵化", (await Json(again)).GetProperty("detail").GetString());
        Assert.Equal(new Dictionary<string, int> { ["Withdrawn/Pending"] = 1 }, await ProgrammeTallyTests.AssertTalliedAsync(app, programme));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_form_keeps_everything_typed_and_shows_each_error_beside_its_field(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await ProgrammeWithCallAsync(app);
        var (_, client) = await OrganizationAsync(app);
        using var _c = client;
        var response = await client.PostFormAsync($"/Applications/Form/{programme}?handler=Submit", new()
        {
            ["Input.LegalRepresentative"] = "王五", ["Input.Address"] = "上海市松江区九亭镇", ["Input.Phone"] = "12345", ["Input.EmployeeCount"] = "10",
            ["Input.RdStaffCount"] = "20", ["Input.TotalAssets"] = "abc", ["Input.Certifications[0].StandardCode"] = "ISO9001", ["Input.Certifications[0].CertificateNumber"] = "Q-1",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("value=\"王五\"", html);
        Assert.Contains("value=\"上海市松江区九亭镇\"", html);
        Assert.Contains("value=\"Q-1\"", html);
        Assert.Contains("研发人员数（20）不能多于员工总数（10）", html);
        Assert.Contains("电话/手机应为手机号码或带区号的固定电话", html);
        Assert.Contains("“abc”无效", html);
        Assert.Contains("处需要修改", html);
        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Applications.CountAsync(a => a.ProgrammeId == programme)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_filters_exports_the_list_and_downloads_appendix_a(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await ProgrammeWithCallAsync(app);
        foreach (var (name, industry) in new[] { ("筛选制造公司", "C"), ("筛选软件公司", "I") })
        {
            var (_, client) = await OrganizationAsync(app, name);
            using var _c = client;
            var input = ApplicationRulesTests.Complete();
            input.IndustryCode = industry;
            input.PriorityIndustryCode = industry == "C" ? "SH-IC" : null;
            Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/v1/programmes/{programme}/application/submit", Body(input))).StatusCode);
        }
        using var office = await TestClient.OfficeAsync(app);
        var page = await office.GetStringAsync($"/Applications?programmeId={programme}&industry=C");
        Assert.Contains("筛选制造公司", page);
        Assert.DoesNotContain("筛选软件公司", page);
        Assert.Contains("共 1 条", WebUtility.HtmlDecode(page));
        // the total without other filters is read off the counts by status and decision; it must agree with the list
        Assert.Contains("共 2 条", WebUtility.HtmlDecode(await office.GetStringAsync($"/Applications?programmeId={programme}&status=Submitted&decision=Pending")));
        var returned = await office.GetStringAsync($"/Applications?programmeId={programme}&status=Returned");
        Assert.DoesNotContain("aria-label=\"分页\"", returned);
        Assert.DoesNotContain("筛选制造公司", returned);
        var beyond = WebUtility.HtmlDecode(await office.GetStringAsync($"/Applications?programmeId={programme}&status=Submitted&p=9"));
        Assert.Contains("共 2 条，第 9 / 1 页", beyond);
        Assert.DoesNotContain("筛选制造公司", beyond);
        var priority = await office.GetStringAsync($"/Applications?programmeId={programme}&priority=" + Uri.EscapeDataString("上海“3+6”"));
        Assert.Contains("筛选制造公司", priority);
        Assert.DoesNotContain("筛选软件公司", priority);

        var xlsx = await office.Http.GetAsync($"/Applications/Export?programmeId={programme}&sort=name");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var rows = (await MiniExcel.QueryAsync(await xlsx.Content.ReadAsStreamAsync(), useHeaderRow: true)).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["筛选制造公司", "筛选软件公司"], rows.Select(r => r["组织名称"]?.ToString()).Order(StringComparer.Ordinal));

        var id = (await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}/applications?industry=C")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var docx = await office.Http.GetAsync($"/Applications/Docx/{id}");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var word = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false);
        var text = word.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("筛选制造公司", text);
        Assert.Contains("8,000.00 万元", text);
        Assert.Contains("C 制造业", text);
        var review = await office.GetStringAsync($"/Applications/Review/{id}");
        Assert.Contains("符合申报条件", review);
        Assert.Contains("ISO 9001", review);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Paging_by_name_shows_every_application_once_even_when_names_are_the_same(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await ProgrammeWithCallAsync(app);
        var submitted = new List<(string Name, Guid Id)>();
        foreach (var name in new[] { "同名测试公司", "甲同名前公司", "同名测试公司", "乙同名后公司", "同名测试公司" })
        {
            var (_, client) = await OrganizationAsync(app, name);
            using var _c = client;
            var response = await client.PostJsonAsync($"/api/v1/programmes/{programme}/application/submit", Body(ApplicationRulesTests.Complete()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            submitted.Add((name, (await Json(response)).GetProperty("id").GetGuid()));
        }
        using var office = await TestClient.OfficeAsync(app);
        // pages of two, sorted by name: the three of the same name straddle a page boundary, and each application is on exactly one page
        var seen = new List<(string Name, Guid Id)>();
        for (var page = 1; page <= 3; page++)
        {
            var json = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}/applications?status=Submitted&sort=name&page={page}&pageSize=2");
            Assert.Equal(5, json.GetProperty("total").GetInt32());
            seen.AddRange(json.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("organizationName").GetString()!, i.GetProperty("id").GetGuid())));
        }
        Assert.Equal(submitted.Select(s => s.Id).Order(), seen.Select(s => s.Id).Order());
        Assert.Equal(seen.Select(s => s.Name).Order(StringComparer.Ordinal), seen.Select(s => s.Name));
        // the same order on the page, and the same on every request
        var html = WebUtility.HtmlDecode(await office.GetStringAsync($"/Applications?programmeId={programme}&status=Submitted&sort=name"));
        var positions = seen.Select(s => html.IndexOf($"/Applications/Review/{s.Id}", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("共 5 条", html);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Registration_checks_the_credit_code_and_a_second_registrant_is_told_whom_to_contact(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var anonymous = TestClient.For(app);
        var code = TestData.NewCreditCode();
        Dictionary<string, string?> Form(string creditCode, string user) => new()
        {
            ["Input.OrganizationName"] = "注册测试公司", ["Input.CreditCode"] = creditCode, ["Input.ContactName"] = "李四", ["Input.ContactMobile"] = "139 1234 5678",
            ["Input.ContactEmail"] = "lisi@example.cn", ["Input.UserName"] = user, ["Input.Password"] = "passw0rd-ok1", ["Input.ConfirmPassword"] = "passw0rd-ok1",
        };
        var wrong = await anonymous.PostFormAsync("/Register", Form(code[..17] + (code[17] == '0' ? '1' : '0'), "reg-" + Guid.NewGuid().ToString("N")[..8]));
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("校验位不正确", wrongHtml);
        Assert.Contains("value=\"注册测试公司\"", wrongHtml);

        var first = await anonymous.PostFormAsync("/Register", Form(code, "reg-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var me = await anonymous.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Contains("Organization", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        using var second = TestClient.For(app);
        var duplicate = await second.PostFormAsync("/Register", Form(code.ToLowerInvariant(), "reg-" + Guid.NewGuid().ToString("N")[..8]));
        var html = await duplicate.Content.ReadAsStringAsync();
        Assert.Contains("已经注册", html);
        Assert.Contains("李*", html);
        Assert.Contains("139****5678", html);
        Assert.Equal(1, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Organizations.CountAsync(o => o.CreditCode == code)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_organization_administrator_invites_a_colleague_who_sees_the_same_application(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await ProgrammeWithCallAsync(app);
        var org = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var o = new Organization { Name = "同事测试公司", CreditCode = TestData.NewCreditCode(), CreatedAt = DateTime.UtcNow };
            db.Organizations.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
        var adminName = await app.CreateUserAsync(Roles.Organization, org);
        await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.Where(u => u.UserName == adminName).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsOrganizationAdmin, true)));
        using var admin = await TestClient.SignedInAsync(app, adminName, AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{programme}/application", new { legalRepresentative = "赵六" })).StatusCode);
        var colleague = "colleague-" + Guid.NewGuid().ToString("N")[..6];
        var invited = await admin.PostFormAsync("/Organization/Members", new() { ["Input.UserName"] = colleague, ["Input.DisplayName"] = "同事", ["Input.Email"] = "c@example.cn" });
        var html = await invited.Content.ReadAsStringAsync();
        var password = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "<code id=\"initial-password\">([^<]+)</code>").Groups[1].Value);
        using var colleagueClient = await TestClient.SignedInAsync(app, colleague, password);
        Assert.Contains("value=\"赵六\"", await colleagueClient.GetStringAsync($"/Applications/Form/{programme}"));
        var refused = await colleagueClient.PostFormAsync("/Organization/Members", new() { ["Input.UserName"] = "x-" + colleague, ["Input.DisplayName"] = "x" });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Evidence_is_uploaded_with_the_application_and_only_the_office_and_the_organization_can_open_it(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await ProgrammeWithCallAsync(app);
        var (_, client) = await OrganizationAsync(app, "材料测试公司");
        using var _c = client;
        var draft = await Json(await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{programme}/application", new { legalRepresentative = "王五" }));
        var pdf = FileTypesTests.Pdf().Concat(Guid.NewGuid().ToByteArray()).ToArray();
        var uploaded = await client.PostFileAsync($"/Applications/Form/{programme}?handler=Upload", $"/Applications/Form/{programme}", "upload", pdf, "营业执照.pdf", new() { ["purpose"] = "营业执照副本" });
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var renamed = await client.PostFileAsync($"/Applications/Form/{programme}?handler=Upload", $"/Applications/Form/{programme}", "upload", [0x4D, 0x5A, 0x90, 0x00], "证书.pdf");
        Assert.Contains("不支持的文件类型", await renamed.Content.ReadAsStringAsync());
        Assert.Contains("营业执照副本", await client.GetStringAsync($"/Applications/Form/{programme}"));

        var input = ApplicationRulesTests.Complete();
        input.Version = draft.GetProperty("version").GetInt64();
        var id = (await Json(await client.PostJsonAsync($"/api/v1/programmes/{programme}/application/submit", Body(input)))).GetProperty("id").GetGuid();
        var fileId = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attachments.Where(a => a.OwnerId == id).Select(a => a.Id).SingleAsync());

        using var office = await TestClient.OfficeAsync(app);
        Assert.Contains("营业执照.pdf", await office.GetStringAsync($"/Applications/Review/{id}"));
        Assert.Equal(pdf, await office.Http.GetByteArrayAsync($"/files/{fileId}"));
        var (_, other) = await OrganizationAsync(app, "旁观公司");
        using var _o = other;
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/files/{fileId}")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_published_window_can_only_be_extended_and_the_extension_is_audited(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        using var office = await TestClient.OfficeAsync(app);
        Dictionary<string, string?> Form(string closes, string version) => new()
        {
            ["Input.Html"] = "<p>征集<script>alert(1)</script></p>", ["Input.OpensOn"] = "2026-03-01", ["Input.ClosesOn"] = closes, ["Input.Version"] = version,
        };
        var published = await office.PostFormAsync($"/Programmes/Call/{programme}?handler=Publish", Form("2026-03-31", "0"), formPage: $"/Programmes/Call/{programme}");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var html = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ApplicationCalls.Where(c => c.ProgrammeId == programme).Select(c => c.Html).SingleAsync());
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);

        var earlier = await office.PostFormAsync($"/Programmes/Call/{programme}?handler=Save", Form("2026-03-20", "0"), formPage: $"/Programmes/Call/{programme}");
        Assert.Contains("截止日期只能延长", await earlier.Content.ReadAsStringAsync());
        var later = await office.PostFormAsync($"/Programmes/Call/{programme}?handler=Save", Form("2026-04-15", "0"), formPage: $"/Programmes/Call/{programme}");
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        var audit = System.Net.WebUtility.HtmlDecode(await office.GetStringAsync($"/Audit?action=WindowExtended&programmeId={programme}"));
        Assert.Contains("2026-03-31", audit);
        Assert.Contains("2026-04-15", audit);
    }
}
