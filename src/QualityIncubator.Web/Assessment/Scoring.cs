namespace QualityIncubator.Web.Assessment;

/// <summary>A checked percentage: its band when valid, else the reasons in Chinese.</summary>
public sealed record PercentageCheck(bool Valid, ScoringBand? Band, IReadOnlyList<string> Reasons);

/// <summary>One item's score: the percentage an expert gave and the points it is worth.</summary>
public sealed record ItemScore(ExcellenceItem Item, int Percentage, decimal Points);

/// <summary>One category's score, computed from its items' percentages; <paramref name="Missing"/> lists its unscored items.</summary>
public sealed record CategoryScore(ExcellenceCategory Category, decimal Points, IReadOnlyList<ItemScore> Items, IReadOnlyList<ExcellenceItem> Missing);

/// <summary>
/// The whole score sheet. <paramref name="Total"/> counts only the valid, scored items; <paramref name="Complete"/> is true
/// only when all 23 items have a valid percentage and nothing unknown was given. <paramref name="Reasons"/> says what is wrong, in Chinese.
/// </summary>
public sealed record ScoreSheet(bool Complete, decimal Total, IReadOnlyList<CategoryScore> Categories, IReadOnlyList<ExcellenceItem> Missing, IReadOnlyList<string> Reasons);

/// <summary>How far apart the reviewers' percentages of one item are; <paramref name="Flagged"/> when above the threshold.</summary>
public sealed record ItemSpread(ExcellenceItem Item, int Lowest, int Highest, bool Flagged, string? Reason)
{
    public int Spread => Highest - Lowest;
}

/// <summary>A proposed consensus percentage for one item (the Office confirms it); when not proposed, the reasons.</summary>
public sealed record ConsensusProposal(bool Proposed, decimal? Median, int? Percentage, ScoringBand? Band, IReadOnlyList<string> Reasons);

/// <summary>4.4.2 expert review: the optional GB/T 19580 item scores. Pure; decides and explains.</summary>
public static class Scoring
{
    /// <summary>Reviewers' percentages of an item further apart than this (in percentage points) are flagged for discussion.</summary>
    public const int DefaultSpreadThreshold = 20;

    // GB/T 19580 scoring (GB/Z 19579): a percentage is a multiple of 5 from 0 to 100 and falls in exactly one of six bands.
    public static PercentageCheck CheckPercentage(int percentage)
    {
        var reasons = new List<string>();
        if (percentage is < 0 or > 100)
        {
            reasons.Add($"评分须在0%至100%之间（输入为{percentage}%）");
        }
        if (percentage % 5 != 0)
        {
            reasons.Add($"评分须为5%的整数倍（输入为{percentage}%）");
        }
        if (reasons.Count > 0)
        {
            return new(false, null, reasons);
        }
        return new(true, Gb19580.Bands.Single(b => percentage >= b.Min && percentage <= b.Max), []);
    }

