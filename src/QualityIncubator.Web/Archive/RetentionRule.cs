using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Archive;

/// <summary>Whether a sealed programme's record or file may be deleted, with the reason in Chinese.</summary>
public sealed record RetentionDecision(bool MayDelete, DateOnly? RetainUntil, string Reason);

/// <summary>6.2 档案至少保存五年: the retention date of a sealed archive and the refusal to delete before it. Pure.</summary>
public static class RetentionRule
{
    /// <summary>The standard's floor: at least five years.</summary>
    public const int MinimumYears = 5;

    /// <summary>
    /// 6.2 the last day of retention: the sealing date (China date) plus the configured years, never fewer than five.
    /// A seal on 29 February is kept until 28 February of a non-leap year (the calendar's own year arithmetic), never a day short.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The configured years are below the five-year floor.</exception>
    public static DateOnly RetainUntil(DateOnly sealedOn, int years = MinimumYears)
    {
        // 6.2 至少保存五年: a configured period below five years is refused, not silently raised.
        ArgumentOutOfRangeException.ThrowIfLessThan(years, MinimumYears);
        var until = sealedOn.AddYears(years);
        // AddYears moves 29 February to 28 February; keep the full period by moving to 1 March instead.
        return sealedOn is { Month: 2, Day: 29 } && until.Day == 28 ? until.AddDays(1) : until;
    }

    // 6.2 deleting any archived record or file is refused up to and including the last day of retention; unsealed records are not archived yet.
    public static RetentionDecision MayDelete(DateOnly? sealedOn, int years, DateOnly today)
    {
        if (sealedOn is not { } sealedDate)
        {
            return new RetentionDecision(true, null, "培育计划尚未封存归档");
        }
        var until = RetainUntil(sealedDate, years);
        return today > until
            ? new RetentionDecision(true, until, $"档案保存期已于 {ChinaTime.DateText(until)} 届满")
            : new RetentionDecision(false, until, $"该档案于 {ChinaTime.DateText(sealedDate)} 封存，须保存至 {ChinaTime.DateText(until)}（DB31117/Z 018-2022 第6.2条：至少保存五年），保存期内不得删除");
    }
}
