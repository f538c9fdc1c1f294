using System.Text.RegularExpressions;

namespace QualityIncubator.Web.Applications;

/// <summary>Chinese phone numbers (domain-facts.md): mobile, landline with area code, 400/800 service numbers.</summary>
public static partial class PhoneNumbers
{
    /// <summary>Mobile numbers lose +86, spaces and dashes; other numbers only lose spaces.</summary>
    public static string Normalize(string? raw)
    {
        var s = (raw ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal);
        var digits = s.Replace("-", "", StringComparison.Ordinal);
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }
        else if (digits.StartsWith("0086", StringComparison.Ordinal))
        {
            digits = digits[4..];
        }
        return Mobile().IsMatch(digits) ? digits : s.StartsWith("+86", StringComparison.Ordinal) ? s[3..].TrimStart('-') : s;
    }

    public static bool IsMobile(string? raw) => Mobile().IsMatch(Normalize(raw));

    public static bool IsValid(string? raw)
    {
        var n = Normalize(raw);
        return Mobile().IsMatch(n) || Landline().IsMatch(n) || Service().IsMatch(n);
    }

    /// <summary>Null when valid; otherwise a Chinese message naming the field.</summary>
    public static string? Validate(string? raw, string field, bool mobileOnly = false)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (mobileOnly)
        {
            return IsMobile(raw) ? null : $"{field}应为11位手机号码（如 13812345678）";
        }
        return IsValid(raw) ? null : $"{field}应为手机号码或带区号的固定电话（如 13812345678 或 021-57812345）";
    }

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"^0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?$")]
    private static partial Regex Landline();

    [GeneratedRegex(@"^(400|800)-?\d{3}-?\d{4}$")]
    private static partial Regex Service();
}
