using System.Text;
using QualityIncubator.Web.Assessment;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.4.3.2: penalties of the last two years, checked field by field; import rows matched by credit code and refused when duplicated.</summary>
public sealed class PenaltyRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    private static PenaltyFields Good(string? date = "2025-06-01", string? amount = "12000.50", string? number = "沪市监松处〔2025〕123号") =>
        new(date, "上海市松江区市场监督管理局", number, "罚款", amount, "产品标识不符合要求");

    [Fact]
    public void A_complete_penalty_passes_with_trimmed_values()
    {
        var (penalty, errors) = PenaltyRules.Check(Good(number: "  沪市监松处〔2025〕123号 ") with { Category = " 罚款 " }, Today);
        Assert.Empty(errors);
        Assert.Equal(new CheckedPenalty(new DateOnly(2025, 6, 1), "上海市松江区市场监督管理局", "沪市监松处〔2025〕123号", "罚款", 12000.50m, "产品标识不符合要求"), penalty);
    }

    [Theory]
    [InlineData("2024-03-15", true)]   // exactly two years before today
    [InlineData("2024-03-14", false)]  // one day too early
    [InlineData("2026-03-15", true)]   // today
    [InlineData("2026-03-16", false)]  // in the future
    [InlineData("2025年6月1日", true)]
    [InlineData("2025/6/1", true)]
    public void The_decision_date_lies_within_the_last_two_years_up_to_today(string date, bool ok)
    {
        var (_, errors) = PenaltyRules.Check(Good(date), Today);
        Assert.Equal(ok, errors.All(e => e.Field != PenaltyRules.Fields.DecidedOn));
    }

    [Fact]
    public void The_window_is_the_two_years_before_today() =>
        Assert.Equal((new DateOnly(2024, 3, 15), Today), PenaltyRules.Window(Today));

    [Theory]
    [InlineData("", "请填写处罚决定日期")]
    [InlineData("明天", "“明天”不是有效日期，请写作 2025-06-01")]
    [InlineData("2026-04-01", "处罚决定日期不能晚于今天")]
    [InlineData("2023-01-01", "处罚决定日期早于近两年（2024-03-15 起），不属于质量分析范围（4.4.3.2）")]
    public void A_bad_date_is_refused_in_chinese(string date, string message)
    {
        var (penalty, errors) = PenaltyRules.Check(Good(date), Today);
        Assert.Null(penalty);
        Assert.Equal(message, Assert.Single(errors).Message);
    }

    [Fact]
    public void Authority_decision_number_and_category_are_required()
    {
        var (_, errors) = PenaltyRules.Check(new PenaltyFields("2025-06-01", " ", null, "", null, null), Today);
        Assert.Equal(
            [(PenaltyRules.Fields.Authority, "请填写处罚机关"), (PenaltyRules.Fields.DecisionNumber, "请填写处罚决定书文号"), (PenaltyRules.Fields.Category, "请填写处罚类别")],
            errors.Select(e => (e.Field, e.Message)));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("0", 0)]
    [InlineData("12,000.00", 12000)]
    [InlineData("¥3,500.5", 3500.5)]
    [InlineData("200元", 200)]
    public void Amounts_are_read_in_yuan(string text, decimal expected) =>
        Assert.Equal(expected, PenaltyRules.Check(Good(amount: text), Today).Penalty!.AmountYuan);

    [Theory]
    [InlineData("-1", "罚没金额不能为负数")]
    [InlineData("1.005", "罚没金额以元为单位，最多两位小数")]
    [InlineData("一千", "罚没金额“一千”不是数字")]
    public void A_bad_amount_is_refused(string text, string message) =>
        Assert.Equal(message, Assert.Single(PenaltyRules.Check(Good(amount: text), Today).Errors).Message);

    [Fact]
    public void Too_long_texts_are_refused() =>
        Assert.Contains(PenaltyRules.Check(Good() with { Authority = new string('局', PenaltyRules.AuthorityMaxLength + 1) }, Today).Errors,
            e => e.Field == PenaltyRules.Fields.Authority && e.Message == "处罚机关不能超过200个字");

    [Fact]
    public void Import_rows_are_matched_by_credit_code_ignoring_case_and_spaces_and_refused_when_duplicated()
    {
        var org = Guid.NewGuid();
        var code = "91310117MA1J3XYZ0K";
        var organizations = new Dictionary<string, Guid> { [code] = org };
        var taken = new HashSet<string> { PenaltyRules.Key(org, "沪市监松处〔2024〕9号") };

        var saved = PenaltyRules.Decide(" 91310117ma1j3xyz0k ", Good(), Today, organizations, taken);
        Assert.Equal((PenaltyRowOutcome.Saved, (Guid?)org), (saved.Outcome, saved.OrganizationId));
        // the same decision number again in the file, and one already recorded
        Assert.Equal(PenaltyRowOutcome.Duplicate, PenaltyRules.Decide(code, Good(number: "沪市监松处〔2025〕123号  "), Today, organizations, taken).Outcome);
        Assert.Equal(PenaltyRowOutcome.Duplicate, PenaltyRules.Decide(code, Good(number: "沪市监松处〔2024〕9号"), Today, organizations, taken).Outcome);

        var unmatched = PenaltyRules.Decide("91310117MA1J3XYZ1X", Good(number: "另一号"), Today, organizations, taken);
        Assert.Equal(PenaltyRowOutcome.Unmatched, unmatched.Outcome);
        Assert.Contains("不属于本计划摸底评估中的组织", unmatched.Errors[0].Message, StringComparison.Ordinal);

        var invalid = PenaltyRules.Decide(code, Good(date: "2020-01-01", number: "第三号"), Today, organizations, taken);
        Assert.Equal(PenaltyRowOutcome.Invalid, invalid.Outcome);
        Assert.Equal(PenaltyRowOutcome.Invalid, PenaltyRules.Decide("", Good(number: "第四号"), Today, organizations, taken).Outcome);
        // a refused row takes no decision number
        Assert.Equal(PenaltyRowOutcome.Saved, PenaltyRules.Decide(code, Good(number: "第三号"), Today, organizations, taken).Outcome);
    }

    [Fact]
    public void Amounts_are_shown_with_thousands_separators_in_yuan() =>
        Assert.Equal("12,000.00 元", PenaltyRules.AmountText(12000m));

    [Fact]
    public void Csv_in_utf8_with_or_without_bom_or_in_gb18030_is_read_as_utf8()
    {
        const string text = "统一社会信用代码,处罚机关\n91310117MA1J3XYZ0K,松江区市场监督管理局\n";
        var utf8 = Encoding.UTF8.GetBytes(text);
        Assert.Equal(utf8, PenaltyImport.ToUtf8(utf8));
        Assert.Equal(utf8, PenaltyImport.ToUtf8([0xEF, 0xBB, 0xBF, .. utf8]));
        var gbk = System.Text.CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!.GetBytes(text);
        Assert.NotEqual(utf8, gbk);
        Assert.Equal(utf8, PenaltyImport.ToUtf8(gbk));
    }
}
