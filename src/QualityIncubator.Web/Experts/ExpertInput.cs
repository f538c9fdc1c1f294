using System.ComponentModel.DataAnnotations;
using QualityIncubator.Web.Applications;

namespace QualityIncubator.Web.Experts;

/// <summary>An expert's record as the Office (all fields) or the expert (profile fields) types it.</summary>
public sealed class ExpertInput
{
    [Display(Name = "姓名")] [Required(ErrorMessage = "请填写姓名")] [StringLength(50, ErrorMessage = "姓名不能超过50个字")] public string? Name { get; set; }
    [Display(Name = "工作单位")] [StringLength(200, ErrorMessage = "工作单位不能超过200个字")] public string? Employer { get; set; }
    [Display(Name = "工作单位统一社会信用代码")] [StringLength(30, ErrorMessage = "统一社会信用代码应为18位")] public string? EmployerCreditCode { get; set; }
    [Display(Name = "职务/职称")] [StringLength(100, ErrorMessage = "职务/职称不能超过100个字")] public string? Title { get; set; }
    [Display(Name = "手机")] [StringLength(30, ErrorMessage = "手机号码过长")] public string? Mobile { get; set; }
    [Display(Name = "电子邮件")] [EmailAddress(ErrorMessage = "电子邮件格式不正确")] [StringLength(256, ErrorMessage = "电子邮件过长")] public string? Email { get; set; }
    [Display(Name = "熟悉行业（国民经济行业门类）")] public List<string> Industries { get; set; } = [];
    [Display(Name = "专长")] [StringLength(1000, ErrorMessage = "专长不能超过1000个字")] public string? Specialties { get; set; }
    [Display(Name = "授课专家")] public bool IsLecturer { get; set; }
    [Display(Name = "自评报告评价专家")] public bool IsReportReviewer { get; set; }
    [Display(Name = "现场扶优指导专家")] public bool IsSiteCoach { get; set; }
    [Display(Name = "评审员证书")] [StringLength(500, ErrorMessage = "不能超过500个字")] public string? ExaminerCertificate { get; set; }
    [Display(Name = "质量奖评审经历")] [StringLength(2000, ErrorMessage = "不能超过2000个字")] public string? AwardReviewExperience { get; set; }
    [Display(Name = "从事卓越绩效相关工作年限")] [Range(0, 60, ErrorMessage = "年限应在0至60之间")] public int? YearsOfExperience { get; set; }
    [Display(Name = "状态")] public ExpertStatus Status { get; set; } = ExpertStatus.Active;
    public long Version { get; set; }

    /// <summary>Checks beyond the annotations; field names are relative to the input.</summary>
    public IEnumerable<FieldError> Check(bool byOffice, IReadOnlySet<string> industryCodes)
    {
        if (!string.IsNullOrWhiteSpace(EmployerCreditCode) && CreditCode.Validate(EmployerCreditCode) is { } codeError)
        {
            yield return new(nameof(EmployerCreditCode), codeError);
        }
        if (PhoneNumbers.Validate(Mobile, "手机", mobileOnly: true) is { } phoneError)
        {
            yield return new(nameof(Mobile), phoneError);
        }
        if (Industries.Any(i => !industryCodes.Contains(i)))
        {
            yield return new(nameof(Industries), "请从列表中选择行业");
        }
        // 4.2.1/5.2.3: an expert in the pool serves in at least one of the three roles.
        if (byOffice && !IsLecturer && !IsReportReviewer && !IsSiteCoach)
        {
            yield return new(nameof(IsLecturer), "请至少选择一种专家类别");
        }
    }

    public static ExpertInput From(Expert e) => new()
    {
        Name = e.Name, Employer = e.Employer, EmployerCreditCode = e.EmployerCreditCode, Title = e.Title, Mobile = e.Mobile, Email = e.Email,
        Industries = [.. (e.Industries ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)], Specialties = e.Specialties,
        IsLecturer = e.IsLecturer, IsReportReviewer = e.IsReportReviewer, IsSiteCoach = e.IsSiteCoach, ExaminerCertificate = e.ExaminerCertificate,
        AwardReviewExperience = e.AwardReviewExperience, YearsOfExperience = e.YearsOfExperience, Status = e.Status, Version = e.Version,
    };

    /// <summary>The Office sets everything; the expert keeps their own profile but not their roles or status.</summary>
    public void ApplyTo(Expert e, bool byOffice)
    {
        static string? T(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        e.Employer = T(Employer);
        e.EmployerCreditCode = T(EmployerCreditCode) is { } code ? CreditCode.Normalize(code) : null;
        e.Title = T(Title);
        e.Mobile = T(Mobile) is { } m ? PhoneNumbers.Normalize(m) : null;
        e.Email = T(Email);
        e.Industries = Industries.Count == 0 ? null : string.Join(',', Industries.Distinct().Order(StringComparer.Ordinal));
        e.Specialties = T(Specialties);
        e.ExaminerCertificate = T(ExaminerCertificate);
        e.AwardReviewExperience = T(AwardReviewExperience);
        e.YearsOfExperience = YearsOfExperience;
        if (byOffice)
        {
            e.Name = Name!.Trim();
            e.IsLecturer = IsLecturer;
            e.IsReportReviewer = IsReportReviewer;
            e.IsSiteCoach = IsSiteCoach;
            e.Status = Status;
        }
    }
}

public sealed class ConflictInput
{
    [Display(Name = "类型")] public ConflictKind Kind { get; set; }
    [Display(Name = "统一社会信用代码")] [StringLength(30, ErrorMessage = "统一社会信用代码应为18位")] public string? CreditCode { get; set; }
    [Display(Name = "组织名称")] [StringLength(200, ErrorMessage = "组织名称不能超过200个字")] public string? OrganizationName { get; set; }
    [Display(Name = "起始日期")] public DateOnly? From { get; set; }
    [Display(Name = "截止日期")] public DateOnly? To { get; set; }
    [Display(Name = "说明")] [StringLength(1000, ErrorMessage = "说明不能超过1000个字")] public string? Note { get; set; }

    public IEnumerable<FieldError> Check()
    {
        if (Kind != ConflictKind.Other && string.IsNullOrWhiteSpace(CreditCode) && string.IsNullOrWhiteSpace(OrganizationName))
        {
            yield return new(nameof(OrganizationName), "请填写组织名称或统一社会信用代码");
        }
        if (Kind == ConflictKind.Other && string.IsNullOrWhiteSpace(Note))
        {
            yield return new(nameof(Note), "请说明与哪个组织有何种关系");
        }
        if (!string.IsNullOrWhiteSpace(CreditCode) && Applications.CreditCode.Validate(CreditCode) is { } error)
        {
            yield return new(nameof(CreditCode), error);
        }
        if (From is { } f && To is { } t && t < f)
        {
            yield return new(nameof(To), "截止日期不能早于起始日期");
        }
    }

    public ExpertConflict ToEntity(Guid expertId, bool byOffice, DateTime now) => new()
    {
        ExpertId = expertId, Kind = Kind, CreditCode = string.IsNullOrWhiteSpace(CreditCode) ? null : Applications.CreditCode.Normalize(CreditCode),
        OrganizationName = string.IsNullOrWhiteSpace(OrganizationName) ? null : OrganizationName.Trim(), From = From, To = To,
        Note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), DeclaredByOffice = byOffice, CreatedAt = now,
    };
}
