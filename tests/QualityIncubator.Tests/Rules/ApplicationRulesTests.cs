using QualityIncubator.Web.Applications;

namespace QualityIncubator.Tests.Rules;

/// <summary>Appendix A's field rules, phone numbers and the submission window.</summary>
public sealed class ApplicationRulesTests
{
    private static readonly DateOnly Today = new(2026, 4, 1);
    private static readonly CodeSets Codes = new(
        new HashSet<string> { "E01", "E07" }, new HashSet<string> { "C", "I" }, new HashSet<string> { "T-九亭", CodeLists.OtherDistrict },
        new HashSet<string> { "SH-IC" }, new HashSet<string> { "ISO9001", CodeLists.OtherCertification });

    public static ApplicationInput Complete() => new()
    {
        OrganizationName = "松江精密机械有限公司", LegalRepresentative = "王五", Address = "上海市松江区九亭镇涞亭南路1号", Phone = "021-57812345",
        ContactName = "张三", ContactDepartment = "质量部", ContactPhone = "138 1234 5678", ContactEmail = "zhangsan@example.cn",
        EstablishedOn = new DateOnly(2015, 6, 1), CreditCode = "91350100M000100Y43", EconomicTypeCode = "E07", IndustryCode = "C",
        TotalAssets = 12345.67m, LastYearRevenue = 8000m, LastYearTax = 300.5m, LastYearNetProfit = -12.5m, EmployeeCount = 320, RdStaffCount = 45,
        DistrictCode = "T-九亭", HasMajorAccident = false, HasMajorComplaintOrDishonesty = false, HasViolationThisYear = false, HasKpiSystem = true,
        Certifications = [new CertificationInput { StandardCode = "ISO9001", CertificateNumber = "CN-QMS-001", ExpiresOn = new DateOnly(2027, 5, 31) }],
        Honours = [new HonourInput { Name = "松江区质量奖提名奖", Level = HonourLevel.District, Year = 2025 }],
    };

    private static IReadOnlyList<FieldError> Check(ApplicationInput i, bool submit = true) => ApplicationRules.Validate(i, submit, Today, Codes);

    [Fact]
    public void A_complete_application_passes_and_a_negative_profit_is_allowed() => Assert.Empty(Check(Complete()));

    [Fact]
    public void A_draft_may_be_incomplete_but_a_submission_names_every_missing_field()
    {
        var empty = new ApplicationInput { Certifications = [new CertificationInput()], Honours = [new HonourInput()] };
        Assert.Empty(Check(empty, submit: false));
        var errors = Check(empty);
        foreach (var field in new[] { "LegalRepresentative", "Address", "EstablishedOn", "EconomicTypeCode", "IndustryCode", "TotalAssets", "EmployeeCount", "DistrictCode", "HasMajorAccident", "HasKpiSystem" })
        {
            Assert.Contains(errors, e => e.Field == field);
        }
        Assert.Contains(errors, e => e.Field == "LegalRepresentative" && e.Message == "请填写法定代表人");
    }

    [Theory]
    [InlineData("RdStaffCount", "研发人员数（400）不能多于员工总数（320）")]
    public void Research_staff_cannot_outnumber_all_staff(string field, string message)
    {
        var i = Complete();
        i.RdStaffCount = 400;
        Assert.Contains(Check(i), e => e.Field == field && e.Message == message);
    }

