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

        var today = Web.ChinaTime.Today(clock);
        db.ApplicationCalls.Add(new ApplicationCall
        {
            ProgrammeId = programme.Id, OpensOn = today.AddDays(-10), ClosesOn = today.AddDays(60), PublishedAt = now,
            Html = "<p>（演示）松江区政府质量奖培育孵化计划现接受申报，欢迎符合条件的组织注册并填写《松江区政府质量奖培育孵化项目申请书》。</p>",
            Requirements = Applications.CallModel.DefaultRequirements, Contact = "区评审办（演示）021-00000000",
        });

        var password = AdminBootstrap.GeneratePassword();
        var organizations = new List<Organization>();
        var index = 0;
        foreach (var (name, first17) in DemoOrganizations)
        {
            var code = CreditCode.WithCheckCharacter(first17);
            var organization = await db.Organizations.FirstOrDefaultAsync(o => o.CreditCode == code)
                ?? db.Organizations.Add(new Organization { Name = name, CreditCode = code, IsDemo = true, CreatedAt = now, ContactName = "演示联系人", ContactMobile = $"1380000000{index}" }).Entity;
            organizations.Add(organization);
            // Four of the six have submitted Appendix A; the other two have not applied yet.
            if (index < 4)
            {
                var application = new Application
                {
                    ProgrammeId = programme.Id, OrganizationId = organization.Id, OrganizationName = name, CreditCode = code,
                    Status = ApplicationStatus.Submitted, CreatedAt = now, UpdatedAt = now, SubmittedAt = now.AddHours(-index),
                };
                DemoForm(index).ApplyTo(application);
                application.CaseId = workflow.Open(programme.Id, organization.Id, "演示数据").Id;
                db.Applications.Add(application);
            }
            index++;
        }
        // 4.3.3 / 4.5.2 / 4.5.4: the standard's courses, each with a session in its stage's window
        var order = 0;
        foreach (var preset in Courses.CoursePresets.All)
        {
            var course = new Courses.Course
            {
                ProgrammeId = programme.Id, Stage = preset.Stage, Kind = preset.Kind, Title = preset.Title, Description = preset.Description, Topic = preset.Topic,
                SortOrder = ++order, CreatedAt = now,
            };
            var day = start.AddDays((preset.Stage == Courses.CourseStage.Awareness ? offsets[2].Item1 : offsets[4].Item1) + order * 2);
            course.Sessions.Add(new Courses.CourseSession
            {
                CourseId = course.Id, ProgrammeId = programme.Id, StartsAt = Web.ChinaTime.ToUtc(day.ToDateTime(new TimeOnly(9, 0))),
                EndsAt = Web.ChinaTime.ToUtc(day.ToDateTime(new TimeOnly(11, 30))), Place = "松江区市场监管局培训室（演示）", Capacity = 60,
            });
            db.Add(course);
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

    private static ApplicationInput DemoForm(int i) => new()
    {
        LegalRepresentative = "演示法人" + (i + 1), Address = $"上海市松江区{(i % 2 == 0 ? "九亭镇" : "车墩镇")}演示路{i + 1}号", Phone = "021-5781000" + i,
        ContactName = "演示联系人", ContactDepartment = "质量管理部", ContactPhone = $"1380000000{i}", ContactEmail = $"demo{i + 1}@example.invalid",
        EstablishedOn = new DateOnly(2012 + i * 3, 3, 1), EconomicTypeCode = "E07", IndustryCode = i == 3 ? "G" : "C",
        TotalAssets = 20000m - i * 3000m, LastYearRevenue = 15000m - i * 2500m, LastYearTax = 800m - i * 100m, LastYearNetProfit = i == 2 ? -35.5m : 1200m - i * 200m,
        EmployeeCount = 600 - i * 120, RdStaffCount = 80 - i * 10, DistrictCode = i % 2 == 0 ? "T-九亭" : "T-车墩",
        HasMajorAccident = false, HasMajorComplaintOrDishonesty = false, HasViolationThisYear = i == 2, HasKpiSystem = i != 3,
        PriorityIndustryCode = i switch { 0 => "SH-HEE", 1 => "SJ-AI", 2 => "SH-BIO", _ => null },
        Certifications = i == 3 ? [] : [new CertificationInput { StandardCode = "ISO9001", CertificateNumber = $"DEMO-QMS-{i + 1:000}", ExpiresOn = new DateOnly(2028, 6, 30) }],
        Honours = i == 0 ? [new HonourInput { Name = "松江区质量奖提名奖（演示）", Level = HonourLevel.District, Year = 2025 }] : [],
    };

    private static int ChinaTimeYear(DateTime utc) => Web.ChinaTime.ToLocal(utc).Year;

    private async Task EnsureUserAsync(string userName, string displayName, string role, string password, Guid? organizationId)
    {
        if (await users.FindByNameAsync(userName) is not null)
        {
            return;
        }
        var user = new AppUser { UserName = userName, DisplayName = displayName, OrganizationId = organizationId, IsOrganizationAdmin = organizationId is not null, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("；", result.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, role);
    }
}
