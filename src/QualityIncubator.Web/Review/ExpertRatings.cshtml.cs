using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Review;

/// <summary>
/// 5.2 the Office rates every expert who served in the programme, per role (5.2.3), 好/中/差 with a comment (5.2.2), reading the facts of the work;
/// 5.3.2 and decides from the ratings to keep, suspend or remove the expert in the role for the next programme.
/// </summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class ExpertRatingsModel(RatingWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true, Name = "role")] public AssignmentRole? RoleFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    [BindProperty] public RatingForm Rating { get; set; } = new();
    [BindProperty] public DecisionForm Decision { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public ReviewProgramme Programme { get; private set; } = null!;
    public PagedList<ServedRole> Rows { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public int Rated { get; private set; }
    public int Served { get; private set; }

    /// <summary>The row and form of the last refused post; its typed input is shown again with the errors beside the fields.</summary>
    public (Guid ExpertId, AssignmentRole Role, string Form)? Failed { get; private set; }
    public string? Error { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];
    public bool StaleFailure { get; private set; }

    public sealed class RatingForm
    {
        public Guid ExpertId { get; set; }
        public AssignmentRole Role { get; set; }
        public ExpertRatingLevel? Level { get; set; }
        public string? Comment { get; set; }
        public long? Version { get; set; }
    }

    public sealed class DecisionForm
    {
        public Guid ExpertId { get; set; }
        public AssignmentRole Role { get; set; }
        public TeamDecision? Decision { get; set; }
        public string? Reason { get; set; }
        public long? Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRateAsync(CancellationToken ct)
    {
        if (await UnreadableAsync(nameof(Rating), Rating.ExpertId, Rating.Role, "rate", ct) is { } unreadable)
        {
            return unreadable;
        }
        var result = await work.RateAsync(ProgrammeId, Rating.ExpertId, Rating.Role, Rating.Level, Rating.Comment, Rating.Version, ct);
        return await AnswerAsync(result, Rating.ExpertId, Rating.Role, "rate", "评价已保存。", ct);
    }

    public async Task<IActionResult> OnPostDecideAsync(CancellationToken ct)
    {
        if (await UnreadableAsync(nameof(Decision), Decision.ExpertId, Decision.Role, "decide", ct) is { } unreadable)
        {
            return unreadable;
        }
        var result = await work.DecideAsync(ProgrammeId, Decision.ExpertId, Decision.Role, Decision.Decision, Decision.Reason, Decision.Version, ct);
        return await AnswerAsync(result, Decision.ExpertId, Decision.Role, "decide", "专家团队调整决定已保存，已立即作用于该专家的类别。", ct);
    }

    /// <summary>The version the row's form carries: the one typed against after an input error, the current one otherwise (after a stale refusal too).</summary>
    public long? VersionFor(ServedRole row, string form)
    {
        var current = form == "rate" ? row.Rating?.Version : row.Decision?.Version;
        return IsFailed(row, form) && !StaleFailure ? (form == "rate" ? Rating.Version : Decision.Version) : current;
    }

    public bool IsFailed(ServedRole row, string form) => Failed is { } f && f.ExpertId == row.ExpertId && f.Role == row.Role && f.Form == form;

    public string? ErrorFor(ServedRole row, string form, string field) => IsFailed(row, form) ? FieldErrors.GetValueOrDefault(field) : null;

    public string Anchor(Guid expertId, AssignmentRole role) => $"r-{expertId:N}-{role}";

    /// <summary>A value that could not be read (a control character, an unknown choice): shown beside its field in the row's form; nothing saved.</summary>
    private async Task<IActionResult?> UnreadableAsync(string prefix, Guid expertId, AssignmentRole role, string form, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            return null;
        }
        Failed = (expertId, role, form);
        foreach (var (key, entry) in ModelState)
        {
            if (entry.Errors.Count > 0)
            {
                FieldErrors.TryAdd(key.StartsWith(prefix + ".", StringComparison.Ordinal) ? key[(prefix.Length + 1)..] : key, entry.Errors[0].ErrorMessage);
            }
        }
        ModelState.Clear();
        Error = "填写内容有误，请查看标出的字段。";
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<IActionResult> AnswerAsync(ReviewResult result, Guid expertId, AssignmentRole role, string form, string done, CancellationToken ct)
    {
        if (result.Outcome == ReviewOutcome.NotFound && await work.ProgrammeAsync(ProgrammeId, ct) is null)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            Message = done;
            var query = new List<string>();
            if (RoleFilter is { } r)
            {
                query.Add($"role={r}");
            }
            if (PageNumber is { } p)
            {
                query.Add($"p={p.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
            return Redirect($"/Review/Experts/{ProgrammeId}{(query.Count > 0 ? "?" + string.Join("&", query) : "")}#{Anchor(expertId, role)}");
        }
        ModelState.Clear();
        Failed = (expertId, role, form);
        StaleFailure = result.Outcome == ReviewOutcome.Stale;
        foreach (var e in result.Errors)
        {
            FieldErrors.TryAdd(e.Field, e.Message);
        }
        Error = result.Outcome == ReviewOutcome.Invalid ? "填写内容有误，请查看标出的字段。" : result.Message;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await work.ProgrammeAsync(ProgrammeId, ct) is not { } programme)
        {
            return false;
        }
        Programme = programme;
        var (rows, counts) = await work.ServedAsync(ProgrammeId, RoleFilter, PageNumber, Paging.DefaultPageSize, ct);
        (Rows, Served, Rated) = (rows, counts.Served, counts.Rated);
        return true;
    }
}