    /// <summary>
    /// GB/T 19580 scoring: item points = item maximum × percentage / 100, computed in decimal and kept to one decimal,
    /// a midpoint rounded away from zero (15 × 15% = 2.25 → 2.3). Only the 15-point items ever need rounding.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The percentage is not valid (check it with <see cref="CheckPercentage"/> first).</exception>
    public static decimal ItemPoints(int maxPoints, int percentage)
    {
        // GB/T 19580 scoring: 得分 = 条目分值 × 百分比 (e.g. 50 × 55% = 27.5)
        var check = CheckPercentage(percentage);
        if (!check.Valid)
        {
            throw new ArgumentOutOfRangeException(nameof(percentage), percentage, string.Join("；", check.Reasons));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(maxPoints);
        return Math.Round(maxPoints * (decimal)percentage / 100m, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// GB/T 19580 scoring: category = sum of its items' points, total = sum of the 23 items, all computed from the percentages
    /// by item code (never typed). Sums are of the one-decimal item points, so the sheet adds up as shown.
    /// Missing items, unknown codes and invalid percentages are reported by code and name.
    /// </summary>
    public static ScoreSheet Score(IReadOnlyDictionary<string, int> percentagesByItemCode)
    {
        // GB/T 19580 scoring: category and total come from the item percentages; an incomplete sheet says which items are missing.
        var reasons = new List<string>();
        foreach (var code in percentagesByItemCode.Keys.Where(c => Gb19580.Item(c) is null).Order(StringComparer.Ordinal))
        {
            reasons.Add($"未知的评分条目：{code}");
        }
        var categories = new List<CategoryScore>();
        var missing = new List<ExcellenceItem>();
        foreach (var category in Gb19580.Categories)
        {
            var scored = new List<ItemScore>();
            var missingHere = new List<ExcellenceItem>();
            foreach (var item in Gb19580.ItemsOf(category.Code))
            {
                if (!percentagesByItemCode.TryGetValue(item.Code, out var percentage))
                {
                    missingHere.Add(item);
                    reasons.Add($"未评分：{Gb19580.Title(item)}");
                    continue;
                }
                var check = CheckPercentage(percentage);
                if (!check.Valid)
                {
                    missingHere.Add(item);
                    reasons.AddRange(check.Reasons.Select(r => $"{Gb19580.Title(item)}：{r}"));
                    continue;
                }
                scored.Add(new ItemScore(item, percentage, ItemPoints(item.MaxPoints, percentage)));
            }
            missing.AddRange(missingHere);
            categories.Add(new CategoryScore(category, scored.Sum(s => s.Points), scored, missingHere));
        }
        return new ScoreSheet(reasons.Count == 0, categories.Sum(c => c.Points), categories, missing, reasons);
    }

    /// <summary>
    /// 4.4.2.1 several experts review one report: per item, the lowest and highest percentage and a flag when they are more than
    /// <paramref name="threshold"/> percentage points apart (exactly at the threshold is not flagged). Items with fewer than two
    /// scores and unknown codes are left out.
    /// </summary>
    public static IReadOnlyList<ItemSpread> Spreads(IReadOnlyDictionary<string, IReadOnlyList<int>> percentagesByItemCode, int threshold = DefaultSpreadThreshold)
    {
        // 4.4.2.1 区评审办组织专家开展评价: experts far apart on an item must discuss it before the Office confirms a score.
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        var spreads = new List<ItemSpread>();
        foreach (var item in Gb19580.Items)
        {
            if (!percentagesByItemCode.TryGetValue(item.Code, out var percentages) || percentages.Count < 2)
            {
                continue;
            }
            var (low, high) = (percentages.Min(), percentages.Max());
            var flagged = high - low > threshold;
            spreads.Add(new ItemSpread(item, low, high, flagged, flagged
                ? $"{Gb19580.Title(item)}：专家评分相差{high - low}个百分点（{low}%–{high}%），超过{threshold}个百分点，须讨论后确定"
                : null));
        }
        return spreads;
    }

    /// <summary>
    /// 4.4.2.1 a consensus proposal for one item: the median of the reviewers' percentages (for an even count, the mean of the
    /// two middle ones), rounded to the nearest multiple of 5 with a midpoint going up (37.5 → 40, away from zero).
    /// The Office confirms or changes it; this only proposes.
    /// </summary>
    public static ConsensusProposal ProposeConsensus(IReadOnlyList<int> percentages)
    {
        // 4.4.2.1 评价结论由区评审办确认: propose the median, rounded to a valid percentage.
        if (percentages.Count == 0)
        {
            return new(false, null, null, null, ["尚无专家评分，无法提出建议分"]);
        }
        var invalid = percentages.Where(p => !CheckPercentage(p).Valid).Distinct().ToList();
        if (invalid.Count > 0)
        {
            return new(false, null, null, null, [.. invalid.Select(p => $"专家评分{p}%无效：{string.Join("；", CheckPercentage(p).Reasons)}")]);
        }
        var sorted = percentages.Order().ToList();
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2m;
        var proposed = (int)(Math.Round(median / 5m, MidpointRounding.AwayFromZero) * 5m);
        return new(true, median, proposed, CheckPercentage(proposed).Band, []);
    }
}

/// <summary>A score sheet's percentages as stored: item code → percentage, as JSON in code order (reviews, the consensus, the showcase re-score).</summary>
public static class ScoreJson
{
    public static Dictionary<string, int> Read(string json) => System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [];

    public static string Write(IReadOnlyDictionary<string, int> percentages) =>
        System.Text.Json.JsonSerializer.Serialize(percentages.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value));
}
