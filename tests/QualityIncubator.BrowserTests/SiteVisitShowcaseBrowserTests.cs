using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.BrowserTests;

/// <summary>
/// 4.6 and 4.7 end to end: the Office has the engine propose the coaching team and plans a visit; the organization confirms who attends;
/// the visit is held; the lead drafts the Appendix C opinion, both members sign, the Office accepts and releases it and the organization
/// reads it; in the showcase stage the organization fills its final Appendix B and its profile; the before/after page shows the changed
/// answer, the category comparison and the chart, and the Office approves it.
/// </summary>
public sealed class SiteVisitShowcaseBrowserTests(BrowserFixture browser)
{
    private const string Organization = "扶优甲精密机械有限公司";

    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作台" })).ToBeVisibleAsync();
    }

    /// <summary>A pool member in theory guidance with what the earlier stages left: Appendix A, the baseline Appendix B (B-09 answered 否), a consensus of 50% everywhere, a responsible person.</summary>
    private static Task<(Guid Organization, Guid Case)> MemberAsync(AppFactory app, Guid programme) => app.WithScopeAsync(async s =>
    {
        var (org, caseId) = await app.CreateCaseAsync(programme, Organization);
        var db = s.GetRequiredService<AppDbContext>();
        var o = await db.Organizations.SingleAsync(x => x.Id == org);
        db.Applications.Add(new Application
        {
            ProgrammeId = programme, OrganizationId = org, OrganizationName = Organization, CreditCode = o.CreditCode, Status = ApplicationStatus.Submitted, CaseId = caseId,
            LegalRepresentative = "扶优法人", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Theory;
        var answers = AppendixB.Questions.Where(q => q.Required).ToDictionary(q => q.Code, q => (string?)(q.Kind == AnswerKind.Text ? "摸底填写" : q.Options[0].Code));
        answers["B-09"] = AppendixB.No;
        answers[AppendixB.CourseNeedsCode] = "QC";
        var baseline = new SelfEvaluation
        {
            ProgrammeId = programme, OrganizationId = org, Kind = SelfEvaluationKind.Baseline, Status = SelfEvaluationStatus.Submitted,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, SubmittedAt = DateTime.UtcNow,
        };
        baseline.SetAnswers(answers);
        db.Add(baseline);
        var consensus = new ReviewConsensus { ProgrammeId = programme, OrganizationId = org, RecordedAt = DateTime.UtcNow, ReleasedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        consensus.SetScores(Gb19580.Items.ToDictionary(i => i.Code, _ => 50));
        db.Add(consensus);
        db.Add(new ResponsiblePerson { ProgrammeId = programme, OrganizationId = org, Name = "王质量", Title = "质量部经理", Phone = "13800138000" });
        await db.SaveChangesAsync();
        return (org, caseId);
    });

    [Theory, ClassData(typeof(Providers))]
    public async Task A_visit_is_planned_held_and_its_signed_opinion_released_and_the_showcase_compares_before_and_after(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.SiteCoaching, "2026年度计划（扶优展示浏览器测试）");
        var (org, caseId) = await MemberAsync(app, programme);
        var orgUser = await app.CreateUserAsync(Roles.Organization, org, "visit-org");
        var coachUsers = new[] { await app.CreateUserAsync(Roles.Expert, null, "coach-1"), await app.CreateUserAsync(Roles.Expert, null, "coach-2") };
        await app.WithScopeAsync(async s =>
        {
            // two site coaches of the expert pool who signed this programme's pledge (the pledge is clicked through in the expert browser test)
            var db = s.GetRequiredService<AppDbContext>();
            foreach (var (user, i) in coachUsers.Select((u, i) => (u, i)))
            {
                var expert = new Expert { Name = $"扶优专家{i + 1}", UserId = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync(), IsSiteCoach = true, CreatedAt = DateTime.UtcNow };
                db.Experts.Add(expert);
                db.ExpertPledges.Add(new ExpertPledge { ExpertId = expert.Id, ProgrammeId = programme, SignedAt = DateTime.UtcNow, TextVersion = Pledge.Version, TextSha256 = Pledge.Sha256 });
            }
            await db.SaveChangesAsync();
        });

        // 1. The Office has the engine propose the coaching team (4.6.1) and plans yesterday's visit with the responsible person (4.6.2).
        await using var officeContext = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var office = await officeContext.NewPageAsync();
        await SignInAsync(office, AppFactory.AdminUserName, AppFactory.AdminPassword);
        await office.GotoAsync($"/Programmes/Details/{programme}");
        await office.Locator("#site-visits-link").ClickAsync();
        await office.Locator("#assignments-link").ClickAsync();
        await office.Locator("#proposeRole").SelectOptionAsync(nameof(AssignmentRole.SiteCoach));
        await office.GetByRole(AriaRole.Button, new() { Name = "生成建议" }).ClickAsync();
        await Assertions.Expect(office.GetByText("（组长）")).ToHaveCountAsync(1);
        await office.GetByRole(AriaRole.Button, new() { Name = "采用建议" }).ClickAsync();
        var leadUser = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var team = await db.ExpertAssignments.Where(a => a.OrganizationId == org && a.Role == AssignmentRole.SiteCoach && a.Status == AssignmentStatus.Active)
                .Select(a => new { a.IsLead, a.Expert!.UserId }).ToListAsync();
            Assert.Equal(2, team.Count);
            var leadId = team.Single(t => t.IsLead).UserId;
            return await db.Users.Where(u => u.Id == leadId).Select(u => u.UserName!).SingleAsync();
        });
        var memberUser = coachUsers.Single(u => u != leadUser);

        await office.GotoAsync($"/SiteVisits/{programme}");
        await office.GetByRole(AriaRole.Row, new() { Name = Organization }).GetByRole(AriaRole.Link, new() { Name = "安排现场扶优" }).ClickAsync();
        var yesterday = DateTime.UtcNow.AddHours(8).Date.AddDays(-1);
        await office.GetByLabel("日期", new() { Exact = true }).FillAsync(yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await office.GetByLabel("开始时间", new() { Exact = true }).FillAsync("09:00");
        await office.GetByLabel("结束时间", new() { Exact = true }).FillAsync("11:30");
        await office.GetByLabel("地点", new() { Exact = true }).FillAsync("松江区九亭镇某路88号");
        await office.Locator("input[name='Input.Format'][value='Both']").CheckAsync();
        await office.GetByLabel("王质量 质量部经理").CheckAsync();
        await office.Locator("#Checklist").FillAsync("质量管理体系文件\n生产现场");
        await office.Locator("#plan-submit").ClickAsync();
        await Assertions.Expect(office.GetByText("现场扶优已安排，已通知组织和指导专家。")).ToBeVisibleAsync();

        // 2. The organization confirms who attends and ticks its preparation.
        await using var orgContext = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var o = await orgContext.NewPageAsync();
        await SignInAsync(o, orgUser, AppFactory.UserPassword);
        await o.GetByRole(AriaRole.Link, new() { Name = "现场扶优", Exact = true }).ClickAsync();
        await Assertions.Expect(o.Locator("body")).ToContainTextAsync("松江区九亭镇某路88号");
        await o.GetByLabel("王质量 质量部经理").CheckAsync();
        await o.GetByRole(AriaRole.Button, new() { Name = "确认出席人员" }).ClickAsync();
        await Assertions.Expect(o.GetByText("已确认出席人员。")).ToBeVisibleAsync();

        // 3. The visit is held: everyone attended.
        await office.GotoAsync($"/SiteVisits/{programme}");
        await office.GetByRole(AriaRole.Row, new() { Name = Organization }).GetByRole(AriaRole.Link, new() { Name = "查看" }).ClickAsync();
        var radios = office.Locator("#attendance input[type='radio'][value='true']");
        await Assertions.Expect(radios).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++)
        {
            await radios.Nth(i).CheckAsync();
        }
        await office.Locator("#mark-held").ClickAsync();
        await Assertions.Expect(office.Locator("#attendance-form")).ToHaveCountAsync(0);
        var visitUrl = office.Url;

        // 4. The lead drafts the opinion (Appendix C) and puts it up; both members sign (4.6.4–4.6.5).
        await using var leadContext = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var lead = await leadContext.NewPageAsync();
        await SignInAsync(lead, leadUser, AppFactory.UserPassword);
        await lead.GotoAsync("/SiteVisits/Coach");
        await lead.GetByRole(AriaRole.Row, new() { Name = Organization }).GetByRole(AriaRole.Link, new() { Name = "查看" }).ClickAsync();
        await Assertions.Expect(lead.Locator("body")).ToContainTextAsync("扶优法人");
        await lead.Locator("#opinion-link").ClickAsync();
        await lead.GetByLabel("基本情况", new() { Exact = true }).FillAsync("精密机械加工，员工三百余人。");
        await lead.GetByLabel("主要优势", new() { Exact = true }).FillAsync("工艺稳定，质量数据完整。");
        await lead.GetByLabel("改进意见", new() { Exact = true }).FillAsync("建立顾客满意度测量的闭环。");
        await lead.GetByLabel("管理模式提炼", new() { Exact = true }).FillAsync("“精工三检”质量管理模式。");
        await lead.Locator("#put-up-opinion").ClickAsync();
        await Assertions.Expect(lead.GetByText("意见汇总表已提交专家组签名，内容已锁定。")).ToBeVisibleAsync();
        await lead.Locator("#sign-opinion").ClickAsync();
        await Assertions.Expect(lead.GetByText("已签名。")).ToBeVisibleAsync();

        await using var memberContext = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var member = await memberContext.NewPageAsync();
        await SignInAsync(member, memberUser, AppFactory.UserPassword);
        await member.GotoAsync("/SiteVisits/Coach");
        await member.GetByRole(AriaRole.Row, new() { Name = Organization }).GetByRole(AriaRole.Link, new() { Name = "查看" }).ClickAsync();
        await member.Locator("#opinion-link").ClickAsync();
        await Assertions.Expect(member.Locator("body")).ToContainTextAsync("建立顾客满意度测量的闭环。");
        await member.Locator("#sign-opinion").ClickAsync();
        await Assertions.Expect(member.GetByText("已签名。")).ToBeVisibleAsync();

        // 5. The Office accepts and releases it (4.6.6); the organization reads it.
        await office.GotoAsync(visitUrl);
        await office.Locator("#opinion-review-link").ClickAsync();
        await office.Locator("#accept-opinion").ClickAsync();
        await office.Locator("#release-opinion").ClickAsync();
        await Assertions.Expect(office.Locator("#release-opinion")).ToHaveCountAsync(0);
        await o.GotoAsync($"/SiteVisits/Mine/{programme}");
        await o.Locator("#my-opinions-link").ClickAsync();
        await Assertions.Expect(o.Locator("body")).ToContainTextAsync("“精工三检”质量管理模式。");
        Assert.Equal(CaseState.SiteVisited, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.Where(c => c.Id == caseId).Select(c => c.State).SingleAsync()));

        // 6. The showcase stage (4.7): the organization fills its final Appendix B (B-09 now 是) and its profile.
        await office.GotoAsync($"/Programmes/Details/{programme}");
        await office.GetByRole(AriaRole.Button, new() { Name = "推进到下一阶段：4.7 孵化成果展示及交流" }).ClickAsync();
        await o.GotoAsync("/");
        await o.GetByRole(AriaRole.Link, new() { Name = "成果展示" }).ClickAsync();
        await o.Locator("#final-link").ClickAsync();
        await Assertions.Expect(o.Locator("input[name='Answers[B-09]'][value='NO']")).ToBeCheckedAsync();
        await o.Locator("input[name='Answers[B-09]'][value='YES']").CheckAsync();
        await o.GetByRole(AriaRole.Button, new() { Name = "提交最终自评表" }).ClickAsync();
        await o.GotoAsync($"/Showcase/Mine/{programme}");
        await Assertions.Expect(o.Locator("#final-status")).ToHaveTextAsync("已提交");
        await o.Locator("#narrative").FillAsync("通过培育孵化，公司制定了发展战略规划，建立了顾客满意度测量闭环，一次交检合格率明显提升。");
        await o.Locator("#model").FillAsync("“精工三检”质量管理模式");
        await o.Locator("#actions").FillAsync("按现场扶优意见建立顾客满意度季度测量与改进机制。");
        await o.Locator("#consent").CheckAsync();
        await o.Locator("#submit-profile").ClickAsync();
        await Assertions.Expect(o.GetByText("成果展示资料已提交，等待区评审办审核。")).ToBeVisibleAsync();

        // 7. The before/after page: the changed answer, the re-score per category with the chart; the Office approves.
        await office.GotoAsync($"/Showcase/Profile/{programme}/{org}");
        await Assertions.Expect(office.Locator("#answer-changes")).ToContainTextAsync(AppendixB.Find("B-09")!.Text);
        await Assertions.Expect(office.Locator("#site-visit-improvements")).ToHaveTextAsync("建立顾客满意度测量的闭环。");
        foreach (var item in Gb19580.Items)
        {
            await office.Locator($"#rescore-form select[name='Scores[{item.Code}]']").SelectOptionAsync("60");
        }
        await office.Locator("#save-rescore").ClickAsync();
        await Assertions.Expect(office.Locator("#baseline-total")).ToHaveTextAsync("500.0");
        await Assertions.Expect(office.Locator("#rescore-total")).ToHaveTextAsync("600.0");
        // one bar per category and series; the 4.7 结果 bars show its points (400 × 50% and 400 × 60%)
        await Assertions.Expect(office.Locator("#comparison-chart rect.bar")).ToHaveCountAsync(14);
        await Assertions.Expect(office.Locator("#comparison-chart rect.bar[data-category='4.7']").First).ToHaveAttributeAsync("data-points", "200.0");
        await Assertions.Expect(office.Locator("#comparison-chart rect.bar[data-category='4.7']").Last).ToHaveAttributeAsync("data-points", "240.0");
        await office.Locator("#approve").ClickAsync();
        await Assertions.Expect(office.Locator("#approved")).ToBeVisibleAsync();
        await Assertions.Expect(office.Locator("#case-state")).ToHaveTextAsync("已成果展示");

        // the public showcase page (consent given) shows the approved summary
        await o.GotoAsync($"/Showcase/Public/{programme}");
        await Assertions.Expect(o.Locator("body")).ToContainTextAsync(Organization);
    }
}
