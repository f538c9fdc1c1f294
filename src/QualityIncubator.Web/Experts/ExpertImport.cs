using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Experts;

/// <summary>Experts from an .xlsx template (4.2.1), every row validated like the form; valid rows saved together, invalid rows reported.</summary>
public static class ExpertImport
{
    public static readonly string[] Columns =
    [
        "姓名", "工作单位", "工作单位统一社会信用代码", "职务/职称", "手机", "电子邮件", "熟悉行业", "专长",
        "授课专家", "自评报告评价专家", "现场扶优指导专家", "评审员证书", "质量奖评审经历", "从事卓越绩效相关工作年限",
    ];

    public static byte[] Template()
    {
        var header = Columns.ToDictionary(c => c, _ => (object?)null);
        var help = new[]
        {
            new Dictionary<string, object> { ["项目"] = "熟悉行业", ["说明"] = "国民经济行业门类字母，多个用逗号分隔，如 C,I" },
            new Dictionary<string, object> { ["项目"] = "专家类别", ["说明"] = "授课专家、自评报告评价专家、现场扶优指导专家三列分别填“是”或“否”，至少一个“是”" },
            new Dictionary<string, object> { ["项目"] = "手机", ["说明"] = "11位手机号码" },
        };
        return Spreadsheet.ImportTemplate("专家", header, help);
    }

    /// <summary>Reads, validates and saves; returns how many were imported and the problems by row (the header is row 1).</summary>
    public static async Task<(int Imported, IReadOnlyList<ImportRowError> Errors, string? FileError)> ImportAsync(Stream workbook, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var rows = Spreadsheet.ReadRows(workbook, "专家导入模板", ["姓名"], out var fileError);
        if (fileError is not null)
        {
            return (0, [], fileError);
        }
        var industries = (await CodeBook.LoadAsync(db, ct)).Sets().Industries;
        var existing = (await db.Experts.AsNoTracking().Select(e => new { e.Name, e.Mobile }).ToListAsync(ct)).Select(e => (e.Name, e.Mobile)).ToHashSet();
        var errors = new List<ImportRowError>();
        var valid = new List<ExpertInput>();
        foreach (var sheetRow in rows)
        {
            var row = sheetRow.Number;
            string? Text(string column) => sheetRow.Text(column);
            var rowErrors = new List<ImportRowError>();
            bool YesNo(string column)
            {
                var s = Text(column);
                if (s is null or "否")
                {
                    return false;
                }
                if (s == "是")
                {
                    return true;
                }
                rowErrors.Add(new(row, column, "请填写“是”或“否”"));
                return false;
            }
            int? years = null;
            if (Text("从事卓越绩效相关工作年限") is { } y)
            {
                if (int.TryParse(y, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                {
                    years = n;
                }
                else
                {
                    rowErrors.Add(new(row, "从事卓越绩效相关工作年限", $"“{y}”不是整数"));
                }
            }
            var input = new ExpertInput
            {
                Name = Text("姓名"), Employer = Text("工作单位"), EmployerCreditCode = Text("工作单位统一社会信用代码"), Title = Text("职务/职称"),
                Mobile = Text("手机"), Email = Text("电子邮件"),
                Industries = [.. (Text("熟悉行业") ?? "").Split([',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())],
                Specialties = Text("专长"), IsLecturer = YesNo("授课专家"), IsReportReviewer = YesNo("自评报告评价专家"), IsSiteCoach = YesNo("现场扶优指导专家"),
                ExaminerCertificate = Text("评审员证书"), AwardReviewExperience = Text("质量奖评审经历"), YearsOfExperience = years,
            };
            var annotations = new List<ValidationResult>();
            Validator.TryValidateObject(input, new ValidationContext(input), annotations, validateAllProperties: true);
            rowErrors.AddRange(annotations.Select(a => new ImportRowError(row, ColumnOf(a.MemberNames.FirstOrDefault()), a.ErrorMessage ?? "填写不正确")));
            rowErrors.AddRange(input.Check(byOffice: true, industries).Select(e => new ImportRowError(row, ColumnOf(e.Field), e.Message)));
            var mobile = input.Mobile is null ? null : PhoneNumbers.Normalize(input.Mobile);
            if (input.Name is not null && !existing.Add((input.Name.Trim(), mobile)))
            {
                rowErrors.Add(new(row, "姓名", $"“{input.Name}”（手机 {mobile}）已在专家库中或在文件中重复"));
            }
            if (rowErrors.Count == 0)
            {
                valid.Add(input);
            }
            errors.AddRange(rowErrors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var input in valid)
        {
            var expert = new Expert { CreatedAt = now };
            input.ApplyTo(expert, byOffice: true);
            db.Experts.Add(expert);
        }
        if (valid.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return (valid.Count, errors, null);
    }

    private static string ColumnOf(string? field) => field switch
    {
        nameof(ExpertInput.Name) => "姓名",
        nameof(ExpertInput.Employer) => "工作单位",
        nameof(ExpertInput.EmployerCreditCode) => "工作单位统一社会信用代码",
        nameof(ExpertInput.Title) => "职务/职称",
        nameof(ExpertInput.Mobile) => "手机",
        nameof(ExpertInput.Email) => "电子邮件",
        nameof(ExpertInput.Industries) => "熟悉行业",
        nameof(ExpertInput.Specialties) => "专长",
        nameof(ExpertInput.IsLecturer) => "专家类别",
        nameof(ExpertInput.ExaminerCertificate) => "评审员证书",
        nameof(ExpertInput.AwardReviewExperience) => "质量奖评审经历",
        nameof(ExpertInput.YearsOfExperience) => "从事卓越绩效相关工作年限",
        _ => field ?? "",
    };
}
