using System.Globalization;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Applications;

public sealed record ImportRowError(int Row, string Column, string Message);

/// <summary>One spreadsheet row read as an application, or the reasons it cannot be.</summary>
public sealed record ImportRow(int Row, ApplicationInput? Input, IReadOnlyList<ImportRowError> Errors);

/// <summary>
/// Applications from the .xlsx template (for offices coming from spreadsheets): every row is read and validated like the form (4.1.3, Appendix A).
/// Pure apart from reading the workbook; saving is the caller's (all valid rows in one transaction).
/// </summary>
public static class ApplicationImport
{
    // Column headers, in template order. Yes/no columns take 有/无 or 是/否; list columns take the label or the code.
    public static readonly string[] Columns =
    [
        "组织名称", "统一社会信用代码", "法定代表人", "组织地址", "电话/手机", "联系人", "所属部门", "联系人电话/手机", "电子邮件", "成立日期",
        "经济类型", "所属行业", "行业说明", "总资产（万元）", "上年度销售总额（万元）", "上年度纳税总额（万元）", "上年度净利润（万元）",
        "员工总数", "研发人员数", "所属镇、街道、开发区", "近两年有无重大事故", "近两年有无重大质量投诉或严重失信", "当年度有无违法行为",
        "是否已建立关键绩效考核体系", "管理体系认证", "近三年区级及以上荣誉", "所属重点产业",
    ];


    /// <summary>The template: the header row on the first sheet, and how to fill it on the second.</summary>
    public static byte[] Template(CodeBook book)
    {
        var header = new Dictionary<string, object?>();
        foreach (var c in Columns)
        {
            header[c] = null;
        }
        var help = new List<Dictionary<string, object>>
        {
            Help("日期", "成立日期写作 2015-06-01"),
            Help("金额", "以万元为单位，最多两位小数；上年度净利润可为负数"),
            Help("有/无、是/否", "四项声明分别填“有”或“无”、“是”或“否”"),
            Help("管理体系认证", "每项写作 名称/证书编号/有效期，多项用“；”分隔，如 ISO 9001 质量管理体系/CN-001/2027-05-31"),
            Help("荣誉", "每项写作 年度/级别/名称，级别为区级、市级、省部级或国家级，多项用“；”分隔"),
            Help("经济类型", string.Join("、", book.Items(CodeLists.EconomicType).Select(i => i.Label))),
            Help("所属行业", string.Join("、", book.Items(CodeLists.Industry).Select(i => $"{i.Code} {i.Label}"))),
            Help("所属镇、街道、开发区", string.Join("、", book.Items(CodeLists.District).Select(i => i.Label))),
            Help("所属重点产业", string.Join("、", book.Items(CodeLists.PriorityIndustry).Select(i => i.Label).Distinct())),
        };
        return Spreadsheet.ImportTemplate("申请书", header, help);

        static Dictionary<string, object> Help(string item, string text) => new() { ["项目"] = item, ["说明"] = text };
    }

    /// <summary>Reads every data row (row numbers as Excel shows them, the header being row 1).</summary>
    public static IReadOnlyList<ImportRow> Read(Stream workbook, CodeBook book, DateOnly today, out string? fileError)
    {
        var rows = Spreadsheet.ReadRows(workbook, "Excel 模板", Columns[..2], out fileError);
        var codes = book.Sets();
        var result = rows.Select(r => ReadRow(r, book, codes, today)).ToList();
        // The same organization twice in one file: both rows are refused, neither is guessed at.
        foreach (var dup in result.Where(r => r.Input is not null).GroupBy(r => CreditCode.Normalize(r.Input!.CreditCode)).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            foreach (var r in dup)
            {
                var index = result.IndexOf(r);
                result[index] = r with { Input = null, Errors = [.. r.Errors, new ImportRowError(r.Row, "统一社会信用代码", $"统一社会信用代码 {dup.Key} 在文件中出现了 {dup.Count()} 次")] };
            }
        }
        return result;
    }

