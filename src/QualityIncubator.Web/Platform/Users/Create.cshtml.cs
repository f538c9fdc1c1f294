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
        var password = AdminBootstrap.GeneratePassword();
        var user = new AppUser
        {
            UserName = Input.UserName!.Trim(), DisplayName = Input.DisplayName!.Trim(), Email = string.IsNullOrWhiteSpace(Input.Email) ? null : Input.Email.Trim(),
            OrganizationId = organizationId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError(e.Code.Contains("UserName", StringComparison.Ordinal) ? "Input.UserName" : "", e.Description);
            }
            return Page();
        }
        await users.AddToRoleAsync(user, Input.Role!);
        CreatedUserName = user.UserName;
        CreatedPassword = password;
        ModelState.Clear();
        Input = new CreateUserInput();
        return Page();
    }

    public sealed class CreateUserInput
    {
        [Display(Name = "用户名")]
        [Required(ErrorMessage = "请填写用户名")]
        [RegularExpression(@"^[A-Za-z0-9._@\-]{3,64}$", ErrorMessage = "用户名为3至64位字母、数字或 . _ @ -")]
        public string? UserName { get; set; }

        [Display(Name = "姓名")]
        [Required(ErrorMessage = "请填写姓名")]
        [StringLength(100, ErrorMessage = "姓名不能超过100个字")]
        public string? DisplayName { get; set; }

        [Display(Name = "电子邮件")]
        [EmailAddress(ErrorMessage = "电子邮件格式不正确")]
        [StringLength(256, ErrorMessage = "电子邮件过长")]
        public string? Email { get; set; }

        [Display(Name = "角色")]
        [Required(ErrorMessage = "请选择角色")]
        public string? Role { get; set; } = Roles.Expert;

        [Display(Name = "所属组织统一社会信用代码")]
        [StringLength(30, ErrorMessage = "统一社会信用代码应为18位")]
        public string? OrganizationCreditCode { get; set; }
    }
}
