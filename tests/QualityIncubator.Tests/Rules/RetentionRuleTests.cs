using QualityIncubator.Web.Archive;

namespace QualityIncubator.Tests.Rules;

/// <summary>6.2: the archive is kept at least five years from sealing; deleting it before then is refused.</summary>
public sealed class RetentionRuleTests
{
    [Fact]
    public void Five_years_from_the_sealing_date_by_default()
    {
        Assert.Equal(new DateOnly(2031, 12, 20), RetentionRule.RetainUntil(new DateOnly(2026, 12, 20)));
        Assert.Equal(new DateOnly(2034, 12, 20), RetentionRule.RetainUntil(new DateOnly(2026, 12, 20), 8));
    }

    [Fact]
    public void A_seal_on_29_february_is_kept_the_full_period_into_march_of_a_common_year_and_to_29_february_of_a_leap_year()
    {
        Assert.Equal(new DateOnly(2033, 3, 1), RetentionRule.RetainUntil(new DateOnly(2028, 2, 29)));
        Assert.Equal(new DateOnly(2036, 2, 29), RetentionRule.RetainUntil(new DateOnly(2028, 2, 29), 8));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Fewer_than_five_years_is_refused(int years) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetentionRule.RetainUntil(new DateOnly(2026, 12, 20), years));

    [Fact]
    public void Deleting_is_refused_up_to_and_including_the_last_day_and_allowed_after_it()
    {
        var sealedOn = new DateOnly(2026, 12, 20);
        var onLastDay = RetentionRule.MayDelete(sealedOn, 5, new DateOnly(2031, 12, 20));
        Assert.False(onLastDay.MayDelete);
        Assert.Equal(new DateOnly(2031, 12, 20), onLastDay.RetainUntil);
        Assert.Equal("该档案于 2026-12-20 封存，须保存至 2031-12-20（DB31117/Z 018-2022 第6.2条：至少保存五年），保存期内不得删除", onLastDay.Reason);
        Assert.False(RetentionRule.MayDelete(sealedOn, 5, sealedOn).MayDelete);
        Assert.True(RetentionRule.MayDelete(sealedOn, 5, new DateOnly(2031, 12, 21)).MayDelete);
        Assert.True(RetentionRule.MayDelete(null, 5, sealedOn).MayDelete);
    }
}
