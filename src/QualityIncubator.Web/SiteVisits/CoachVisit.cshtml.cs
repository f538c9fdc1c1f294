using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>
/// A coach's view of one visit: the arrangement plus the organization's Appendix A, Appendix B and self-evaluation report in one place,
/// only through the 4.2.3 gate; every opening is audited. A visit of a team the expert is not on does not exist for them (404).
/// </summary>
[Authorize(Policy = PlatformSetup.ExpertPolicy)]
public sealed class CoachVisitModel(AppDbContext db, ExpertAccess access, FileStore files, SelfEvaluationWork selfEvaluations) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid VisitId { get; set; }

    public SiteVisitQueries.Details? Details { get; private set; }
    public string? Refusal { get; private set; }
    public bool NeedsPledge { get; private set; }
    public AppendixAData? Document { get; private set; }
    public IReadOnlyList<Attachment> Attachments { get; private set; } = [];
    public SelfEvaluationMaterial? SelfEvaluation { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        if (!await SiteVisitQueries.OfCoach(db, userId).AnyAsync(v => v.Id == VisitId, ct))
        {
            return NotFound();
        }
        Details = await SiteVisitQueries.DetailsAsync(db, VisitId, ct);
        var visit = Details!.Visit;
        var gate = await access.CheckAsync(User, visit.ProgrammeId, visit.OrganizationId, ct);
        if (!gate.Allowed)
        {
            Refusal = gate.Refusal;
            NeedsPledge = gate.Refusal!.Contains("承诺书", StringComparison.Ordinal);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        var application = await db.Applications.AsNoTracking().Include(a => a.Certifications).Include(a => a.Honours)
            .FirstOrDefaultAsync(a => a.ProgrammeId == visit.ProgrammeId && a.OrganizationId == visit.OrganizationId && a.Status != ApplicationStatus.Draft, ct);
        if (application is not null)
        {
            var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == visit.ProgrammeId).Select(p => new { p.Title, p.IsDemo }).FirstAsync(ct);
            Document = application.ToAppendixA(await CodeBook.LoadAsync(db, ct), programme.Title, programme.IsDemo);
            Attachments = await files.ListAsync(nameof(Application), application.Id, ct);
        }
        SelfEvaluation = await selfEvaluations.MaterialAsync(visit.ProgrammeId, visit.OrganizationId, ct);
        db.Audit(Platform.Audit.AuditActions.MaterialOpened, nameof(SiteVisit), visit.Id.ToString(), null,
            new { VisitId, ApplicationId = application?.Id, SelfEvaluation = SelfEvaluation is not null }, visit.ProgrammeId);
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
