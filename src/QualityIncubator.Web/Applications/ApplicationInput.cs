using System.ComponentModel.DataAnnotations;

namespace QualityIncubator.Web.Applications;

/// <summary>The Appendix A form as typed by an organization (page, API and spreadsheet import share it).</summary>
public sealed class ApplicationInput
{
    public const int CertificationRows = 6;
    public const int HonourRows = 6;

    [Display(Name = "组织名称")] [StringLength(200, ErrorMessage = "组织名称不能超过200个字")] public string? OrganizationName { get; set; }
    [Display(Name = "法定代表人")] [StringLength(50, ErrorMessage = "法定代表人不能超过50个字")] public string? LegalRepresentative { get; set; }
    [Display(Name = "组织地址")] [StringLength(300, ErrorMessage = "组织地址不能超过300个字")] public string? Address { get; set; }
    [Display(Name = "电话/手机")] [StringLength(30, ErrorMessage = "电话/手机过长")] public string? Phone { get; set; }
    [Display(Name = "联系人")] [StringLength(50, ErrorMessage = "联系人不能超过50个字")] public string? ContactName { get; set; }
    [Display(Name = "所属部门")] [StringLength(100, ErrorMessage = "所属部门不能超过100个字")] public string? ContactDepartment { get; set; }
    [Display(Name = "联系人电话/手机")] [StringLength(30, ErrorMessage = "联系人电话/手机过长")] public string? ContactPhone { get; set; }
    [Display(Name = "电子邮件")] [StringLength(256, ErrorMessage = "电子邮件过长")] public string? ContactEmail { get; set; }
    [Display(Name = "成立日期")] public DateOnly? EstablishedOn { get; set; }
    [Display(Name = "统一社会信用代码")] [StringLength(30, ErrorMessage = "统一社会信用代码应为18位")] public string? CreditCode { get; set; }
    [Display(Name = "经济类型")] public string? EconomicTypeCode { get; set; }
    [Display(Name = "所属行业")] public string? IndustryCode { get; set; }
    [Display(Name = "行业说明")] [StringLength(200, ErrorMessage = "行业说明不能超过200个字")] public string? IndustryDetail { get; set; }
    [Display(Name = "总资产（万元）")] public decimal? TotalAssets { get; set; }
    [Display(Name = "上年度销售总额（万元）")] public decimal? LastYearRevenue { get; set; }
    [Display(Name = "上年度纳税总额（万元）")] public decimal? LastYearTax { get; set; }
    [Display(Name = "上年度净利润（万元）")] public decimal? LastYearNetProfit { get; set; }
    [Display(Name = "员工总数")] public int? EmployeeCount { get; set; }
    [Display(Name = "研发人员数")] public int? RdStaffCount { get; set; }
    [Display(Name = "所属镇、街道、开发区")] public string? DistrictCode { get; set; }
    [Display(Name = "其他（请注明）")] [StringLength(100, ErrorMessage = "不能超过100个字")] public string? DistrictOther { get; set; }
    [Display(Name = "近两年有无重大质量、安全、环境、公共卫生、食品安全等事故")] public bool? HasMajorAccident { get; set; }
    [Display(Name = "近两年有无因组织责任导致的重大质量投诉、严重失信行为")] public bool? HasMajorComplaintOrDishonesty { get; set; }
    [Display(Name = "当年度有无违反法律法规的行为")] public bool? HasViolationThisYear { get; set; }
    [Display(Name = "是否已建立关键绩效考核体系")] public bool? HasKpiSystem { get; set; }
    [Display(Name = "所属重点产业")] public string? PriorityIndustryCode { get; set; }

    public List<CertificationInput> Certifications { get; set; } = [];
    public List<HonourInput> Honours { get; set; } = [];

    public long Version { get; set; }

    /// <summary>Rows for the form: the entered ones plus blanks up to the fixed count (the page works without JavaScript).</summary>
    public ApplicationInput WithBlankRows()
    {
        while (Certifications.Count < CertificationRows)
        {
            Certifications.Add(new CertificationInput());
        }
        while (Honours.Count < HonourRows)
        {
            Honours.Add(new HonourInput());
        }
        return this;
    }

