using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace QualityIncubator.Web.Platform.Identity;

public sealed class BootstrapOptions
{
    public string AdminUserName { get; set; } = "admin";
    public string AdminEmail { get; set; } = "admin@example.invalid";
    public string AdminDisplayName { get; set; } = "区评审办管理员";

    /// <summary>When empty, a strong random password is generated and printed once.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary>Creates the roles and, when no Office account exists yet, the first Office administrator.</summary>
public sealed class AdminBootstrap(UserManager<AppUser> users, RoleManager<IdentityRole> roles, TimeProvider clock, ILogger<AdminBootstrap> log)
{
    public async Task<string?> EnsureAsync(BootstrapOptions options)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
        if ((await users.GetUsersInRoleAsync(Roles.Office)).Count > 0 || await users.Users.AnyAsync(u => u.UserName == options.AdminUserName))
        {
            return null;
        }
        var generated = string.IsNullOrWhiteSpace(options.AdminPassword);
        var password = generated ? GeneratePassword() : options.AdminPassword!;
        var admin = new AppUser
        {
            UserName = options.AdminUserName,
            Email = options.AdminEmail,
            EmailConfirmed = true,
            DisplayName = options.AdminDisplayName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("无法创建管理员账号：" + string.Join("；", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(admin, Roles.Office);
        if (generated)
        {
            // Printed once, to the console only: it is never stored in clear anywhere.
            Console.WriteLine("================================================================");
            Console.WriteLine($" 已创建区评审办管理员账号 / Office administrator created");
            Console.WriteLine($"   用户名 user name: {options.AdminUserName}");
            Console.WriteLine($"   初始密码 password: {password}");
            Console.WriteLine(" 此密码只显示这一次，请登录后立即修改。 Shown once: change it after signing in.");
            Console.WriteLine("================================================================");
        }
        else
        {
            log.LogInformation("Office administrator {User} created from configuration", options.AdminUserName);
        }
        return password;
    }

    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!@#$%^&*-_+=";
        const string all = upper + lower + digits + symbols;
        var chars = new List<char>
        {
            upper[RandomNumberGenerator.GetInt32(upper.Length)],
            lower[RandomNumberGenerator.GetInt32(lower.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 20)
        {
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        }
        return new string([.. chars.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue))]);
    }
}
