using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Experts;

/// <summary>The Office keeps an expert's record (4.2.1–4.2.2), opens their login and records conflicts (4.2.3).</summary>
[Authorize(Policy = PlatformSetup.OfficePolicy)]
public sealed class EditModel(AppDbContext db, ExpertWork work, UserManager<AppUser> users, TimeProvider clock, Review.RatingWork ratings) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public ExpertInput Input { get; set; } = new() { IsReportReviewer = true };
    [BindProperty] public ConflictInput Conflict { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public string? Error { get; private set; }
    public CodeBook? Book { get; private set; }
    public string? UserName { get; private set; }
    public string? CreatedPassword { get; private set; }
    public string? LoginError { get; private set; }
    public IReadOnlyList<ExpertConflict> Conflicts { get; private set; } = [];
    public IReadOnlyList<string> ConflictErrors { get; private set; } = [];

    /// <summary>5.2 / 5.3.2 the ratings of every programme, summed up per role, the team decisions and the roles suspended now.</summary>
    public Review.ExpertRecord? Record { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Book = await CodeBook.LoadAsync(db, ct);
        if (Id is null)
        {
            return Page();
        }
        var expert = await LoadAsync(ct);
        if (expert is null)
        {
            return NotFound();
        }
        Input = ExpertInput.From(expert);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        Book = await CodeBook.LoadAsync(db, ct);
        var existing = Id is null ? null : await work.FindAsync(Id.Value, ct);
        if (Id is not null && existing is null)
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var (saved, errors, message) = await work.SaveAsync(existing, Input, byOffice: true, ct);
        foreach (var e in errors)
        {
            ModelState.AddModelError("Input." + e.Field, e.Message);
        }
        if (saved is null)
        {
            Error = message;
            if (message is not null)
            {
                ModelState.Remove("Input.Version");
                Input.Version = await db.Experts.AsNoTracking().Where(e => e.Id == Id).Select(e => e.Version).FirstAsync(ct);
            }
            await LoadAsync(ct);
            return Page();
        }
        Message = "专家信息已保存。";
        return Redirect($"/Experts/Edit/{saved.Id}");
    }

    public async Task<IActionResult> OnPostCreateLoginAsync(string? userName, CancellationToken ct)
    {
        var expert = Id is null ? null : await work.FindAsync(Id.Value, ct);
        if (expert is null)
        {
            return NotFound();
        }
        Book = await CodeBook.LoadAsync(db, ct);
        ModelState.Clear();
        Input = ExpertInput.From(expert);
        if (expert.UserId is null)
        {
            // the account, its role and the expert's link to it are one transaction: an edit of the expert in the meantime leaves no
            // account behind that nobody was shown the password of
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (password, errors) = await NewAccounts.CreateAsync(db, users, new NewAccountInput { UserName = userName, DisplayName = expert.Name, Email = expert.Email }, Roles.Expert, null, clock.GetUtcNow().UtcDateTime);
            if (password is null)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                LoginError = string.IsNullOrWhiteSpace(userName) ? "请填写用户名" : string.Join("；", errors.Select(e => e.Message));
            }
            else
            {
                expert.UserId = (await users.FindByNameAsync(userName!.Trim()))!.Id;
                if (await db.TrySaveAsync(ct))
                {
                    await transaction.CommitAsync(ct);
                    CreatedPassword = password;
                }
                else
                {
                    await transaction.RollbackAsync(ct);
                    LoginError = ConcurrencyMessages.Stale;
                }
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddConflictAsync(CancellationToken ct)
    {
        if (Id is null || await db.Experts.AsNoTracking().AllAsync(e => e.Id != Id, ct))
        {
            return NotFound();
        }
        ConflictErrors = await work.AddConflictAsync(Id.Value, Conflict, byOffice: true, ct);
        if (ConflictErrors.Count == 0)
        {
            Message = "已登记利益关系。";
            return Redirect($"/Experts/Edit/{Id}");
        }
        return await OnGetAsync(ct);
    }

    public async Task<IActionResult> OnPostRemoveConflictAsync(Guid conflictId, CancellationToken ct)
    {
        if (Id is null || !await work.RemoveConflictAsync(Id.Value, conflictId, byOffice: true, ct))
        {
            return NotFound();
        }
        Message = "已删除利益关系。";
        return Redirect($"/Experts/Edit/{Id}");
    }

    private async Task<Expert?> LoadAsync(CancellationToken ct)
    {
        if (Id is null)
        {
            return null;
        }
        var expert = await db.Experts.AsNoTracking().Include(e => e.Conflicts).FirstOrDefaultAsync(e => e.Id == Id, ct);
        if (expert is not null)
        {
            Conflicts = [.. expert.Conflicts.OrderBy(c => c.CreatedAt)];
            UserName = expert.UserId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == expert.UserId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
            Record = await ratings.RecordAsync(expert.Id, ct);
        }
        return expert;
    }
}
