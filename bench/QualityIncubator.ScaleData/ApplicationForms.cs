using System.Globalization;
using MiniExcelLibs;
using QualityIncubator.Web.Applications;

namespace QualityIncubator.ScaleData;

/// <summary>
/// Appendix A forms without the rest of the data set, for the micro-benchmarks (bench/README.md): made by the data set's own generator
/// (unique names, valid GB 32100 credit codes, figures, declarations, certifications and honours), deterministic for a seed and an as-of
/// date, each one passing <see cref="ApplicationRules"/> for submission on the as-of date.
/// </summary>
public static class ApplicationForms
{
    /// <summary>
    /// <paramref name="count"/> forms for a call closing on <paramref name="asOf"/>. <paramref name="importable"/> leaves out the
    /// organizations whose district is 其他: the import template has no column for the note that choice requires.
    /// </summary>
    public static List<ApplicationInput> Generate(int count, int seed, DateOnly asOf, bool importable = false) =>
        new Planner(ScaleSize.Tiny, seed, asOf).Forms(count, importable ? f => f.DistrictCode != CodeLists.OtherDistrict : null);

    /// <summary>
    /// The forms as an Office would fill the import template (<see cref="ApplicationImport.Columns"/>): list columns by their labels,
    /// figures as numbers, dates as 2015-06-01, certifications and honours in the template's "a/b/c；…" form.
    /// </summary>
    public static void WriteImportFile(Stream output, IEnumerable<ApplicationInput> forms, CodeBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        string? Label(string list, string? code) => code is null ? null : book.Label(list, code);
        var rows = forms.Select(f => new Dictionary<string, object?>
        {
            ["组织名称"] = f.OrganizationName, ["统一社会信用代码"] = f.CreditCode, ["法定代表人"] = f.LegalRepresentative, ["组织地址"] = f.Address,
            ["电话/手机"] = f.Phone, ["联系人"] = f.ContactName, ["所属部门"] = f.ContactDepartment, ["联系人电话/手机"] = f.ContactPhone,
            ["电子邮件"] = f.ContactEmail, ["成立日期"] = f.EstablishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["经济类型"] = Label(CodeLists.EconomicType, f.EconomicTypeCode),
            ["所属行业"] = f.IndustryCode is null ? null : $"{f.IndustryCode} {Label(CodeLists.Industry, f.IndustryCode)}",
            ["行业说明"] = f.IndustryDetail, ["总资产（万元）"] = f.TotalAssets, ["上年度销售总额（万元）"] = f.LastYearRevenue,
            ["上年度纳税总额（万元）"] = f.LastYearTax, ["上年度净利润（万元）"] = f.LastYearNetProfit, ["员工总数"] = f.EmployeeCount,
            ["研发人员数"] = f.RdStaffCount, ["所属镇、街道、开发区"] = Label(CodeLists.District, f.DistrictCode),
            ["近两年有无重大事故"] = YesNo(f.HasMajorAccident, "有", "无"), ["近两年有无重大质量投诉或严重失信"] = YesNo(f.HasMajorComplaintOrDishonesty, "有", "无"),
            ["当年度有无违法行为"] = YesNo(f.HasViolationThisYear, "有", "无"), ["是否已建立关键绩效考核体系"] = YesNo(f.HasKpiSystem, "是", "否"),
            // by label, as the template's help shows them; by code where the label itself holds the separator ("ISO/IEC 27001 …")
            ["管理体系认证"] = string.Join("；", f.Certifications.Select(c =>
                $"{(Label(CodeLists.Certification, c.StandardCode) is { } label && !label.Contains('/', StringComparison.Ordinal) ? label : c.StandardCode)}/{c.CertificateNumber}/{c.ExpiresOn:yyyy-MM-dd}")),
            ["近三年区级及以上荣誉"] = string.Join("；", f.Honours.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Year}/{Level(h.Level)}/{h.Name}"))),
            ["所属重点产业"] = Label(CodeLists.PriorityIndustry, f.PriorityIndustryCode),
        });
        output.SaveAs(rows);
    }

    private static string? YesNo(bool? value, string yes, string no) => value is null ? null : value.Value ? yes : no;

    private static string Level(HonourLevel? level) => level switch
    {
        HonourLevel.District => "区级",
        HonourLevel.City => "市级",
        HonourLevel.Provincial => "省部级",
        HonourLevel.National => "国家级",
        _ => "",
    };
}
