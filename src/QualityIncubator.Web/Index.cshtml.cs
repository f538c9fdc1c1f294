using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web;

/// <summary>The dashboard: what each role has to do now.</summary>
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public bool SignedIn { get; private set; }
    public bool IsOffice { get; private set; }
    public IReadOnlyList<ProgrammeListItem> Programmes { get; private set; } = [];
    public IReadOnlyList<AuditRow> RecentAudit { get; private set; } = [];
    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];
    public IReadOnlyList<NotificationSummary> Notifications { get; private set; } = [];

    public sealed record CaseSummary(Guid Id, Guid ProgrammeId, string ProgrammeTitle, string OrganizationName, CaseState State);

    public sealed record NotificationSummary(string Title, DateTime CreatedAt);

    public sealed record MyApplication(Guid ProgrammeId, string ProgrammeTitle, Applications.ApplicationStatus Status);

    public sealed record OpenCall(Guid ProgrammeId, string Title, DateOnly ClosesOn);

    public IReadOnlyList<MyApplication> MyApplications { get; private set; } = [];

    /// <summary>For an expert: how many tasks are under way (4.2.3: only their own).</summary>
    public int? ActiveTasks { get; private set; }
    public IReadOnlyList<OpenCall> OpenCalls { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        SignedIn = User.Identity?.IsAuthenticated == true;
        if (!SignedIn)
        {
            return;
        }
        IsOffice = ResourceAccess.IsOffice(User);
        if (IsOffice)
        {
            Programmes = await ProgrammeQueries.ActiveAsync(db, 20, ct);
            RecentAudit = await AuditQuery.Filter(db.AuditEvents, new AuditFilter(null, null, null, null, null, null, null)).Take(8).ToListAsync(ct);
            return;
        }
        if (ResourceAccess.OrganizationOf(User) is { } org)
        {
            Cases = await db.Cases.AsNoTracking().Where(c => c.OrganizationId == org).OrderByDescending(c => c.CreatedAt)
                .Select(c => new CaseSummary(c.Id, c.ProgrammeId, c.Programme!.Title, c.Organization!.Name, c.State)).ToListAsync(ct);
            MyApplications = await db.Applications.AsNoTracking().Where(a => a.OrganizationId == org)
                .Join(db.Programmes, a => a.ProgrammeId, p => p.Id, (a, p) => new MyApplication(a.ProgrammeId, p.Title, a.Status)).ToListAsync(ct);
            var today = Platform.Web.ChinaTime.Today(clock);
            OpenCalls = await db.ApplicationCalls.AsNoTracking().Where(c => c.PublishedAt != null && c.OpensOn <= today && c.ClosesOn >= today)
                .Join(db.Programmes, c => c.ProgrammeId, p => p.Id, (c, p) => new OpenCall(c.ProgrammeId, p.Title, c.ClosesOn)).ToListAsync(ct);
        }
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (User.IsInRole(Roles.Expert))
        {
            ActiveTasks = await db.ExpertAssignments.AsNoTracking().CountAsync(a => a.Expert!.UserId == userId && a.Status == Experts.AssignmentStatus.Active, ct);
        }
        Notifications = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.CreatedAt).Take(5)
            .Select(n => new NotificationSummary(n.Title, n.CreatedAt)).ToListAsync(ct);
    }
}
