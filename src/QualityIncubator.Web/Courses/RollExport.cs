using MiniExcelLibs.Attributes;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Courses;

/// <summary>A session's roll (4.5.3) as an .xlsx: one row per expected or recorded person, with a blank signature column for printing.</summary>
public static class RollExport
{
    public static byte[] Write(CourseQueries.Roll roll)
    {
        var rows = roll.Organizations.Items.SelectMany(o => o.People.Count == 0
            ? [new Row { Organization = o.Name, Name = "（未指定相关负责人）" }]
            : o.People.Select(p => new Row
            {
                Organization = o.Name, Name = p.Name, Title = p.Title, Phone = p.Phone,
                Status = p.Status is { } s ? CourseLabels.Attendance(s) : "",
                Method = p.Method is { } m ? CourseLabels.Method(m) : "",
                RecordedAt = p.RecordedAt is { } at ? ChinaTime.DateTimeText(at) : "",
                Note = p.Note,
            }));
        using var buffer = new MemoryStream();
        Platform.Files.Spreadsheet.WriteList(buffer, rows);
        return buffer.ToArray();
    }

    public static string FileName(CourseQueries.Roll roll) =>
        Platform.Files.Spreadsheet.FileName("点名表", $"{roll.CourseTitle}-{ChinaTime.ToLocal(roll.StartsAt):yyyyMMdd-HHmm}");

    private sealed class Row
    {
        [ExcelColumn(Name = "组织名称", Width = 36)] public string Organization { get; init; } = "";
        [ExcelColumn(Name = "姓名", Width = 12)] public string Name { get; init; } = "";
        [ExcelColumn(Name = "职务", Width = 14)] public string? Title { get; init; }
        [ExcelColumn(Name = "联系电话", Width = 16)] public string? Phone { get; init; }
        [ExcelColumn(Name = "出勤", Width = 8)] public string Status { get; init; } = "";
        [ExcelColumn(Name = "记录方式", Width = 10)] public string Method { get; init; } = "";
        [ExcelColumn(Name = "记录时间", Width = 18)] public string RecordedAt { get; init; } = "";
        [ExcelColumn(Name = "备注", Width = 24)] public string? Note { get; init; }
        [ExcelColumn(Name = "签名", Width = 14)] public string Signature { get; init; } = "";
    }
}
