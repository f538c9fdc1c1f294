using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>Import from the .xlsx template: every row validated like the form; valid rows go in together, invalid rows are reported.</summary>
public sealed class ApplicationImportTests(AppFactories factories)
{
    public static Dictionary<string, object?> Row(string name, string code) => new()
    {
        ["组织名称"] = name, ["统一社会信用代码"] = code, ["法定代表人"] = "王五", ["组织地址"] = "上海市松江区车墩镇某路8号", ["电话/手机"] = "021-57812345",
        ["联系人"] = "张三", ["所属部门"] = "质量部", ["联系人电话/手机"] = "13812345678", ["电子邮件"] = "a@example.cn", ["成立日期"] = "2016-03-15",
        ["经济类型"] = "私营", ["所属行业"] = "C", ["行业说明"] = "新材料", ["总资产（万元）"] = 5000.5m, ["上年度销售总额（万元）"] = 3000m,
        ["上年度纳税总额（万元）"] = 120m, ["上年度净利润（万元）"] = -3.25m, ["员工总数"] = 150, ["研发人员数"] = 20, ["所属镇、街道、开发区"] = "车墩镇",
        ["近两年有无重大事故"] = "无", ["近两年有无重大质量投诉或严重失信"] = "无", ["当年度有无违法行为"] = "无", ["是否已建立关键绩效考核体系"] = "是",
        ["管理体系认证"] = "ISO 9001 质量管理体系/CN-Q-9/2099-12-31；某行业认证/HY-1/2099-01-01", ["近三年区级及以上荣誉"] = $"{DateTime.UtcNow.Year - 1}/区级/松江区质量奖提名奖",
        ["所属重点产业"] = "新材料",
    };

    private static byte[] Workbook(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var ms = new MemoryStream();
        ms.SaveAs(rows);
        return ms.ToArray();
    }

    private static Task<HttpResponseMessage> UploadAsync(TestClient office, Guid programme, byte[] content, string name = "导入.xlsx") =>
        office.PostFileAsync($"/Applications/Import/{programme}", $"/Applications/Import/{programme}", "file", content, name);

    [Theory, ClassData(typeof(Providers))]
    public async Task Valid_rows_go_in_with_their_cases_and_invalid_rows_are_reported_by_row_and_column(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        var (existingOrg, _) = await app.CreateCaseAsync(programme, "已申报公司");
        var existingCode = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var org = await db.Organizations.FirstAsync(o => o.Id == existingOrg);
            db.Applications.Add(new Application { ProgrammeId = programme, OrganizationId = org.Id, OrganizationName = org.Name, CreditCode = org.CreditCode, Status = ApplicationStatus.Submitted });
            await db.SaveChangesAsync();
            return org.CreditCode;
        });
        var good1 = TestData.NewCreditCode();
        var good2 = TestData.NewCreditCode();
        var bad = Row("错误公司", good1[..17] + (good1[17] == '0' ? '1' : '0'));
        bad["研发人员数"] = 500;
        bad["近两年有无重大事故"] = "没有";
        var rows = new[] { Row("导入甲公司", good1), bad, Row("导入乙公司", good2.ToLowerInvariant()), Row("已申报公司", existingCode) };

        using var office = await TestClient.OfficeAsync(app);
        var response = await UploadAsync(office, programme, Workbook(rows));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("已导入 2 份申请书，2 行未导入", html);
        Assert.Contains("<td class=\"num\">3</td><td>统一社会信用代码</td><td>统一社会信用代码校验位不正确", html);
        Assert.Contains("研发人员数（500）不能多于员工总数（150）", html);
        Assert.Contains("请填写“有”或“无”", html);
        Assert.Contains("<td class=\"num\">5</td><td>统一社会信用代码</td><td>该组织", html);

        var imported = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Applications.AsNoTracking().Include(a => a.Certifications).Include(a => a.Honours)
            .Where(a => a.ProgrammeId == programme && a.OrganizationName.StartsWith("导入")).OrderBy(a => a.OrganizationName).ToListAsync());
        Assert.Equal(2, imported.Count);
        Assert.All(imported, a => Assert.Equal(ApplicationStatus.Submitted, a.Status));
        Assert.Equal(good2, imported.Single(a => a.OrganizationName == "导入乙公司").CreditCode);
        var first = imported.Single(a => a.OrganizationName == "导入甲公司");
        Assert.Equal(-3.25m, first.LastYearNetProfit);
        Assert.Equal(new DateOnly(2016, 3, 15), first.EstablishedOn);
        Assert.Equal("T-车墩", first.DistrictCode);
        Assert.Equal(["ISO9001", CodeLists.OtherCertification], first.Certifications.Select(c => c.StandardCode).Order(StringComparer.Ordinal));
        Assert.Single(first.Honours);
        var states = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.AsNoTracking().Where(c => imported.Select(a => a.CaseId).Contains(c.Id)).Select(c => c.State).ToListAsync());
        Assert.Equal([CaseState.Applied, CaseState.Applied], states);
        // the import's one save counted its rows into the programme's tally: the earlier application and the two imported
        Assert.Equal(new Dictionary<string, int> { ["Submitted/Pending"] = 3 }, await ProgrammeTallyTests.AssertTalliedAsync(app, programme));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_file_that_is_no_template_or_no_spreadsheet_is_refused_and_nothing_is_saved(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        using var office = await TestClient.OfficeAsync(app);
        var pdf = await UploadAsync(office, programme, Rules.FileTypesTests.Pdf(), "伪装.xlsx");
        Assert.Contains("只能导入 Excel（.xlsx）文件", await pdf.Content.ReadAsStringAsync());
        var wrongHeaders = await UploadAsync(office, programme, Workbook([new Dictionary<string, object?> { ["名称"] = "x", ["代码"] = "y" }]));
        Assert.Contains("表头与模板不一致", await wrongHeaders.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Applications.CountAsync(a => a.ProgrammeId == programme)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_template_has_every_column_and_fills_back_in(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var template = await office.Http.GetAsync("/Applications/ImportTemplate");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        var bytes = await template.Content.ReadAsByteArrayAsync();
        var headers = MiniExcel.GetColumns(new MemoryStream(bytes), useHeaderRow: true).ToList();
        Assert.Equal(ApplicationImport.Columns, headers);
        Assert.Contains("填写说明", MiniExcel.GetSheetNames(new MemoryStream(bytes)));
    }
}
