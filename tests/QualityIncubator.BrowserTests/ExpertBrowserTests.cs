using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.BrowserTests;

/// <summary>
/// 4.2 end to end: the Office imports experts and opens a login; the engine proposes reviewers; the expert is refused before the pledge,
/// signs, sees only the organization assigned, recuses; the Office is told and accepts a replacement that is not the recused expert.
/// </summary>
public sealed class ExpertBrowserTests(BrowserFixture browser)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task An_expert_signs_the_pledge_sees_only_the_assigned_organization_and_recuses(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment, "2026年度计划（专家浏览器测试）");
        foreach (var name in new[] { "评价甲公司", "评价乙公司" })
        {
            var (org, caseId) = await app.CreateCaseAsync(programme, name);
            await app.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                var code = await db.Organizations.Where(o => o.Id == org).Select(o => o.CreditCode).SingleAsync();
                db.Applications.Add(new Application { ProgrammeId = programme, OrganizationId = org, OrganizationName = name, CreditCode = code, Status = ApplicationStatus.Submitted, CaseId = caseId, LegalRepresentative = name + "法人", IndustryCode = "C" });
                await db.SaveChangesAsync();
            });
        }

        await using var officeContext = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var office = await officeContext.NewPageAsync();
        await office.GotoAsync("/Account/Login");
        await office.GetByLabel("用户名").FillAsync(AppFactory.AdminUserName);
        await office.GetByLabel("密码").FillAsync(AppFactory.AdminPassword);
        await office.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        using var xlsx = new MemoryStream();
        xlsx.SaveAs(new[] { ("浏览器专家甲", "13900000011"), ("浏览器专家乙", "13900000012") }.Select(e => new Dictionary<string, object?>
        {
            ["姓名"] = e.Item1, ["工作单位"] = "某研究院", ["手机"] = e.Item2, ["熟悉行业"] = "C", ["授课专家"] = "否", ["自评报告评价专家"] = "是", ["现场扶优指导专家"] = "否",
        }));
        await office.GotoAsync("/Experts");
        await office.GetByRole(AriaRole.Link, new() { Name = "从 Excel 导入" }).ClickAsync();
        await office.GetByLabel("选择填写好的模板文件（.xlsx）").SetInputFilesAsync(new FilePayload { Name = "专家.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = xlsx.ToArray() });
        await office.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        await Assertions.Expect(office.Locator("#import-result")).ToContainTextAsync("已导入 2 位专家");

        await office.GotoAsync("/Experts?q=浏览器专家甲");
        await office.GetByRole(AriaRole.Link, new() { Name = "浏览器专家甲" }).ClickAsync();
        var userName = "browser-expert-" + Guid.NewGuid().ToString("N")[..6];
        await office.GetByLabel("用户名").FillAsync(userName);
        await office.GetByRole(AriaRole.Button, new() { Name = "开通登录账号" }).ClickAsync();
        var password = await office.Locator("#initial-password").InnerTextAsync();

        await office.GotoAsync($"/Experts/Assignments/{programme}");
        await office.GetByLabel("每个组织的专家人数").FillAsync("1");
        await office.GetByRole(AriaRole.Button, new() { Name = "生成建议" }).ClickAsync();
        await Assertions.Expect(office.Locator("#proposal")).ToContainTextAsync("建议 2 项");
        await office.GetByRole(AriaRole.Button, new() { Name = "采用建议" }).ClickAsync();
        await Assertions.Expect(office.GetByText("已按建议分配 2 项任务。")).ToBeVisibleAsync();

        await using var expertContext = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var expert = await expertContext.NewPageAsync();
        await expert.GotoAsync("/Account/Login");
        await expert.GetByLabel("用户名").FillAsync(userName);
        await expert.GetByLabel("密码").FillAsync(password);
        await expert.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await expert.GetByRole(AriaRole.Link, new() { Name = "我的任务", Exact = true }).ClickAsync();
        var rows = expert.Locator("#tasks tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        var assigned = (await rows.First.InnerTextAsync()).Contains("评价甲公司", StringComparison.Ordinal) ? "评价甲公司" : "评价乙公司";
        var other = assigned == "评价甲公司" ? "评价乙公司" : "评价甲公司";
        await Assertions.Expect(rows.First).Not.ToContainTextAsync(other);

        await expert.GetByRole(AriaRole.Link, new() { Name = "查看材料" }).ClickAsync();
        await Assertions.Expect(expert.Locator("#refusal")).ToContainTextAsync("请先签署本培育计划的专家承诺书");
        await expert.GetByRole(AriaRole.Link, new() { Name = "签署专家承诺书" }).ClickAsync();
        await expert.GetByLabel("我已阅读并承诺遵守以上要求").CheckAsync();
        await expert.GetByRole(AriaRole.Button, new() { Name = "签署承诺书" }).ClickAsync();
        await Assertions.Expect(expert.Locator("#pledge-status")).ToContainTextAsync("您已于");
        await expert.GotoAsync("/Experts/Tasks");
        await expert.GetByRole(AriaRole.Link, new() { Name = "查看材料" }).ClickAsync();
        await Assertions.Expect(expert.GetByRole(AriaRole.Heading, new() { Name = assigned })).ToBeVisibleAsync();
        await Assertions.Expect(expert.GetByText(assigned + "法人")).ToBeVisibleAsync();

        await expert.GotoAsync("/Experts/Tasks");
        await expert.GetByLabel($"回避原因（{assigned}）").FillAsync("本人曾为该组织提供咨询服务");
        await expert.GetByRole(AriaRole.Button, new() { Name = "申请回避" }).ClickAsync();
        await Assertions.Expect(expert.GetByText("已回避，区评审办将安排替补专家。")).ToBeVisibleAsync();

        await office.GotoAsync("/Notifications");
        await Assertions.Expect(office.GetByText("专家申请回避：浏览器专家甲")).ToBeVisibleAsync();
        await office.GotoAsync($"/Experts/Assignments/{programme}");
        await office.GetByLabel("每个组织的专家人数").FillAsync("1");
        await office.GetByRole(AriaRole.Button, new() { Name = "生成建议" }).ClickAsync();
        var proposal = office.Locator("#proposal");
        await Assertions.Expect(proposal).ToContainTextAsync("建议 1 项");
        await Assertions.Expect(proposal).ToContainTextAsync("浏览器专家乙");
        await Assertions.Expect(proposal.Locator("tbody")).Not.ToContainTextAsync("浏览器专家甲");
        await office.GetByRole(AriaRole.Button, new() { Name = "采用建议" }).ClickAsync();
        var active = office.Locator("#assignments tbody tr").Filter(new() { HasText = assigned }).Filter(new() { HasText = "进行中" });
        await Assertions.Expect(active).ToContainTextAsync("浏览器专家乙");
    }
}
