using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Experts.Assignment;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Courses;

/// <summary>The Office's course catalogue of a programme (4.3.2, 4.5.1): presets, copy from another year, sessions and lecturers.</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class IndexModel(AppDbContext db, CourseWork work) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";
    public int ProgrammeYear { get; private set; }
    public List<CourseQueries.CourseRow> Courses { get; private set; } = [];
    public Dictionary<Guid, int> Demand { get; private set; } = [];
    public List<(Guid Id, string Title)> OtherProgrammes { get; private set; } = [];
    public AssignmentResult? LecturerProposal { get; private set; }
    public IReadOnlyDictionary<Guid, string> SessionLabels { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPresetsAsync(CancellationToken ct)
    {
        if (!await ClosedCases.ProgrammeExistsAsync(db, ProgrammeId, ct))
        {
            return NotFound();
        }
        var added = await work.AddPresetsAsync(ProgrammeId, ct);
        Message = added == 0 ? "标准预置课程均已存在，未重复添加。" : $"已按标准添加 {added} 门课程（4.3.3、4.5.2、4.5.4），可逐门修改并安排场次。";
        return Redirect($"/Courses/{ProgrammeId}");
    }

    public async Task<IActionResult> OnPostCopyAsync(Guid sourceProgrammeId, CancellationToken ct)
    {
        if (!await ClosedCases.ProgrammeExistsAsync(db, ProgrammeId, ct) || !await ClosedCases.ProgrammeExistsAsync(db, sourceProgrammeId, ct))
        {
            return NotFound();
        }
        var added = await work.CopyFromAsync(ProgrammeId, sourceProgrammeId, ct);
        Message = $"已复制 {added} 门课程（含资料，不含场次；同名课程不重复复制）。";
        return Redirect($"/Courses/{ProgrammeId}");
    }

    /// <summary>The engine's lecturer proposal for sessions without a lecturer; nothing is saved until accepted.</summary>
    public async Task<IActionResult> OnPostProposeLecturersAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        (LecturerProposal, SessionLabels) = await work.ProposeLecturersAsync(ProgrammeId, ct);
        return Page();
    }

    public sealed record ProposedLecturer(Guid SessionId, Guid ExpertId, string? Explanation);

    public async Task<IActionResult> OnPostAcceptLecturersAsync(List<ProposedLecturer> pairs, CancellationToken ct)
    {
        var refusals = new List<string>();
        foreach (var p in pairs)
        {
            if (await work.AssignLecturerAsync(ProgrammeId, p.SessionId, p.ExpertId, p.Explanation, ct) is { } refusal)
            {
                refusals.Add(refusal);
            }
        }
        if (refusals.Count == 0)
        {
            Message = $"已安排 {pairs.Count} 个场次的授课专家。";
            return Redirect($"/Courses/{ProgrammeId}");
        }
        Error = $"已安排 {pairs.Count - refusals.Count} 项，{refusals.Count} 项未安排：" + string.Join("；", refusals);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => new { p.Title, p.Year }).FirstOrDefaultAsync(ct);
        if (programme is null)
        {
            return false;
        }
        ProgrammeTitle = programme.Title;
        ProgrammeYear = programme.Year;
        Courses = await CourseQueries.CatalogueAsync(db, ProgrammeId, ct);
        Demand = (await CourseQueries.ElectiveDemandAsync(db, ProgrammeId, ct)).ToDictionary(d => d.CourseId, d => d.Chosen);
        OtherProgrammes = [.. (await ProgrammeQueries.PickerAsync(db, null, ProgrammeId, ct)).Select(p => (p.Id, $"{p.Year}年 {p.Title}"))];
        return true;
    }
}
