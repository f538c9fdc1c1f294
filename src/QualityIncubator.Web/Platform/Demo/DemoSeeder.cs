using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Platform.Demo;

/// <summary>The clearly labelled demo programme (演示) with fictional organizations and experts.</summary>
public sealed class DemoSeeder(AppDbContext db, UserManager<AppUser> users, CaseWorkflow workflow, TimeProvider clock)
{
    public const string Marker = "（演示）";

    // Fictional organizations: the first 17 characters are made up; the check character is computed (GB 32100).
    private static readonly (string Name, string First17)[] DemoOrganizations =
    [
        ("演示·松江精密机械有限公司", "91310117MA1K00001"),
        ("演示·九亭智能传感科技有限公司", "91310117MA1K00002"),
        ("演示·洞泾生物医药股份有限公司", "91310117MA1K00003"),
        ("演示·车墩新材料有限公司", "91310117MA1K00004"),
        ("演示·泗泾物流服务有限公司", "91310117MA1K00005"),
        ("演示·佘山文旅发展有限公司", "91310117MA1K00006"),
    ];

    private static readonly (string UserName, string Name)[] DemoExperts =
    [
        ("demo-expert1", "演示专家·王卓越"),
        ("demo-expert2", "演示专家·李质量"),
        ("demo-expert3", "演示专家·张标准"),
    ];

    public async Task SeedAsync()
    {
        if (await db.Programmes.AnyAsync(p => p.IsDemo))
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var year = ChinaTimeYear(now);
        var programme = new Programme
        {
            Year = year,
            Title = $"{year}年度松江区政府质量奖培育孵化计划{Marker}",
            Description = "演示数据：本计划及其中的组织、专家均为虚构，仅用于体验平台功能。",
            IsDemo = true,
            Stage = ProgrammeStage.Mobilization,
            CreatedAt = now,
        };
        var start = new DateOnly(year, 3, 1);
        var offsets = new[] { (0, 30), (15, 45), (31, 60), (61, 120), (121, 180), (181, 240), (241, 270), (271, 300), (301, 320) };
        for (var i = 0; i < ProgrammeStages.Scheduled.Length; i++)
        {
            programme.Schedule.Add(new ProgrammeStageWindow
            {
                ProgrammeId = programme.Id, Stage = ProgrammeStages.Scheduled[i],
                StartsOn = start.AddDays(offsets[i].Item1), EndsOn = start.AddDays(offsets[i].Item2),
            });
        }
        db.Programmes.Add(programme);

        var password = AdminBootstrap.GeneratePassword();
        var organizations = new List<Organization>();
        foreach (var (name, first17) in DemoOrganizations)
        {
            var code = CreditCode.WithCheckCharacter(first17);
            var organization = await db.Organizations.FirstOrDefaultAsync(o => o.CreditCode == code)
                ?? db.Organizations.Add(new Organization { Name = name, CreditCode = code, IsDemo = true, CreatedAt = now }).Entity;
            organizations.Add(organization);
            workflow.Open(programme.Id, organization.Id, "演示数据");
        }
        await db.SaveChangesAsync();

        for (var i = 0; i < organizations.Count; i++)
        {
            await EnsureUserAsync($"demo-org{i + 1}", $"{organizations[i].Name}联系人", Roles.Organization, password, organizations[i].Id);
        }
        foreach (var (userName, name) in DemoExperts)
        {
            await EnsureUserAsync(userName, name, Roles.Expert, password, null);
        }
        Console.WriteLine("================================================================");
        Console.WriteLine($" 已加载演示培育计划 / demo programme loaded: {programme.Title}");
        Console.WriteLine($"   演示组织账号 demo-org1 … demo-org{organizations.Count}，演示专家账号 demo-expert1 … demo-expert{DemoExperts.Length}");
        Console.WriteLine($"   演示账号共用密码 shared demo password: {password}");
        Console.WriteLine("================================================================");
    }

    private static int ChinaTimeYear(DateTime utc) => Web.ChinaTime.ToLocal(utc).Year;

    private async Task EnsureUserAsync(string userName, string displayName, string role, string password, Guid? organizationId)
    {
        if (await users.FindByNameAsync(userName) is not null)
        {
            return;
        }
        var user = new AppUser { UserName = userName, DisplayName = displayName, OrganizationId = organizationId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("；", result.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, role);
    }
}
