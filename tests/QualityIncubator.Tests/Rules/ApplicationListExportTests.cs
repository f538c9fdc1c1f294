using System.Globalization;
using MiniExcelLibs;
using QualityIncubator.Web.Applications;

namespace QualityIncubator.Tests.Rules;

public sealed class ApplicationListExportTests
{
    public static readonly string[] Headers =
    [
        "组织名称", "统一社会信用代码", "申请状态", "资格审查", "所属行业", "所属镇街", "重点产业", "员工总数",
        "上年度销售总额（万元）", "上年度纳税总额（万元）", "提交时间", "联系人", "联系电话",
    ];

    public static IEnumerable<ApplicationExportRow> SampleRows()
    {
        yield return new("上海松江示例精密制造有限公司", "91330100716105852F", "已提交", "通过", "通用设备制造业", "松江经济技术开发区",
            "新一代信息技术", 356, 98765.4m, 321m, new DateTime(2025, 3, 1, 17, 5, 0, DateTimeKind.Utc), "李娜", "13800138000");
        yield return new("松江示例食品有限公司", "91440300708461136T", "草稿", "待审查", null, null, null, null, null, null, null, null, null);
    }

    private static MemoryStream Export(IEnumerable<ApplicationExportRow> rows)
    {
        var stream = new MemoryStream();
        ApplicationListExport.Write(stream, rows);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public void Sheet_has_the_chinese_headers_in_order()
    {
        using var xlsx = Export(SampleRows());

        Assert.Equal(Headers, MiniExcel.GetColumns(xlsx, useHeaderRow: true));
    }

    [Fact]
    public void Values_are_written_under_their_headers_with_numbers_as_numbers_and_times_in_china_time()
    {
        using var xlsx = Export(SampleRows());

        var rows = MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        var first = rows[0];
        Assert.Equal("上海松江示例精密制造有限公司", first["组织名称"]);
        Assert.Equal("91330100716105852F", first["统一社会信用代码"]);
        Assert.Equal("已提交", first["申请状态"]);
        Assert.Equal("通过", first["资格审查"]);
        Assert.Equal("松江经济技术开发区", first["所属镇街"]);
        Assert.Equal(356d, Convert.ToDouble(first["员工总数"], CultureInfo.InvariantCulture));
        Assert.Equal(98765.4d, Convert.ToDouble(first["上年度销售总额（万元）"], CultureInfo.InvariantCulture));
        Assert.Equal("2025-03-02 01:05", first["提交时间"]);
        Assert.Equal("13800138000", first["联系电话"]);

        var second = rows[1];
        Assert.Equal("松江示例食品有限公司", second["组织名称"]);
        Assert.Null(second["员工总数"]);
        Assert.Null(second["上年度销售总额（万元）"]);
        Assert.Null(second["提交时间"]);
    }

    [Fact]
    public void Money_is_rounded_to_cents_so_the_stored_number_is_the_one_shown()
    {
        var row = SampleRows().First() with { LastYearRevenue = 0.125m, LastYearTax = -7.3349m };
        using var xlsx = Export([row]);

        var written = (IDictionary<string, object?>)MiniExcel.Query(xlsx, useHeaderRow: true).Single();
        Assert.Equal(0.13d, Convert.ToDouble(written["上年度销售总额（万元）"], CultureInfo.InvariantCulture));
        Assert.Equal(-7.33d, Convert.ToDouble(written["上年度纳税总额（万元）"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Rows_are_enumerated_once_so_a_query_runs_once()
    {
        var enumerations = 0;
        IEnumerable<ApplicationExportRow> Query()
        {
            enumerations++;
            foreach (var row in SampleRows())
            {
                yield return row;
            }
        }
        using var xlsx = Export(Query());

        Assert.Equal(1, enumerations);
        Assert.Equal(2, MiniExcel.Query(xlsx, useHeaderRow: true).Count());
    }

    [Fact]
    public void File_name_carries_the_programme_title_without_characters_windows_refuses()
    {
        Assert.Equal("申请列表-2025年度培育孵化计划.xlsx", ApplicationListExport.FileName("2025年度培育孵化计划"));
        Assert.Equal("申请列表-计划_一_二_.xlsx", ApplicationListExport.FileName(" 计划/一:二? "));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ApplicationListExport.ContentType);
    }
}
