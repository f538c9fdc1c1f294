using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using QRCoder;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Notifications;

namespace QualityIncubator.Web.Account;

/// <summary>
/// Two-factor authentication with an authenticator app (TOTP, RFC 6238) for Office and expert accounts, on Identity's own
/// authenticator key, token provider and recovery codes: set up with a verified code, recovery codes shown once, disabled only
/// with the current password.
/// </summary>
public sealed class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AppDbContext db, IOptions<SecurityOptions> options,
    Notifier notifier) : PageModel
{
    public const string Issuer = "松江区政府质量奖培育孵化平台";
    public const int RecoveryCodeCount = 10;

    public bool IsEnabled { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public string? SharedKey { get; private set; }
    public string? AuthenticatorUri { get; private set; }
    public string? QrDataUri { get; private set; }

    /// <summary>Security:RequireTwoFactorForOffice applies to this user: switching off only means setting up again.</summary>
    public bool Required { get; private set; }

    /// <summary>The new recovery codes, shown once right after they were made.</summary>
    [TempData]
    public string[]? RecoveryCodes { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is { } user ? Page() : Challenge();

    public async Task<IActionResult> OnPostEnableAsync(string? code)
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }
        if (IsEnabled || SharedKey is null)
        {
            return RedirectToPage();
        }
        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            ModelState.AddModelError("code", "请填写验证器应用显示的6位数字验证码。");
            return Page();
        }
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            ModelState.AddModelError("code", "验证码错误。请确认已扫描本页的二维码（或输入了本页的密钥），并且手机时间准确。");
            return Page();
        }
        // one transaction: two-factor is never on without the recovery codes this page shows once
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var enabled = await users.SetTwoFactorEnabledAsync(user, true);
            var codes = enabled.Succeeded ? await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) : null;
            if (codes is null)
            {
                await transaction.RollbackAsync();
                db.ChangeTracker.Clear();
                ModelState.AddModelError("code", "启用未成功（账号信息已被其他操作修改），请刷新页面后重试。");
                await LoadAsync();
                return Page();
            }
            RecoveryCodes = [.. codes];
            db.Audit(AuditActions.TwoFactorEnabled, nameof(AppUser), user.Id, null, new { user.UserName, RecoveryCodes = RecoveryCodeCount });
            notifier.QueueAccountNotice(user, "启用了双重验证（登录时除密码外还需验证器应用的验证码），并生成了新的恢复码");
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        // Enabling changed the security stamp: other sessions of the account end, this one is renewed.
        await signIn.RefreshSignInAsync(user);
        Message = "双重验证已启用。今后登录时，除密码外还需输入验证器应用显示的验证码。";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync(string? password)
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }
        if (!IsEnabled)
        {
            return RedirectToPage();
        }
        if (!await PasswordIsRightAsync(user, password, "disable-password"))
        {
            return Page();
        }
        // The old key may be on a lost phone: a later set-up starts from a new one. The old recovery codes only ever work in the
        // second sign-in step, which a disabled account never reaches, and enabling again replaces them. One transaction: two-factor
        // is never off with the old key still in place.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var disabled = await users.SetTwoFactorEnabledAsync(user, false);
            if (!disabled.Succeeded || !(await users.ResetAuthenticatorKeyAsync(user)).Succeeded)
            {
                await transaction.RollbackAsync();
                db.ChangeTracker.Clear();
                ModelState.AddModelError("disable-password", "停用未成功（账号信息已被其他操作修改），请刷新页面后重试。");
                await LoadAsync();
                return Page();
            }
            db.Audit(AuditActions.TwoFactorDisabled, nameof(AppUser), user.Id, null, new { user.UserName });
            notifier.QueueAccountNotice(user, "停用了双重验证，原密钥和恢复码均已作废");
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        await signIn.RefreshSignInAsync(user);
        // Where two-factor is required, this is how an Office user moves to a new phone: the next request lands on the set-up.
        Message = Required ? "原密钥和恢复码均已作废，请立即用新密钥重新启用双重验证。" : "双重验证已停用，原密钥和恢复码均已作废。";
        return RedirectToPage();
    }

    /// <summary>Makes the first key, or replaces one not yet in use.</summary>
    public async Task<IActionResult> OnPostResetKeyAsync()
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }
        if (IsEnabled)
        {
            // An active key is changed by switching two-factor off (with the password) and setting it up again.
            return RedirectToPage();
        }
        var replaced = SharedKey is not null;
        await users.ResetAuthenticatorKeyAsync(user);
        db.Audit(AuditActions.TwoFactorKeyReset, nameof(AppUser), user.Id, null, new { user.UserName, Replaced = replaced });
        await db.SaveChangesAsync();
        // A new key changes the security stamp: other sessions of the account end, this one is renewed.
        await signIn.RefreshSignInAsync(user);
        Message = replaced ? "已生成新的密钥，原密钥作废，请重新扫描二维码。" : null;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(string? password)
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }
        if (!IsEnabled)
        {
            return RedirectToPage();
        }
        if (!await PasswordIsRightAsync(user, password, "codes-password"))
        {
            return Page();
        }
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
        db.Audit(AuditActions.RecoveryCodesGenerated, nameof(AppUser), user.Id, null, new { user.UserName, RecoveryCodes = RecoveryCodeCount });
        notifier.QueueAccountNotice(user, "生成了新的双重验证恢复码，原有恢复码全部作废");
        await db.SaveChangesAsync();
        Message = "已生成新的恢复码，原有恢复码全部作废。";
        return RedirectToPage();
    }

    /// <summary>Checks the current password; a wrong one counts toward the lockout like at sign-in.</summary>
    private async Task<bool> PasswordIsRightAsync(AppUser user, string? password, string field)
    {
        if (string.IsNullOrEmpty(password))
        {
            ModelState.AddModelError(field, "请填写当前密码。");
            return false;
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(field, result.IsLockedOut ? "连续输入错误次数过多，账号已被暂时锁定，请15分钟后再试。" : "密码不正确。");
            return false;
        }
        return true;
    }

    /// <summary>Reads the account's state and, before set-up, the key to show with its otpauth URI and QR code.</summary>
    private async Task<AppUser?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return null;
        }
        IsEnabled = await users.GetTwoFactorEnabledAsync(user);
        Required = options.Value.RequireTwoFactorForOffice && await users.IsInRoleAsync(user, Roles.Office);
        if (IsEnabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return user;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // No key yet: the page offers to make one (a POST, since a new key changes the security stamp).
            return user;
        }
        SharedKey = FormatKey(key);
        AuthenticatorUri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.UserName!)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&algorithm=SHA1&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(AuthenticatorUri, QRCodeGenerator.ECCLevel.M);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
        return user;
    }

    /// <summary>The base32 key in groups of four lower-case letters, as authenticator apps accept it typed by hand.</summary>
    public static string FormatKey(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}
