using Microsoft.EntityFrameworkCore;
using MiniExcelLibs.Attributes;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Applications;

/// <summary>The Office's list of applications as an .xlsx, one row per application, written row by row.</summary>
public static class ApplicationListExport
{
    public const string ContentType = Platform.Files.Spreadsheet.ContentType;

    /// <summary>"申请列表-{计划名称}.xlsx", with characters that file systems refuse replaced by '_'.</summary>
    public static string FileName(string programmeTitle) => Platform.Files.Spreadsheet.FileName("申请列表", programmeTitle);

    /// <summary>
    /// The export of <c>/Applications/Export</c>: the list under the Office's filter (<see cref="ApplicationQueries.List"/>), each row with the
    /// code book's labels, as the bytes of the .xlsx. MiniExcel writes synchronously, so the workbook is built in memory, then sent.
    /// </summary>
    public static async Task<byte[]> BuildAsync(AppDbContext db, ApplicationFilter filter, CancellationToken ct)
    {
        var book = await CodeBook.LoadAsync(db, ct);
        var list = new List<ApplicationExportRow>();
        await foreach (var a in ApplicationQueries.List(db, filter).AsAsyncEnumerable().WithCancellation(ct))
        {
            list.Add(new ApplicationExportRow(a.OrganizationName, a.CreditCode, ApplicationLabels.Status(a.Status), ApplicationLabels.Decision(a.Decision),
                book.IndustryText(a.IndustryCode, null), book.Label(CodeLists.District, a.DistrictCode),
                a.PriorityIndustryCode is null ? null : $"{book.Group(CodeLists.PriorityIndustry, a.PriorityIndustryCode)} {book.Label(CodeLists.PriorityIndustry, a.PriorityIndustryCode)}",
                a.EmployeeCount, a.LastYearRevenue, a.LastYearTax, a.SubmittedAt, a.ContactName, a.ContactPhone));
        }
        using var buffer = new MemoryStream();
        Write(buffer, list);
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes the sheet to <paramref name="output"/> (synchronously: buffer it before sending it on a response stream).
    /// The rows are projected lazily, so a database query is read once, row by row, never held in memory.
    /// </summary>
    public static void Write(Stream output, IEnumerable<ApplicationExportRow> rows) => Platform.Files.Spreadsheet.WriteList(output, rows.Select(Sheet.From));

    /// <summary>The sheet's columns. Widths are in characters; a Chinese character counts about two.</summary>
    private sealed class Sheet
    {
        [ExcelColumn(Name = "组织名称", Width = 36)] public string OrganizationName { get; init; } = "";
        [ExcelColumn(Name = "统一社会信用代码", Width = 22)] public string CreditCode { get; init; } = "";
        [ExcelColumn(Name = "申请状态", Width = 12)] public string Status { get; init; } = "";
        [ExcelColumn(Name = "资格审查", Width = 12)] public string Eligibility { get; init; } = "";
        [ExcelColumn(Name = "所属行业", Width = 24)] public string? Industry { get; init; }
        [ExcelColumn(Name = "所属镇街", Width = 16)] public string? District { get; init; }
        [ExcelColumn(Name = "重点产业", Width = 20)] public string? PriorityIndustry { get; init; }
        [ExcelColumn(Name = "员工总数", Width = 10)] public int? EmployeeCount { get; init; }
        // numbers stay numbers (sums work in Excel); the format only shows two decimals
        [ExcelColumn(Name = "上年度销售总额（万元）", Width = 24, Format = "#,##0.00")] public decimal? LastYearRevenue { get; init; }
        [ExcelColumn(Name = "上年度纳税总额（万元）", Width = 24, Format = "#,##0.00")] public decimal? LastYearTax { get; init; }
        [ExcelColumn(Name = "提交时间", Width = 18)] public string? SubmittedAt { get; init; }
        [ExcelColumn(Name = "联系人", Width = 12)] public string? ContactName { get; init; }
        [ExcelColumn(Name = "联系电话", Width = 16)] public string? ContactPhone { get; init; }

        public static Sheet From(ApplicationExportRow r) => new()
        {
            OrganizationName = r.OrganizationName,
            CreditCode = r.CreditCode,
            Status = r.Status,
            Eligibility = r.Eligibility,
            Industry = r.Industry,
            District = r.District,
            PriorityIndustry = r.PriorityIndustry,
            EmployeeCount = r.EmployeeCount,
            LastYearRevenue = Cents(r.LastYearRevenue),
            LastYearTax = Cents(r.LastYearTax),
            SubmittedAt = r.SubmittedAt is null ? null : ChinaTime.DateTimeText(r.SubmittedAt),
            ContactName = r.ContactName,
            ContactPhone = r.ContactPhone,
        };

        // stored as shown, so a sum in Excel adds the figures the reader sees
        private static decimal? Cents(decimal? value) => value is null ? null : Math.Round(value.Value, 2, MidpointRounding.AwayFromZero);
    }
}
