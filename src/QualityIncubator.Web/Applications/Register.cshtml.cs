using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Applications;

/// <summary>An organization registers (4.1.3): its credit code is checked and may exist only once; its first user is its administrator.</summary>
[AllowAnonymous]
[EnableRateLimiting("login")]
public sealed class RegisterModel(AppDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, TimeProvider clock) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (CreditCode.Validate(Input.CreditCode) is { } codeError)
        {
            ModelState.AddModelError("Input.CreditCode", codeError);
        }
        if (PhoneNumbers.Validate(Input.ContactMobile, "联系人手机", mobileOnly: true) is { } phoneError)
        {
            ModelState.AddModelError("Input.ContactMobile", phoneError);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var code = CreditCode.Normalize(Input.CreditCode);
        var existing = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.CreditCode == code, ct);
        if (existing is not null)
        {
            ModelState.AddModelError("Input.CreditCode",
                $"统一社会信用代码为 {code} 的组织（{existing.Name}）已经注册。请联系本组织管理员{Masked(existing.ContactName, existing.ContactMobile)}为您添加账号；如有疑问请联系区评审办。");
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var organization = new Organization
        {
            Name = Input.OrganizationName!.Trim(), CreditCode = code, ContactName = Input.ContactName!.Trim(),
            ContactMobile = PhoneNumbers.Normalize(Input.ContactMobile), ContactEmail = Input.ContactEmail!.Trim(), CreatedAt = now,
        };
        var user = new AppUser
        {
            UserName = Input.UserName!.Trim(), DisplayName = Input.ContactName!.Trim(), Email = organization.ContactEmail, PhoneNumber = organization.ContactMobile,
            OrganizationId = organization.Id, IsOrganizationAdmin = true, CreatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Organizations.Add(organization);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            ModelState.AddModelError("Input.CreditCode", $"统一社会信用代码为 {code} 的组织刚刚已被注册，请联系本组织管理员添加您的账号。");
            return Page();
        }
        var created = await users.CreateAsync(user, Input.Password!);
        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            foreach (var e in created.Errors)
            {
                ModelState.AddModelError(e.Code.Contains("UserName", StringComparison.Ordinal) ? "Input.UserName" : e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "", e.Description);
            }
            return Page();
        }
        await users.AddToRoleAsync(user, Roles.Organization);
        await transaction.CommitAsync(ct);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    /// <summary>张** · 138****5678: enough to recognise a colleague, not enough to harvest contacts.</summary>
    public static string Masked(string? name, string? mobile)
    {
        var n = string.IsNullOrEmpty(name) ? "" : name[..1] + new string('*', Math.Max(1, name.Length - 1));
        var m = mobile is { Length: 11 } ? mobile[..3] + "****" + mobile[7..] : "";
        return string.Join("，", new[] { n, m }.Where(s => s.Length > 0)) is { Length: > 0 } s ? $"（{s}）" : "";
    }

    public sealed class RegisterInput
    {
        [Display(Name = "组织名称")]
        [Required(ErrorMessage = "请填写组织名称")]
        [StringLength(200, ErrorMessage = "组织名称不能超过200个字")]
        public string? OrganizationName { get; set; }

        [Display(Name = "统一社会信用代码")]
        [Required(ErrorMessage = "请填写统一社会信用代码")]
        [StringLength(30, ErrorMessage = "统一社会信用代码应为18位")]
        public string? CreditCode { get; set; }

        [Display(Name = "联系人")]
        [Required(ErrorMessage = "请填写联系人")]
        [StringLength(50, ErrorMessage = "联系人不能超过50个字")]
        public string? ContactName { get; set; }

        [Display(Name = "联系人手机")]
        [Required(ErrorMessage = "请填写联系人手机")]
        [StringLength(30, ErrorMessage = "手机号码过长")]
        public string? ContactMobile { get; set; }

        [Display(Name = "电子邮件")]
        [Required(ErrorMessage = "请填写电子邮件")]
        [EmailAddress(ErrorMessage = "电子邮件格式不正确")]
        [StringLength(256, ErrorMessage = "电子邮件过长")]
        public string? ContactEmail { get; set; }

        [Display(Name = "登录用户名")]
        [Required(ErrorMessage = "请填写登录用户名")]
        [RegularExpression(@"^[A-Za-z0-9._@\-]{3,64}$", ErrorMessage = "用户名为3至64位字母、数字或 . _ @ -")]
        public string? UserName { get; set; }

        [Display(Name = "密码")]
        [Required(ErrorMessage = "请填写密码")]
        [StringLength(128, MinimumLength = 10, ErrorMessage = "密码应为10至128个字符")]
        public string? Password { get; set; }

        [Display(Name = "确认密码")]
        [Required(ErrorMessage = "请再次填写密码")]
        [Compare(nameof(Password), ErrorMessage = "两次填写的密码不一致")]
        public string? ConfirmPassword { get; set; }
    }
}
