using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.2.1: the Office imports experts from the .xlsx template, validated row by row like the form.</summary>
public sealed class ExpertImportTests(AppFactories factories)
{
    private static Dictionary<string, object?> Row(string name, string mobile) => new()
    {
        ["姓名"] = name, ["工作单位"] = "上海质量管理科学研究院", ["职务/职称"] = "高级工程师", ["手机"] = mobile, ["电子邮件"] = "e@example.cn", ["熟悉行业"] = "C,i",
        ["专长"] = "QC小组、六西格玛", ["授课专家"] = "是", ["自评报告评价专家"] = "是", ["现场扶优指导专家"] = "否", ["评审员证书"] = "上海市质量奖评审员", ["从事卓越绩效相关工作年限"] = 15,
    };

    [Theory, ClassData(typeof(Providers))]
    public async Task Valid_rows_join_the_pool_and_each_bad_row_is_explained(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..5];
        var noRole = Row($"无类别{tag}", "13911112222");
        noRole["授课专家"] = "否";
        noRole["自评报告评价专家"] = "否";
        var badPhone = Row($"坏手机{tag}", "12345");
        badPhone["熟悉行业"] = "Z";
        using var ms = new MemoryStream();
        ms.SaveAs(new[] { Row($"导入专家甲{tag}", "13900000001"), noRole, badPhone, Row($"导入专家甲{tag}", "13900000001") });
        using var office = await TestClient.OfficeAsync(app);
        var response = await office.PostFileAsync("/Experts/Import", "/Experts/Import", "file", ms.ToArray(), "专家.xlsx");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("已导入 1 位专家，3 行未导入", html);
        Assert.Contains("<td class=\"num\">3</td><td>专家类别</td><td>请至少选择一种专家类别", html);
        Assert.Contains("手机应为11位手机号码", html);
        Assert.Contains("请从列表中选择行业", html);
        Assert.Contains("已在专家库中或在文件中重复", html);
        var expert = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Experts.AsNoTracking().SingleAsync(e => e.Name == $"导入专家甲{tag}"));
        Assert.Equal("C,I", expert.Industries);
        Assert.True(expert.IsLecturer && expert.IsReportReviewer && !expert.IsSiteCoach);
        Assert.Equal(15, expert.YearsOfExperience);

        var template = await office.Http.GetByteArrayAsync("/Experts/ImportTemplate");
        Assert.Equal(ExpertImport.Columns, MiniExcel.GetColumns(new MemoryStream(template), useHeaderRow: true));
    }
}
