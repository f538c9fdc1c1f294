using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Experts;

/// <summary>The expert pool (4.2.1), filtered and paged in the database.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class ExpertsIndexModel(AppDbContext db, ExpertWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true)] public ExpertStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public CodeBook? Book { get; private set; }
    public PagedList<Expert> List { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Book = await CodeBook.LoadAsync(db, ct);
        var role = Enum.TryParse<AssignmentRole>(Role, out var r) && Enum.IsDefined(r) ? r : (AssignmentRole?)null;
        List = await work.Search(new ExpertFilter(Q, role, Status, Industry)).ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
    }
}
