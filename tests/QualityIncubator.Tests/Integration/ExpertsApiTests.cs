using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.2 over /api/v1: the Office keeps the pool and assigns through the same checks as the pages; an expert sees only their own tasks and recuses.</summary>
public sealed class ExpertsApiTests(AppFactories factories)
{
    private static object Body(string name, long version = 0, string employer = "上海某大学", string status = "Active", bool reviewer = true, bool coach = false, string[]? industries = null) => new
    {
        name, employer, title = "教授", mobile = "139 0000 1111", email = "expert@example.cn", industries = industries ?? ["C"], specialties = "精益管理、六西格玛",
        isReportReviewer = reviewer, isSiteCoach = coach, examinerCertificate = "全国质量奖评审员", yearsOfExperience = 12, status, version,
    };

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    private static async Task<Guid> CreateAsync(TestClient office, object body)
    {
        var created = await office.PostJsonAsync("/api/v1/experts", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Json(created)).GetProperty("id").GetGuid();
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_expert_is_created_read_and_updated_with_its_version(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var name = Unique("接口专家");
        var created = await office.PostJsonAsync("/api/v1/experts", Body(name));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = await Json(created);
        var id = dto.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/experts/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("13900001111", dto.GetProperty("mobile").GetString());
        Assert.Equal("在库", dto.GetProperty("statusLabel").GetString());
        Assert.False(dto.GetProperty("hasLogin").GetBoolean());

        var read = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{id}");
        Assert.Equal(name, read.GetProperty("name").GetString());
        Assert.Equal(["C"], read.GetProperty("industries").EnumerateArray().Select(i => i.GetString()));
        Assert.True(read.GetProperty("isReportReviewer").GetBoolean());

        var updated = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/experts/{id}",
            Body(name + "改", read.GetProperty("version").GetInt64(), employer: "上海质量研究院", status: "Suspended", coach: true, industries: ["C", "I"]));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = await Json(updated);
        Assert.Equal(name + "改", after.GetProperty("name").GetString());
        Assert.Equal("上海质量研究院", after.GetProperty("employer").GetString());
        Assert.Equal("Suspended", after.GetProperty("status").GetString());
        Assert.Equal("暂停", after.GetProperty("statusLabel").GetString());
        Assert.True(after.GetProperty("isSiteCoach").GetBoolean());
        Assert.Equal(2, after.GetProperty("industries").GetArrayLength());
        Assert.True(after.GetProperty("version").GetInt64() > read.GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await office.Http.GetAsync($"/api/v1/experts/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_stale_update_is_refused_with_409_and_changes_nothing(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var name = Unique("并发专家");
        var id = await CreateAsync(office, Body(name));
        var version = (await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{id}")).GetProperty("version").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/experts/{id}", Body(name, version, employer: "第一次修改"))).StatusCode);

        var stale = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/experts/{id}", Body(name, version, employer: "过期的修改"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(ConcurrencyMessages.Stale, (await Json(stale)).GetProperty("detail").GetString());
        Assert.Equal("第一次修改", (await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{id}")).GetProperty("employer").GetString());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Invalid_input_is_refused_with_400_and_chinese_messages(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var total = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Experts.CountAsync());

        var noName = await office.PostJsonAsync("/api/v1/experts", new { isReportReviewer = true });
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        var noNameErrors = (await Json(noName)).GetProperty("errors");
        Assert.Equal("请填写姓名", noNameErrors.GetProperty("Name")[0].GetString());

        var noRole = await office.PostJsonAsync("/api/v1/experts", new { name = Unique("无类别"), mobile = "12345", industries = new[] { "不存在" } });
        Assert.Equal(HttpStatusCode.BadRequest, noRole.StatusCode);
        var problem = await Json(noRole);
        Assert.Equal("填写内容有误", problem.GetProperty("title").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal("请至少选择一种专家类别", errors.GetProperty("IsLecturer")[0].GetString());
        Assert.StartsWith("手机应为11位手机号码", errors.GetProperty("Mobile")[0].GetString());
        Assert.Equal("请从列表中选择行业", errors.GetProperty("Industries")[0].GetString());
        Assert.Equal(total, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Experts.CountAsync()));

        var id = await CreateAsync(office, Body(Unique("校验专家")));
        var badEmail = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/experts/{id}", new { name = "校验专家", email = "不是邮箱", isLecturer = true });
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.Equal("电子邮件格式不正确", (await Json(badEmail)).GetProperty("errors").GetProperty("Email")[0].GetString());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_list_filters_by_name_role_status_and_industry_and_pages(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var token = Unique("筛选");
        var reviewer = await CreateAsync(office, Body(token + "甲", industries: ["C"]));
        var coach = await CreateAsync(office, Body(token + "乙", reviewer: false, coach: true, industries: ["I"]));
        var suspended = await CreateAsync(office, Body(token + "丙", status: "Suspended", industries: ["C", "I"]));
        var byEmployer = await CreateAsync(office, Body("另一位专家", employer: token + "研究院"));

        async Task<List<Guid>> Ids(string query)
        {
            var page = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts?q={token}{query}");
            return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
        }

        Assert.Equal(new[] { reviewer, coach, suspended, byEmployer }.Order(), (await Ids("")).Order());
        Assert.Equal([coach], await Ids("&role=SiteCoach"));
        Assert.Equal([suspended], await Ids("&status=Suspended"));
        Assert.Equal(new[] { coach, suspended }.Order(), (await Ids("&industry=I")).Order());
        Assert.Equal(new[] { reviewer, byEmployer }.Order(), (await Ids("&role=ReportReviewer&status=Active")).Order());

        var first = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts?q={token}&pageSize=3");
        Assert.Equal(4, first.GetProperty("total").GetInt32());
        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        Assert.Equal(2, first.GetProperty("pageCount").GetInt32());
        var second = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts?q={token}&pageSize=3&page=2");
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        var all = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetGuid());
        Assert.Equal(new[] { reviewer, coach, suspended, byEmployer }.Order(), all.Order());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_proposal_never_pairs_a_conflicted_expert_and_saves_nothing(DbProvider provider)
    {
        // A database of its own: the pool must hold only this test's experts.
        await using var app = await AppFactory.CreateAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (orgA, _) = await app.CreateCaseAsync(programme, "接口建议甲公司");
        var (orgB, _) = await app.CreateCaseAsync(programme, "接口建议乙公司");
        var (conflicted, free) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var codeA = await db.Organizations.Where(o => o.Id == orgA).Select(o => o.CreditCode).SingleAsync();
            db.Applications.Add(new Application { ProgrammeId = programme, OrganizationId = orgA, OrganizationName = "接口建议甲公司", CreditCode = codeA, Status = ApplicationStatus.Submitted, IndustryCode = "C" });
            var x = new Expert { Name = "接口专家甲", IsReportReviewer = true, Industries = "C", CreatedAt = DateTime.UtcNow };
            x.Conflicts.Add(new ExpertConflict { ExpertId = x.Id, Kind = ConflictKind.Organization, CreditCode = codeA, Note = "股东", CreatedAt = DateTime.UtcNow });
            var y = new Expert { Name = "接口专家乙", IsReportReviewer = true, CreatedAt = DateTime.UtcNow };
            db.Experts.AddRange(x, y, new Expert { Name = "接口教练", IsSiteCoach = true, Industries = "C", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return (x.Id, y.Id);
        });
        using var office = await TestClient.OfficeAsync(app);

        var invalid = await office.PostJsonAsync($"/api/v1/programmes/{programme}/assignments/proposal", new { perOrganization = 9 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidErrors = (await Json(invalid)).GetProperty("errors");
        Assert.Equal("请选择任务类别", invalidErrors.GetProperty("role")[0].GetString());
        Assert.Equal("每个组织的专家人数应在1至5之间", invalidErrors.GetProperty("perOrganization")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await office.PostJsonAsync($"/api/v1/programmes/{Guid.NewGuid()}/assignments/proposal", new { role = "ReportReviewer" })).StatusCode);

        var response = await office.PostJsonAsync($"/api/v1/programmes/{programme}/assignments/proposal", new { role = "ReportReviewer", perOrganization = 2, maxPerExpert = 12 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var proposal = await Json(response);
        Assert.Equal("ReportReviewer", proposal.GetProperty("role").GetString());
        var pairs = proposal.GetProperty("pairs").EnumerateArray()
            .Select(p => (Org: p.GetProperty("organizationId").GetGuid(), Expert: p.GetProperty("expertId").GetGuid(), p)).ToList();
        // 4.2.3: the conflicted expert serves the other organization only; the site coach never reviews reports (5.2.3).
        Assert.DoesNotContain(pairs, p => p.Org == orgA && p.Expert == conflicted);
        Assert.Contains(pairs, p => p.Org == orgB && p.Expert == conflicted);
        Assert.Equal([free], pairs.Where(p => p.Org == orgA).Select(p => p.Expert));
        Assert.Equal(3, pairs.Count);
        Assert.All(pairs, p => Assert.False(string.IsNullOrWhiteSpace(p.p.GetProperty("explanation").GetString())));
        Assert.Contains(pairs, p => p.p.GetProperty("organizationName").GetString() == "接口建议乙公司");
        var uncovered = Assert.Single(proposal.GetProperty("uncovered").EnumerateArray());
        Assert.Equal(orgA, uncovered.GetProperty("organizationId").GetGuid());
        Assert.Equal(1, uncovered.GetProperty("missing").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(uncovered.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.True, proposal.GetProperty("optimal").ValueKind);

        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExpertAssignments.CountAsync()));
        Assert.Equal(0, (await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}/assignments")).GetProperty("total").GetInt32());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_manual_assignment_of_a_conflicted_expert_is_refused_with_the_reasons(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (org, _) = await app.CreateCaseAsync(programme, Unique("手动分配公司"));
        using var office = await TestClient.OfficeAsync(app);
        var conflicted = await CreateAsync(office, Body(Unique("有关系专家")));
        var free = await CreateAsync(office, Body(Unique("无关系专家")));
        var code = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Organizations.Where(o => o.Id == org).Select(o => o.CreditCode).SingleAsync());
        await app.WithScopeAsync(s => s.GetRequiredService<ExpertWork>().AddConflictAsync(conflicted,
            new ConflictInput { Kind = ConflictKind.Organization, CreditCode = code, Note = "担任独立董事" }, byOffice: true, CancellationToken.None));

        var conflicts = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{conflicted}/conflicts");
        var conflict = Assert.Single(conflicts.EnumerateArray());
        Assert.Equal("Organization", conflict.GetProperty("kind").GetString());
        Assert.Equal("利益相关组织", conflict.GetProperty("kindLabel").GetString());
        Assert.True(conflict.GetProperty("declaredByOffice").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await office.Http.GetAsync($"/api/v1/experts/{Guid.NewGuid()}/conflicts")).StatusCode);

        var refused = await office.PostJsonAsync($"/api/v1/programmes/{programme}/assignments", new { expertId = conflicted, organizationId = org, role = "ReportReviewer" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var reasons = (await Json(refused)).GetProperty("errors").GetProperty("")[0].GetString();
        Assert.Contains("担任独立董事", reasons);
        Assert.Contains("区评审办登记", reasons);

        var wrongRole = await office.PostJsonAsync($"/api/v1/programmes/{programme}/assignments", new { expertId = free, organizationId = org, role = "SiteCoach" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongRole.StatusCode);

        var assigned = await office.PostJsonAsync($"/api/v1/programmes/{programme}/assignments", new { expertId = free, organizationId = org, role = "ReportReviewer", isLead = true, note = "熟悉制造业" });
        Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        var row = await Json(assigned);
        Assert.Equal("Active", row.GetProperty("status").GetString());
        Assert.Equal("熟悉制造业", row.GetProperty("explanation").GetString());
        var again = await office.PostJsonAsync($"/api/v1/programmes/{programme}/assignments", new { expertId = free, organizationId = org, role = "ReportReviewer" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        var list = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}/assignments?role=ReportReviewer");
        var only = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(free, only.GetProperty("expertId").GetGuid());
        Assert.True(only.GetProperty("isLead").GetBoolean());
        Assert.Equal(0, (await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}/assignments?role=SiteCoach")).GetProperty("total").GetInt32());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_expert_sees_only_their_own_active_assignments_and_recuses_with_reason_and_version(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (mine, _) = await app.CreateCaseAsync(programme, Unique("本人任务公司"));
        var (theirs, _) = await app.CreateCaseAsync(programme, Unique("他人任务公司"));
        var (userName, expertId) = await ExpertWithLoginAsync(app, "任务专家");
        var (_, otherId) = await ExpertWithLoginAsync(app, "其他专家");
        using var office = await TestClient.OfficeAsync(app);
        async Task<Guid> Assign(Guid expert, Guid org)
        {
            var r = await office.PostJsonAsync($"/api/v1/programmes/{programme}/assignments", new { expertId = expert, organizationId = org, role = "ReportReviewer" });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            return (await Json(r)).GetProperty("id").GetGuid();
        }
        var own = await Assign(expertId, mine);
        var other = await Assign(otherId, theirs);

        using var expert = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);
        var profile = await expert.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/expert");
        Assert.Equal(expertId, profile.GetProperty("id").GetGuid());
        var tasks = await expert.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/assignments");
        var task = Assert.Single(tasks.GetProperty("items").EnumerateArray());
        Assert.Equal(own, task.GetProperty("id").GetGuid());
        Assert.StartsWith("本人任务公司", task.GetProperty("organizationName").GetString());
        Assert.False(task.GetProperty("pledgeSigned").GetBoolean());
        // organization names only: no ids or material to follow
        Assert.False(task.TryGetProperty("organizationId", out _));
        var version = task.GetProperty("version").GetInt64();

        Assert.Equal(HttpStatusCode.NotFound, (await expert.PostJsonAsync($"/api/v1/me/assignments/{other}/recuse", new { reason = "不是我的任务", version = 0 })).StatusCode);
        var noReason = await expert.PostJsonAsync($"/api/v1/me/assignments/{own}/recuse", new { reason = " ", version });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("请填写回避原因", (await Json(noReason)).GetProperty("errors").GetProperty("reason")[0].GetString());
        var stale = await expert.PostJsonAsync($"/api/v1/me/assignments/{own}/recuse", new { reason = "曾为该组织提供咨询", version = version + 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(ConcurrencyMessages.Stale, (await Json(stale)).GetProperty("detail").GetString());

        var recused = await expert.PostJsonAsync($"/api/v1/me/assignments/{own}/recuse", new { reason = "曾为该组织提供咨询", version });
        Assert.Equal(HttpStatusCode.OK, recused.StatusCode);
        Assert.Equal("Recused", (await Json(recused)).GetProperty("status").GetString());
        var afterRecusal = await expert.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/assignments");
        Assert.Equal((0, 0), (afterRecusal.GetProperty("items").GetArrayLength(), afterRecusal.GetProperty("total").GetInt32()));
        // the task page lists every task of the expert, the recused one too, with its total
        var page = await expert.GetStringAsync("/Experts/Tasks");
        Assert.Contains("共 1 条", page);
        Assert.Contains("本人任务公司", page);
        Assert.Equal(HttpStatusCode.BadRequest, (await expert.PostJsonAsync($"/api/v1/me/assignments/{own}/recuse", new { reason = "再次回避", version = version + 1 })).StatusCode);

        var rows = (await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}/assignments?status=Recused")).GetProperty("items");
        var row = Assert.Single(rows.EnumerateArray());
        Assert.Equal(own, row.GetProperty("id").GetGuid());
        Assert.Equal("曾为该组织提供咨询", row.GetProperty("recusalReason").GetString());
        Assert.Equal(1, (await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}/assignments?status=Active")).GetProperty("total").GetInt32());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Organizations_and_experts_are_refused_the_office_endpoints(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync();
        var (org, _) = await app.CreateCaseAsync(programme);
        var (expertUser, expertId) = await ExpertWithLoginAsync(app, "越权专家");
        using var organization = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, org), AppFactory.UserPassword);
        using var expert = await TestClient.SignedInAsync(app, expertUser, AppFactory.UserPassword);
        using var anonymous = TestClient.For(app);

        foreach (var client in new[] { organization, expert })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/api/v1/experts")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/api/v1/experts/{expertId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/api/v1/experts/{expertId}/conflicts")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/experts", Body(Unique("越权")))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/experts/{expertId}", Body("越权修改", 0))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/api/v1/programmes/{programme}/assignments")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync($"/api/v1/programmes/{programme}/assignments/proposal", new { role = "ReportReviewer" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync($"/api/v1/programmes/{programme}/assignments", new { expertId, organizationId = org, role = "ReportReviewer" })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await organization.Http.GetAsync("/api/v1/me/expert")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organization.Http.GetAsync("/api/v1/me/assignments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/v1/experts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/v1/me/assignments")).StatusCode);

        // An expert-role login not yet linked to a pool record has no profile and no tasks.
        using var unlinked = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Expert), AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await unlinked.Http.GetAsync("/api/v1/me/expert")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await unlinked.Http.GetAsync("/api/v1/me/assignments")).StatusCode);

        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExpertAssignments.CountAsync(a => a.ProgrammeId == programme)));
        Assert.Equal("测试专家", await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Experts.Where(e => e.Id == expertId).Select(e => e.Name).SingleAsync()));
    }

    private static async Task<(string UserName, Guid ExpertId)> ExpertWithLoginAsync(AppFactory app, string employer)
    {
        var userName = await app.CreateUserAsync(Roles.Expert);
        var id = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var expert = new Expert
            {
                Name = "测试专家", Employer = employer, UserId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(),
                IsReportReviewer = true, CreatedAt = DateTime.UtcNow,
            };
            db.Experts.Add(expert);
            await db.SaveChangesAsync();
            return expert.Id;
        });
        return (userName, id);
    }
}