    [Fact]
    public void Money_is_in_wan_yuan_with_at_most_two_decimals_and_only_profit_may_be_negative()
    {
        var i = Complete();
        i.TotalAssets = 1.234m;
        i.LastYearTax = -1m;
        var errors = Check(i);
        Assert.Contains(errors, e => e.Field == "TotalAssets" && e.Message.Contains("最多保留两位小数", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "LastYearTax" && e.Message.Contains("不能为负数", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrong_codes_phones_emails_and_dates_are_named()
    {
        var i = Complete();
        i.CreditCode = "91350100M000100Y44";
        i.Phone = "12345";
        i.ContactEmail = "not-an-email";
        i.EstablishedOn = Today.AddDays(1);
        i.IndustryCode = "Z";
        var errors = Check(i);
        Assert.Contains(errors, e => e.Field == "CreditCode" && e.Message.Contains("校验位", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "Phone");
        Assert.Contains(errors, e => e.Field == "ContactEmail");
        Assert.Contains(errors, e => e.Field == "EstablishedOn" && e.Message == "成立日期不能晚于今天");
        Assert.Contains(errors, e => e.Field == "IndustryCode");
    }

    [Fact]
    public void Certifications_and_honours_rows_are_checked_and_blank_rows_ignored()
    {
        var i = Complete();
        i.Certifications.Add(new CertificationInput { StandardCode = CodeLists.OtherCertification });
        i.Certifications.Add(new CertificationInput());
        i.Honours.Add(new HonourInput { Name = "老荣誉", Level = HonourLevel.City, Year = 2019 });
        var errors = Check(i);
        Assert.Contains(errors, e => e.Field == "Certifications[1].OtherName");
        Assert.Contains(errors, e => e.Field == "Certifications[1].CertificateNumber");
        Assert.DoesNotContain(errors, e => e.Field.StartsWith("Certifications[2]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "Honours[1].Year" && e.Message.Contains("2023至2026", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("13812345678", true)]
    [InlineData("+86 138-1234-5678", true)]
    [InlineData("021-57812345", true)]
    [InlineData("02157812345", true)]
    [InlineData("021-57812345-801", true)]
    [InlineData("400-820-8820", true)]
    [InlineData("12812345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("57812345", false)]
    [InlineData("021-17812345", false)]
    public void Phone_numbers_follow_chinese_conventions(string number, bool valid) => Assert.Equal(valid, PhoneNumbers.IsValid(number));

    [Fact]
    public void Mobile_numbers_are_normalised()
    {
        Assert.Equal("13812345678", PhoneNumbers.Normalize("+86 138 1234 5678"));
        Assert.True(PhoneNumbers.IsMobile("0086-13812345678"));
        Assert.False(PhoneNumbers.IsMobile("021-57812345"));
    }

    [Fact]
    public void Submission_is_refused_before_the_window_after_it_and_when_unpublished()
    {
        var call = new ApplicationCall { OpensOn = new DateOnly(2026, 4, 1), ClosesOn = new DateOnly(2026, 4, 30), PublishedAt = DateTime.UtcNow };
        Assert.Null(ApplicationRules.WindowRefusal(call, new DateOnly(2026, 4, 1)));
        Assert.Null(ApplicationRules.WindowRefusal(call, new DateOnly(2026, 4, 30)));
        Assert.Contains("尚未开始", ApplicationRules.WindowRefusal(call, new DateOnly(2026, 3, 31)));
        Assert.Contains("2026-04-30 截止", ApplicationRules.WindowRefusal(call, new DateOnly(2026, 5, 1)));
        Assert.Contains("尚未发布", ApplicationRules.WindowRefusal(new ApplicationCall { OpensOn = call.OpensOn, ClosesOn = call.ClosesOn }, new DateOnly(2026, 4, 10)));
        Assert.Contains("尚未发布", ApplicationRules.WindowRefusal(null, new DateOnly(2026, 4, 10)));
    }

    [Fact]
    public void Call_html_is_sanitized()
    {
        var html = CallHtml.Sanitize("<h2>通知</h2><p onclick=\"alert(1)\" style=\"color:red\">正文<script>alert(2)</script><a href=\"javascript:alert(3)\">链接</a><a href=\"https://www.songjiang.gov.cn\">官网</a></p><iframe src=\"x\"></iframe>");
        Assert.Contains("<h2>通知</h2>", html);
        Assert.Contains("正文", html);
        Assert.Contains("https://www.songjiang.gov.cn", html);
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style", html, StringComparison.OrdinalIgnoreCase);
    }
}
