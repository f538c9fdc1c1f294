using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Experts;

/// <summary>An assigned expert opens an organization's material: only through the gate of 4.2.3, and every opening is audited.</summary>
[Authorize(Policy = PlatformSetup.ExpertPolicy)]
public sealed class MaterialModel(AppDbContext db, ExpertAccess access, FileStore files) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid AssignmentId { get; set; }

    public Guid ProgrammeId { get; private set; }
    public string? Refusal { get; private set; }
    public bool NeedsPledge { get; private set; }
    public AppendixAData? Document { get; private set; }
    public IReadOnlyList<Attachment> Attachments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var assignment = await db.ExpertAssignments.AsNoTracking().Where(a => a.Id == AssignmentId && a.Expert!.UserId == userId)
            .Select(a => new { a.ProgrammeId, a.OrganizationId }).FirstOrDefaultAsync(ct);
        if (assignment is null)
        {
            return NotFound();
        }
        ProgrammeId = assignment.ProgrammeId;
        var gate = await access.CheckAsync(User, assignment.ProgrammeId, assignment.OrganizationId, ct);
        if (!gate.Allowed)
        {
            Refusal = gate.Refusal;
            NeedsPledge = gate.Refusal!.Contains("承诺书", StringComparison.Ordinal);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        var application = await db.Applications.AsNoTracking().Include(a => a.Certifications).Include(a => a.Honours)
            .FirstOrDefaultAsync(a => a.ProgrammeId == assignment.ProgrammeId && a.OrganizationId == assignment.OrganizationId && a.Status != ApplicationStatus.Draft, ct);
        if (application is null)
        {
            Refusal = "该组织尚无已提交的申请书";
            return Page();
        }
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == assignment.ProgrammeId).Select(p => new { p.Title, p.IsDemo }).FirstAsync(ct);
        Document = application.ToAppendixA(await CodeBook.LoadAsync(db, ct), programme.Title, programme.IsDemo);
        Attachments = await files.ListAsync(nameof(Application), application.Id, ct);
        db.Audit(Platform.Audit.AuditActions.MaterialOpened, nameof(Application), application.Id.ToString(), null, new { AssignmentId }, assignment.ProgrammeId);
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
