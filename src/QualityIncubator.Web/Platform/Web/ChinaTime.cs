using System.Globalization;

namespace QualityIncubator.Web.Platform.Web;

/// <summary>Times are stored in UTC and shown in China Standard Time, dates as 年-月-日.</summary>
public static class ChinaTime
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("zh-CN");

    private static readonly TimeZoneInfo Zone = Find();

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "中国标准时间", "中国标准时间");
        }
    }

    public static DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow().UtcDateTime);

    /// <summary>The China calendar date of a UTC moment (a session's or visit's day).</summary>
    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    public static string DateTimeText(DateTime? utc) => utc is null ? "" : ToLocal(utc.Value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string DateText(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A local China time turned into UTC (for filters typed as dates).</summary>
    public static DateTime StartOfDayUtc(DateOnly date) => ToUtc(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>A wall-clock time in China (as typed on a form) turned into UTC.</summary>
    public static DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    public static string TimeText(DateTime utc) => ToLocal(utc).ToString("HH:mm", CultureInfo.InvariantCulture);
}
