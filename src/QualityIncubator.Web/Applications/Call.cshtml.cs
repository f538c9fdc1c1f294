using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Applications;

/// <summary>The Office writes, publishes and extends the call for applications (4.1.1).</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class CallModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public const string DefaultRequirements =
        "申报组织应符合《松江区政府质量奖管理办法》的规定，并满足以下要求（DB31117/Z 018-2022 第4.1.2条）：\n" +
        "1. 在松江区注册登记并正常运行2年以上；\n2. 组织的主要领导质量管理意识强，且建立了有效运行的质量管理体系；\n" +
        "3. 具有良好的信用记录，近2年无重大质量、安全、环境污染、公共卫生、食品安全等事故。";

    [BindProperty(SupportsGet = true)]
    public Guid ProgrammeId { get; set; }

    [BindProperty]
    public CallInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";
    public DateTime? PublishedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var call = await db.ApplicationCalls.AsNoTracking().FirstOrDefaultAsync(c => c.ProgrammeId == ProgrammeId, ct);
        Input = call is null
            ? new CallInput { Requirements = DefaultRequirements, Html = $"<p>{ProgrammeTitle}现开始接受申报，欢迎符合条件的组织注册并填写《松江区政府质量奖培育孵化项目申请书》。</p>" }
            : new CallInput { Html = call.Html, Requirements = call.Requirements, Contact = call.Contact, OpensOn = call.OpensOn, ClosesOn = call.ClosesOn, Version = call.Version };
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(publish: false, ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) => SaveAsync(publish: true, ct);

    private async Task<IActionResult> SaveAsync(bool publish, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (Input.OpensOn is { } o && Input.ClosesOn is { } c && c < o)
        {
            ModelState.AddModelError("Input.ClosesOn", "截止日期不能早于开始日期");
        }
        var call = await db.ApplicationCalls.FirstOrDefaultAsync(x => x.ProgrammeId == ProgrammeId, ct);
        if (call?.PublishedAt is not null && Input.ClosesOn < call.ClosesOn)
        {
            ModelState.AddModelError("Input.ClosesOn", $"公告已发布，截止日期只能延长，不能早于原截止日期 {call.ClosesOn:yyyy-MM-dd}");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var isNew = call is null;
        call ??= db.ApplicationCalls.Add(new ApplicationCall { ProgrammeId = ProgrammeId }).Entity;
        if (!isNew)
        {
            db.ExpectVersion(call, Input.Version);
        }
        var previousClose = call.ClosesOn;
        call.Html = CallHtml.Sanitize(Input.Html);
        call.Requirements = Input.Requirements?.Trim();
        call.Contact = Input.Contact?.Trim();
        call.OpensOn = Input.OpensOn!.Value;
        call.ClosesOn = Input.ClosesOn!.Value;
        if (call.PublishedAt is not null && call.ClosesOn > previousClose)
        {
            db.Audit(AuditActions.WindowExtended, nameof(ApplicationCall), call.Id.ToString(), new { ClosesOn = previousClose }, new { call.ClosesOn }, ProgrammeId);
        }
        if (publish)
        {
            call.PublishedAt = clock.GetUtcNow().UtcDateTime;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Error = ConcurrencyMessages.Stale;
            ModelState.Remove("Input.Version");
            Input.Version = await db.ApplicationCalls.AsNoTracking().Where(x => x.ProgrammeId == ProgrammeId).Select(x => x.Version).FirstAsync(ct);
            return Page();
        }
        Message = publish ? "申报征集公告已发布。" : "已保存。";
        return Redirect($"/Programmes/Call/{ProgrammeId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => new { p.Title }).FirstOrDefaultAsync(ct);
        if (programme is null)
        {
            return false;
        }
        ProgrammeTitle = programme.Title;
        PublishedAt = await db.ApplicationCalls.AsNoTracking().Where(c => c.ProgrammeId == ProgrammeId).Select(c => c.PublishedAt).FirstOrDefaultAsync(ct);
        return true;
    }

    public sealed class CallInput
    {
        [Display(Name = "公告正文")]
        [Required(ErrorMessage = "请填写公告正文")]
        [StringLength(20000, ErrorMessage = "公告正文不能超过20000个字符")]
        public string? Html { get; set; }

        [Display(Name = "申报条件")]
        [StringLength(4000, ErrorMessage = "申报条件不能超过4000个字")]
        public string? Requirements { get; set; }

        [Display(Name = "联系方式")]
        [StringLength(500, ErrorMessage = "联系方式不能超过500个字")]
        public string? Contact { get; set; }

        [Display(Name = "申报开始日期")]
        [Required(ErrorMessage = "请填写申报开始日期")]
        public DateOnly? OpensOn { get; set; }

        [Display(Name = "申报截止日期")]
        [Required(ErrorMessage = "请填写申报截止日期")]
        public DateOnly? ClosesOn { get; set; }

        public long Version { get; set; }
    }
}
