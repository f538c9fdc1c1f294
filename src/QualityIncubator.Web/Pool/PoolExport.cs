using MiniExcelLibs.Attributes;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Pool;

/// <summary>The pool of a programme as an .xlsx (4.4.4): every stay, current members first, then exits; China local time.</summary>
public static class PoolExport
{
    public static byte[] Write(IEnumerable<PoolQueries.MemberRow> members)
    {
        var rows = members
            .OrderBy(m => m.IsCurrent ? 0 : 1).ThenBy(m => m.Rank ?? int.MaxValue).ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new Row
            {
                Name = m.Name, CreditCode = m.CreditCode, Status = m.IsCurrent ? "在库" : "已退出",
                Rank = m.Rank, Total = m.RankingTotal, SelectionReason = m.SelectionReason,
                EnteredAt = ChinaTime.DateTimeText(m.EnteredAt), ExitedAt = ChinaTime.DateTimeText(m.ExitedAt),
                Ground = m.ExitGround is { } g ? ExitRule.Label(g) : "", ExitReason = m.ExitReason,
            });
        using var buffer = new MemoryStream();
        Spreadsheet.WriteList(buffer, rows);
        return buffer.ToArray();
    }

    public static string FileName(string programmeTitle) => Spreadsheet.FileName("培育孵化库", programmeTitle);

    private sealed class Row
    {
        [ExcelColumn(Name = "组织名称", Width = 36)] public string Name { get; init; } = "";
        [ExcelColumn(Name = "统一社会信用代码", Width = 22)] public string CreditCode { get; init; } = "";
        [ExcelColumn(Name = "状态", Width = 8)] public string Status { get; init; } = "";
        [ExcelColumn(Name = "排名", Width = 6)] public int? Rank { get; init; }
        [ExcelColumn(Name = "综合得分", Width = 10)] public decimal? Total { get; init; }
        [ExcelColumn(Name = "入选理由", Width = 30)] public string? SelectionReason { get; init; }
        [ExcelColumn(Name = "入库时间", Width = 18)] public string EnteredAt { get; init; } = "";
        [ExcelColumn(Name = "退出时间", Width = 18)] public string ExitedAt { get; init; } = "";
        [ExcelColumn(Name = "退出情形", Width = 40)] public string Ground { get; init; } = "";
        [ExcelColumn(Name = "退出原因", Width = 60)] public string? ExitReason { get; init; }
    }
}
