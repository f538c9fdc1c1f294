using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Account;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Notifications;

namespace QualityIncubator.Tests.Integration;

/// <summary>Password reset by email, two-factor sign-in and the end of sessions — through HTTP on a real database.</summary>
public sealed partial class AccountSecurityTests(AppFactories factories)
{
    private const string NewPassword = "Reset-passw0rd-2026";

    // ── password reset ──────────────────────────────────────────────────────────────────────────────────────────────

    [Theory, ClassData(typeof(Providers))]
    public async Task Forgot_password_answers_alike_and_no_sooner_for_an_existing_an_unknown_and_a_disabled_account_and_only_the_existing_one_gets_an_email(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var existing = await app.CreateUserAsync(Roles.Expert);
        var disabled = await app.CreateUserAsync(Roles.Expert);
        await app.WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync(disabled))!;
            user.IsDisabled = true;
            await users.UpdateAsync(user);
        });
        var unknownEmail = $"nobody-{Guid.NewGuid():N}@example.invalid";

        var answers = new List<(string? Location, string Page)>();
        var floor = TimeSpan.FromMilliseconds(app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.ForgotPasswordAnswerMilliseconds);
        Assert.True(floor > TimeSpan.FromMilliseconds(100), "the default answer time must hide a token and an email");
        foreach (var identifier in new[] { existing, unknownEmail, disabled })
        {
            using var client = TestClient.For(app);
            var sent = System.Diagnostics.Stopwatch.GetTimestamp();
            var response = await RequestResetAsync(client, identifier);
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(sent);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            // no answer comes sooner than the configured time, whether the account exists or not (a lower bound: it cannot fail by chance)
            Assert.True(took >= floor, $"{identifier} answered after {took.TotalMilliseconds} ms, before {floor.TotalMilliseconds} ms");
            answers.Add((response.Headers.Location?.OriginalString, AntiforgeryValue().Replace(await client.GetStringAsync("/Account/ForgotPassword"), "")));
        }
        Assert.Contains("如果该账号存在且登记了电子邮箱，重置密码的链接已发送到该邮箱，60分钟内有效", answers[0].Page);
        Assert.All(answers, a => Assert.Equal(answers[0], a));

        await SendOutboxAsync(app);
        var mail = Assert.Single(app.Email.Sent, m => m.To == EmailOf(existing));
        Assert.Contains($"账号“{existing}”", mail.Body);
        Assert.Matches(@"http://localhost/Account/ResetPassword\?u=[^&\s]+&t=\S+", mail.Body);
        Assert.DoesNotContain(app.Email.Sent, m => m.To == unknownEmail || m.To == EmailOf(disabled));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_emailed_link_sets_a_new_password_once_and_is_refused_the_second_time(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Organization);
        var userId = await UserIdAsync(app, userName);
        var stampBefore = await StampAsync(app, userId);
        using var client = TestClient.For(app);
        // asked for by email address this time
        await RequestResetAsync(client, EmailOf(userName));
        var link = await ResetLinkAsync(app, EmailOf(userName));
        var form = await client.GetStringAsync(link);
        Assert.Contains("id=\"Input_NewPassword\"", form);

        var mismatch = await client.PostFormAsync(link, Passwords(NewPassword, "Other-passw0rd-2026"), formPage: link);
        Assert.Contains("两次填写的新密码不一致", await mismatch.Content.ReadAsStringAsync());
        var weak = await client.PostFormAsync(link, Passwords("aaaaaaaaaaaa", "aaaaaaaaaaaa"), formPage: link);
        Assert.Contains("密码必须包含至少一个数字。", await weak.Content.ReadAsStringAsync());

        var reset = await client.PostFormAsync(link, Passwords(NewPassword, NewPassword), formPage: link);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/Account/Login", reset.Headers.Location?.OriginalString);
        Assert.Contains("密码已重置，请用新密码登录。", await client.GetStringAsync("/Account/Login"));
        // the reset changed the security stamp the token carries: that is what makes the link single-use
        Assert.NotEqual(stampBefore, await StampAsync(app, userId));
        Assert.True(await PasswordIsAsync(app, userName, NewPassword));
        Assert.False(await PasswordIsAsync(app, userName, AppFactory.UserPassword));
        using (var signedIn = TestClient.For(app))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await signedIn.SignInAsync(userName, NewPassword)).StatusCode);
        }

        // the same link again: the page says so and offers no form, and a posted form is refused as well
        var again = await client.GetStringAsync(link);
        Assert.Contains(ResetPasswordModel.InvalidLink, again);
        Assert.DoesNotContain("Input_NewPassword", again);
        var replay = await client.PostFormAsync(link, Passwords("Third-passw0rd-2026", "Third-passw0rd-2026"), formPage: "/Account/ForgotPassword");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains(ResetPasswordModel.InvalidLink, await replay.Content.ReadAsStringAsync());
        Assert.True(await PasswordIsAsync(app, userName, NewPassword));

        // the request and the reset are audited, the token never
        var token = QueryHelpers.ParseQuery(new Uri("http://localhost" + link).Query)["t"].ToString();
        var events = await EventsAsync(app, userId);
        Assert.Contains(events, e => e.Action == AuditActions.PasswordResetRequested && e.After!.Contains("已发送重置邮件", StringComparison.Ordinal));
        var resetEvent = Assert.Single(events, e => e.Action == AuditActions.PasswordReset);
        Assert.Contains(userName, resetEvent.ActorName);
        Assert.All(events, e => Assert.DoesNotContain(token, (e.Before ?? "") + (e.After ?? ""), StringComparison.Ordinal));
        Assert.All(events, e => Assert.DoesNotContain(Uri.EscapeDataString(token), (e.Before ?? "") + (e.After ?? ""), StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_link_older_than_an_hour_is_refused_and_one_just_under_an_hour_works(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        Assert.Equal(TimeSpan.FromHours(1), app.Services.GetRequiredService<IOptions<DataProtectionTokenProviderOptions>>().Value.TokenLifespan);
        var userName = await app.CreateUserAsync(Roles.Expert);
        var userId = await UserIdAsync(app, userName);
        // Identity's token provider reads the clock itself (no TimeProvider), so the tokens are issued as if earlier instead.
        var expired = ResetLink(userId, await IssueResetTokenAsync(app, userId, age: TimeSpan.FromMinutes(61)));
        var fresh = ResetLink(userId, await IssueResetTokenAsync(app, userId, age: TimeSpan.FromMinutes(59)));
        using var client = TestClient.For(app);

        var page = await client.GetStringAsync(expired);
        Assert.Contains(ResetPasswordModel.InvalidLink, page);
        Assert.DoesNotContain("Input_NewPassword", page);
        var refused = await client.PostFormAsync(expired, Passwords(NewPassword, NewPassword), formPage: "/Account/ForgotPassword");
        Assert.Contains(ResetPasswordModel.InvalidLink, await refused.Content.ReadAsStringAsync());
        Assert.True(await PasswordIsAsync(app, userName, AppFactory.UserPassword));

        Assert.Contains("id=\"Input_NewPassword\"", await client.GetStringAsync(fresh));
        var accepted = await client.PostFormAsync(fresh, Passwords(NewPassword, NewPassword), formPage: fresh);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.True(await PasswordIsAsync(app, userName, NewPassword));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_password_reset_ends_the_lockout(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Organization);
        using var client = TestClient.For(app);
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync(userName, "wrong-password-1");
        }
        Assert.Contains("账号已被暂时锁定", await (await client.SignInAsync(userName, AppFactory.UserPassword)).Content.ReadAsStringAsync());

        await ResetPasswordByEmailAsync(app, userName, NewPassword);
        var signIn = await client.SignInAsync(userName, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/me")).StatusCode);
    }

    // ── two-factor authentication ───────────────────────────────────────────────────────────────────────────────────

    [Theory, ClassData(typeof(Providers))]
    public async Task Enabling_two_factor_needs_a_correct_code_and_then_signing_in_asks_for_the_code(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Expert);
        using var client = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);
        Assert.Contains("开始设置双重验证", await client.GetStringAsync("/Account/TwoFactor"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/Account/TwoFactor?handler=ResetKey", [], formPage: "/Account/TwoFactor")).StatusCode);
        var setUp = await client.GetStringAsync("/Account/TwoFactor");
        var key = KeyOf(setUp);
        Assert.Contains($"otpauth://totp/{Uri.EscapeDataString(TwoFactorModel.Issuer)}:{userName}?secret={key}&amp;issuer=", setUp);
        Assert.Contains("src=\"data:image/png;base64,", setUp);
        Assert.Contains($">{TwoFactorModel.FormatKey(key)}</code>", setUp);

        var wrong = await client.PostFormAsync("/Account/TwoFactor?handler=Enable", new() { ["code"] = Totp.WrongCode(key, DateTimeOffset.UtcNow) }, formPage: "/Account/TwoFactor");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("验证码错误", await wrong.Content.ReadAsStringAsync());
        Assert.False(await TwoFactorEnabledAsync(app, userName));

        var enabled = await client.PostFormAsync("/Account/TwoFactor?handler=Enable", new() { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) }, formPage: "/Account/TwoFactor");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.True(await TwoFactorEnabledAsync(app, userName));
        var codes = RecoveryCodesOf(await client.GetStringAsync("/Account/TwoFactor"));
        Assert.Equal(10, codes.Distinct().Count());
        // shown once only
        var later = await client.GetStringAsync("/Account/TwoFactor");
        Assert.Empty(RecoveryCodesOf(later));
        Assert.Contains("双重验证已启用。", later);
        Assert.Contains("<span id=\"recovery-codes-left\">10</span>", later);

        using var next = TestClient.For(app);
        var password = await next.SignInAsync(userName, AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/Account/LoginWith2fa", password.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await next.Http.GetAsync("/api/v1/me")).StatusCode);

        var refused = await next.PostFormAsync("/Account/LoginWith2fa", new() { ["Input.Code"] = Totp.WrongCode(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("验证码错误", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await next.Http.GetAsync("/api/v1/me")).StatusCode);

        var code = Totp.Code(key, DateTimeOffset.UtcNow);
        var signedIn = await next.PostFormAsync("/Account/LoginWith2fa", new() { ["Input.Code"] = $"{code[..3]} {code[3..]}" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await next.Http.GetAsync("/api/v1/me")).StatusCode);

        var events = await EventsAsync(app, await UserIdAsync(app, userName));
        Assert.Contains(events, e => e.Action == AuditActions.TwoFactorEnabled);
        Assert.Contains(events, e => e.Action == AuditActions.SignInFailed && e.After!.Contains("动态验证码错误", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Action == AuditActions.SignedIn && e.After!.Contains("2FA", StringComparison.Ordinal) && e.ActorName!.Contains(userName, StringComparison.Ordinal));
        Assert.All(events, e => Assert.DoesNotContain(key, (e.Before ?? "") + (e.After ?? ""), StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_recovery_code_signs_in_once_and_a_wrong_one_counts_toward_the_lockout(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Office);
        var (_, codes) = await EnableTwoFactorAsync(app, userName);

        using var first = TestClient.For(app);
        await first.SignInAsync(userName, AppFactory.UserPassword);
        var wrong = await first.PostFormAsync("/Account/LoginWithRecoveryCode", new() { ["Input.RecoveryCode"] = "AAAAA-AAAAA" });
        Assert.Contains("恢复码无效或已使用。", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(1, await AccessFailedCountAsync(app, userName));
        // typed in lower case with spaces around: still the code
        var used = await first.PostFormAsync("/Account/LoginWithRecoveryCode", new() { ["Input.RecoveryCode"] = $" {codes[0].ToLowerInvariant()} " });
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(0, await AccessFailedCountAsync(app, userName));
        Assert.Contains("<span id=\"recovery-codes-left\">9</span>", await first.GetStringAsync("/Account/TwoFactor"));

        using var second = TestClient.For(app);
        await second.SignInAsync(userName, AppFactory.UserPassword);
        var again = await second.PostFormAsync("/Account/LoginWithRecoveryCode", new() { ["Input.RecoveryCode"] = codes[0] });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("恢复码无效或已使用。", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Http.GetAsync("/api/v1/me")).StatusCode);
        var another = await second.PostFormAsync("/Account/LoginWithRecoveryCode", new() { ["Input.RecoveryCode"] = codes[1] });
        Assert.Equal(HttpStatusCode.Redirect, another.StatusCode);

        var events = await EventsAsync(app, await UserIdAsync(app, userName));
        Assert.Equal(2, events.Count(e => e.Action == AuditActions.SignedIn && e.After!.Contains(SignInAudit.RecoveryCode, StringComparison.Ordinal)));
        Assert.Equal(2, events.Count(e => e.Action == AuditActions.SignInFailed && e.After!.Contains("恢复码无效或已使用", StringComparison.Ordinal)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Five_wrong_authenticator_codes_lock_the_account(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Expert);
        var (key, _) = await EnableTwoFactorAsync(app, userName);
        using var client = TestClient.For(app);
        await client.SignInAsync(userName, AppFactory.UserPassword);
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await client.PostFormAsync("/Account/LoginWith2fa", new() { ["Input.Code"] = Totp.WrongCode(key, DateTimeOffset.UtcNow) });
        }
        Assert.Contains(LoginWith2faModel.LockedOut, await last!.Content.ReadAsStringAsync());
        var right = await client.PostFormAsync("/Account/LoginWith2fa", new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Contains(LoginWith2faModel.LockedOut, await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/v1/me")).StatusCode);
        using var fresh = TestClient.For(app);
        Assert.Contains("账号已被暂时锁定", await (await fresh.SignInAsync(userName, AppFactory.UserPassword)).Content.ReadAsStringAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Switching_two_factor_off_needs_the_current_password_and_voids_the_key(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Office);
        var (key, _) = await EnableTwoFactorAsync(app, userName);
        using var client = await SignedInWithTwoFactorAsync(app, userName, key);

        var wrong = await client.PostFormAsync("/Account/TwoFactor?handler=Disable", new() { ["password"] = "not-my-password-9" }, formPage: "/Account/TwoFactor");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("密码不正确。", await wrong.Content.ReadAsStringAsync());
        Assert.True(await TwoFactorEnabledAsync(app, userName));

        var off = await client.PostFormAsync("/Account/TwoFactor?handler=Disable", new() { ["password"] = AppFactory.UserPassword }, formPage: "/Account/TwoFactor");
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False(await TwoFactorEnabledAsync(app, userName));
        var page = await client.GetStringAsync("/Account/TwoFactor");
        Assert.Contains("双重验证已停用，原密钥和恢复码均已作废。", page);
        Assert.NotEqual(key, KeyOf(page));

        using var next = TestClient.For(app);
        var signIn = await next.SignInAsync(userName, AppFactory.UserPassword);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.Contains(await EventsAsync(app, await UserIdAsync(app, userName)), e => e.Action == AuditActions.TwoFactorDisabled);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Every_change_to_how_an_account_signs_in_is_emailed_to_its_owner_and_a_refused_one_is_not(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Expert);
        var (key, codes) = await EnableTwoFactorAsync(app, userName);
        using var client = await SignedInWithTwoFactorAsync(app, userName, key);

        Assert.Equal(HttpStatusCode.OK, (await client.PostFormAsync("/Account/TwoFactor?handler=RecoveryCodes", new() { ["password"] = "not-my-password-9" }, formPage: "/Account/TwoFactor")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/Account/TwoFactor?handler=RecoveryCodes", new() { ["password"] = AppFactory.UserPassword }, formPage: "/Account/TwoFactor")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/Account/TwoFactor?handler=Disable", new() { ["password"] = AppFactory.UserPassword }, formPage: "/Account/TwoFactor")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/Account/ChangePassword", new()
        {
            ["Input.OldPassword"] = AppFactory.UserPassword, ["Input.NewPassword"] = "new-passw0rd-ok", ["Input.ConfirmPassword"] = "new-passw0rd-ok",
        })).StatusCode);

        await SendOutboxAsync(app);
        var notices = app.Email.Sent.Where(m => m.To == EmailOf(userName) && m.Subject.Contains("账号安全提醒", StringComparison.Ordinal)).ToList();
        Assert.Collection(notices,
            m => Assert.Contains("启用了双重验证", m.Body),
            m => Assert.Contains("生成了新的双重验证恢复码，原有恢复码全部作废", m.Body),
            m => Assert.Contains("停用了双重验证", m.Body),
            m => Assert.Contains("修改了登录密码", m.Body));
        Assert.All(notices, m =>
        {
            Assert.Contains($"账号“{userName}”于北京时间 ", m.Body);
            Assert.Contains("如果不是，请立即登录修改密码", m.Body);
            Assert.DoesNotContain(key, m.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(codes[0], m.Body, StringComparison.Ordinal);
        });
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Organizations_cannot_reach_the_two_factor_set_up(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var (organizationId, _) = await app.CreateCaseAsync(await app.CreateProgrammeAsync());
        var userName = await app.CreateUserAsync(Roles.Organization, organizationId);
        using var client = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);

        var page = await client.Http.GetAsync("/Account/TwoFactor");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/AccessDenied", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var post = await client.PostFormAsync("/Account/TwoFactor?handler=ResetKey", [], formPage: "/");
        Assert.Contains("/Account/AccessDenied", post.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Null(await app.WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<AppUser>>();
            return await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync(userName))!);
        }));
    }

    // ── sessions ────────────────────────────────────────────────────────────────────────────────────────────────────

    [Theory, ClassData(typeof(Providers))]
    public async Task A_session_ends_when_the_password_is_reset_by_email(DbProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppFactory.CreateAsync(provider, configure: StampChecksOn(clock));
        var victim = await app.CreateUserAsync(Roles.Expert);
        var bystander = await app.CreateUserAsync(Roles.Expert);
        using var stolen = await TestClient.SignedInAsync(app, victim, AppFactory.UserPassword);
        using var other = await TestClient.SignedInAsync(app, bystander, AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, (await stolen.Http.GetAsync("/api/v1/me")).StatusCode);

        await ResetPasswordByEmailAsync(app, victim, NewPassword);
        StampCheckIsDue(clock);

        Assert.Equal(HttpStatusCode.Unauthorized, (await stolen.Http.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_session_ends_when_the_office_disables_the_account(DbProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppFactory.CreateAsync(provider, configure: StampChecksOn(clock));
        var userName = await app.CreateUserAsync(Roles.Expert);
        var bystander = await app.CreateUserAsync(Roles.Expert);
        using var session = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);
        using var other = await TestClient.SignedInAsync(app, bystander, AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/api/v1/me")).StatusCode);

        using var office = await TestClient.OfficeAsync(app);
        var list = await office.GetStringAsync($"/Users?q={userName}");
        var id = Regex.Match(list, "name=\"id\" value=\"([^\"]+)\"").Groups[1].Value;
        var stamp = Regex.Match(list, "name=\"stamp\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync("/Users?handler=Toggle", new() { ["id"] = id, ["stamp"] = stamp }, formPage: $"/Users?q={userName}")).StatusCode);
        StampCheckIsDue(clock);

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Http.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task When_required_an_office_user_can_do_nothing_but_set_up_two_factor(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider, configure: b => b.UseSetting("Security:RequireTwoFactorForOffice", "true"));
        var officeUser = await app.CreateUserAsync(Roles.Office);
        var expert = await app.CreateUserAsync(Roles.Expert);
        using var client = await TestClient.SignedInAsync(app, officeUser, AppFactory.UserPassword);

        foreach (var url in new[] { "/", "/Programmes", "/Audit" })
        {
            var refused = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/Account/TwoFactor", refused.Headers.Location?.OriginalString);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/api/v1/me")).StatusCode);
        Assert.Contains("完成以下设置前，不能使用平台的其他功能", await client.GetStringAsync("/Account/TwoFactor"));
        using (var expertClient = await TestClient.SignedInAsync(app, expert, AppFactory.UserPassword))
        {
            Assert.Equal(HttpStatusCode.OK, (await expertClient.Http.GetAsync("/")).StatusCode);
        }

        await client.PostFormAsync("/Account/TwoFactor?handler=ResetKey", [], formPage: "/Account/TwoFactor");
        var key = KeyOf(await client.GetStringAsync("/Account/TwoFactor"));
        await client.PostFormAsync("/Account/TwoFactor?handler=Enable", new() { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) }, formPage: "/Account/TwoFactor");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/Programmes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/me")).StatusCode);
    }

    // ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────

    private static string EmailOf(string userName) => $"{userName}@example.invalid";

    private static Dictionary<string, string?> Passwords(string password, string confirmation) =>
        new() { ["Input.NewPassword"] = password, ["Input.ConfirmPassword"] = confirmation };

    private static Task<HttpResponseMessage> RequestResetAsync(TestClient client, string identifier) =>
        client.PostFormAsync("/Account/ForgotPassword", new() { ["Input.UserNameOrEmail"] = identifier });

    /// <summary>Works the outbox (the sender does not run in tests) until nothing is due.</summary>
    private static async Task SendOutboxAsync(AppFactory app)
    {
        while (await app.WithScopeAsync(s => s.GetRequiredService<OutboxProcessor>().ProcessDueAsync()) > 0)
        {
        }
    }

    /// <summary>The path and query of the one reset link emailed to <paramref name="email"/>.</summary>
    private static async Task<string> ResetLinkAsync(AppFactory app, string email)
    {
        await SendOutboxAsync(app);
        var mail = Assert.Single(app.Email.Sent, m => m.To == email);
        var link = ResetLinkPattern().Match(mail.Body);
        Assert.True(link.Success, mail.Body);
        return new Uri(link.Value).PathAndQuery;
    }

    private static async Task ResetPasswordByEmailAsync(AppFactory app, string userName, string password)
    {
        using var client = TestClient.For(app);
        await RequestResetAsync(client, userName);
        var link = await ResetLinkAsync(app, EmailOf(userName));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(link, Passwords(password, password), formPage: link)).StatusCode);
    }

    private static string ResetLink(string userId, string token) => $"/Account/ResetPassword?u={Uri.EscapeDataString(userId)}&t={Uri.EscapeDataString(token)}";

    /// <summary>
    /// A reset token as Identity's <see cref="DataProtectorTokenProvider{TUser}"/> writes it (creation time, user, purpose, stamp,
    /// protected with the app's keys), but created <paramref name="age"/> ago.
    /// </summary>
    private static Task<string> IssueResetTokenAsync(AppFactory app, string userId, TimeSpan age) => app.WithScopeAsync(async s =>
    {
        var users = s.GetRequiredService<UserManager<AppUser>>();
        var stamp = await users.GetSecurityStampAsync((await users.FindByIdAsync(userId))!);
        var name = s.GetRequiredService<IOptions<DataProtectionTokenProviderOptions>>().Value.Name;
        using var data = new MemoryStream();
        using (var writer = new BinaryWriter(data, new UTF8Encoding(false, true), leaveOpen: true))
        {
            writer.Write((DateTimeOffset.UtcNow - age).UtcTicks);
            writer.Write(userId);
            writer.Write(UserManager<AppUser>.ResetPasswordTokenPurpose);
            writer.Write(stamp);
        }
        return Convert.ToBase64String(s.GetRequiredService<IDataProtectionProvider>().CreateProtector(name).Protect(data.ToArray()));
    });

    private static Task<string> UserIdAsync(AppFactory app, string userName) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    private static Task<string?> StampAsync(AppFactory app, string userId) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync());

    private static Task<bool> TwoFactorEnabledAsync(AppFactory app, string userName) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.Where(u => u.UserName == userName).Select(u => u.TwoFactorEnabled).SingleAsync());

    private static Task<int> AccessFailedCountAsync(AppFactory app, string userName) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.Where(u => u.UserName == userName).Select(u => u.AccessFailedCount).SingleAsync());

    private static Task<bool> PasswordIsAsync(AppFactory app, string userName, string password) => app.WithScopeAsync(async s =>
    {
        var users = s.GetRequiredService<UserManager<AppUser>>();
        return await users.CheckPasswordAsync((await users.FindByNameAsync(userName))!, password);
    });

    private static Task<List<AuditEvent>> EventsAsync(AppFactory app, string userId) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEvents.AsNoTracking()
            .Where(e => e.EntityType == nameof(AppUser) && e.EntityId == userId).OrderBy(e => e.Sequence).ToListAsync());

    private static string KeyOf(string twoFactorPage)
    {
        var key = SecretPattern().Match(twoFactorPage);
        Assert.True(key.Success, "no otpauth secret on the page");
        return key.Groups[1].Value;
    }

    private static List<string> RecoveryCodesOf(string twoFactorPage) =>
        [.. RecoveryCodePattern().Matches(twoFactorPage).Select(m => m.Groups[1].Value)];

    /// <summary>Sets up two-factor for the user through the page, as a person with a phone would; returns the key and the recovery codes.</summary>
    private static async Task<(string Key, List<string> Codes)> EnableTwoFactorAsync(AppFactory app, string userName)
    {
        using var client = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);
        await client.PostFormAsync("/Account/TwoFactor?handler=ResetKey", [], formPage: "/Account/TwoFactor");
        var key = KeyOf(await client.GetStringAsync("/Account/TwoFactor"));
        var enabled = await client.PostFormAsync("/Account/TwoFactor?handler=Enable", new() { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) }, formPage: "/Account/TwoFactor");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        var codes = RecoveryCodesOf(await client.GetStringAsync("/Account/TwoFactor"));
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    private static async Task<TestClient> SignedInWithTwoFactorAsync(AppFactory app, string userName, string key)
    {
        var client = TestClient.For(app);
        await client.SignInAsync(userName, AppFactory.UserPassword);
        var signedIn = await client.PostFormAsync("/Account/LoginWith2fa", new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    // ── login rate limit and session lifetime ───────────────────────────────────────────────────────────────────────

    [Theory, ClassData(typeof(Providers))]
    public async Task Sign_in_requests_beyond_the_limit_per_minute_are_refused_with_a_chinese_page_and_other_pages_still_answer(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider, configure: b => b.UseSetting("Security:LoginAttemptsPerMinute", "6"));
        var userName = await app.CreateUserAsync(Roles.Organization);
        using var client = TestClient.For(app);
        // each attempt is two requests of the login page (the form, then the post): three wrong attempts use the six of this minute
        for (var i = 0; i < 3; i++)
        {
            var attempt = await client.SignInAsync(userName, "wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        }

        var refused = await client.Http.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("操作过于频繁", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.Http.GetAsync("/Account/ForgotPassword")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/healthz")).StatusCode);
        // three failures, not five: the limit, not the lockout, stopped the fourth attempt
        var failures = await app.WithScopeAsync(async s => (await s.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName))!.AccessFailedCount);
        Assert.Equal(3, failures);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_session_expires_eight_hours_after_its_last_use(DbProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppFactory.CreateAsync(provider,
            configure: b => b.ConfigureServices(s => s.Configure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o => o.TimeProvider = clock)));
        var userName = await app.CreateUserAsync(Roles.Expert);
        using var session = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/api/v1/me")).StatusCode);

        // used again within the eight hours: still signed in (and the sliding window renews the cookie)
        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/api/v1/me")).StatusCode);
        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/api/v1/me")).StatusCode);

        // then left alone for more than eight hours: the session is over
        clock.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Http.GetAsync("/api/v1/me")).StatusCode);
        var page = await session.Http.GetAsync("/Experts/Tasks");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>The security-stamp validator of this app reads <paramref name="clock"/> (sessions are re-checked every minute).</summary>
    private static Action<IWebHostBuilder> StampChecksOn(FakeTimeProvider clock) =>
        b => b.ConfigureServices(s => s.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = clock));

    /// <summary>Two minutes after now on the validator's clock: every session's next request has its stamp checked.</summary>
    private static void StampCheckIsDue(FakeTimeProvider clock) => clock.SetUtcNow(DateTimeOffset.UtcNow.AddMinutes(2));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"")]
    private static partial Regex AntiforgeryValue();

    [GeneratedRegex(@"https?://\S+/Account/ResetPassword\?\S+")]
    private static partial Regex ResetLinkPattern();

    [GeneratedRegex("secret=([A-Z2-7]+)")]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})</code></li>")]
    private static partial Regex RecoveryCodePattern();
}
