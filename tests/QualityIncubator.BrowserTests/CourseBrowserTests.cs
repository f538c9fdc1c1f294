using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.BrowserTests;

/// <summary>
/// 4.3 and 4.5 end to end: the Office fills the catalogue from the standard's presets, adds a material and two sessions; it opens the awareness stage,
/// one organization is refused continuing until it has studied every course, then continues, another withdraws with a reason; in theory guidance
/// an organization designates its responsible persons and checks in with the code shown in the room (a wrong code first), the Office takes the roll
/// of a past session, exports it, and reads the attendance rate and the missing session.
/// </summary>
public sealed class CourseBrowserTests(BrowserFixture browser)
{
    private const string AwarenessCourse = "GB/T 19580 概述";
    private const string TheoryCourse = "GB/T 19580 条款解析与应用（一）：领导、战略、顾客与市场";

    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作台" })).ToBeVisibleAsync();
    }

    private static Task SetCaseStateAsync(AppFactory app, Guid caseId, CaseState state) => app.WithScopeAsync(async s =>
    {
        // The baseline assessment (4.4) that leads into the pool is a later stage not built yet: its outcome is set directly.
        var db = s.GetRequiredService<AppDbContext>();
        var @case = await db.Cases.SingleAsync(c => c.Id == caseId);
        @case.State = state;
        await db.SaveChangesAsync();
    });

    private static string Date(DateTime local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTime local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static async Task AddSessionAsync(IPage office, DateTime startsLocal, DateTime endsLocal, string place)
    {
        var form = office.Locator("#add-session");
        await form.GetByLabel("日期", new() { Exact = true }).FillAsync(Date(startsLocal));
        await form.GetByLabel("开始时间", new() { Exact = true }).FillAsync(Time(startsLocal));
        await form.GetByLabel("结束时间", new() { Exact = true }).FillAsync(Time(endsLocal));
        await form.GetByLabel("地点", new() { Exact = true }).FillAsync(place);
        await form.GetByLabel("容量（人）", new() { Exact = true }).FillAsync("60");
        await office.GetByRole(AriaRole.Button, new() { Name = "添加场次" }).ClickAsync();
        await Assertions.Expect(office.GetByText("已添加场次。")).ToBeVisibleAsync();
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Organizations_study_decide_designate_persons_check_in_and_the_office_sees_attendance(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.AwarenessTraining, "2026年度计划（课程浏览器测试）");
        var (orgA, caseA) = await app.CreateCaseAsync(programme, "课程甲精密制造有限公司");
        var (orgB, caseB) = await app.CreateCaseAsync(programme, "课程乙电子科技有限公司");
        await SetCaseStateAsync(app, caseA, CaseState.Eligible);
        await SetCaseStateAsync(app, caseB, CaseState.Eligible);
        var userA = await app.CreateUserAsync(Roles.Organization, orgA, "course-a");
        var userB = await app.CreateUserAsync(Roles.Organization, orgB, "course-b");

        // The sessions are typed in China time (UTC+8): one held yesterday, one under way now (started 10 minutes ago), kept within one day.
        var nowLocal = DateTime.UtcNow.AddHours(8);
        if (nowLocal.TimeOfDay > new TimeSpan(23, 57, 0))
        {
            await Task.Delay(TimeSpan.FromDays(1) - nowLocal.TimeOfDay + TimeSpan.FromSeconds(5));
            nowLocal = DateTime.UtcNow.AddHours(8);
        }
        var currentStarts = nowLocal.AddMinutes(-10).Date == nowLocal.Date ? nowLocal.AddMinutes(-10) : nowLocal.Date;
        var currentEnds = nowLocal.AddHours(2).Date == nowLocal.Date ? nowLocal.AddHours(2) : nowLocal.Date.AddHours(23).AddMinutes(59);
        var yesterday = nowLocal.Date.AddDays(-1);

        // 1. The catalogue: presets of the standard, a material of an awareness course, two sessions of a mandatory theory course.
        await using var officeContext = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var office = await officeContext.NewPageAsync();
        await SignInAsync(office, AppFactory.AdminUserName, AppFactory.AdminPassword);
        await office.GotoAsync($"/Programmes/Details/{programme}");
        await office.GetByRole(AriaRole.Link, new() { Name = "课程安排" }).ClickAsync();
        await office.GetByRole(AriaRole.Button, new() { Name = "按标准预置课程" }).ClickAsync();
        await Assertions.Expect(office.GetByText("已按标准添加 12 门课程")).ToBeVisibleAsync();
        var awarenessTable = office.Locator("#courses-awareness");
        await Assertions.Expect(awarenessTable.Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(awarenessTable).ToContainTextAsync("卓越绩效的核心理念");
        await Assertions.Expect(awarenessTable).ToContainTextAsync("卓越绩效的导入和应用");
        await Assertions.Expect(office.Locator("#courses-theory")).ToContainTextAsync(TheoryCourse);
        await Assertions.Expect(office.Locator("#courses-theory")).ToContainTextAsync("QC小组专题课程");
        await office.GetByRole(AriaRole.Link, new() { Name = "返回培育计划" }).ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Heading, new() { Name = "2026年度计划（课程浏览器测试）" })).ToBeVisibleAsync();
        await office.GetByRole(AriaRole.Link, new() { Name = "课程安排" }).ClickAsync();

        await office.GetByRole(AriaRole.Link, new() { Name = AwarenessCourse, Exact = true }).ClickAsync();
        await office.GetByLabel("资料名称").FillAsync("GB/T 19580 讲义");
        await office.GetByLabel("链接（或上传文件）").FillAsync("https://example.cn/gbt19580.pdf");
        await office.GetByRole(AriaRole.Button, new() { Name = "添加资料" }).ClickAsync();
        await Assertions.Expect(office.GetByText("已添加资料。")).ToBeVisibleAsync();
        await Assertions.Expect(office.Locator("#materials").GetByRole(AriaRole.Link, new() { Name = "GB/T 19580 讲义" })).ToHaveAttributeAsync("href", "https://example.cn/gbt19580.pdf");

        await office.GotoAsync($"/Courses/{programme}");
        await office.GetByRole(AriaRole.Link, new() { Name = TheoryCourse, Exact = true }).ClickAsync();
        await AddSessionAsync(office, yesterday.AddHours(9), yesterday.AddHours(11), "松江区市场监管局三楼会议室");
        await AddSessionAsync(office, currentStarts, currentEnds, "松江区质量发展中心报告厅");
        var sessionLinks = office.Locator("#sessions tbody a");
        await Assertions.Expect(sessionLinks).ToHaveCountAsync(2);
        await Assertions.Expect(sessionLinks.First).ToHaveTextAsync($"{Date(yesterday)} 09:00–11:00");
        await Assertions.Expect(sessionLinks.Nth(1)).ToHaveTextAsync($"{Date(currentStarts)} {Time(currentStarts)}–{Time(currentEnds)}");
        var pastSession = (await sessionLinks.First.GetAttributeAsync("href"))!;
        var currentSession = (await sessionLinks.Nth(1).GetAttributeAsync("href"))!;

        // 2. The awareness stage (4.3.4–4.3.5): A must study every course before continuing; B withdraws with a reason.
        await office.GotoAsync($"/Courses/Progress/{programme}");
        await office.GetByRole(AriaRole.Button, new() { Name = "开始普及培育" }).ClickAsync();
        await Assertions.Expect(office.GetByText("普及培育已开始：2 家组织已通知自主学习。")).ToBeVisibleAsync();
        await Assertions.Expect(office.Locator("#undecided-count")).ToHaveTextAsync("2");

        await using var contextA = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var a = await contextA.NewPageAsync();
        await SignInAsync(a, userA, AppFactory.UserPassword);
        await a.GetByRole(AriaRole.Link, new() { Name = "课程学习" }).ClickAsync();
        await Assertions.Expect(a).ToHaveURLAsync($"{baseUrl}/Courses/Mine/{programme}");
        await Assertions.Expect(a.Locator("#awareness tbody tr")).ToHaveCountAsync(3);
        await a.GetByRole(AriaRole.Button, new() { Name = "确认继续参与" }).ClickAsync();
        await Assertions.Expect(a.Locator("#course-errors")).ToContainTextAsync($"尚未学习“{AwarenessCourse}”");

        // Opening the material is counted for the Office (the link itself leads off-site, so only the redirect is followed here).
        var materialHref = (await a.Locator("#awareness").GetByRole(AriaRole.Link, new() { Name = "GB/T 19580 讲义" }).GetAttributeAsync("href"))!;
        var opened = await a.APIRequest.GetAsync(materialHref, new() { MaxRedirects = 0 });
        Assert.Equal(302, opened.Status);
        Assert.Equal("https://example.cn/gbt19580.pdf", opened.Headers["location"]);
        await office.ReloadAsync();
        var rowA = office.Locator("#progress tbody tr").Filter(new() { HasText = "课程甲精密制造有限公司" });
        await Assertions.Expect(rowA.Locator("td").Nth(2)).ToHaveTextAsync("1/3");
        await Assertions.Expect(rowA.Locator("td").Nth(3)).ToHaveTextAsync("0/3");

        foreach (var title in new[] { AwarenessCourse, "卓越绩效的核心理念", "卓越绩效的导入和应用" })
        {
            await a.GetByRole(AriaRole.Button, new() { Name = $"标记“{title}”已学习" }).ClickAsync();
            await Assertions.Expect(a.GetByText("已记录学习。")).ToBeVisibleAsync();
        }
        await Assertions.Expect(a.Locator("#awareness .verdict-yes")).ToHaveCountAsync(3);
        await a.GetByRole(AriaRole.Button, new() { Name = "确认继续参与" }).ClickAsync();
        await Assertions.Expect(a.GetByText("已确认继续参与培育孵化")).ToBeVisibleAsync();
        await Assertions.Expect(a.Locator("span.state")).ToHaveTextAsync("确认继续参与");

        await using var contextB = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
        var b = await contextB.NewPageAsync();
        await SignInAsync(b, userB, AppFactory.UserPassword);
        await b.GetByRole(AriaRole.Link, new() { Name = "课程学习" }).ClickAsync();
        await b.GetByLabel("退出原因").FillAsync("今年公司搬迁，暂无精力参加");
        await b.GetByRole(AriaRole.Button, new() { Name = "退出本期培育孵化" }).ClickAsync();
        await Assertions.Expect(b.GetByText("已退出本期培育孵化。本组织的资料予以保留。")).ToBeVisibleAsync();

        await office.GotoAsync($"/Courses/Progress/{programme}");
        var summary = office.Locator("#awareness-summary");
        await Assertions.Expect(summary).ToContainTextAsync("确认继续参与：1");
        await Assertions.Expect(summary).ToContainTextAsync("已退出：1");
        await Assertions.Expect(office.Locator("#undecided-count")).ToHaveTextAsync("0");
        await Assertions.Expect(rowA.Locator("td").Nth(3)).ToHaveTextAsync("3/3");
        await Assertions.Expect(rowA).ToContainTextAsync("确认继续参与");
        var rowB = office.Locator("#progress tbody tr").Filter(new() { HasText = "课程乙电子科技有限公司" });
        await Assertions.Expect(rowB).ToContainTextAsync("已退出");
        await Assertions.Expect(rowB).ToContainTextAsync("今年公司搬迁，暂无精力参加");

        // 3. Theory guidance (4.5): A enters the pool (4.4 is not built yet), with a third pool member C.
        await SetCaseStateAsync(app, caseA, CaseState.InPool);
        var (orgC, caseC) = await app.CreateCaseAsync(programme, "课程丙食品有限公司");
        await SetCaseStateAsync(app, caseC, CaseState.InPool);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Programmes.SingleAsync(p => p.Id == programme)).Stage = ProgrammeStage.TheoryGuidance;
            await db.SaveChangesAsync();
            var errors = await s.GetRequiredService<CourseWork>().SaveResponsiblePersonsAsync(programme, orgC,
                [new ResponsiblePersonInput { Name = "丙总经理", Title = "总经理", Phone = "13900001111" }], CancellationToken.None);
            Assert.Empty(errors);
        });

        await office.GotoAsync($"/Courses/Attendance/{programme}");
        await office.GetByRole(AriaRole.Button, new() { Name = "开始理论指导" }).ClickAsync();
        await Assertions.Expect(office.GetByText("理论指导已开始：2 家库内组织已通知。")).ToBeVisibleAsync();

        await a.GotoAsync("/");
        await a.GetByRole(AriaRole.Link, new() { Name = "课程学习" }).ClickAsync();
        await Assertions.Expect(a.Locator("span.state")).ToHaveTextAsync("理论指导中");
        await a.GetByLabel("第1位负责人姓名").FillAsync("甲质量总监");
        await a.GetByLabel("第1位负责人职务").FillAsync("质量总监");
        await a.GetByLabel("第1位负责人联系电话").FillAsync("13812345678");
        await a.GetByRole(AriaRole.Button, new() { Name = "保存相关负责人" }).ClickAsync();
        await Assertions.Expect(a.GetByText("相关负责人已保存。")).ToBeVisibleAsync();
        await Assertions.Expect(a.GetByLabel("第1位负责人姓名")).ToHaveValueAsync("甲质量总监");

        // Self check-in with the code shown in the room (4.5.3).
        await office.GotoAsync(currentSession);
        await office.GetByRole(AriaRole.Button, new() { Name = "发布签到码" }).ClickAsync();
        var code = (await office.Locator("#check-in-code").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9]{6}$", code);
        var wrong = ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

        var sessionId = currentSession.Split('/').Last();
        await a.GotoAsync($"/Courses/CheckIn?session={sessionId}");
        await Assertions.Expect(a.GetByLabel("甲质量总监（质量总监）")).ToBeCheckedAsync();
        await a.GetByLabel("签到码（现场公布的6位数字）").FillAsync(wrong);
        await a.GetByRole(AriaRole.Button, new() { Name = "签到", Exact = true }).ClickAsync();
        await Assertions.Expect(a.Locator("#check-in-error")).ToHaveTextAsync("签到码不正确");
        await a.GetByLabel("签到码（现场公布的6位数字）").FillAsync(code);
        await a.GetByRole(AriaRole.Button, new() { Name = "签到", Exact = true }).ClickAsync();
        await Assertions.Expect(a.GetByRole(AriaRole.Status)).ToContainTextAsync("签到成功");
        await Assertions.Expect(a.GetByText("甲质量总监（质量总监）——已签到")).ToBeVisibleAsync();

        // The roll of yesterday's session: C's person present, A left unrecorded.
        await office.GotoAsync(pastSession);
        await Assertions.Expect(office.Locator("#check-in")).ToContainTextAsync("本场已结束，签到已关闭。");
        await Assertions.Expect(office.GetByText("点名表（应到 2 家，已到 0 家）")).ToBeVisibleAsync();
        await Assertions.Expect(office.GetByLabel("课程甲精密制造有限公司 甲质量总监 出勤")).ToHaveValueAsync("");
        await office.GetByLabel("课程丙食品有限公司 丙总经理 出勤").SelectOptionAsync(new SelectOptionValue { Label = "出席" });
        await office.GetByRole(AriaRole.Button, new() { Name = "保存点名" }).ClickAsync();
        await Assertions.Expect(office.GetByText("点名记录已保存。")).ToBeVisibleAsync();
        await Assertions.Expect(office.GetByText("点名表（应到 2 家，已到 1 家）")).ToBeVisibleAsync();
        await Assertions.Expect(office.GetByLabel("课程丙食品有限公司 丙总经理 出勤")).ToHaveValueAsync(nameof(AttendanceStatus.Present));

        var exportHref = (await office.GetByRole(AriaRole.Link, new() { Name = "导出点名表（Excel）" }).GetAttributeAsync("href"))!;
        var export = await office.APIRequest.GetAsync(exportHref);
        Assert.Equal(200, export.Status);
        var xlsx = await export.BodyAsync();
        Assert.Equal("PK"u8.ToArray(), xlsx[..2]);
        var rows = new MemoryStream(xlsx).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => Equals(r["姓名"], "丙总经理") && Equals(r["出勤"], "出席"));
        Assert.Contains(rows, r => Equals(r["姓名"], "甲质量总监") && string.IsNullOrEmpty(r["出勤"] as string));

        // 4. The Office's attendance view: one of two (organization × held session) attended in full, A missing yesterday's session.
        await office.GotoAsync($"/Courses/Attendance/{programme}");
        await Assertions.Expect(office.Locator("#attendance-rate")).ToHaveTextAsync("50%");
        await Assertions.Expect(office.Locator("#gap-count")).ToHaveTextAsync("1");
        var complianceA = office.Locator("#compliance tbody tr").Filter(new() { HasText = "课程甲精密制造有限公司" });
        await Assertions.Expect(complianceA).ToContainTextAsync("甲质量总监（质量总监）");
        await Assertions.Expect(complianceA).ToContainTextAsync("0/1");
        await Assertions.Expect(complianceA).ToContainTextAsync($"{TheoryCourse}：相关负责人未出席");
        var complianceC = office.Locator("#compliance tbody tr").Filter(new() { HasText = "课程丙食品有限公司" });
        await Assertions.Expect(complianceC).ToContainTextAsync("1/1");
        await Assertions.Expect(complianceC).Not.ToContainTextAsync("未出席");
        await Assertions.Expect(office.Locator("#compliance tbody")).Not.ToContainTextAsync("课程乙电子科技有限公司");

        // A sees the same gap on its own page.
        await a.GotoAsync($"/Courses/Mine/{programme}");
        await Assertions.Expect(a.Locator("#missing")).ToContainTextAsync("相关负责人未出席");
    }
}
