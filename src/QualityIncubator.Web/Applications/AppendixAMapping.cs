namespace QualityIncubator.Web.Applications;

public static class AppendixAMapping
{
    /// <summary>The application as Appendix A shows it: codes turned into labels, lists into lines.</summary>
    public static AppendixAData ToAppendixA(this Application a, CodeBook book, string programmeTitle, bool isDemo) => new(
        a.OrganizationName, a.LegalRepresentative, a.Address, a.Phone, a.ContactName, a.ContactDepartment, a.ContactPhone, a.ContactEmail,
        a.EstablishedOn, a.CreditCode, book.Label(CodeLists.EconomicType, a.EconomicTypeCode), book.IndustryText(a.IndustryCode, a.IndustryDetail),
        a.TotalAssets, a.LastYearRevenue, a.LastYearTax, a.LastYearNetProfit, a.EmployeeCount, a.RdStaffCount, book.DistrictText(a.DistrictCode, a.DistrictOther),
        a.HasMajorAccident, a.HasMajorComplaintOrDishonesty, a.HasViolationThisYear, a.HasKpiSystem,
        [.. a.Certifications.Select(book.CertificationText)],
        [.. a.Honours.OrderByDescending(h => h.Year).Select(h => $"{h.Year}年 {ApplicationLabels.Level(h.Level)} {h.Name}")],
        programmeTitle, a.SubmittedAt, isDemo);
}
