using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Experts;

/// <summary>The expert pool (4.2.1), filtered and paged in the database.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class ExpertsIndexModel(AppDbContext db) : PageModel
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
        var q = db.Experts.AsNoTracking();
        q = Role switch
        {
            "Lecturer" => q.Where(e => e.IsLecturer),
            "ReportReviewer" => q.Where(e => e.IsReportReviewer),
            "SiteCoach" => q.Where(e => e.IsSiteCoach),
            _ => q,
        };
        if (Status is { } s)
        {
            q = q.Where(e => e.Status == s);
        }
        if (!string.IsNullOrWhiteSpace(Industry))
        {
            q = q.Where(e => e.Industries != null && ("," + e.Industries + ",").Contains("," + Industry + ","));
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            q = q.Where(e => e.Name.Contains(term) || (e.Employer != null && e.Employer.Contains(term)) || (e.Specialties != null && e.Specialties.Contains(term)));
        }
        List = await q.OrderBy(e => e.Status).ThenBy(e => e.Name).ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
    }
}
