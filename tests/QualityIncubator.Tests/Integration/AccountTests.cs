using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Tests.Integration;

/// <summary>Login, logout, lockout, password change, disabled accounts — through HTTP on a real database.</summary>
public sealed class AccountTests(AppFactories factories)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task Login_page_is_chinese_and_health_checks_the_database(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var client = TestClient.For(app);
        var html = await client.GetStringAsync("/Account/Login");
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<title>登录 - 松江区政府质量奖培育孵化平台</title>", html);
        var health = await client.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_wrong_password_shows_a_chinese_error_and_keeps_the_user_name(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Expert);
        using var client = TestClient.For(app);
        var response = await client.SignInAsync(userName, "wrong-password-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("用户名或密码错误。", html);
        Assert.Contains($"value=\"{userName}\"", html);
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/Programmes")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Five_failures_lock_the_account_even_for_the_right_password(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Organization);
        using var client = TestClient.For(app);
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync(userName, "wrong-password-1");
        }
        var response = await client.SignInAsync(userName, AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("账号已被暂时锁定", await response.Content.ReadAsStringAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Signing_in_and_out_is_audited_and_logout_ends_the_session(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Expert);
        using var client = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);
        Assert.Contains("工作台", await client.GetStringAsync("/"));
        var logout = await client.PostFormAsync("/Account/Logout", [], formPage: "/Account/Logout");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/v1/me")).StatusCode);

        using var office = await TestClient.OfficeAsync(app);
        var audit = await office.GetStringAsync($"/Audit?actor={userName}");
        Assert.Contains("登录", audit);
        Assert.Contains("退出", audit);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_password_change_checks_the_policy_and_the_old_password(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var userName = await app.CreateUserAsync(Roles.Expert);
        using var client = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);

        var weak = await client.PostFormAsync("/Account/ChangePassword", new()
        {
            ["Input.OldPassword"] = AppFactory.UserPassword, ["Input.NewPassword"] = "aaaaaaaaaaaa", ["Input.ConfirmPassword"] = "aaaaaaaaaaaa",
        });
        var weakHtml = await weak.Content.ReadAsStringAsync();
        Assert.Contains("密码必须包含至少一个数字。", weakHtml);

        var wrongOld = await client.PostFormAsync("/Account/ChangePassword", new()
        {
            ["Input.OldPassword"] = "not-my-password-9", ["Input.NewPassword"] = "new-passw0rd-ok", ["Input.ConfirmPassword"] = "new-passw0rd-ok",
        });
        Assert.Contains("密码不正确。", await wrongOld.Content.ReadAsStringAsync());

        var ok = await client.PostFormAsync("/Account/ChangePassword", new()
        {
            ["Input.OldPassword"] = AppFactory.UserPassword, ["Input.NewPassword"] = "new-passw0rd-ok", ["Input.ConfirmPassword"] = "new-passw0rd-ok",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        using var again = TestClient.For(app);
        Assert.Equal(HttpStatusCode.Redirect, (await again.SignInAsync(userName, "new-passw0rd-ok")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_creates_a_user_with_a_one_time_password_and_can_disable_it(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var userName = $"expert-{Guid.NewGuid():N}"[..20];
        var created = await office.PostFormAsync("/Users/Create", new()
        {
            ["Input.UserName"] = userName, ["Input.DisplayName"] = "新专家", ["Input.Email"] = "x@example.invalid", ["Input.Role"] = Roles.Expert,
        });
        var html = await created.Content.ReadAsStringAsync();
        var password = System.Text.RegularExpressions.Regex.Match(html, "<code id=\"initial-password\">([^<]+)</code>").Groups[1].Value;
        Assert.Equal(20, System.Net.WebUtility.HtmlDecode(password).Length);
        using var expert = await TestClient.SignedInAsync(app, userName, System.Net.WebUtility.HtmlDecode(password));

        var list = await office.GetStringAsync($"/Users?q={userName}");
        var id = System.Text.RegularExpressions.Regex.Match(list, "name=\"id\" value=\"([^\"]+)\"").Groups[1].Value;
        var stamp = System.Text.RegularExpressions.Regex.Match(list, "name=\"stamp\" value=\"([^\"]+)\"").Groups[1].Value;
        var toggle = await office.PostFormAsync("/Users?handler=Toggle", new() { ["id"] = id, ["stamp"] = stamp }, formPage: $"/Users?q={userName}");
        Assert.Equal(HttpStatusCode.Redirect, toggle.StatusCode);
        using var again = TestClient.For(app);
        var refused = await again.SignInAsync(userName, System.Net.WebUtility.HtmlDecode(password));
        Assert.Contains("该账号已停用", await refused.Content.ReadAsStringAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_user_list_filtered_by_role_counts_that_roles_holders_with_and_without_a_search(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var first = await app.CreateUserAsync(Roles.Expert);
        await app.CreateUserAsync(Roles.Expert);
        await app.CreateUserAsync(Roles.Organization);
        using var office = await TestClient.OfficeAsync(app);
        foreach (var role in new[] { Roles.Expert, Roles.Organization, Roles.Office })
        {
            var holders = await app.WithScopeAsync(s =>
            {
                var db = s.GetRequiredService<Web.Platform.Data.AppDbContext>();
                return db.UserRoles.CountAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role));
            });
            Assert.True(holders > 0, role);
            var list = await office.GetStringAsync($"/Users?role={role}");
            Assert.Contains($"共 {holders} 条，第 1 / {(holders + 19) / 20} 页", list);
        }
        // with a search too, the list counts the users it keeps
        var searched = await office.GetStringAsync($"/Users?role={Roles.Expert}&q={first}");
        Assert.Contains(first, searched);
        Assert.Contains("共 1 条，第 1 / 1 页", searched);
        Assert.Contains("没有符合条件的用户。", await office.GetStringAsync($"/Users?role={Roles.Organization}&q={first}"));
    }
}
