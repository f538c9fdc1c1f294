using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Platform.Users;

public sealed class CreateUserModel(AppDbContext db, UserManager<AppUser> users, TimeProvider clock) : PageModel
{
    [BindProperty]
    public CreateUserInput Input { get; set; } = new();

    public string? CreatedUserName { get; private set; }
    public string? CreatedPassword { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Roles.All.Contains(Input.Role))
        {
            ModelState.AddModelError("Input.Role", "请选择角色");
        }
        Guid? organizationId = null;
        if (Input.Role == Roles.Organization)
        {
            var code = CreditCode.Normalize(Input.OrganizationCreditCode);
            if (CreditCode.Validate(code) is { } error)
            {
                ModelState.AddModelError("Input.OrganizationCreditCode", error);
            }
            else
            {
                organizationId = await db.Organizations.Where(o => o.CreditCode == code).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
                if (organizationId is null)
                {
                    ModelState.AddModelError("Input.OrganizationCreditCode", "未找到该统一社会信用代码对应的组织，请先登记组织");
                }
            }
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var (password, errors) = await NewAccounts.CreateAsync(db, users, Input, Input.Role!, organizationId, clock.GetUtcNow().UtcDateTime);
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field, message);
        }
        if (password is null)
        {
            return Page();
        }
        CreatedUserName = Input.UserName!.Trim();
        CreatedPassword = password;
        ModelState.Clear();
        Input = new CreateUserInput();
        return Page();
    }

    public sealed class CreateUserInput : NewAccountInput
    {
        [Display(Name = "角色")]
        [Required(ErrorMessage = "请选择角色")]
        public string? Role { get; set; } = Roles.Expert;

        [Display(Name = "所属组织统一社会信用代码")]
        [StringLength(30, ErrorMessage = "统一社会信用代码应为18位")]
        public string? OrganizationCreditCode { get; set; }
    }
}
