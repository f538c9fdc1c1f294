using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.4.4 through HTTP on a real database: the ranking, publishing the pool (a choice against the ranking needs a reason), an exit under 4.4.4.3 and the export.</summary>
public sealed class PoolTests(AppFactories factories)
{
    /// <summary>An organization at 已完成质量分析 with its Appendix A figures, consensus score, penalties and priority industry.</summary>
    private static async Task<Guid> AnalysedAsync(AppFactory app, Guid programme, string name, decimal? revenue, decimal tax, decimal profit, decimal? score,
        decimal[] penaltiesYuan, string? priorityCode)
    {
        var (org, caseId) = await app.CreateCaseAsync(programme, name);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            db.Applications.Add(new Application
            {
                ProgrammeId = programme, OrganizationId = org, CaseId = caseId, Status = ApplicationStatus.Submitted, OrganizationName = name,
                CreditCode = await db.Organizations.Where(o => o.Id == org).Select(o => o.CreditCode).SingleAsync(),
                LastYearRevenue = revenue, LastYearTax = tax, LastYearNetProfit = profit, PriorityIndustryCode = priorityCode,
                CreatedAt = now, UpdatedAt = now, SubmittedAt = now, Decision = EligibilityDecision.Eligible,
            });
            if (score is { } total)
            {
                db.Add(new ReviewConsensus { ProgrammeId = programme, OrganizationId = org, Total = total, RecordedAt = now, UpdatedAt = now });
            }
            var n = 0;
            foreach (var amount in penaltiesYuan)
            {
                db.Add(new AdministrativePenalty
                {
                    ProgrammeId = programme, OrganizationId = org, DecidedOn = new DateOnly(2025, 3, 1), Authority = "区市场监管局",
                    DecisionNumber = $"沪市监松处〔2025〕{++n}号", Category = "罚款", AmountYuan = amount, RecordedAt = now,
                });
            }
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Analysed;
            await db.SaveChangesAsync();
        });
        return org;
    }

    private static Task<Dictionary<Guid, (CaseState State, string? Reason)>> StatesAsync(AppFactory app, Guid programme) => app.WithScopeAsync(async s =>
        (await s.GetRequiredService<AppDbContext>().Cases.AsNoTracking().Where(c => c.ProgrammeId == programme)
            .Select(c => new { c.OrganizationId, c.State, c.ClosingReason }).ToListAsync())
            .ToDictionary(c => c.OrganizationId, c => (c.State, c.ClosingReason)));

    private static Task<List<PoolMember>> MembersAsync(AppFactory app, Guid programme) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().Set<PoolMember>().AsNoTracking().Where(m => m.ProgrammeId == programme).ToListAsync());

    private static async Task<TestClient> OrganizationClientAsync(AppFactory app, Guid org) =>
        await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, org), AppFactory.UserPassword);

    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_sees_the_ranking_and_a_choice_against_it_needs_a_written_reason(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var first = await AnalysedAsync(app, programme, "入库甲公司", 5000m, 300m, 500m, 800m, [], "SJ-NE");
        var second = await AnalysedAsync(app, programme, "入库乙公司", 3000m, 200m, 300m, 600m, [], null);
        var third = await AnalysedAsync(app, programme, "入库丙公司", null, 100m, 50m, null, [20000m, 30000m], null);
        using var firstUser = await OrganizationClientAsync(app, first);
        using var secondUser = await OrganizationClientAsync(app, second);
        using var office = await TestClient.OfficeAsync(app);
        var url = $"/Pool/{programme}";

        var page = await office.GetStringAsync(url);
        Assert.True(page.IndexOf("入库甲公司", StringComparison.Ordinal) < page.IndexOf("入库乙公司", StringComparison.Ordinal)
            && page.IndexOf("入库乙公司", StringComparison.Ordinal) < page.IndexOf("入库丙公司", StringComparison.Ordinal), "ranking order");
        Assert.Contains("专家评分 800/1000", page);
        Assert.Contains("尚无专家评价一致意见评分，本项计 0 分", page);
        Assert.Contains("近两年行政处罚 2 次、金额 5 万元", page);
        Assert.Contains("属于重点产业（新能源）", page);
        Assert.Contains("营业收入未填写，按0计", page);
        Assert.Contains($"href=\"/Pool/{programme}\"", await office.GetStringAsync($"/Assessment/{programme}"));

        // first and third chosen, second passed over without a reason: refused, nothing changes, ticks and text kept
        var refused = await office.PostFormAsync(url + "?handler=Publish", new()
        {
            ["Chosen[0]"] = first.ToString(), ["Chosen[1]"] = third.ToString(), [$"Reasons[{first}]"] = "甲的说明（保留）",
        });
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("“入库丙公司”排名第3位，排名在前的“入库乙公司”（第2位）未入选，须书面说明理由", html);
        Assert.Contains("甲的说明（保留）", html);
        Assert.Matches($"value=\"{third}\" checked=\"checked\"", html);
        Assert.DoesNotMatch($"value=\"{second}\" checked=\"checked\"", html);
        Assert.All((await StatesAsync(app, programme)).Values, s => Assert.Equal(CaseState.Analysed, s.State));
        Assert.Empty(await MembersAsync(app, programme));

        // with the reason it is published: chosen in the pool, the other not selected, everyone told
        var published = await office.PostFormAsync(url + "?handler=Publish", new()
        {
            ["Chosen[0]"] = first.ToString(), ["Chosen[1]"] = third.ToString(), [$"Reasons[{third}]"] = "丙公司整改到位，行业代表性强",
        });
        Assert.True(published.StatusCode == HttpStatusCode.Redirect, string.Join("\n", app.ServerErrors) + await published.Content.ReadAsStringAsync());
        var states = await StatesAsync(app, programme);
        Assert.Equal(CaseState.InPool, states[first].State);
        Assert.Equal(CaseState.InPool, states[third].State);
        Assert.Equal((CaseState.NotSelected, PoolWork.NotSelectedReason), states[second]);
        var members = await MembersAsync(app, programme);
        Assert.Equal(2, members.Count);
        var thirdMember = members.Single(m => m.OrganizationId == third);
        Assert.Equal((3, "丙公司整改到位，行业代表性强"), (thirdMember.Rank, thirdMember.SelectionReason));
        Assert.Contains(AppFactory.AdminUserName, thirdMember.EnteredBy, StringComparison.Ordinal);
        Assert.Equal(1, members.Single(m => m.OrganizationId == first).Rank);
        Assert.NotNull(await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Programmes.Where(p => p.Id == programme).Select(p => p.PoolPublishedAt).SingleAsync()));
        Assert.Contains("入选松江区政府质量奖培育孵化库", await firstUser.GetStringAsync("/Notifications"));
        Assert.Contains("培育孵化库筛选结果", await secondUser.GetStringAsync("/Notifications"));

        var after = await office.GetStringAsync(url);
        Assert.Contains("暂无已完成质量分析、待筛选的组织", after);
        Assert.Contains($"/Pool/Exit/{programme}/{third}", after);
        // the selection, with its written reason, is on the history of entries and exits
        Assert.Contains("丙公司整改到位，行业代表性强", await office.GetStringAsync($"/Pool/History/{programme}"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_organizations_not_selected_are_paged_latest_decision_first_with_every_one_on_exactly_one_page(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var decided = DateTime.UtcNow.AddDays(-1);
        for (var i = 1; i <= 23; i++)
        {
            var (_, caseId) = await app.CreateCaseAsync(programme, $"未入选分页{i:00}号公司");
            await app.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                var row = await db.Cases.SingleAsync(c => c.Id == caseId);
                row.State = CaseState.NotSelected;
                row.ClosingReason = PoolWork.NotSelectedReason;
                row.UpdatedAt = decided.AddMinutes(i);
                await db.SaveChangesAsync();
            });
        }
        using var office = await TestClient.OfficeAsync(app);
        List<int> Numbers(string html) => [.. System.Text.RegularExpressions.Regex.Matches(html, "未入选分页(\\d\\d)号公司").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        var first = Numbers(await office.GetStringAsync($"/Pool/{programme}"));
        var second = Numbers(await office.GetStringAsync($"/Pool/{programme}?np=2"));
        Assert.Equal(Enumerable.Range(4, 20).Reverse(), first);
        Assert.Equal([3, 2, 1], second);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Weights_are_validated_change_the_ranking_and_are_fixed_once_baseline_assessment_is_over(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        await AnalysedAsync(app, programme, "权重甲公司", 9000m, 900m, 900m, 300m, [], null);
        await AnalysedAsync(app, programme, "权重乙公司", 100m, 10m, 10m, 900m, [], null);
        using var office = await TestClient.OfficeAsync(app);
        var url = $"/Pool/{programme}";
        var version = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Programmes.Where(p => p.Id == programme).Select(p => p.Version).SingleAsync());
        Dictionary<string, string?> Weights(string performance, string expert) => new()
        {
            ["Weights.Performance"] = performance, ["Weights.ExpertScore"] = expert, ["Weights.Quality"] = "20", ["Weights.Priority"] = "10",
            ["Weights.PenaltyDeduction"] = "0.25", ["Weights.LargestAmountDeduction"] = "0.25", ["Weights.Version"] = version.ToString(CultureInfo.InvariantCulture),
        };

        var bad = await office.PostFormAsync(url + "?handler=Weights", Weights("-5", "40"));
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("各项权重不能为负数", html);
        Assert.Contains("value=\"-5\"", html);

        var page = await office.GetStringAsync(url);
        Assert.True(page.IndexOf("权重甲公司", StringComparison.Ordinal) < page.IndexOf("权重乙公司", StringComparison.Ordinal));
        var saved = await office.PostFormAsync(url + "?handler=Weights", Weights("0", "100"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        page = await office.GetStringAsync(url);
        Assert.True(page.IndexOf("权重乙公司", StringComparison.Ordinal) < page.IndexOf("权重甲公司", StringComparison.Ordinal), "expert score now decides");
        // the same (stale) version again: refused, the weights stay
        var stale = await office.PostFormAsync(url + "?handler=Weights", Weights("50", "50"));
        Assert.Contains("该记录已被他人修改", await stale.Content.ReadAsStringAsync());

        // once the programme has left 摸底评估 the weights the pool was selected by are shown, not offered for editing, and a post is refused
        var weightsJson = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var row = await db.Programmes.SingleAsync(p => p.Id == programme);
            row.Stage = ProgrammeStage.TheoryGuidance;
            await db.SaveChangesAsync();
            version = row.Version;
            return row.RankingWeightsJson;
        });
        page = await office.GetStringAsync(url);
        Assert.Contains("id=\"weights-shown\"", page);
        Assert.Contains("<dt>专家评价</dt><dd>100</dd>", page);
        Assert.DoesNotContain("id=\"save-weights\"", page);
        var late = await office.PostFormAsync(url + "?handler=Weights", Weights("50", "50"));
        Assert.Contains("权重不能再修改", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()));
        Assert.Equal(weightsJson, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Programmes.Where(p => p.Id == programme).Select(p => p.RankingWeightsJson).SingleAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_exit_for_a_major_incident_closes_the_membership_ends_site_coaching_and_shuts_the_later_stages(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var org = await AnalysedAsync(app, programme, "退出甲公司", 2000m, 100m, 100m, 700m, [], null);
        using var office = await TestClient.OfficeAsync(app);
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"/Pool/{programme}?handler=Publish", new() { ["Chosen[0]"] = org.ToString() })).StatusCode);
        var (assignmentId, electiveId) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var expert = new Expert { Name = "扶优专家", IsSiteCoach = true, CreatedAt = DateTime.UtcNow };
            db.Experts.Add(expert);
            var assignment = new ExpertAssignment { ProgrammeId = programme, ExpertId = expert.Id, OrganizationId = org, Role = AssignmentRole.SiteCoach, CreatedAt = DateTime.UtcNow };
            db.ExpertAssignments.Add(assignment);
            var elective = new Course { ProgrammeId = programme, Stage = CourseStage.Theory, Kind = CourseKind.Elective, Title = "精益管理专题", CreatedAt = DateTime.UtcNow };
            db.Add(elective);
            await db.SaveChangesAsync();
            return (assignment.Id, elective.Id);
        });
        using var member = await OrganizationClientAsync(app, org);
        Assert.Contains("理论指导（4.5）", await member.GetStringAsync($"/Courses/Mine/{programme}"));

        var url = $"/Pool/Exit/{programme}/{org}";
        var form = await office.GetStringAsync(url);
        Assert.Contains(ExitRule.Label(ExitGround.MajorIncident), form);
        Assert.Contains(ExitRule.Label(ExitGround.Voluntary), form);
        long CaseVersion() => app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.Where(c => c.ProgrammeId == programme && c.OrganizationId == org).Select(c => c.Version).SingleAsync()).GetAwaiter().GetResult();

        var noDescription = await office.PostFormAsync(url, new() { ["Ground"] = nameof(ExitGround.MajorIncident), ["CaseVersion"] = CaseVersion().ToString(CultureInfo.InvariantCulture) });
        Assert.Contains("退出培育孵化库须填写情况说明", await noDescription.Content.ReadAsStringAsync());
        Assert.Equal(CaseState.InPool, (await StatesAsync(app, programme))[org].State);

        var exited = await office.PostFormAsync(url, new()
        {
            ["Ground"] = nameof(ExitGround.MajorIncident), ["Description"] = "2026年5月发生较大安全生产事故", ["CaseVersion"] = CaseVersion().ToString(CultureInfo.InvariantCulture),
        });
        Assert.True(exited.StatusCode == HttpStatusCode.Redirect, string.Join("\n", app.ServerErrors) + await exited.Content.ReadAsStringAsync());
        var (state, reason) = (await StatesAsync(app, programme))[org];
        Assert.Equal(CaseState.Exited, state);
        Assert.Contains("第4.4.4.3条", reason);
        Assert.Contains("2026年5月发生较大安全生产事故", reason);
        var membership = Assert.Single(await MembersAsync(app, programme));
        Assert.Equal(ExitGround.MajorIncident, membership.ExitGround);
        Assert.Contains(AppFactory.AdminUserName, membership.ExitedBy, StringComparison.Ordinal);
        Assert.NotNull(membership.ExitedAt);
        var assignment = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExpertAssignments.AsNoTracking().SingleAsync(a => a.Id == assignmentId));
        Assert.Equal(AssignmentStatus.Ended, assignment.Status);
        Assert.NotNull(assignment.EndedAt);

        var pool = await office.GetStringAsync($"/Pool/{programme}");
        Assert.Contains("暂无在库组织", pool);
        var history = await office.GetStringAsync($"/Pool/History/{programme}");
        Assert.Contains("2026年5月发生较大安全生产事故", history);
        Assert.Contains(ExitRule.Label(ExitGround.MajorIncident), history);
        // a second exit is refused by the rule
        var again = await office.PostFormAsync(url, new() { ["Ground"] = nameof(ExitGround.Voluntary), ["Description"] = "再次", ["CaseVersion"] = CaseVersion().ToString(CultureInfo.InvariantCulture) });
        Assert.Contains("不在培育孵化库内", await again.Content.ReadAsStringAsync());

        // the organization is told, no longer sees theory guidance and cannot choose electives
        Assert.Contains("退出松江区政府质量奖培育孵化库", await member.GetStringAsync("/Notifications"));
        var mine = await member.GetStringAsync($"/Courses/Mine/{programme}");
        Assert.DoesNotContain("理论指导（4.5）", mine);
        var electives = await member.PostFormAsync($"/Courses/Mine/{programme}?handler=Electives", new() { ["courseIds[0]"] = electiveId.ToString() });
        Assert.Equal(HttpStatusCode.Forbidden, electives.StatusCode);
        Assert.Contains("本组织已退出培育孵化库（第4.4.4.3条）", WebUtility.HtmlDecode(await electives.Content.ReadAsStringAsync()));

        // the export lists the stay with its exit
        var xlsx = await office.Http.GetAsync($"/Pool/Export/{programme}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var rows = (await MiniExcel.QueryAsync(await xlsx.Content.ReadAsStreamAsync(), useHeaderRow: true)).Cast<IDictionary<string, object>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal("退出甲公司", row["组织名称"]);
        Assert.Equal("已退出", row["状态"]);
        Assert.Equal(ExitRule.Label(ExitGround.MajorIncident), row["退出情形"]);
        Assert.Contains("2026年5月发生较大安全生产事故", (string)row["退出原因"]);
        Assert.Equal(1, Convert.ToInt32(row["排名"], CultureInfo.InvariantCulture));
        Assert.Matches("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$", (string)row["入库时间"]);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_member_lists_count_their_rows_and_filter_by_name(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var first = await AnalysedAsync(app, programme, "名单甲公司", 3000m, 300m, 300m, 800m, [], null);
        var second = await AnalysedAsync(app, programme, "名单乙公司", 2000m, 200m, 200m, 700m, [], null);
        await AnalysedAsync(app, programme, "名单丙公司", 1000m, 100m, 100m, 600m, [], null);
        using var office = await TestClient.OfficeAsync(app);
        var published = await office.PostFormAsync($"/Pool/{programme}?handler=Publish", new() { ["Chosen[0]"] = first.ToString(), ["Chosen[1]"] = second.ToString() });
        Assert.True(published.StatusCode == HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync());
        var caseVersion = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.Where(c => c.ProgrammeId == programme && c.OrganizationId == second).Select(c => c.Version).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"/Pool/Exit/{programme}/{second}", new()
        {
            ["Ground"] = nameof(ExitGround.Voluntary), ["Description"] = "组织主动申请退出", ["CaseVersion"] = caseVersion.ToString(CultureInfo.InvariantCulture),
        })).StatusCode);

        // each list's rows and its own total: the counts come with the programme in one query, the rows page by page
        static string Between(string html, string from, string to)
        {
            var start = html.IndexOf(from, StringComparison.Ordinal);
            Assert.True(start >= 0, from);
            var end = html.IndexOf(to, start, StringComparison.Ordinal);
            return end < 0 ? html[start..] : html[start..end];
        }
        var page = WebUtility.HtmlDecode(await office.GetStringAsync($"/Pool/{programme}"));
        Assert.Contains("在库组织：<strong id=\"member-count\">1</strong>", page);
        var members = Between(page, "<table id=\"members\">", "id=\"history-link\"");
        Assert.Contains("名单甲公司", members);
        Assert.DoesNotContain("名单乙公司", members);
        Assert.Contains("共 1 条", members);
        Assert.Contains($"<a href=\"/Pool/History/{programme}\" id=\"history-link\">入库及退出记录（共 2 条）</a>", page);
        var notSelected = Between(page, "<table id=\"not-selected\">", "</main>");
        Assert.Contains("名单丙公司", notSelected);
        Assert.Contains("共 1 条", notSelected);
        var history = Between(WebUtility.HtmlDecode(await office.GetStringAsync($"/Pool/History/{programme}")), "<table id=\"history\">", "</main>");
        Assert.Contains("名单甲公司", history);
        Assert.Contains("名单乙公司", history);
        Assert.Contains("组织主动申请退出", history);
        Assert.Contains("共 2 条", history);

        // the name filter narrows the members and the history, and their totals with them; the pool page's link keeps it
        var filtered = WebUtility.HtmlDecode(await office.GetStringAsync($"/Pool/{programme}?q=" + Uri.EscapeDataString("乙")));
        Assert.Contains("在库组织：<strong id=\"member-count\">0</strong>", filtered);
        Assert.Contains("暂无在库组织", Between(filtered, "<table id=\"members\">", "id=\"history-link\""));
        Assert.Contains($"<a href=\"/Pool/History/{programme}?q=%E4%B9%99\" id=\"history-link\">入库及退出记录（共 1 条）</a>", filtered);
        var filteredHistory = Between(WebUtility.HtmlDecode(await office.GetStringAsync($"/Pool/History/{programme}?q=" + Uri.EscapeDataString("乙"))),
            "<table id=\"history\">", "</main>");
        Assert.Contains("名单乙公司", filteredHistory);
        Assert.DoesNotContain("名单甲公司", filteredHistory);
        Assert.Contains("共 1 条", filteredHistory);

        // a page beyond the end shows no rows and keeps the total
        var beyondHistory = Between(WebUtility.HtmlDecode(await office.GetStringAsync($"/Pool/History/{programme}?p=5")), "<table id=\"history\">", "</main>");
        Assert.DoesNotContain("名单乙公司", beyondHistory);
        Assert.Contains("共 2 条，第 5 / 1 页", beyondHistory);

        // the history of a programme that does not exist is not found
        Assert.Equal(HttpStatusCode.NotFound, (await office.Http.GetAsync($"/Pool/History/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_pool_is_published_only_in_the_baseline_assessment_stage(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.TheoryGuidance);
        var org = await AnalysedAsync(app, programme, "阶段甲公司", 100m, 1m, 1m, 500m, [], null);
        using var office = await TestClient.OfficeAsync(app);
        var page = await office.GetStringAsync($"/Pool/{programme}");
        Assert.Contains("阶段甲公司", page);
        Assert.DoesNotContain("id=\"publish\"", page);
        var refused = await office.PostFormAsync($"/Pool/{programme}?handler=Publish", new() { ["Chosen[0]"] = org.ToString() });
        Assert.Contains("培育孵化库须在", await refused.Content.ReadAsStringAsync());
        Assert.Equal(CaseState.Analysed, (await StatesAsync(app, programme))[org].State);
    }
}
