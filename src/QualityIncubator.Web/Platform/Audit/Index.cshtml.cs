using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Platform.Audit;

/// <summary>The Office browses and filters the audit trail and verifies its hash chain.</summary>
public sealed class AuditIndexModel(AppDbContext db) : PageModel
{
    public static readonly string[] Actions =
    [
        AuditActions.Created, AuditActions.Updated, AuditActions.Deleted, AuditActions.Transition, AuditActions.StageAdvanced,
        AuditActions.SignedIn, AuditActions.SignInFailed, AuditActions.SignedOut, AuditActions.PasswordChanged,
        AuditActions.FileUploaded, AuditActions.FileDownloaded, AuditActions.ChainVerified, AuditActions.WindowExtended, AuditActions.MaterialOpened, AuditActions.RemindersSent,
    ];

    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? EntityType { get; set; }
    [BindProperty(SupportsGet = true)] public string? EntityId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public PagedList<AuditRow> List { get; private set; } = new([], 1, 50, 0);

    public ChainVerification? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await AuditVerifier.VerifyAsync(db, ct);
        db.Audit(AuditActions.ChainVerified, "AuditChain", null, null, new { Verification.Intact, Verification.VerifiedCount });
        await db.SaveChangesAsync(ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        List = await AuditQuery.Filter(db.AuditEvents, new AuditFilter(Actor, Action, EntityType, EntityId, ProgrammeId, From, To)).ToPagedAsync(PageNumber, 50, ct);
}
