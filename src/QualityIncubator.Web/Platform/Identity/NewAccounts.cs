using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using QualityIncubator.Web.Platform.Data;

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
    /// On failure returns Identity's (Chinese) messages keyed by form field. The account and its role are one transaction (the caller's,
    /// when it has one): an account is never left without its role, nor its user name taken by an account nobody was shown the password of.
    /// </summary>
    public static async Task<(string? Password, IReadOnlyList<(string Field, string Message)> Errors)> CreateAsync(
        AppDbContext db, UserManager<AppUser> users, NewAccountInput input, string role, Guid? organizationId, DateTime now)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync() : null;
        var user = new AppUser
        {
            UserName = input.UserName!.Trim(), DisplayName = input.DisplayName!.Trim(), Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
            OrganizationId = organizationId, CreatedAt = now,
        };
        var password = AdminBootstrap.GeneratePassword();
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, role);
        }
        if (!result.Succeeded)
        {
            if (transaction is not null)
            {
                await transaction.RollbackAsync();
                db.ChangeTracker.Clear();
            }
            return (null, [.. result.Errors.Select(e => (e.Code.Contains("UserName", StringComparison.Ordinal) ? "Input.UserName" : "", e.Description))]);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }
        return (password, []);
    }
}
