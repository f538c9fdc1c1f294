using Microsoft.Playwright;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.BrowserTests;

/// <summary>
/// Nothing lost: two Office users open the same programme in two browsers; the first saves; the second's save is refused with a message,
/// and what the second typed is still in the form, so nothing is silently overwritten and nothing typed is lost.
/// </summary>
public sealed class ConcurrentEditBrowserTests(BrowserFixture browser)
{
    private static async Task<IPage> SignedInAsync(IBrowser chromium, string baseUrl, string user, string password)
    {
        var context = await chromium.NewContextAsync(new() { BaseURL = baseUrl, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作台" })).ToBeVisibleAsync();
        return page;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_second_of_two_people_editing_one_programme_is_refused_and_keeps_what_they_typed(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Planning, "并发修改计划");
        var colleague = await app.CreateUserAsync(Roles.Office);
        var first = await SignedInAsync(chromium, baseUrl, AppFactory.AdminUserName, AppFactory.AdminPassword);
        var second = await SignedInAsync(chromium, baseUrl, colleague, AppFactory.UserPassword);

        await first.GotoAsync($"/Programmes/Edit/{programme}");
        await second.GotoAsync($"/Programmes/Edit/{programme}");
        await first.GetByLabel("计划名称").FillAsync("并发修改计划（甲改）");
        await second.GetByLabel("计划说明").FillAsync("乙填写的计划说明，不应丢失");

        await first.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(first.Locator("body")).ToContainTextAsync("并发修改计划（甲改）");
        await second.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Assertions.Expect(second.GetByRole(AriaRole.Alert)).ToContainTextAsync(ConcurrencyMessages.Stale);
        await Assertions.Expect(second.GetByLabel("计划说明")).ToHaveValueAsync("乙填写的计划说明，不应丢失");
        // the first person's change stands; saving again (now from the current version) keeps both
        await second.GetByLabel("计划名称").FillAsync("并发修改计划（甲改）");
        await second.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await second.GotoAsync($"/Programmes/Edit/{programme}");
        await Assertions.Expect(second.GetByLabel("计划名称")).ToHaveValueAsync("并发修改计划（甲改）");
        await Assertions.Expect(second.GetByLabel("计划说明")).ToHaveValueAsync("乙填写的计划说明，不应丢失");
    }
}
