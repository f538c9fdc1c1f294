using System.Globalization;
using QualityIncubator.Web.Applications;

namespace QualityIncubator.Web.Assessment;

/// <summary>One penalty as typed on the form or read from an import row: text only, so nothing typed is lost when it is refused.</summary>
public sealed record PenaltyFields(string? DecidedOn, string? Authority, string? DecisionNumber, string? Category, string? Amount, string? Summary);

/// <summary>A penalty that passed every check, ready to be stored.</summary>
public sealed record CheckedPenalty(DateOnly DecidedOn, string Authority, string DecisionNumber, string Category, decimal AmountYuan, string? Summary);

/// <summary>What became of one import row.</summary>
public enum PenaltyRowOutcome
{
    Saved,
    Invalid,
    Unmatched,
    Duplicate,
}

/// <summary>The decision for one import row: the organization it belongs to and the penalty, or why not.</summary>
public sealed record PenaltyRowDecision(PenaltyRowOutcome Outcome, Guid? OrganizationId, CheckedPenalty? Penalty, IReadOnlyList<FieldError> Errors);

/// <summary>Checks of administrative penalty records (行政处罚) for the quality analysis. Pure.</summary>
public static class PenaltyRules
{
    // 4.4.3.2: the quality analysis covers the organization's administrative penalties of the last two years (近两年).
    public static (DateOnly From, DateOnly To) Window(DateOnly today) => (today.AddYears(-2), today);

    public const int AuthorityMaxLength = 200;
    public const int DecisionNumberMaxLength = 100;
    public const int CategoryMaxLength = 100;
    public const int SummaryMaxLength = 2000;

