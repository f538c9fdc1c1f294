using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.4.3: the Office records penalties of the last two years (by hand or imported), writes the status, feeds it back; the organization acknowledges.</summary>
public sealed class QualityAnalysisTests(AppFactories factories)
{
    /// <summary>A date <paramref name="daysAgo"/> days before today in China, as the form and the files write it.</summary>
    private static string DaysAgo(int daysAgo) =>
        DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<(Guid Programme, Guid Org, Guid Case, string Code)> ReviewedCaseAsync(AppFactory app, string name)
    {
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (org, caseId) = await app.CreateCaseAsync(programme, name);
        var code = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Reviewed;
            await db.SaveChangesAsync();
            return await db.Organizations.Where(o => o.Id == org).Select(o => o.CreditCode).SingleAsync();
        });
        return (programme, org, caseId, code);
    }

    private static Dictionary<string, string?> Penalty(string date, string number, string amount = "5000") => new()
    {
        ["Penalty.DecidedOn"] = date, ["Penalty.Authority"] = "上海市松江区市场监督管理局", ["Penalty.DecisionNumber"] = number,
        ["Penalty.Category"] = "罚款", ["Penalty.Amount"] = amount, ["Penalty.Summary"] = "产品标识不符合要求",
    };

    private static async Task<string> Html(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_enters_a_penalty_by_hand_and_a_refused_entry_keeps_what_was_typed(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var (programme, org, _, _) = await ReviewedCaseAsync(app, "质量分析手录公司");
        using var office = await TestClient.OfficeAsync(app);
        var url = $"/Assessment/Quality/{programme}/{org}";
        Assert.Contains("近两年无行政处罚记录", await office.GetStringAsync(url));

        var bad = Penalty(DaysAgo(30), "沪市监松处〔2025〕1号", "-5");
        bad["Penalty.Authority"] = "";
        var refused = await office.PostFormAsync(url + "?handler=AddPenalty", bad);
        var html = await Html(refused);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("罚没金额不能为负数", html);
        Assert.Contains("请填写处罚机关", html);
        Assert.Contains("value=\"沪市监松处〔2025〕1号\"", html);
        Assert.Contains("value=\"-5\"", html);
        Assert.Contains("产品标识不符合要求</textarea>", html);

        var tooOld = await Html(await office.PostFormAsync(url + "?handler=AddPenalty", Penalty(DaysAgo(800), "沪市监松处〔2023〕2号")));
        Assert.Contains("不属于质量分析范围（4.4.3.2）", tooOld);

        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(url + "?handler=AddPenalty", Penalty(DaysAgo(30), "沪市监松处〔2025〕1号", "12,000"))).StatusCode);
        var duplicate = await Html(await office.PostFormAsync(url + "?handler=AddPenalty", Penalty(DaysAgo(10), "沪市监松处〔2025〕1号")));
        Assert.Contains("已有记录，不能重复添加", duplicate);
        var page = await Html(await office.Http.GetAsync(url));
        Assert.Contains("12,000.00 元", page);
        var list = await Html(await office.Http.GetAsync($"/Assessment/Quality/{programme}"));
        Assert.Contains("质量分析手录公司", list);
        Assert.Matches("<td class=\"num\">1</td>\\s*<td class=\"num\">12,000.00 元</td>", list);

        // removed before the feedback
        var id = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<AdministrativePenalty>().Where(p => p.OrganizationId == org).Select(p => p.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(url + "?handler=RemovePenalty", new() { ["penaltyId"] = id.ToString() })).StatusCode);
        Assert.False(await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<AdministrativePenalty>().AnyAsync(p => p.OrganizationId == org)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Imports_from_xlsx_and_csv_save_the_good_rows_and_report_the_others_by_row(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var (programme, org, _, code) = await ReviewedCaseAsync(app, "质量分析导入公司");
        using var office = await TestClient.OfficeAsync(app);
        var importUrl = $"/Assessment/Quality/Import/{programme}";
        var template = await office.Http.GetAsync("/Assessment/Quality/ImportTemplate");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        var header = MiniExcel.Query(new MemoryStream(await template.Content.ReadAsByteArrayAsync()), useHeaderRow: true).Cast<IDictionary<string, object?>>().First();
        Assert.Equal(PenaltyImport.Columns, header.Keys);

        Dictionary<string, object?> Row(string creditCode, string date, string number, object amount) => new()
        {
            ["统一社会信用代码"] = creditCode, ["处罚决定日期"] = date, ["处罚机关"] = "上海市松江区市场监督管理局", ["处罚决定书文号"] = number,
            ["处罚类别"] = "罚款", ["罚没金额（元）"] = amount, ["违法事实摘要"] = "未按规定标注",
        };
        using var xlsx = new MemoryStream();
        xlsx.SaveAs(new[]
        {
            Row(code.ToLowerInvariant(), DaysAgo(40), "沪市监松处〔2025〕11号", 3000.5m),
            Row(TestData.NewCreditCode(), DaysAgo(40), "沪市监松处〔2025〕12号", 100m),
            Row(code, DaysAgo(40), "沪市监松处〔2025〕13号", -1m),
        });
        var response = await office.PostFileAsync(importUrl, importUrl, "file", xlsx.ToArray(), "处罚.xlsx");
        var html = await Html(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, string.Join("\n", app.ServerErrors));
        Assert.Contains("已导入 1 条；有误 1 行，信用代码未匹配 1 行，重复 0 行", html);
        Assert.Matches("<td class=\"num\">3</td><td>[^<]+</td><td>沪市监松处〔2025〕12号</td><td>信用代码未匹配</td>", html);
        Assert.Contains("<td>有误未导入</td><td>罚没金额（元）：罚没金额不能为负数</td>", html);

        // the market-supervision system's CSV, in GBK, with the first file's good row again
        var csv = "统一社会信用代码,处罚决定日期,处罚机关,处罚决定书文号,处罚类别,罚没金额（元）,违法事实摘要\n"
            + $" {code} ,{DaysAgo(60)},上海市松江区市场监督管理局,沪市监松处〔2025〕21号,警告,0,未按规定公示\n"
            + $"{TestData.NewCreditCode()},{DaysAgo(60)},上海市松江区市场监督管理局,沪市监松处〔2025〕22号,罚款,500,x\n"
            + $"{code},,上海市松江区市场监督管理局,沪市监松处〔2025〕23号,罚款,500,缺日期\n"
            + $"{code},{DaysAgo(40)},上海市松江区市场监督管理局,沪市监松处〔2025〕11号,罚款,3000.50,重复\n";
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!.GetBytes(csv);
        var csvHtml = await Html(await office.PostFileAsync(importUrl, importUrl, "file", gbk, "处罚.csv"));
        Assert.Contains("已导入 1 条；有误 1 行，信用代码未匹配 1 行，重复 1 行", csvHtml);
        Assert.Contains("处罚决定日期：请填写处罚决定日期", csvHtml);

        var saved = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<AdministrativePenalty>().AsNoTracking()
            .Where(p => p.ProgrammeId == programme).OrderBy(p => p.DecisionNumber).ToListAsync());
        Assert.Equal(["沪市监松处〔2025〕11号", "沪市监松处〔2025〕21号"], saved.Select(p => p.DecisionNumber));
        Assert.All(saved, p => Assert.Equal((org, PenaltySource.Imported), (p.OrganizationId, p.Source)));
        Assert.Equal([3000.50m, 0m], saved.Select(p => p.AmountYuan));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_feedback_while_another_office_user_records_the_consensus_still_takes_the_case_to_analysed(DbProvider provider)
    {
        // 4.4.2 then 4.4.3: the consensus and the feedback recorded at the same moment by two Office users; the other user's move of the
        // case to 已完成专家评价 lands between this request's read of the case and its own move, which must start again, not stop
        var bump = new CaseVersionBump();
        await using var app = await AppFactory.CreateAsync(provider, configure: bump.Register);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (org, caseId) = await app.CreateCaseAsync(programme, "质量分析并发公司");
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.SelfEvaluated;
            db.Add(new ReviewConsensus { ProgrammeId = programme, OrganizationId = org, RecordedAt = DateTime.UtcNow, RecordedBy = "另一位评审办人员" });
            await db.SaveChangesAsync();
        });
        using var office = await TestClient.OfficeAsync(app);
        var url = $"/Assessment/Quality/{programme}/{org}";

        bump.Arm(app, caseId, moveTo: CaseState.Reviewed);
        var fedBack = await office.PostFormAsync(url + "?handler=FeedBack", new() { ["Analysis.Status"] = "质量管理体系基本健全", ["Analysis.Version"] = QualityWork.NoRecord.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(1, bump.Bumped);
        Assert.True(fedBack.StatusCode == HttpStatusCode.Redirect, await Html(fedBack) + string.Join("\n", app.ServerErrors));
        var events = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Cases.Where(c => c.Id == caseId).Select(c => c.State).SingleAsync(),
                await db.CaseEvents.Where(e => e.CaseId == caseId && e.To == CaseState.Analysed).CountAsync());
        });
        Assert.Equal((CaseState.Analysed, 1), events);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_organization_sees_the_analysis_only_after_feedback_and_acknowledges_it(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var (programme, org, caseId, _) = await ReviewedCaseAsync(app, "质量分析反馈公司");
        var (sibling, _) = await app.CreateCaseAsync(programme, "质量分析同批公司");
        using var office = await TestClient.OfficeAsync(app);
        using var client = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, org), AppFactory.UserPassword);
        var url = $"/Assessment/Quality/{programme}/{org}";
        var mine = $"/Assessment/Quality/Mine/{programme}";
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(url + "?handler=AddPenalty", Penalty(DaysAgo(20), "沪市监松处〔2025〕31号"))).StatusCode);

        // a draft status is saved but not shown to the organization
        var saveDraft = await office.PostFormAsync(url + "?handler=Save", new() { ["Analysis.Status"] = "质量管理体系基本健全（草稿）" });
        Assert.Equal(HttpStatusCode.Redirect, saveDraft.StatusCode);
        var before = await Html(await client.Http.GetAsync(mine));
        Assert.Contains("区评审办尚未反馈质量分析结果", before);
        Assert.DoesNotContain("质量管理体系基本健全", before);
        Assert.DoesNotContain("沪市监松处〔2025〕31号", before);

        // feedback needs the status; a stale form keeps what was typed
        Assert.Contains("请先填写质量管理现状", await Html(await office.PostFormAsync(url + "?handler=FeedBack", new() { ["Analysis.Status"] = " ", ["Analysis.Version"] = "0" })));
        var stale = await Html(await office.PostFormAsync(url + "?handler=FeedBack", new() { ["Analysis.Status"] = "过期的现状", ["Analysis.Version"] = "-1" }));
        Assert.Contains("该记录已被他人修改", stale);
        Assert.Contains("过期的现状</textarea>", stale);
        var version = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<QualityAnalysis>().Where(q => q.OrganizationId == org).Select(q => q.Version).SingleAsync());
        var fedBack = await office.PostFormAsync(url + "?handler=FeedBack", new()
        {
            ["Analysis.Status"] = "质量管理体系基本健全，过程监测有待加强", ["Analysis.Conclusion"] = "建议加强过程质量监测",
            ["Analysis.Version"] = version.ToString(CultureInfo.InvariantCulture),
        });
        Assert.True(fedBack.StatusCode == HttpStatusCode.Redirect, await Html(fedBack) + string.Join("\n", app.ServerErrors));
        Assert.Equal(CaseState.Analysed, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.Where(c => c.Id == caseId).Select(c => c.State).SingleAsync()));
        Assert.Contains("质量分析结果已反馈", await client.GetStringAsync("/Notifications"));
        // nothing changes after the feedback
        Assert.Contains("不能再修改", await Html(await office.PostFormAsync(url + "?handler=AddPenalty", Penalty(DaysAgo(5), "沪市监松处〔2025〕32号"))));

        var after = await Html(await client.Http.GetAsync(mine));
        Assert.Contains("质量管理体系基本健全，过程监测有待加强", after);
        Assert.Contains("建议加强过程质量监测", after);
        Assert.Contains("沪市监松处〔2025〕31号", after);
        var listUrl = $"/Assessment/Quality/{programme}";
        Assert.Contains("质量分析反馈公司", await Html(await office.Http.GetAsync(listUrl + "?show=unacknowledged")));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(mine + "?handler=Acknowledge", new())).StatusCode);
        Assert.Contains("确认收到（", await Html(await client.Http.GetAsync(mine)));
        var acknowledged = await Html(await office.Http.GetAsync(listUrl + "?show=acknowledged"));
        Assert.Contains("质量分析反馈公司", acknowledged);
        Assert.DoesNotContain("质量分析同批公司", acknowledged);
        Assert.Contains("<strong id=\"acknowledged-count\">1</strong>", acknowledged);
        Assert.Contains("已确认 ", acknowledged);

        // another organization of the programme sees only its own (not fed back); one outside it and organizations on Office pages are refused
        using var siblingClient = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, sibling), AppFactory.UserPassword);
        var siblingPage = await Html(await siblingClient.Http.GetAsync(mine));
        Assert.Contains("区评审办尚未反馈质量分析结果", siblingPage);
        Assert.DoesNotContain("过程监测有待加强", siblingPage);
        var (outsiderOrg, _) = await app.CreateCaseAsync(await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment), "质量分析外部公司");
        using var outsider = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, outsiderOrg), AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync(mine)).StatusCode);
        var officePage = await siblingClient.Http.GetAsync(url);
        Assert.NotEqual(HttpStatusCode.OK, officePage.StatusCode);
        Assert.DoesNotContain("过程监测有待加强", await officePage.Content.ReadAsStringAsync());
    }
}
