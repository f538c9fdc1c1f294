using QualityIncubator.Web.Applications;

namespace QualityIncubator.Tests.Rules;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("914403001922038216")]
    [InlineData("91330100716105852F")]
    [InlineData("91440300708461136T")]
    [InlineData("91350200MA31E12PXF")]
    [InlineData("91350213678251743X")]
    [InlineData("123502001549897397")]
    public void Valid_codes_from_domain_facts_pass(string code) => Assert.Null(CreditCode.Validate(code));

    [Fact]
    public void Lower_case_and_spaces_are_normalized_before_checking()
    {
        Assert.Equal("91350100M000100Y43", CreditCode.Normalize(" 9135 0100m0001 00y43 "));
        Assert.True(CreditCode.IsValid("91350100m000100y43"));
        Assert.True(CreditCode.IsValid("9135-0100-M000-100Y43"));
    }

    [Theory]
    [InlineData("91350100M000100Y44", "校验位")]
    [InlineData("91350100M000100Y4", "18位")]
    [InlineData("91350100M000100Y433", "18位")]
    [InlineData("", "请填写")]
    [InlineData(null, "请填写")]
    [InlineData("9135O100M000100Y43", "第5位")]
    [InlineData("91350100M000100YI3", "第17位")]
    [InlineData("91350100M000100Y4Z", "第18位")]
    public void Wrong_codes_are_refused_with_a_chinese_reason(string? code, string expectedFragment)
    {
        var error = CreditCode.Validate(code);
        Assert.NotNull(error);
        Assert.Contains(expectedFragment, error);
    }

    [Fact]
    public void Every_single_character_change_of_a_valid_code_is_detected()
    {
        const string valid = "91330100716105852F";
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (var i = 0; i < 18; i++)
        {
            foreach (var c in alphabet.Where(c => c != valid[i]))
            {
                var changed = valid[..i] + c + valid[(i + 1)..];
                Assert.False(CreditCode.IsValid(changed), changed);
            }
        }
    }

    [Fact]
    public void Check_character_is_computed_for_generated_codes()
    {
        Assert.Equal("91350100M000100Y43", CreditCode.WithCheckCharacter("91350100M000100Y4"));
        Assert.Equal("91330100716105852F", CreditCode.WithCheckCharacter("91330100716105852"));
    }
}
