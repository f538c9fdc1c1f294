using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QualityIncubator.Tests.Infrastructure;

namespace QualityIncubator.BrowserTests;

/// <summary>The Office signs in, plans a programme with its schedule, finds it on the dashboard and in the audit trail, signs out.</summary>
public sealed class FoundationBrowserTests(BrowserFixture browser)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_plans_a_programme_and_finds_it_on_the_dashboard_and_in_the_audit_trail(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "登录" }).First.ClickAsync();
        await page.GetByLabel("用户名").FillAsync(AppFactory.AdminUserName);
        await page.GetByLabel("密码").FillAsync(AppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作台" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "培育计划" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "新建培育计划" }).ClickAsync();
        const string title = "2027年度松江区政府质量奖培育孵化计划（浏览器测试）";
        await page.GetByLabel("年度").FillAsync("2027");
        await page.GetByLabel("计划名称").FillAsync(title);
        await page.GetByLabel("计划说明").FillAsync("覆盖组织发动至归档的全部阶段。");
        await page.GetByLabel("组织发动开始日期").FillAsync("2027-03-01");
        await page.GetByLabel("组织发动结束日期").FillAsync("2027-03-31");
        await page.GetByLabel("专家遴选开始日期").FillAsync("2027-03-15");
        await page.GetByLabel("归档开始日期").FillAsync("2027-12-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("培育计划已创建。")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "2027-03-31" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "工作台", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "审计日志", Exact = true }).ClickAsync();
        var created = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "新建" }).Filter(new() { HasText = title });
        await Assertions.Expect(created).ToHaveCountAsync(1);
        await Assertions.Expect(created).ToContainTextAsync("区评审办管理员（admin）");
        await Assertions.Expect(created).ToContainTextAsync(new Regex(@"127\.0\.0\.1|::1"));

        await page.GetByRole(AriaRole.Button, new() { Name = "校验审计链完整性" }).ClickAsync();
        await Assertions.Expect(page.Locator("#chain-result")).ToContainTextAsync("全部校验通过");

        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await page.GotoAsync("/Programmes");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_wrong_password_shows_a_chinese_error(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(AppFactory.AdminUserName);
        await page.GetByLabel("密码").FillAsync("not-the-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码错误。");
        await Assertions.Expect(page.GetByLabel("用户名")).ToHaveValueAsync(AppFactory.AdminUserName);
    }
}
