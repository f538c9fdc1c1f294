namespace QualityIncubator.Web.Applications;

/// <summary>
/// Appendix A (《松江区政府质量奖培育孵化项目申请书》) as display-ready values, for the .docx export.
/// Labels are already resolved (经济类型, 所属行业, 所属镇、街道、开发区); money is in 万元.
/// </summary>
public sealed record AppendixAData(
    string OrganizationName,
    string? LegalRepresentative,
    string? Address,
    string? Phone,
    string? ContactName,
    string? ContactDepartment,
    string? ContactPhone,
    string? ContactEmail,
    DateOnly? EstablishedOn,
    string CreditCode,
    string? EconomicType,
    string? Industry,
    decimal? TotalAssets,
    decimal? LastYearRevenue,
    decimal? LastYearTax,
    decimal? LastYearNetProfit,
    int? EmployeeCount,
    int? RdStaffCount,
    string? District,
    bool? HasMajorAccident,
    bool? HasMajorComplaintOrDishonesty,
    bool? HasViolationThisYear,
    bool? HasKpiSystem,
    IReadOnlyList<string> Certifications,
    IReadOnlyList<string> Honours,
    string ProgrammeTitle,
    DateTime? SubmittedAt,
    bool IsDemo);

/// <summary>One row of the Office's application list export (.xlsx).</summary>
public sealed record ApplicationExportRow(
    string OrganizationName,
    string CreditCode,
    string Status,
    string Eligibility,
    string? Industry,
    string? District,
    string? PriorityIndustry,
    int? EmployeeCount,
    decimal? LastYearRevenue,
    decimal? LastYearTax,
    DateTime? SubmittedAt,
    string? ContactName,
    string? ContactPhone);
