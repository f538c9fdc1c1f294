using Microsoft.Playwright;
using QualityIncubator.Tests.Infrastructure;

namespace QualityIncubator.BrowserTests;

/// <summary>The Office turns on two-factor authentication with an authenticator app and signs in with its code.</summary>
public sealed class AccountSecurityBrowserTests(BrowserFixture browser)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_turns_on_two_factor_and_then_signs_in_with_a_code(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var page = await context.NewPageAsync();

        await SignInAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作台" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "账号" }).GetByRole(AriaRole.Link, new() { Name = "双重验证" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "开始设置双重验证" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "身份验证器二维码" })).ToBeVisibleAsync();

        // what the phone does after reading the key
        var key = (await page.Locator("#shared-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await page.GetByLabel("6位验证码").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "验证并启用" }).ClickAsync();
        await Assertions.Expect(page.GetByText("双重验证已启用。今后登录时")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "请立即保存以下恢复码" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);

        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await SignInAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "双重验证" })).ToBeVisibleAsync();
        await page.GetByLabel("6位动态验证码").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "验证并登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作台" })).ToBeVisibleAsync();
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(AppFactory.AdminUserName);
        await page.GetByLabel("密码").FillAsync(AppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
    }
}
