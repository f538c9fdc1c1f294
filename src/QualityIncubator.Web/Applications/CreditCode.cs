namespace QualityIncubator.Web.Applications;

/// <summary>统一社会信用代码 check (GB 32100-2015): 18 characters, the last a check character over the first 17.</summary>
public static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Upper case, with spaces and dashes removed.</summary>
    public static string Normalize(string? code) =>
        new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    /// <summary>Null when valid; otherwise the reason in Chinese.</summary>
    public static string? Validate(string? raw)
    {
        var code = Normalize(raw);
        if (code.Length == 0)
        {
            return "请填写统一社会信用代码";
        }
        if (code.Length != 18)
        {
            return $"统一社会信用代码应为18位，当前为{code.Length}位";
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return $"统一社会信用代码第{i + 1}位“{code[i]}”不是允许的字符（不使用 I、O、Z、S、V）";
            }
            sum += value * Weights[i];
        }
        var check = 31 - sum % 31;
        var expected = Alphabet[check == 31 ? 0 : check];
        if (Alphabet.IndexOf(code[17], StringComparison.Ordinal) < 0)
        {
            return $"统一社会信用代码第18位“{code[17]}”不是允许的字符";
        }
        return code[17] == expected ? null : "统一社会信用代码校验位不正确，请核对后重新填写";
    }

    public static bool IsValid(string? code) => Validate(code) is null;

    /// <summary>Completes 17 characters with their check character (used for generated demo and test data).</summary>
    public static string WithCheckCharacter(string first17)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(first17.Length, 17);
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(first17));
            sum += value * Weights[i];
        }
        var check = 31 - sum % 31;
        return first17 + Alphabet[check == 31 ? 0 : check];
    }
}