    /// <summary>Field names, as on <see cref="PenaltyFields"/>; the import maps them to its column headers.</summary>
    public static class Fields
    {
        public const string DecidedOn = nameof(PenaltyFields.DecidedOn);
        public const string Authority = nameof(PenaltyFields.Authority);
        public const string DecisionNumber = nameof(PenaltyFields.DecisionNumber);
        public const string Category = nameof(PenaltyFields.Category);
        public const string Amount = nameof(PenaltyFields.Amount);
        public const string Summary = nameof(PenaltyFields.Summary);
        public const string CreditCode = "CreditCode";
    }

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"];

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact((text ?? "").Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : DateTime.TryParseExact((text ?? "").Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt) ? DateOnly.FromDateTime(dt)
        : null;

    /// <summary>An amount in 元: blank is 0; thousands separators, a leading ¥ and a trailing 元 are accepted. Null when not a number.</summary>
    public static decimal? ParseAmount(string? text)
    {
        var s = string.Concat((text ?? "").Where(c => !char.IsWhiteSpace(c) && c is not (',' or '，'))).TrimStart('¥', '￥');
        if (s.EndsWith('元'))
        {
            s = s[..^1];
        }
        if (s.Length == 0)
        {
            return 0m;
        }
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>Trimmed, inner runs of spaces collapsed: the form in which decision numbers are compared and stored.</summary>
    public static string NormalizeDecisionNumber(string? number) =>
        string.Join(' ', (number ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Every field checked against <paramref name="today"/> (China time); the penalty when all pass, else the Chinese reasons per field.</summary>
    public static (CheckedPenalty? Penalty, IReadOnlyList<FieldError> Errors) Check(PenaltyFields f, DateOnly today)
    {
        var errors = new List<FieldError>();
        var date = ParseDate(f.DecidedOn);
        if (string.IsNullOrWhiteSpace(f.DecidedOn))
        {
            errors.Add(new(Fields.DecidedOn, "请填写处罚决定日期"));
        }
        else if (date is null)
        {
            errors.Add(new(Fields.DecidedOn, $"“{f.DecidedOn!.Trim()}”不是有效日期，请写作 2025-06-01"));
        }
        else if (date > today)
        {
            errors.Add(new(Fields.DecidedOn, "处罚决定日期不能晚于今天"));
        }
        else if (date < Window(today).From)
        {
            errors.Add(new(Fields.DecidedOn, $"处罚决定日期早于近两年（{Window(today).From:yyyy-MM-dd} 起），不属于质量分析范围（4.4.3.2）"));
        }
        Text(f.Authority, Fields.Authority, "处罚机关", AuthorityMaxLength, required: true);
        var number = NormalizeDecisionNumber(f.DecisionNumber);
        if (number.Length == 0)
        {
            errors.Add(new(Fields.DecisionNumber, "请填写处罚决定书文号"));
        }
        else if (number.Length > DecisionNumberMaxLength)
        {
            errors.Add(new(Fields.DecisionNumber, $"处罚决定书文号不能超过{DecisionNumberMaxLength}个字"));
        }
        Text(f.Category, Fields.Category, "处罚类别", CategoryMaxLength, required: true);
        var amount = ParseAmount(f.Amount);
        if (amount is null)
        {
            errors.Add(new(Fields.Amount, $"罚没金额“{f.Amount!.Trim()}”不是数字"));
        }
        else if (amount < 0)
        {
            errors.Add(new(Fields.Amount, "罚没金额不能为负数"));
        }
        else if (decimal.Round(amount.Value, 2) != amount.Value)
        {
            errors.Add(new(Fields.Amount, "罚没金额以元为单位，最多两位小数"));
        }
        else if (amount.Value >= 10_000_000_000_000_000m)
        {
            errors.Add(new(Fields.Amount, "罚没金额过大，请核对"));
        }
        Text(f.Summary, Fields.Summary, "违法事实摘要", SummaryMaxLength, required: false);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new CheckedPenalty(date!.Value, f.Authority!.Trim(), number, f.Category!.Trim(), amount!.Value,
            string.IsNullOrWhiteSpace(f.Summary) ? null : f.Summary.Trim()), []);

        void Text(string? value, string field, string label, int max, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    errors.Add(new(field, $"请填写{label}"));
                }
            }
            else if (value.Trim().Length > max)
            {
                errors.Add(new(field, $"{label}不能超过{max}个字"));
            }
        }
    }

    /// <summary>
    /// One import row: its credit code matched among the programme's organizations (case and spaces ignored), its fields checked,
    /// and its decision number compared with the organization's recorded ones and the earlier rows of the file
    /// (<paramref name="taken"/> holds "organizationId|decision number" and is extended when the row is accepted).
    /// </summary>
    public static PenaltyRowDecision Decide(string? creditCode, PenaltyFields fields, DateOnly today,
        IReadOnlyDictionary<string, Guid> organizationsByCode, ISet<string> taken)
    {
        var (penalty, errors) = Check(fields, today);
        var code = CreditCode.Normalize(creditCode);
        if (code.Length == 0)
        {
            return new(PenaltyRowOutcome.Invalid, null, null, [new(Fields.CreditCode, "请填写统一社会信用代码"), .. errors]);
        }
        if (!organizationsByCode.TryGetValue(code, out var organizationId))
        {
            return new(PenaltyRowOutcome.Unmatched, null, null, [new(Fields.CreditCode, $"统一社会信用代码 {code} 不属于本计划摸底评估中的组织"), .. errors]);
        }
        if (penalty is null)
        {
            return new(PenaltyRowOutcome.Invalid, organizationId, null, errors);
        }
        if (!taken.Add(Key(organizationId, penalty.DecisionNumber)))
        {
            return new(PenaltyRowOutcome.Duplicate, organizationId, penalty, [new(Fields.DecisionNumber, $"处罚决定书文号“{penalty.DecisionNumber}”已有记录")]);
        }
        return new(PenaltyRowOutcome.Saved, organizationId, penalty, []);
    }

    public static string Key(Guid organizationId, string decisionNumber) => $"{organizationId}|{NormalizeDecisionNumber(decisionNumber)}";

    /// <summary>An amount as the UI shows it: 12,000.00 元.</summary>
    public static string AmountText(decimal yuan) => yuan.ToString("#,##0.00", CultureInfo.InvariantCulture) + " 元";
}
