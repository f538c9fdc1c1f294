using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.BrowserTests;

/// <summary>
/// 5 and 6 end to end: the Office reviews and approves the programme summary, rates the two experts who served, records an improvement
/// action, moves the programme to the archive stage, seals it, watches the package being written and downloads it; deleting an archived
/// file afterwards is refused with the retention date shown.
/// </summary>
public sealed class ReviewArchiveBrowserTests(BrowserFixture browser)
{
    /// <summary>A programme in the review stage: a completed organization with an uploaded report, a lecturer and a report reviewer who served.</summary>
    private static async Task<Guid> ProgrammeAsync(AppFactory app)
    {
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Review, "归档演练计划");
        var (org, caseId) = await app.CreateCaseAsync(programme, "归档演练精密制造有限公司");
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Completed;
            var lecturer = new Expert { Name = "授课王老师", IsLecturer = true, CreatedAt = now };
            var reviewer = new Expert { Name = "评审李专家", IsReportReviewer = true, CreatedAt = now };
            db.Experts.AddRange(lecturer, reviewer);
            var course = new Course { ProgrammeId = programme, Stage = CourseStage.Theory, Kind = CourseKind.Mandatory, Title = "GB/T 19580 条款解析", CreatedAt = now };
            var session = new CourseSession { CourseId = course.Id, ProgrammeId = programme, StartsAt = now.AddDays(-40), EndsAt = now.AddDays(-40).AddHours(3), Place = "区会议中心" };
            db.AddRange(course, session);
            db.Add(new SessionLecturer { SessionId = session.Id, ProgrammeId = programme, ExpertId = lecturer.Id });
            db.Add(new ExpertAssignment { ProgrammeId = programme, ExpertId = reviewer.Id, OrganizationId = org, Role = AssignmentRole.ReportReviewer, CreatedAt = now });
            await s.GetRequiredService<FileStore>().SaveAsync(new MemoryStream("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray()), "自评报告.pdf", nameof(Case), caseId, org, programme, "自评报告");
            await db.SaveChangesAsync();
        });
        return programme;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_approves_the_summary_rates_experts_records_an_action_seals_downloads_and_cannot_delete_within_retention(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        var programme = await ProgrammeAsync(app);
        var downloads = Directory.CreateTempSubdirectory("qi-archive-");
        await using var context = await chromium.NewContextAsync(new() { BaseURL = baseUrl, Locale = "zh-CN", AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(AppFactory.AdminUserName);
        await page.GetByLabel("密码").FillAsync(AppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作台" })).ToBeVisibleAsync();

        // 5.1 the summary drafted from the programme's records; the Office writes its evaluation and approves it
        await page.GotoAsync($"/Programmes/Details/{programme}");
        await page.Locator("#summary-link").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("归档演练精密制造有限公司");
        await page.Locator("#approve-summary").ClickAsync();
        await Assertions.Expect(page.Locator(".field-error").First).ToBeVisibleAsync();
        foreach (var (field, text) in new[]
        {
            ("OverallEvaluation", "各阶段按计划推进，程序完整"), ("CourseSetupEvaluation", "必修课程安排合理，辅助课程可再丰富"),
            ("SiteVisitEvaluation", "现场扶优专家与产业匹配"), ("ShowcaseEvaluation", "标杆学习效果良好"), ("FormsEvaluation", "前期自评表可增加数字化条目"),
            ("ImprovementSuggestions", "增加精益管理辅助课程"),
        })
        {
            await page.Locator($"#text-{field}").FillAsync(text);
        }
        await page.Locator("#approve-summary").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("已审核通过");

        // 5.2 both experts rated in the role they served
        await page.GotoAsync($"/Programmes/Details/{programme}");
        await page.Locator("#expert-rating-link").ClickAsync();
        foreach (var (name, level) in new[] { ("授课王老师", "Good"), ("评审李专家", "Fair") })
        {
            var card = page.Locator("section.served").Filter(new() { HasText = name });
            await card.Locator("select[name='Rating.Level']").SelectOptionAsync(level);
            await card.Locator("textarea[name='Rating.Comment']").FillAsync($"{name}工作认真");
            await card.GetByRole(AriaRole.Button, new() { Name = "保存评价" }).ClickAsync();
            await Assertions.Expect(page.Locator("section.served").Filter(new() { HasText = name }).Locator("select[name='Rating.Level']")).ToHaveValueAsync(level);
        }

        // 5.3.1 an improvement action
        await page.GotoAsync($"/Programmes/Details/{programme}");
        await page.Locator("#improvements-link").ClickAsync();
        await page.Locator("#Input_Area").SelectOptionAsync("CourseSetup");
        await page.Locator("#Input_Action").FillAsync("下一年度增加精益管理辅助课程");
        await page.Locator("#Input_Owner").FillAsync("区评审办张科长");
        await page.Locator("#Input_DueOn").FillAsync("2027-06-30");
        await page.Locator("#save-improvement").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("下一年度增加精益管理辅助课程");

        // 6.1 into the archive stage, then sealed; the page shows the package being written until it is ready
        await page.GotoAsync($"/Programmes/Details/{programme}");
        await page.GetByRole(AriaRole.Button, new() { Name = "推进到下一阶段：6 归档" }).ClickAsync();
        await page.Locator("#archive-link").ClickAsync();
        await Assertions.Expect(page.Locator("#seal-ready")).ToBeVisibleAsync();
        await page.GetByLabel("我已确认").CheckAsync();
        await page.Locator("#seal").ClickAsync();
        await Assertions.Expect(page.Locator("#retain-until")).ToContainTextAsync($"至少保存至 {DateTime.UtcNow.AddHours(8).Year + 5}-");
        var download = page.Locator("#download-package");
        await Assertions.Expect(download).ToBeVisibleAsync(new() { Timeout = 120_000 });
        var waiting = page.WaitForDownloadAsync();
        await download.ClickAsync();
        var file = await waiting;
        var zipPath = Path.Combine(downloads.FullName, file.SuggestedFilename);
        await file.SaveAsAsync(zipPath);
        Assert.EndsWith("档案.zip", file.SuggestedFilename, StringComparison.Ordinal);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("manifest.json", names);
            Assert.Contains("documents/培育孵化工作总结.docx", names);
            Assert.Contains(names, n => n.EndsWith("自评报告/自评报告.pdf", StringComparison.Ordinal));
        }
        await page.Locator("#verify").ClickAsync();
        await Assertions.Expect(page.Locator("#verification")).ToContainTextAsync("档案完整");

        // 6.2 a later attempt to delete an archived file is refused with the retention date
        await page.GetByRole(AriaRole.Button, new() { Name = "删除 自评报告.pdf" }).ClickAsync();
        await Assertions.Expect(page.Locator("#archive-refusal")).ToContainTextAsync($"须保存至 {DateTime.UtcNow.AddHours(8).Year + 5}-");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "自评报告.pdf" })).ToBeVisibleAsync();
        downloads.Delete(recursive: true);
    }
}
