using System.Net.Mail;

namespace QualityIncubator.Web.Applications;

public sealed record FieldError(string Field, string Message);

/// <summary>The valid codes of the editable lists, as the rules need them.</summary>
public sealed record CodeSets(IReadOnlySet<string> EconomicTypes, IReadOnlySet<string> Industries, IReadOnlySet<string> Districts,
    IReadOnlySet<string> PriorityIndustries, IReadOnlySet<string> Certifications);

/// <summary>Appendix A's field rules (4.1.3–4.1.4). A draft only has to be well-formed; a submission must be complete.</summary>
public static class ApplicationRules
{
    public static IReadOnlyList<FieldError> Validate(ApplicationInput i, bool forSubmission, DateOnly today, CodeSets codes)
    {
        var errors = new List<FieldError>();
        void Add(string field, string message) => errors.Add(new(field, message));
        void Required(string field, object? value, string label)
        {
            if (forSubmission && (value is null || (value is string s && string.IsNullOrWhiteSpace(s))))
            {
                Add(field, $"请填写{label}");
            }
        }

        Required(nameof(i.OrganizationName), i.OrganizationName, "组织名称");
        Required(nameof(i.LegalRepresentative), i.LegalRepresentative, "法定代表人");
        Required(nameof(i.Address), i.Address, "组织地址");
        Required(nameof(i.Phone), i.Phone, "电话/手机");
        Required(nameof(i.ContactName), i.ContactName, "联系人");
        Required(nameof(i.ContactDepartment), i.ContactDepartment, "所属部门");
        Required(nameof(i.ContactPhone), i.ContactPhone, "联系人电话/手机");
        Required(nameof(i.ContactEmail), i.ContactEmail, "电子邮件");
        Required(nameof(i.EstablishedOn), i.EstablishedOn, "成立日期");
        Required(nameof(i.CreditCode), i.CreditCode, "统一社会信用代码");
        Required(nameof(i.EconomicTypeCode), i.EconomicTypeCode, "经济类型");
        Required(nameof(i.IndustryCode), i.IndustryCode, "所属行业");
        Required(nameof(i.TotalAssets), i.TotalAssets, "总资产");
        Required(nameof(i.LastYearRevenue), i.LastYearRevenue, "上年度销售总额");
        Required(nameof(i.LastYearTax), i.LastYearTax, "上年度纳税总额");
        Required(nameof(i.LastYearNetProfit), i.LastYearNetProfit, "上年度净利润");
        Required(nameof(i.EmployeeCount), i.EmployeeCount, "员工总数");
        Required(nameof(i.RdStaffCount), i.RdStaffCount, "研发人员数");
        Required(nameof(i.DistrictCode), i.DistrictCode, "所属镇、街道、开发区");
        if (forSubmission)
        {
            foreach (var (field, value) in new (string, bool?)[]
                     {
                         (nameof(i.HasMajorAccident), i.HasMajorAccident), (nameof(i.HasMajorComplaintOrDishonesty), i.HasMajorComplaintOrDishonesty),
                         (nameof(i.HasViolationThisYear), i.HasViolationThisYear), (nameof(i.HasKpiSystem), i.HasKpiSystem),
                     })
            {
                if (value is null)
                {
                    Add(field, "请选择");
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(i.CreditCode) && CreditCode.Validate(i.CreditCode) is { } codeError)
        {
            Add(nameof(i.CreditCode), codeError);
        }
        if (PhoneNumbers.Validate(i.Phone, "电话/手机") is { } phoneError)
        {
            Add(nameof(i.Phone), phoneError);
        }
        if (PhoneNumbers.Validate(i.ContactPhone, "联系人电话/手机") is { } contactPhoneError)
        {
            Add(nameof(i.ContactPhone), contactPhoneError);
        }
        if (!string.IsNullOrWhiteSpace(i.ContactEmail) && !IsEmail(i.ContactEmail))
        {
            Add(nameof(i.ContactEmail), "电子邮件格式不正确");
        }
        if (i.EstablishedOn is { } established)
        {
            if (established > today)
            {
                Add(nameof(i.EstablishedOn), "成立日期不能晚于今天");
            }
            else if (established.Year < 1900)
            {
                Add(nameof(i.EstablishedOn), "成立日期不正确");
            }
        }
        Code(nameof(i.EconomicTypeCode), i.EconomicTypeCode, codes.EconomicTypes, "经济类型");
        Code(nameof(i.IndustryCode), i.IndustryCode, codes.Industries, "所属行业");
        Code(nameof(i.DistrictCode), i.DistrictCode, codes.Districts, "所属镇、街道、开发区");
        Code(nameof(i.PriorityIndustryCode), i.PriorityIndustryCode, codes.PriorityIndustries, "所属重点产业");
        if (i.DistrictCode == CodeLists.OtherDistrict && string.IsNullOrWhiteSpace(i.DistrictOther) && forSubmission)
        {
            Add(nameof(i.DistrictOther), "选择“其他”时请注明所在区域");
        }

        Money(nameof(i.TotalAssets), i.TotalAssets, "总资产", allowNegative: false);
        Money(nameof(i.LastYearRevenue), i.LastYearRevenue, "上年度销售总额", allowNegative: false);
        Money(nameof(i.LastYearTax), i.LastYearTax, "上年度纳税总额", allowNegative: false);
        Money(nameof(i.LastYearNetProfit), i.LastYearNetProfit, "上年度净利润", allowNegative: true);
        if (i.EmployeeCount is < 0 or > 10_000_000)
        {
            Add(nameof(i.EmployeeCount), "员工总数应为0或正整数");
        }
        if (i.RdStaffCount is < 0)
        {
            Add(nameof(i.RdStaffCount), "研发人员数应为0或正整数");
        }
        else if (i.RdStaffCount is { } rd && i.EmployeeCount is { } staff && rd > staff)
        {
            Add(nameof(i.RdStaffCount), $"研发人员数（{rd}）不能多于员工总数（{staff}）");
        }

        for (var n = 0; n < i.Certifications.Count; n++)
        {
            var c = i.Certifications[n];
            if (c.IsBlank)
            {
                continue;
            }
            var prefix = $"Certifications[{n}]";
            if (string.IsNullOrWhiteSpace(c.StandardCode))
            {
                Add($"{prefix}.StandardCode", "请选择认证");
            }
            else if (!codes.Certifications.Contains(c.StandardCode.Trim()))
            {
                Add($"{prefix}.StandardCode", "请从列表中选择认证");
            }
            else if (c.StandardCode.Trim() == CodeLists.OtherCertification && string.IsNullOrWhiteSpace(c.OtherName))
            {
                Add($"{prefix}.OtherName", "选择“其他”时请填写认证名称");
            }
            if (forSubmission && string.IsNullOrWhiteSpace(c.CertificateNumber))
            {
                Add($"{prefix}.CertificateNumber", "请填写证书编号");
            }
            if (forSubmission && c.ExpiresOn is null)
            {
                Add($"{prefix}.ExpiresOn", "请填写有效期");
            }
        }
        for (var n = 0; n < i.Honours.Count; n++)
        {
            var h = i.Honours[n];
            if (h.IsBlank)
            {
                continue;
            }
            var prefix = $"Honours[{n}]";
            if (string.IsNullOrWhiteSpace(h.Name))
            {
                Add($"{prefix}.Name", "请填写荣誉名称");
            }
            if (h.Level is null)
            {
                Add($"{prefix}.Level", "请选择级别");
            }
            if (h.Year is null)
            {
                Add($"{prefix}.Year", "请填写年度");
            }
            // “近三年”: this year and the three before it.
            else if (h.Year > today.Year || h.Year < today.Year - 3)
            {
                Add($"{prefix}.Year", $"近三年的荣誉，年度应在{today.Year - 3}至{today.Year}之间");
            }
        }
        return errors;

        void Code(string field, string? value, IReadOnlySet<string> allowed, string label)
        {
            if (!string.IsNullOrWhiteSpace(value) && !allowed.Contains(value.Trim()))
            {
                Add(field, $"请从列表中选择{label}");
            }
        }

        void Money(string field, decimal? value, string label, bool allowNegative)
        {
            if (value is not { } v)
            {
                return;
            }
            if (!allowNegative && v < 0)
            {
                Add(field, $"{label}不能为负数");
            }
            else if (decimal.Round(v, 2) != v)
            {
                Add(field, $"{label}以万元为单位，最多保留两位小数");
            }
            else if (Math.Abs(v) >= 100_000_000m)
            {
                Add(field, $"{label}数值过大，请确认单位为万元");
            }
        }
    }

    private static bool IsEmail(string s) =>
        MailAddress.TryCreate(s.Trim(), out var address) && address.Address == s.Trim() && s.Contains('.', StringComparison.Ordinal);

    /// <summary>The submission window (4.1.1): refused before it opens and after it closes, with the dates named.</summary>
    public static string? WindowRefusal(ApplicationCall? call, DateOnly today)
    {
        if (call?.PublishedAt is null)
        {
            return "本计划的申报征集尚未发布，暂不能提交申请书";
        }
        if (today < call.OpensOn)
        {
            return $"申报尚未开始，开始日期为 {call.OpensOn:yyyy-MM-dd}";
        }
        if (today > call.ClosesOn)
        {
            return $"申报已于 {call.ClosesOn:yyyy-MM-dd} 截止，不能再提交或撤回";
        }
        return null;
    }

    public static EligibilityFacts Facts(Application a, Func<string, string> certificationLabel) => new(
        a.EstablishedOn, a.DistrictCode, a.Address, a.HasMajorAccident, a.HasMajorComplaintOrDishonesty, a.HasViolationThisYear, a.HasKpiSystem,
        [.. a.Certifications.Select(c => (c.StandardCode == CodeLists.OtherCertification ? c.OtherName ?? "其他认证" : certificationLabel(c.StandardCode), c.ExpiresOn))]);
}
