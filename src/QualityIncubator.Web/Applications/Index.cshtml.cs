using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Applications;

/// <summary>The Office's work list of applications: filtered, sorted and paged in the database.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class ApplicationsIndexModel(AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public ApplicationStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public EligibilityDecision? Decision { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public string? District { get; set; }
    [BindProperty(SupportsGet = true)] public string? Priority { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public IReadOnlyList<(Guid Id, string Title)> Programmes { get; private set; } = [];
    public CodeBook? Book { get; private set; }
    public PagedList<ApplicationListItem> List { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();

    public string ExportQuery => new QueryBuilder(Request.Query.Where(kv => kv.Key != "p").SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string>(kv.Key, v ?? ""))))
        { { "programmeId", ProgrammeId.ToString()! } }.ToQueryString().Value!.TrimStart('?');

    public async Task OnGetAsync(CancellationToken ct)
    {
        Book = await CodeBook.LoadAsync(db, ct);
        Programmes = [.. (await ProgrammeQueries.PickerAsync(db, ProgrammeId, null, ct)).Select(p => (p.Id, p.Title))];
        ProgrammeId ??= Programmes.Count > 0 ? Programmes[0].Id : null;
        if (ProgrammeId is not { } programmeId)
        {
            return;
        }
        var groups = await ApplicationQueries.StatusDecisionCountsAsync(db, programmeId, ct);
        Counts = ApplicationQueries.Labelled(groups);
        var filter = Filter(programmeId);
        List = await ApplicationQueries.PageAsync(db, filter, PageNumber, Paging.DefaultPageSize, ApplicationQueries.TotalFromCounts(filter, groups), ct);
    }

    public ApplicationFilter Filter(Guid programmeId) => new(programmeId, Status, Decision, Industry, District, Priority, From, To, Q, Sort);
}
