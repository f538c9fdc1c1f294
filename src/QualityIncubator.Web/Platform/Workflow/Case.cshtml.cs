using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Platform.Workflow;

/// <summary>A case's page: state, timeline, transitions and evidence files. Visible to the Office and to the organization itself.</summary>
public sealed class CaseModel(AppDbContext db, CaseWorkflow workflow, FileStore files, IOptions<StorageOptions> storage) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }
    public string? Reason { get; private set; }
    public string? Purpose { get; private set; }
    public CaseDto? Case { get; private set; }
    public IReadOnlyList<Attachment> Attachments { get; private set; } = [];
    public bool CanUpload { get; private set; }
    public long MaxUploadMb => storage.Value.MaxUploadBytes / 1024 / 1024;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostTransitionAsync(CaseState to, string? reason, long version, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (!WorkflowApi.MayRequest(User, to))
        {
            return Forbid();
        }
        var result = await workflow.TransitionAsync(Id, to, reason, version, ct);
        if (result.Succeeded)
        {
            Message = $"状态已变更为“{CaseTransitions.Label(to)}”。";
            return Redirect($"/Cases/{Id}");
        }
        Error = result.Error;
        Reason = reason;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? upload, string? purpose, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (!CanUpload)
        {
            return Forbid();
        }
        Purpose = purpose;
        if (upload is null)
        {
            Error = "请选择要上传的文件。";
            return Page();
        }
        await using var stream = upload.OpenReadStream();
        var result = await files.SaveAsync(stream, upload.FileName, nameof(Case), Id, Case!.OrganizationId, Case.ProgrammeId, purpose, ct);
        if (result.Error is not null)
        {
            Error = result.Error;
            return Page();
        }
        await db.SaveChangesAsync(ct);
        Message = $"已上传“{result.Attachment!.FileName}”。";
        return Redirect($"/Cases/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Case = await WorkflowApi.LoadAsync(db, Id, User, ct);
        if (Case is null)
        {
            return false;
        }
        Attachments = await files.ListAsync(nameof(Case), Id, ct);
        CanUpload = ResourceAccess.CanChangeOrganization(User, Case.OrganizationId) && !CaseTransitions.IsClosed(Case.State);
        return true;
    }
}
