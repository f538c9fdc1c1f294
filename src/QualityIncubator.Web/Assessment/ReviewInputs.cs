using QualityIncubator.Web.Applications;

namespace QualityIncubator.Web.Assessment;

/// <summary>The score grid of a review form: the posted or saved percentages, and for the consensus the reviewers' scores, spreads and proposals.</summary>
public sealed record ScoreInputs(IReadOnlyDictionary<string, string?> Values, IReadOnlyList<FieldError> Errors, bool Disabled = false)
{
    /// <summary>Reviewer column headings, in order (consensus only).</summary>
    public IReadOnlyList<string> Reviewers { get; init; } = [];

    /// <summary>(reviewer heading, item code) → percentage.</summary>
    public IReadOnlyDictionary<(string Reviewer, string Item), int> ReviewerScores { get; init; } = new Dictionary<(string, string), int>();

    public IReadOnlyDictionary<string, ItemSpread> Spreads { get; init; } = new Dictionary<string, ItemSpread>();
    public IReadOnlyDictionary<string, int> Proposals { get; init; } = new Dictionary<string, int>();
    public bool OpenBands { get; init; }

    public IReadOnlyList<string> ErrorsFor(string field) => [.. Errors.Where(e => e.Field == field).Select(e => e.Message)];

    public static Dictionary<string, string?> FromPercentages(IReadOnlyDictionary<string, int> percentages) =>
        percentages.ToDictionary(p => p.Key, p => (string?)p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The consensus grid: each submitted review a column, items flagged above the programme's threshold, the median proposed.</summary>
    public static ScoreInputs ForConsensus(IReadOnlyDictionary<string, string?> values, IReadOnlyList<FieldError> errors, IReadOnlyList<SubmittedReview> reviews, int threshold, bool disabled)
    {
        var headings = reviews.Select((r, i) => $"专家{i + 1}（{r.ExpertName}）").ToList();
        var scores = new Dictionary<(string, string), int>();
        var byItem = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < reviews.Count; i++)
        {
            foreach (var (code, p) in reviews[i].Review.Scores())
            {
                scores[(headings[i], code)] = p;
                (byItem.TryGetValue(code, out var list) ? list : byItem[code] = []).Add(p);
            }
        }
        var spreads = Scoring.Spreads(byItem.ToDictionary(x => x.Key, x => (IReadOnlyList<int>)x.Value), threshold).ToDictionary(s => s.Item.Code);
        var proposals = byItem.Select(x => (x.Key, Proposal: Scoring.ProposeConsensus(x.Value))).Where(x => x.Proposal.Proposed)
            .ToDictionary(x => x.Key, x => x.Proposal.Percentage!.Value);
        return new ScoreInputs(values, errors, disabled) { Reviewers = headings, ReviewerScores = scores, Spreads = spreads, Proposals = proposals };
    }
}

/// <summary>The five written parts of a review form.</summary>
public sealed record ReviewPartInputs(IReadOnlyDictionary<ReviewPart, string?> Values, IReadOnlyList<FieldError> Errors, bool Disabled = false);