    public static ApplicationInput From(Application a) => new()
    {
        OrganizationName = a.OrganizationName, LegalRepresentative = a.LegalRepresentative, Address = a.Address, Phone = a.Phone,
        ContactName = a.ContactName, ContactDepartment = a.ContactDepartment, ContactPhone = a.ContactPhone, ContactEmail = a.ContactEmail,
        EstablishedOn = a.EstablishedOn, CreditCode = a.CreditCode, EconomicTypeCode = a.EconomicTypeCode, IndustryCode = a.IndustryCode,
        IndustryDetail = a.IndustryDetail, TotalAssets = a.TotalAssets, LastYearRevenue = a.LastYearRevenue, LastYearTax = a.LastYearTax,
        LastYearNetProfit = a.LastYearNetProfit, EmployeeCount = a.EmployeeCount, RdStaffCount = a.RdStaffCount, DistrictCode = a.DistrictCode,
        DistrictOther = a.DistrictOther, HasMajorAccident = a.HasMajorAccident, HasMajorComplaintOrDishonesty = a.HasMajorComplaintOrDishonesty,
        HasViolationThisYear = a.HasViolationThisYear, HasKpiSystem = a.HasKpiSystem, PriorityIndustryCode = a.PriorityIndustryCode, Version = a.Version,
        Certifications = [.. a.Certifications.Select(c => new CertificationInput { StandardCode = c.StandardCode, OtherName = c.OtherName, CertificateNumber = c.CertificateNumber, ExpiresOn = c.ExpiresOn })],
        Honours = [.. a.Honours.OrderByDescending(h => h.Year).Select(h => new HonourInput { Name = h.Name, Level = h.Level, Year = h.Year })],
    };

    /// <summary>Copies the input onto the application (trimmed, normalised); the credit code and name of the organization are kept as registered.</summary>
    public void ApplyTo(Application a)
    {
        static string? T(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        a.LegalRepresentative = T(LegalRepresentative);
        a.Address = T(Address);
        a.Phone = T(Phone) is { } p ? PhoneNumbers.Normalize(p) : null;
        a.ContactName = T(ContactName);
        a.ContactDepartment = T(ContactDepartment);
        a.ContactPhone = T(ContactPhone) is { } cp ? PhoneNumbers.Normalize(cp) : null;
        a.ContactEmail = T(ContactEmail);
        a.EstablishedOn = EstablishedOn;
        a.EconomicTypeCode = T(EconomicTypeCode);
        a.IndustryCode = T(IndustryCode);
        a.IndustryDetail = T(IndustryDetail);
        a.TotalAssets = TotalAssets;
        a.LastYearRevenue = LastYearRevenue;
        a.LastYearTax = LastYearTax;
        a.LastYearNetProfit = LastYearNetProfit;
        a.EmployeeCount = EmployeeCount;
        a.RdStaffCount = RdStaffCount;
        a.DistrictCode = T(DistrictCode);
        a.DistrictOther = a.DistrictCode == CodeLists.OtherDistrict ? T(DistrictOther) : null;
        a.HasMajorAccident = HasMajorAccident;
        a.HasMajorComplaintOrDishonesty = HasMajorComplaintOrDishonesty;
        a.HasViolationThisYear = HasViolationThisYear;
        a.HasKpiSystem = HasKpiSystem;
        a.PriorityIndustryCode = T(PriorityIndustryCode);
        a.Certifications.Clear();
        a.Certifications.AddRange(Certifications.Where(c => !c.IsBlank).Select(c => new ApplicationCertification
        {
            ApplicationId = a.Id, StandardCode = c.StandardCode!.Trim(), OtherName = T(c.OtherName), CertificateNumber = T(c.CertificateNumber), ExpiresOn = c.ExpiresOn,
        }));
        a.Honours.Clear();
        a.Honours.AddRange(Honours.Where(h => !h.IsBlank).Select(h => new ApplicationHonour { ApplicationId = a.Id, Name = h.Name!.Trim(), Level = h.Level!.Value, Year = h.Year!.Value }));
    }
}

public sealed class CertificationInput
{
    [Display(Name = "认证")] public string? StandardCode { get; set; }
    [Display(Name = "其他认证名称")] [StringLength(100, ErrorMessage = "认证名称不能超过100个字")] public string? OtherName { get; set; }
    [Display(Name = "证书编号")] [StringLength(100, ErrorMessage = "证书编号不能超过100个字")] public string? CertificateNumber { get; set; }
    [Display(Name = "有效期至")] public DateOnly? ExpiresOn { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(StandardCode) && string.IsNullOrWhiteSpace(OtherName) && string.IsNullOrWhiteSpace(CertificateNumber) && ExpiresOn is null;
}

public sealed class HonourInput
{
    [Display(Name = "荣誉名称")] [StringLength(200, ErrorMessage = "荣誉名称不能超过200个字")] public string? Name { get; set; }
    [Display(Name = "级别")] public HonourLevel? Level { get; set; }
    [Display(Name = "年度")] public int? Year { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && Level is null && Year is null;
}
