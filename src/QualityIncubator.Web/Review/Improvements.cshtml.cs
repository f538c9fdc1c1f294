using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Review;

/// <summary>
/// 5.3.1 the Office's improvement actions of a programme: course setup, site-visit arrangements, the showcase and the forms; who does what by when,
/// and what came of it. Open actions are carried into the next programme from its programme page.
/// </summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class ImprovementsModel(RatingWork programmes, ImprovementWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true, Name = "area")] public ProcedureArea? AreaFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public ImprovementStatus? StatusFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    /// <summary>The action whose edit form is open (?edit=…).</summary>
    [BindProperty(SupportsGet = true, Name = "edit")] public Guid? EditId { get; set; }

    [BindProperty] public ActionForm Input { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public ReviewProgramme Programme { get; private set; } = null!;
    public PagedList<ImprovementRow> List { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public ImprovementRow? Editing { get; private set; }
    public string? Error { get; private set; }

    public sealed class ActionForm
    {
        [Display(Name = "改进方面")] public ProcedureArea? Area { get; set; }
        [Display(Name = "改进措施")] public string? Action { get; set; }
        [Display(Name = "责任人")] public string? Owner { get; set; }
        [Display(Name = "完成期限")] public DateOnly? DueOn { get; set; }
        [Display(Name = "状态")] public ImprovementStatus? Status { get; set; } = ImprovementStatus.Open;
        [Display(Name = "完成情况")] public string? Outcome { get; set; }
        public long Version { get; set; }

        public ImprovementInput ToInput() => new(Area, Action, Owner, DueOn, Status, Outcome);

        public static ActionForm From(ImprovementRow r) => new()
        {
            Area = r.Area, Action = r.Action, Owner = r.Owner, DueOn = r.DueOn, Status = r.Status, Outcome = r.Outcome, Version = r.Version,
        };
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (Editing is not null)
        {
            Input = ActionForm.From(Editing);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (await programmes.ProgrammeAsync(ProgrammeId, ct) is null)
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            // a value that could not be read (an impossible date, a control character) is shown beside its field; nothing is saved
            Error = "填写内容有误，请查看标出的字段。";
            return await LoadAsync(ct) ? Page() : NotFound();
        }
        var result = EditId is { } id
            ? await work.UpdateAsync(ProgrammeId, id, Input.ToInput(), Input.Version, ct)
            : await work.AddAsync(ProgrammeId, Input.ToInput(), ct);
        if (result.Succeeded)
        {
            Message = EditId is null ? "已新增改进措施。" : "改进措施已保存。";
            return Redirect($"/Review/Improvements/{ProgrammeId}");
        }
        if (result.Outcome == ReviewOutcome.NotFound)
        {
            return NotFound();
        }
        // the typed input stays; binding errors are replaced by the rules' Chinese messages beside each field
        ModelState.Clear();
        foreach (var e in result.Errors)
        {
            ModelState.AddModelError($"{nameof(Input)}.{e.Field}", e.Message);
        }
        Error = result.Outcome == ReviewOutcome.Invalid ? "填写内容有误，请查看标出的字段。" : result.Message;
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (result.Outcome == ReviewOutcome.Stale && Editing is not null)
        {
            // saving again starts from what the other user saved
            Input.Version = Editing.Version;
        }
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await programmes.ProgrammeAsync(ProgrammeId, ct) is not { } programme)
        {
            return false;
        }
        Programme = programme;
        List = await work.List(ProgrammeId, AreaFilter, StatusFilter).ToPagedAsync(PageNumber, Paging.DefaultPageSize, ct);
        if (EditId is { } id)
        {
            Editing = await work.FindAsync(ProgrammeId, id, ct);
            if (Editing is null)
            {
                return false;
            }
        }
        return true;
    }
}
