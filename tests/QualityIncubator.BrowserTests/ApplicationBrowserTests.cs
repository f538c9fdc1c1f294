using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.BrowserTests;

/// <summary>
/// 4.1 end to end: the Office publishes the call; an organization registers (a wrong credit code is explained beside the field, the rest kept),
/// fills Appendix A and submits; the Office filters, opens it, reads the eligibility verdict with reasons and confirms it; the organization sees the result.
/// </summary>
public sealed class ApplicationBrowserTests(BrowserFixture browser)
{
    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作台" })).ToBeVisibleAsync();
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_organization_registers_applies_and_learns_the_offices_eligibility_decision(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization, "2026年度培育孵化计划（浏览器）");
        var today = DateTime.UtcNow.AddHours(8);

        await using var officeContext = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var office = await officeContext.NewPageAsync();
        await SignInAsync(office, AppFactory.AdminUserName, AppFactory.AdminPassword);
        await office.GotoAsync($"/Programmes/Details/{programme}");
        await office.GetByRole(AriaRole.Link, new() { Name = "申报征集公告" }).ClickAsync();
        await office.GetByLabel("公告正文").FillAsync("<p>欢迎申报<script>alert('x')</script></p>");
        await office.GetByLabel("申报开始日期").FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await office.GetByLabel("申报截止日期").FillAsync(today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await office.GetByRole(AriaRole.Button, new() { Name = "保存并发布" }).ClickAsync();
        await Assertions.Expect(office.GetByText("申报征集公告已发布。")).ToBeVisibleAsync();

        await using var orgContext = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var org = await orgContext.NewPageAsync();
        var dialogs = 0;
        org.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await org.GotoAsync("/Calls");
        await org.GetByRole(AriaRole.Link, new() { Name = "2026年度培育孵化计划（浏览器）" }).ClickAsync();
        await Assertions.Expect(org.GetByText("欢迎申报")).ToBeVisibleAsync();
        await org.GetByRole(AriaRole.Link, new() { Name = "注册并申报" }).ClickAsync();

        var code = TestData.NewCreditCode();
        var wrong = code[..17] + (code[17] == '0' ? '1' : '0');
        var userName = "browser-" + Guid.NewGuid().ToString("N")[..8];
        await org.GetByLabel("组织名称").FillAsync("浏览器测试精密机械有限公司");
        await org.GetByLabel("统一社会信用代码").FillAsync(wrong);
        await org.GetByLabel("联系人", new() { Exact = true }).FillAsync("张三");
        await org.GetByLabel("联系人手机").FillAsync("13812345678");
        await org.GetByLabel("电子邮件").FillAsync("zhangsan@example.cn");
        await org.GetByLabel("登录用户名").FillAsync(userName);
        await org.GetByLabel("密码", new() { Exact = true }).FillAsync("passw0rd-ok1");
        await org.GetByLabel("确认密码").FillAsync("passw0rd-ok1");
        await org.GetByRole(AriaRole.Button, new() { Name = "注册" }).ClickAsync();
        await Assertions.Expect(org.Locator("span.field-error").Filter(new() { HasText = "校验位不正确" })).ToBeVisibleAsync();
        await Assertions.Expect(org.GetByLabel("组织名称")).ToHaveValueAsync("浏览器测试精密机械有限公司");
        await Assertions.Expect(org.GetByLabel("联系人手机")).ToHaveValueAsync("13812345678");
        await org.GetByLabel("统一社会信用代码").FillAsync(code);
        await org.GetByLabel("密码", new() { Exact = true }).FillAsync("passw0rd-ok1");
        await org.GetByLabel("确认密码").FillAsync("passw0rd-ok1");
        await org.GetByRole(AriaRole.Button, new() { Name = "注册" }).ClickAsync();

        await Assertions.Expect(org.GetByRole(AriaRole.Heading, new() { Name = "松江区政府质量奖培育孵化项目申请书" })).ToBeVisibleAsync();
        await org.GetByLabel("法定代表人").FillAsync("王五");
        await org.GetByLabel("组织地址").FillAsync("上海市松江区九亭镇涞亭南路1号");
        await org.GetByLabel("电话/手机", new() { Exact = true }).FillAsync("021-5781");
        await org.GetByLabel("所属部门").FillAsync("质量部");
        await org.GetByLabel("成立日期").FillAsync("2015-06-01");
        await org.GetByLabel("经济类型").SelectOptionAsync(new SelectOptionValue { Label = "私营" });
        await org.GetByLabel("所属行业").SelectOptionAsync(new SelectOptionValue { Label = "C 制造业" });
        await org.GetByLabel("总资产（万元）").FillAsync("12345.67");
        await org.GetByLabel("上年度销售总额（万元）").FillAsync("8000");
        await org.GetByLabel("上年度纳税总额（万元）").FillAsync("300.5");
        await org.GetByLabel("上年度净利润（万元）").FillAsync("-12.5");
        await org.GetByLabel("员工总数").FillAsync("320");
        await org.GetByLabel("研发人员数").FillAsync("45");
        await org.GetByLabel("所属镇、街道、开发区").SelectOptionAsync(new SelectOptionValue { Label = "九亭镇" });
        await org.GetByRole(AriaRole.Group, new() { Name = "近两年有无重大质量、安全、环境、公共卫生、食品安全等事故" }).GetByLabel("无").CheckAsync();
        await org.GetByRole(AriaRole.Group, new() { Name = "近两年有无因组织责任导致的重大质量投诉、严重失信行为" }).GetByLabel("无").CheckAsync();
        await org.GetByRole(AriaRole.Group, new() { Name = "当年度有无违反法律法规的行为" }).GetByLabel("无").CheckAsync();
        await org.GetByRole(AriaRole.Group, new() { Name = "是否已建立关键绩效考核体系" }).GetByLabel("是").CheckAsync();
        await org.GetByLabel("第1项认证").SelectOptionAsync(new SelectOptionValue { Label = "ISO 9001 质量管理体系" });
        await org.GetByLabel("第1项证书编号").FillAsync("CN-QMS-2024-001");
        await org.GetByLabel("第1项有效期至").FillAsync(today.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await org.GetByRole(AriaRole.Button, new() { Name = "提交申请书" }).ClickAsync();
        // The landline is too short: the error stands beside the field and everything typed is still there.
        await Assertions.Expect(org.Locator("span.field-error").Filter(new() { HasText = "带区号的固定电话" }).First).ToBeVisibleAsync();
        await Assertions.Expect(org.GetByLabel("法定代表人")).ToHaveValueAsync("王五");
        await Assertions.Expect(org.GetByLabel("第1项证书编号")).ToHaveValueAsync("CN-QMS-2024-001");
        await org.GetByLabel("电话/手机", new() { Exact = true }).FillAsync("021-57812345");
        await org.GetByRole(AriaRole.Button, new() { Name = "提交申请书" }).ClickAsync();
        await Assertions.Expect(org.Locator("#application-status")).ToHaveTextAsync("已提交");

        await office.GotoAsync($"/Applications?programmeId={programme}");
        await office.GetByLabel("行业").SelectOptionAsync(new SelectOptionValue { Label = "C 制造业" });
        await office.GetByLabel("名称或信用代码").FillAsync("浏览器测试");
        await office.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await office.GetByRole(AriaRole.Link, new() { Name = "浏览器测试精密机械有限公司" }).ClickAsync();
        var verdict = office.Locator("#verdict");
        await Assertions.Expect(verdict).ToContainTextAsync("符合申报条件");
        await Assertions.Expect(verdict).ToContainTextAsync("成立于 2015-06-01，已满2年");
        await Assertions.Expect(verdict).ToContainTextAsync("ISO 9001 质量管理体系");
        await Assertions.Expect(verdict).ToContainTextAsync("须由区评审办根据了解情况作出判断");
        await office.GetByRole(AriaRole.Radio, new() { Name = "符合条件", Exact = true }).CheckAsync();
        await office.GetByLabel("对“主要领导质量管理意识强”的判断").FillAsync("总经理亲自担任卓越绩效推进组组长");
        await office.GetByRole(AriaRole.Button, new() { Name = "确认审查结论" }).ClickAsync();
        await Assertions.Expect(office.Locator("#decision")).ToHaveTextAsync("符合条件");

        await org.GotoAsync("/");
        await org.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^通知") }).ClickAsync();
        await Assertions.Expect(org.GetByText("资格审查结果：符合条件")).ToBeVisibleAsync();
        await org.GotoAsync("/");
        await org.GetByRole(AriaRole.Link, new() { Name = "查看进程" }).ClickAsync();
        await Assertions.Expect(org.Locator("#case-state")).ToHaveTextAsync("符合申报条件");
        Assert.Equal(0, dialogs);
    }
}
