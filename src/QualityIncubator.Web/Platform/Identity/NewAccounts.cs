using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace QualityIncubator.Web.Platform.Identity;

/// <summary>What one person types to create an account for another (the Office for anyone, an organization's administrator for a colleague).</summary>
public class NewAccountInput
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
}

public static class NewAccounts
{
    /// <summary>
    /// Creates the account with a strong generated password, shown once to its creator and never stored in clear.
    /// On failure returns Identity's (Chinese) messages keyed by form field.
    /// </summary>
    public static async Task<(string? Password, IReadOnlyList<(string Field, string Message)> Errors)> CreateAsync(
        UserManager<AppUser> users, NewAccountInput input, string role, Guid? organizationId, DateTime now)
    {
        var user = new AppUser
        {
            UserName = input.UserName!.Trim(), DisplayName = input.DisplayName!.Trim(), Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
            OrganizationId = organizationId, CreatedAt = now,
        };
        var password = AdminBootstrap.GeneratePassword();
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return (null, [.. result.Errors.Select(e => (e.Code.Contains("UserName", StringComparison.Ordinal) ? "Input.UserName" : "", e.Description))]);
        }
        await users.AddToRoleAsync(user, role);
        return (password, []);
    }
}
