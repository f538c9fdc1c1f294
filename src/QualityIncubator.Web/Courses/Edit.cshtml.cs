using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Web.Courses;

/// <summary>The Office edits one course: topic and kind, materials (files or links) and sessions (4.3.2, 4.5.1).</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class EditModel(AppDbContext db, CourseWork work, FileStore files) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public CourseInput Input { get; set; } = new();
    [BindProperty] public SessionInput Session { get; set; } = new();
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public string ProgrammeTitle { get; private set; } = "";
    public CourseQueries.CourseRow? Course { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (Course is not null)
        {
            Input = new CourseInput
            {
                Stage = Course.Stage, Kind = Course.Kind, Title = Course.Title, Description = Course.Description, Topic = Course.Topic,
                SortOrder = Course.SortOrder, Version = Course.Version,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        ClearOther(nameof(Input));
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var (course, error) = await work.SaveCourseAsync(ProgrammeId, Id, Input, ct);
        if (error is not null)
        {
            Error = error;
            return Page();
        }
        Message = "课程已保存。";
        return Redirect($"/Courses/Edit/{ProgrammeId}/{course!.Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (Id is not { } id || !await LoadAsync(ct))
        {
            return NotFound();
        }
        Error = await work.DeleteCourseAsync(ProgrammeId, id, ct);
        if (Error is not null)
        {
            return Page();
        }
        Message = "课程已删除。";
        return Redirect($"/Courses/{ProgrammeId}");
    }

    public async Task<IActionResult> OnPostSessionAsync(CancellationToken ct)
    {
        if (Id is not { } id || !await LoadAsync(ct))
        {
            return NotFound();
        }
        ClearOther(nameof(Session));
        if (!ModelState.IsValid)
        {
            return Page();
        }
        Error = await work.SaveSessionAsync(ProgrammeId, id, null, Session, ct);
        if (Error is not null)
        {
            return Page();
        }
        Message = "已添加场次。";
        return Redirect($"/Courses/Edit/{ProgrammeId}/{id}");
    }

    public async Task<IActionResult> OnPostMaterialAsync(string? title, string? url, IFormFile? upload, CancellationToken ct)
    {
        if (Id is not { } id || !await LoadAsync(ct))
        {
            return NotFound();
        }
        Guid? attachmentId = null;
        if (upload is { Length: > 0 })
        {
            await using var stream = upload.OpenReadStream();
            var saved = await files.SaveAsync(stream, upload.FileName, nameof(Course), id, null, ProgrammeId, "课程资料", ct);
            if (saved.Error is not null)
            {
                Error = saved.Error;
                return Page();
            }
            attachmentId = saved.Attachment!.Id;
            title = string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(saved.Attachment.FileName) : title;
        }
        Error = await work.AddMaterialAsync(ProgrammeId, id, title, url, attachmentId, ct);
        if (Error is not null)
        {
            db.ChangeTracker.Clear();
            return Page();
        }
        Message = "已添加资料。";
        return Redirect($"/Courses/Edit/{ProgrammeId}/{id}");
    }

    public async Task<IActionResult> OnPostRemoveMaterialAsync(Guid materialId, CancellationToken ct)
    {
        if (Id is not { } id || !await LoadAsync(ct) || !await work.RemoveMaterialAsync(ProgrammeId, id, materialId, ct))
        {
            return NotFound();
        }
        Message = "已移除资料。";
        return Redirect($"/Courses/Edit/{ProgrammeId}/{Id}");
    }

    private void ClearOther(string keep)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(keep + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var title = await db.Programmes.AsNoTracking().Where(p => p.Id == ProgrammeId).Select(p => p.Title).FirstOrDefaultAsync(ct);
        if (title is null)
        {
            return false;
        }
        ProgrammeTitle = title;
        if (Id is { } id)
        {
            Course = (await CourseQueries.CatalogueAsync(db, ProgrammeId, ct)).FirstOrDefault(c => c.Id == id);
            return Course is not null;
        }
        return true;
    }
}
