using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Applications;

/// <summary>An organization fills, saves, submits or withdraws its Appendix A application (4.1.3).</summary>
[Authorize(Policy = PlatformSetup.OrganizationPolicy)]
public sealed class FormModel(AppDbContext db, ApplicationWork work, FileStore files, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ProgrammeId { get; set; }

    [BindProperty]
    public ApplicationInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }
    public CodeBook? Book { get; private set; }
    public Application? Application { get; private set; }
    public ApplicationStatus Status => Application?.Status ?? ApplicationStatus.Draft;
    public bool Editable => Closed is null && Status is ApplicationStatus.Draft or ApplicationStatus.Returned;

    /// <summary>Why the organization no longer acts in this programme (withdrawn or exited), or null: the page is then read-only.</summary>
    public string? Closed { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public string CreditCodeText { get; private set; } = "";
    public string? ReturnComment => Application is { Status: ApplicationStatus.Returned } a ? a.ReturnComment : null;
    public string? WindowText { get; private set; }
    public IReadOnlyList<Attachment> Attachments { get; private set; } = [];

    private Guid OrganizationId => ResourceAccess.OrganizationOf(User) ?? Guid.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Input = (Application is null ? ApplicationInput.From(await work.NewAsync(ProgrammeId, OrganizationId, ct)) : ApplicationInput.From(Application)).WithBlankRows();
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(submit: false, ct);

    /// <summary>Evidence (licence, certificates) goes through the platform's upload service and is linked to the application.</summary>
    public async Task<IActionResult> OnPostUploadAsync(IFormFile? upload, string? purpose, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Application is null)
        {
            return NotFound();
        }
        ModelState.Clear();
        Input = ApplicationInput.From(await work.FindAsync(ProgrammeId, OrganizationId, ct) ?? Application).WithBlankRows();
        if (!Editable)
        {
            Error = "申请书已提交，区评审办退回修改前不能再上传材料。";
            return Page();
        }
        if (upload is null)
        {
            Error = "请选择要上传的文件。";
            return Page();
        }
        await using var stream = upload.OpenReadStream();
        var result = await files.SaveAsync(stream, upload.FileName, nameof(Applications.Application), Application.Id, OrganizationId, ProgrammeId, purpose, ct);
        if (result.Error is not null)
        {
            Error = result.Error;
            return Page();
        }
        await db.SaveChangesAsync(ct);
        Message = $"已上传“{result.Attachment!.FileName}”。";
        return Redirect($"/Applications/Form/{ProgrammeId}");
    }

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => SaveAsync(submit: true, ct);

    public async Task<IActionResult> OnPostWithdrawAsync(long version, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Application is null)
        {
            return NotFound();
        }
        var result = await work.WithdrawAsync(Application.Id, version, reason, ct);
        if (result.Succeeded)
        {
            Message = "申请书已撤回。";
            return Redirect($"/Applications/Form/{ProgrammeId}");
        }
        ModelState.Clear();
        Error = result.Message ?? string.Join("；", result.Errors.Select(e => e.Message));
        Input = ApplicationInput.From(Application).WithBlankRows();
        return Page();
    }

    private async Task<IActionResult> SaveAsync(bool submit, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            // Show every problem at once: the rules' messages too, beside the fields that bound well.
            Input.OrganizationName = OrganizationName;
            Input.CreditCode = CreditCodeText;
            foreach (var e in ApplicationRules.Validate(Input, submit, ChinaTime.Today(clock), Book!.Sets())
                         .Where(e => ModelState.GetFieldValidationState("Input." + e.Field) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid))
            {
                ModelState.AddModelError("Input." + e.Field, e.Message);
            }
        }
        else
        {
            var result = await work.SaveAsync(ProgrammeId, OrganizationId, Input, submit, ct);
            if (result.Succeeded)
            {
                Message = submit ? "申请书已提交，请等待区评审办审查。" : "草稿已保存。";
                return Redirect($"/Applications/Form/{ProgrammeId}");
            }
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError("Input." + e.Field, e.Message);
            }
            Error = result.Message;
            if (result.Conflict)
            {
                // Keep what the user typed; take the current version so a deliberate second save can go through.
                ModelState.Remove("Input.Version");
                Input.Version = (await db.Applications.AsNoTracking().Where(a => a.ProgrammeId == ProgrammeId && a.OrganizationId == OrganizationId).Select(a => (long?)a.Version).FirstOrDefaultAsync(ct)) ?? 0;
            }
        }
        Input.WithBlankRows();
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => new { p.Title }).FirstOrDefaultAsync(ct);
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == OrganizationId, ct);
        if (programme is null || organization is null)
        {
            return false;
        }
        ProgrammeTitle = programme.Title;
        OrganizationName = organization.Name;
        CreditCodeText = organization.CreditCode;
        Book = await CodeBook.LoadAsync(db, ct);
        Application = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.ProgrammeId == ProgrammeId && a.OrganizationId == OrganizationId, ct);
        Closed = await ClosedCases.RefusalAsync(db, User, ProgrammeId, ct);
        Attachments = Application is null ? [] : await files.ListAsync(nameof(Applications.Application), Application.Id, ct);
        var call = await db.ApplicationCalls.AsNoTracking().FirstOrDefaultAsync(c => c.ProgrammeId == ProgrammeId, ct);
        WindowText = call is null ? null : $"申报时间：{call.OpensOn:yyyy-MM-dd} 至 {call.ClosesOn:yyyy-MM-dd}" + (ApplicationRules.WindowRefusal(call, ChinaTime.Today(clock)) is { } r ? $"（{r}）" : "");
        return true;
    }
}

/// <summary>One yes/no declaration of Appendix A, drawn as the appendix's boxes (□无 □有 / □是 □否).</summary>
public sealed record YesNoField(string Field, bool? Value, bool YesMeansGood, string? Error)
{
    public string Name => "Input." + Field;
    public string Id => "yesno-" + Field;

    public string Label => Field switch
    {
        nameof(ApplicationInput.HasMajorAccident) => "近两年有无重大质量、安全、环境、公共卫生、食品安全等事故",
        nameof(ApplicationInput.HasMajorComplaintOrDishonesty) => "近两年有无因组织责任导致的重大质量投诉、严重失信行为",
        nameof(ApplicationInput.HasViolationThisYear) => "当年度有无违反法律法规的行为",
        _ => "是否已建立关键绩效考核体系",
    };

    public IEnumerable<(bool Value, string Text)> Options => YesMeansGood ? [(true, "是"), (false, "否")] : [(false, "无"), (true, "有")];
}
