using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.BrowserTests;

/// <summary>
/// 4.4 end to end: an organization fills Appendix B and uploads its report; two reviewers score it differently; the Office sees the
/// flagged item, records the consensus and releases it, runs the quality analysis with an imported penalty, ranks and selects the pool;
/// an incident recorded afterwards removes an organization from the pool automatically.
/// </summary>
public sealed class AssessmentBrowserTests(BrowserFixture browser)
{
    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作台" })).ToBeVisibleAsync();
    }

    /// <summary>An organization with a submitted Appendix A (its business figures feed the ranking) and its case in <paramref name="state"/>.</summary>
    private static async Task<(Guid Organization, Guid Case, string CreditCode)> OrganizationAsync(AppFactory app, Guid programme, string name, CaseState state, decimal revenue) =>
        await app.WithScopeAsync(async s =>
        {
            var (org, caseId) = await app.CreateCaseAsync(programme, name);
            var db = s.GetRequiredService<AppDbContext>();
            var o = await db.Organizations.SingleAsync(x => x.Id == org);
            db.Applications.Add(new Application
            {
                ProgrammeId = programme, OrganizationId = org, OrganizationName = name, CreditCode = o.CreditCode, Status = ApplicationStatus.Submitted, CaseId = caseId,
                LastYearRevenue = revenue, LastYearTax = revenue / 10, LastYearNetProfit = revenue / 20, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = state;
            await db.SaveChangesAsync();
            return (org, caseId, o.CreditCode);
        });

    private static async Task ReviewAsync(IBrowser chromium, string baseUrl, string user, Guid programme, string tag, string leadershipPercentage)
    {
        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await SignInAsync(page, user, AppFactory.UserPassword);
        await page.GotoAsync($"/Experts/Pledge/{programme}");
        await page.GetByLabel("我已阅读并承诺遵守以上要求").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "签署承诺书" }).ClickAsync();
        await page.GotoAsync("/Experts/Tasks");
        await page.GetByRole(AriaRole.Link, new() { Name = "评价自评报告" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "自评报告评价 · 评估甲智能装备有限公司" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#self-evaluation-material")).ToContainTextAsync("自评报告.pdf");
        foreach (var part in Enum.GetValues<ReviewPart>())
        {
            await page.GetByLabel(ReviewContent.Label(part), new() { Exact = true }).FillAsync($"{tag}：{ReviewContent.Label(part)}");
        }
        foreach (var item in Gb19580.Items)
        {
            await page.Locator($"select[name='Scores[{item.Code}]']").SelectOptionAsync(item.Code == "4.1.2" ? leadershipPercentage : "50");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await Assertions.Expect(page.GetByText("评价已提交。")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#own-review")).ToContainTextAsync("总分");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_organization_is_assessed_reviewed_analysed_selected_and_removed_after_an_incident(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment, "2026年度计划（摸底评估浏览器测试）");
        var (orgA, caseA, codeA) = await OrganizationAsync(app, programme, "评估甲智能装备有限公司", CaseState.Continuing, 30000m);
        var (orgB, caseB, _) = await OrganizationAsync(app, programme, "评估乙新材料有限公司", CaseState.Analysed, 8000m);
        var userA = await app.CreateUserAsync(Roles.Organization, orgA, "assess-a");
        var reviewers = new[] { await app.CreateUserAsync(Roles.Expert, null, "reviewer-1"), await app.CreateUserAsync(Roles.Expert, null, "reviewer-2") };
        await app.WithScopeAsync(async s =>
        {
            // the report reviewers are assigned as in the expert stage (its own browser test clicks through the assignment page)
            var db = s.GetRequiredService<AppDbContext>();
            foreach (var (user, i) in reviewers.Select((u, i) => (u, i)))
            {
                var expert = new Expert { Name = $"评价专家{i + 1}", UserId = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync(), IsReportReviewer = true, CreatedAt = DateTime.UtcNow };
                db.Experts.Add(expert);
                await db.SaveChangesAsync();
                Assert.Null(await s.GetRequiredService<ExpertWork>().AssignAsync(programme, expert.Id, orgA, AssignmentRole.ReportReviewer, false, null, CancellationToken.None));
            }
        });

        // 1. The organization fills Appendix B, uploads its report and submits (4.4.1).
        await using var contextA = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var a = await contextA.NewPageAsync();
        await SignInAsync(a, userA, AppFactory.UserPassword);
        await a.GetByRole(AriaRole.Link, new() { Name = "前期自评表" }).ClickAsync();
        await Assertions.Expect(a.GetByRole(AriaRole.Heading, new() { Name = AppendixB.Title })).ToBeVisibleAsync();
        await a.Locator("#purpose").SelectOptionAsync(SelfEvaluationWork.ReportPurpose);
        await a.Locator("#upload").SetInputFilesAsync(new FilePayload { Name = "自评报告.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") });
        await a.GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
        await Assertions.Expect(a.GetByText("已上传“自评报告.pdf”。")).ToBeVisibleAsync();
        foreach (var q in AppendixB.Questions.Where(q => q.Required && q.Code != AppendixB.CourseNeedsCode))
        {
            if (q.Kind == AnswerKind.Text)
            {
                await a.Locator($"[name='Answers[{q.Code}]']").FillAsync(q.Code == "B-01" ? "评估甲智能装备有限公司" : "自评填写");
            }
            else
            {
                await a.Locator($"input[name='Answers[{q.Code}]'][value='{q.Options[0].Code}']").CheckAsync();
            }
        }
        await a.GetByLabel("QC小组专题课程").CheckAsync();
        await a.GetByRole(AriaRole.Button, new() { Name = "提交自评表" }).ClickAsync();
        await Assertions.Expect(a.Locator("#submitted")).ToBeVisibleAsync();

        // 2. Two reviewers score independently and differently: 30% and 70% for 4.1.2 (4.4.2).
        await ReviewAsync(chromium, baseUrl, reviewers[0], programme, "专家一", "30");
        await ReviewAsync(chromium, baseUrl, reviewers[1], programme, "专家二", "70");

        // 3. The Office sees the flagged item, records the consensus and releases it.
        await using var officeContext = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var office = await officeContext.NewPageAsync();
        await SignInAsync(office, AppFactory.AdminUserName, AppFactory.AdminPassword);
        await office.GotoAsync($"/Programmes/Details/{programme}");
        await office.Locator("#assessment-link").ClickAsync();
        await office.GetByRole(AriaRole.Row, new() { Name = "评估甲智能装备有限公司" }).GetByRole(AriaRole.Link, new() { Name = "评估详情" }).ClickAsync();
        await Assertions.Expect(office.Locator("tr.flagged[data-item='4.1.2']")).ToContainTextAsync("专家评分相差40个百分点");
        await Assertions.Expect(office.Locator("tr.flagged")).ToHaveCountAsync(1);
        await Assertions.Expect(office.Locator("select[name='Scores[4.1.2]']")).ToHaveValueAsync("50");
        var consensus = office.Locator("#consensus-form");
        foreach (var part in Enum.GetValues<ReviewPart>())
        {
            await consensus.GetByLabel(ReviewContent.Label(part), new() { Exact = true }).FillAsync($"一致意见：{ReviewContent.Label(part)}");
        }
        await office.Locator("select[name='Scores[4.1.2]']").SelectOptionAsync("45");
        await office.GetByRole(AriaRole.Button, new() { Name = "记录一致意见" }).ClickAsync();
        await Assertions.Expect(office.GetByText("已记录专家评价一致意见。")).ToBeVisibleAsync();
        // 22 items at 50% and 4.1.2 at 45% of 50 points: 475 + 22.5 = 497.5
        await Assertions.Expect(office.Locator("#consensus #score-total")).ToHaveTextAsync("497.5");
        await Assertions.Expect(office.Locator("#case-state")).ToHaveTextAsync("已完成专家评价");
        await office.GetByRole(AriaRole.Button, new() { Name = "反馈给组织" }).ClickAsync();
        await Assertions.Expect(office.Locator("#released")).ToBeVisibleAsync();

        await a.GotoAsync("/");
        await a.GetByRole(AriaRole.Link, new() { Name = "专家评价意见" }).ClickAsync();
        await Assertions.Expect(a.Locator("#review")).ToContainTextAsync("一致意见：主要改进建议");
        await Assertions.Expect(a.Locator("#review #score-total")).ToHaveTextAsync("497.5");

        // 4. Quality analysis (4.4.3): a penalty imported from the market-supervision export (.csv), the status written and fed back.
        await office.GotoAsync($"/Assessment/Quality/{programme}");
        await office.GetByRole(AriaRole.Link, new() { Name = "导入行政处罚记录" }).ClickAsync();
        var decided = DateTime.UtcNow.AddHours(8).AddMonths(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var csv = "统一社会信用代码,处罚决定日期,处罚机关,处罚决定书文号,处罚类别,罚没金额（元）,违法事实摘要\n"
            + $"{codeA},{decided},上海市松江区市场监督管理局,沪市监松处〔2026〕001号,罚款,20000,产品标识不符合规定\n"
            + $"91310000MA1FL0000X,{decided},上海市松江区市场监督管理局,沪市监松处〔2026〕002号,警告,0,不在本计划的组织\n";
        await office.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "处罚记录.csv", MimeType = "text/csv", Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)] });
        await office.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        await Assertions.Expect(office.GetByText("已导入").First).ToBeVisibleAsync();
        await Assertions.Expect(office.GetByText("信用代码未匹配").First).ToBeVisibleAsync();
        await office.GotoAsync($"/Assessment/Quality/{programme}/{orgA}");
        await Assertions.Expect(office.Locator("body")).ToContainTextAsync("沪市监松处〔2026〕001号");
        await office.GetByLabel("质量管理现状").FillAsync("已建立质量管理体系并通过认证，近两年有一次产品标识处罚，已整改。");
        await office.GetByLabel("分析结论").FillAsync("质量管理基础较好，建议加强标识管理。");
        await office.GetByRole(AriaRole.Button, new() { Name = "保存并反馈给组织" }).ClickAsync();
        await Assertions.Expect(office.GetByText("质量分析结果已反馈给该组织（4.4.3.3）。")).ToBeVisibleAsync();
        var stateA = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.Where(c => c.Id == caseA).Select(c => c.State).SingleAsync());
        Assert.Equal(CaseState.Analysed, stateA);

        await a.GotoAsync($"/Assessment/Quality/Mine/{programme}");
        await Assertions.Expect(a.Locator("body")).ToContainTextAsync("产品标识不符合规定");
        await a.GetByRole(AriaRole.Button, new() { Name = "确认收到" }).ClickAsync();
        await Assertions.Expect(a.GetByText("已确认收到质量分析结果。")).ToBeVisibleAsync();

        // 5. The pool (4.4.4): A ranks first (performance, expert score) although its penalty lowers its quality points; B has no expert score.
        await office.GotoAsync($"/Programmes/Details/{programme}");
        await office.Locator("#pool-link").ClickAsync();
        var ranking = office.Locator("#ranking tbody tr");
        await Assertions.Expect(ranking.First).ToContainTextAsync("评估甲智能装备有限公司");
        await Assertions.Expect(office.Locator($"#rank-{orgA}")).ToContainTextAsync("近两年行政处罚 1 次");
        await Assertions.Expect(office.Locator($"#rank-{orgB}")).ToContainTextAsync("尚无专家评价一致意见评分");
        // choosing B alone passes over A: refused until a reason is written, nothing lost
        await office.GetByLabel("选择评估乙新材料有限公司入库").CheckAsync();
        await office.Locator("#publish").ClickAsync();
        await Assertions.Expect(office.Locator("#publish-errors")).ToContainTextAsync("须书面说明理由");
        await Assertions.Expect(office.GetByLabel("选择评估乙新材料有限公司入库")).ToBeCheckedAsync();
        await office.GetByLabel("选择评估甲智能装备有限公司入库").CheckAsync();
        await office.Locator("#publish").ClickAsync();
        await Assertions.Expect(office.GetByText("培育孵化库已发布：2 家组织入选，0 家未入选，均已通知。")).ToBeVisibleAsync();
        await Assertions.Expect(office.Locator("#members tbody tr")).ToHaveCountAsync(2);

        // 6. An incident during incubation (4.4.4.3): recorded once, B leaves the pool automatically, with its history kept.
        await office.Locator("#members").GetByRole(AriaRole.Row, new() { Name = "评估乙新材料有限公司" }).GetByRole(AriaRole.Link, new() { Name = "退出" }).ClickAsync();
        await office.GetByLabel(Web.Pool.ExitRule.Label(Web.Pool.ExitGround.MajorIncident)).CheckAsync();
        await office.GetByLabel("情况说明", new() { Exact = false }).FillAsync("2026年10月发生一起较大生产安全事故");
        await office.Locator("#record-exit").ClickAsync();
        await Assertions.Expect(office.GetByText("已记录“评估乙新材料有限公司”退出培育孵化库，并已通知该组织。")).ToBeVisibleAsync();
        await office.GotoAsync($"/Pool/{programme}");
        await Assertions.Expect(office.Locator("#members tbody tr")).ToHaveCountAsync(1);
        await office.Locator("#history-link").ClickAsync();
        await Assertions.Expect(office.Locator("#history")).ToContainTextAsync("2026年10月发生一起较大生产安全事故");
        await Assertions.Expect(office.Locator("#history tbody tr")).ToHaveCountAsync(2);
        var states = await app.WithScopeAsync(async s => await s.GetRequiredService<AppDbContext>().Cases
            .Where(c => c.Id == caseA || c.Id == caseB).ToDictionaryAsync(c => c.Id, c => c.State));
        Assert.Equal(CaseState.InPool, states[caseA]);
        Assert.Equal(CaseState.Exited, states[caseB]);
    }
}