    private static ImportRow ReadRow(SheetRow sheetRow, CodeBook book, CodeSets codes, DateOnly today)
    {
        var (row, cells) = (sheetRow.Number, sheetRow.Cells);
        var errors = new List<ImportRowError>();
        string? Text(string column) => sheetRow.Text(column);
        decimal? Number(string column)
        {
            if (!cells.TryGetValue(column, out var v) || v is null || (v is string s0 && string.IsNullOrWhiteSpace(s0)))
            {
                return null;
            }
            if (v is double d)
            {
                return Math.Round((decimal)d, 6);
            }
            if (decimal.TryParse(Convert.ToString(v, CultureInfo.InvariantCulture)?.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
            errors.Add(new(row, column, $"“{v}”不是数字"));
            return null;
        }
        int? Whole(string column)
        {
            var n = Number(column);
            if (n is { } value && decimal.Truncate(value) != value)
            {
                errors.Add(new(row, column, "应为整数"));
                return null;
            }
            return n is null ? null : (int)Math.Clamp(n.Value, int.MinValue, int.MaxValue);
        }
        DateOnly? Date(string column, string? raw = null)
        {
            object? v = raw;
            if (raw is null && (!cells.TryGetValue(column, out v) || v is null))
            {
                return null;
            }
            if (v is DateTime dt)
            {
                return DateOnly.FromDateTime(dt);
            }
            var s = Convert.ToString(v, CultureInfo.InvariantCulture)!.Trim();
            if (s.Length == 0)
            {
                return null;
            }
            if (DateOnly.TryParseExact(s, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyy年M月d日"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
            errors.Add(new(row, column, $"“{s}”不是有效日期，请写作 2015-06-01"));
            return null;
        }
        bool? YesNo(string column, string yes, string no)
        {
            var s = Text(column);
            if (s is null)
            {
                return null;
            }
            if (s == yes)
            {
                return true;
            }
            if (s == no)
            {
                return false;
            }
            errors.Add(new(row, column, $"请填写“{yes}”或“{no}”"));
            return null;
        }
        string? Code(string column, string list)
        {
            var s = Text(column);
            if (s is null)
            {
                return null;
            }
            var match = book.Items(list).FirstOrDefault(i => i.Code == s || i.Label == s || $"{i.Code} {i.Label}" == s);
            if (match is null)
            {
                errors.Add(new(row, column, $"“{s}”不在列表中，请见模板的“填写说明”"));
            }
            return match?.Code;
        }

        var input = new ApplicationInput
        {
            OrganizationName = Text("组织名称"), CreditCode = Text("统一社会信用代码"), LegalRepresentative = Text("法定代表人"), Address = Text("组织地址"),
            Phone = Text("电话/手机"), ContactName = Text("联系人"), ContactDepartment = Text("所属部门"), ContactPhone = Text("联系人电话/手机"),
            ContactEmail = Text("电子邮件"), EstablishedOn = Date("成立日期"), EconomicTypeCode = Code("经济类型", CodeLists.EconomicType),
            IndustryCode = Code("所属行业", CodeLists.Industry), IndustryDetail = Text("行业说明"), TotalAssets = Number("总资产（万元）"),
            LastYearRevenue = Number("上年度销售总额（万元）"), LastYearTax = Number("上年度纳税总额（万元）"), LastYearNetProfit = Number("上年度净利润（万元）"),
            EmployeeCount = Whole("员工总数"), RdStaffCount = Whole("研发人员数"), DistrictCode = Code("所属镇、街道、开发区", CodeLists.District),
            HasMajorAccident = YesNo("近两年有无重大事故", "有", "无"), HasMajorComplaintOrDishonesty = YesNo("近两年有无重大质量投诉或严重失信", "有", "无"),
            HasViolationThisYear = YesNo("当年度有无违法行为", "有", "无"), HasKpiSystem = YesNo("是否已建立关键绩效考核体系", "是", "否"),
            PriorityIndustryCode = Code("所属重点产业", CodeLists.PriorityIndustry),
        };
        foreach (var item in Split(Text("管理体系认证")))
        {
            var parts = item.Split('/', 3, StringSplitOptions.TrimEntries);
            var match = book.Items(CodeLists.Certification).FirstOrDefault(i => i.Code == parts[0] || i.Label == parts[0]);
            input.Certifications.Add(new CertificationInput
            {
                StandardCode = match?.Code ?? CodeLists.OtherCertification, OtherName = match is null ? parts[0] : null,
                CertificateNumber = parts.ElementAtOrDefault(1), ExpiresOn = parts.Length > 2 ? Date("管理体系认证", parts[2]) : null,
            });
        }
        foreach (var item in Split(Text("近三年区级及以上荣誉")))
        {
            var parts = item.Split('/', 3, StringSplitOptions.TrimEntries);
            HonourLevel? level = parts.ElementAtOrDefault(1) switch { "区级" => HonourLevel.District, "市级" => HonourLevel.City, "省部级" => HonourLevel.Provincial, "国家级" => HonourLevel.National, _ => null };
            if (parts.Length < 3 || level is null || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var year))
            {
                errors.Add(new(row, "近三年区级及以上荣誉", $"“{item}”应写作 年度/级别/名称，如 2025/区级/松江区质量奖提名奖"));
                continue;
            }
            input.Honours.Add(new HonourInput { Year = year, Level = level, Name = parts[2] });
        }
        if (string.IsNullOrWhiteSpace(input.OrganizationName))
        {
            errors.Add(new(row, "组织名称", "请填写组织名称"));
        }
        foreach (var e in ApplicationRules.Validate(input, forSubmission: true, today, codes))
        {
            errors.Add(new(row, ColumnOf(e.Field), e.Message));
        }
        return new ImportRow(row, errors.Count == 0 ? input : null, errors);
    }

    private static IEnumerable<string> Split(string? cell) =>
        (cell ?? "").Split(['；', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string ColumnOf(string field) => field switch
    {
        nameof(ApplicationInput.OrganizationName) => "组织名称",
        nameof(ApplicationInput.CreditCode) => "统一社会信用代码",
        nameof(ApplicationInput.LegalRepresentative) => "法定代表人",
        nameof(ApplicationInput.Address) => "组织地址",
        nameof(ApplicationInput.Phone) => "电话/手机",
        nameof(ApplicationInput.ContactName) => "联系人",
        nameof(ApplicationInput.ContactDepartment) => "所属部门",
        nameof(ApplicationInput.ContactPhone) => "联系人电话/手机",
        nameof(ApplicationInput.ContactEmail) => "电子邮件",
        nameof(ApplicationInput.EstablishedOn) => "成立日期",
        nameof(ApplicationInput.EconomicTypeCode) => "经济类型",
        nameof(ApplicationInput.IndustryCode) => "所属行业",
        nameof(ApplicationInput.IndustryDetail) => "行业说明",
        nameof(ApplicationInput.TotalAssets) => "总资产（万元）",
        nameof(ApplicationInput.LastYearRevenue) => "上年度销售总额（万元）",
        nameof(ApplicationInput.LastYearTax) => "上年度纳税总额（万元）",
        nameof(ApplicationInput.LastYearNetProfit) => "上年度净利润（万元）",
        nameof(ApplicationInput.EmployeeCount) => "员工总数",
        nameof(ApplicationInput.RdStaffCount) => "研发人员数",
        nameof(ApplicationInput.DistrictCode) or nameof(ApplicationInput.DistrictOther) => "所属镇、街道、开发区",
        nameof(ApplicationInput.HasMajorAccident) => "近两年有无重大事故",
        nameof(ApplicationInput.HasMajorComplaintOrDishonesty) => "近两年有无重大质量投诉或严重失信",
        nameof(ApplicationInput.HasViolationThisYear) => "当年度有无违法行为",
        nameof(ApplicationInput.HasKpiSystem) => "是否已建立关键绩效考核体系",
        nameof(ApplicationInput.PriorityIndustryCode) => "所属重点产业",
        _ when field.StartsWith("Certifications", StringComparison.Ordinal) => "管理体系认证",
        _ when field.StartsWith("Honours", StringComparison.Ordinal) => "近三年区级及以上荣誉",
        _ => field,
    };
}
