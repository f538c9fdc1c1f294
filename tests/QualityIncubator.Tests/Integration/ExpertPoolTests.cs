using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.2: the Office keeps the expert pool; an expert keeps their profile, availability and conflicts, and signs the programme pledge.</summary>
public sealed class ExpertPoolTests(AppFactories factories)
{
    private static Dictionary<string, string?> Form(string name, string version = "0") => new()
    {
        ["Input.Name"] = name, ["Input.Employer"] = "上海某大学", ["Input.Title"] = "教授", ["Input.Mobile"] = "139 0000 1111", ["Input.Email"] = "expert@example.cn",
        ["Input.Industries"] = "C", ["Input.Specialties"] = "精益管理、六西格玛", ["Input.IsReportReviewer"] = "true", ["Input.IsSiteCoach"] = "true",
        ["Input.ExaminerCertificate"] = "全国质量奖评审员", ["Input.YearsOfExperience"] = "12", ["Input.Status"] = "Active", ["Input.Version"] = version,
    };

    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_adds_an_expert_opens_a_login_and_records_a_conflict(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var name = "专家" + Guid.NewGuid().ToString("N")[..6];
        var noRole = Form(name);
        noRole.Remove("Input.IsReportReviewer");
        noRole.Remove("Input.IsSiteCoach");
        noRole["Input.Mobile"] = "12345";
        var refused = await office.PostFormAsync("/Experts/Edit?handler=Save", noRole, formPage: "/Experts/Edit");
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请至少选择一种专家类别", refusedHtml);
        Assert.Contains("手机应为11位手机号码", refusedHtml);
        Assert.Contains($"value=\"{name}\"", refusedHtml);

        var created = await office.PostFormAsync("/Experts/Edit?handler=Save", Form(name), formPage: "/Experts/Edit");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        Assert.Contains($">{name}</a>", await office.GetStringAsync($"/Experts?role=SiteCoach&industry=C&q={name}"));
        Assert.DoesNotContain($">{name}</a>", await office.GetStringAsync($"/Experts?role=Lecturer&q={name}"));

        var userName = "exp-" + Guid.NewGuid().ToString("N")[..8];
        var login = await office.PostFormAsync($"{page}?handler=CreateLogin", new() { ["userName"] = userName }, formPage: page);
        var password = WebUtility.HtmlDecode(Regex.Match(await login.Content.ReadAsStringAsync(), "<code id=\"initial-password\">([^<]+)</code>").Groups[1].Value);
        Assert.Equal(20, password.Length);

        var conflict = await office.PostFormAsync($"{page}?handler=AddConflict", new() { ["Conflict.Kind"] = "Organization", ["Conflict.CreditCode"] = "91350100M000100Y43", ["Conflict.Note"] = "担任独立董事" }, formPage: page);
        Assert.Equal(HttpStatusCode.Redirect, conflict.StatusCode);
        Assert.Contains("担任独立董事", await office.GetStringAsync(page));

        using var expert = await TestClient.SignedInAsync(app, userName, password);
        var me = await expert.GetStringAsync("/Experts/Me");
        Assert.Contains(name, me);
        Assert.Contains("担任独立董事", me);
        Assert.Contains("区评审办", me);
        Assert.DoesNotContain("RemoveConflict", me);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_expert_keeps_their_profile_and_availability_and_a_stale_office_edit_is_refused(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var (userName, expertId) = await ExpertAsync(app);
        using var expert = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);
        var saved = await expert.PostFormAsync("/Experts/Me?handler=Save", new()
        {
            ["Input.Name"] = "被忽略的姓名", ["Input.Employer"] = "上海质量研究院", ["Input.Mobile"] = "13900001111", ["Input.Industries"] = "I", ["Input.Version"] = "0",
            ["Input.IsLecturer"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var record = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Experts.AsNoTracking().SingleAsync(e => e.Id == expertId));
        Assert.Equal("上海质量研究院", record.Employer);
        Assert.Equal("I", record.Industries);
        Assert.Equal("测试专家", record.Name);
        Assert.False(record.IsLecturer);

        // a day ahead (a day already past is refused)
        var day = Web.Platform.Web.ChinaTime.Today(TimeProvider.System).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var date = await expert.PostFormAsync("/Experts/Me?handler=AddDate", new() { ["date"] = day, ["note"] = "出差" }, formPage: "/Experts/Me");
        Assert.Equal(HttpStatusCode.Redirect, date.StatusCode);
        Assert.Contains(day, await expert.GetStringAsync("/Experts/Me"));

        using var office = await TestClient.OfficeAsync(app);
        var stale = await office.PostFormAsync($"/Experts/Edit/{expertId}?handler=Save", Form("测试专家", "0"), formPage: $"/Experts/Edit/{expertId}");
        Assert.Contains("该记录已被他人修改", await stale.Content.ReadAsStringAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_pledge_is_signed_once_per_programme_with_time_and_text_version(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync();
        var (userName, expertId) = await ExpertAsync(app);
        using var expert = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);
        Assert.Contains("廉洁自律", await expert.GetStringAsync($"/Experts/Pledge/{programme}"));
        var unticked = await expert.PostFormAsync($"/Experts/Pledge/{programme}", []);
        Assert.Contains("请先勾选", await unticked.Content.ReadAsStringAsync());
        Assert.False(await app.WithScopeAsync(s => Pledge.IsSignedAsync(s.GetRequiredService<AppDbContext>(), expertId, programme)));

        Assert.Equal(HttpStatusCode.Redirect, (await expert.PostFormAsync($"/Experts/Pledge/{programme}", new() { ["agree"] = "true" })).StatusCode);
        Assert.Contains("您已于", await expert.GetStringAsync($"/Experts/Pledge/{programme}"));
        var pledge = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExpertPledges.AsNoTracking().SingleAsync(p => p.ExpertId == expertId));
        Assert.Equal(Pledge.Version, pledge.TextVersion);
        Assert.Equal(Pledge.Sha256, pledge.TextSha256);
        Assert.True(await app.WithScopeAsync(s => Pledge.IsSignedAsync(s.GetRequiredService<AppDbContext>(), expertId, programme)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_expert_removes_only_their_own_declarations(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var (userName, expertId) = await ExpertAsync(app);
        var officeConflict = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var c = new ExpertConflict { ExpertId = expertId, Kind = ConflictKind.Other, Note = "区评审办发现的关系", DeclaredByOffice = true, CreatedAt = DateTime.UtcNow };
            db.ExpertConflicts.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        using var expert = await TestClient.SignedInAsync(app, userName, AppFactory.UserPassword);
        var missing = await expert.PostFormAsync("/Experts/Me?handler=AddConflict", new() { ["Conflict.Kind"] = "Other" }, formPage: "/Experts/Me");
        Assert.Contains("请说明与哪个组织有何种关系", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await expert.PostFormAsync("/Experts/Me?handler=AddConflict", new() { ["Conflict.Kind"] = "FormerEmployer", ["Conflict.OrganizationName"] = "旧东家有限公司", ["Conflict.From"] = "2015-01-01", ["Conflict.To"] = "2024-12-31" }, formPage: "/Experts/Me")).StatusCode);
        var own = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExpertConflicts.Where(c => c.ExpertId == expertId && !c.DeclaredByOffice).Select(c => c.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await expert.PostFormAsync("/Experts/Me?handler=RemoveConflict", new() { ["conflictId"] = officeConflict.ToString() }, formPage: "/Experts/Me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await expert.PostFormAsync("/Experts/Me?handler=RemoveConflict", new() { ["conflictId"] = own.ToString() }, formPage: "/Experts/Me")).StatusCode);
        Assert.Equal([officeConflict], await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExpertConflicts.Where(c => c.ExpertId == expertId).Select(c => c.Id).ToListAsync()));
    }

    private static async Task<(string UserName, Guid ExpertId)> ExpertAsync(AppFactory app)
    {
        var userName = await app.CreateUserAsync(Web.Platform.Identity.Roles.Expert);
        var id = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var expert = new Expert { Name = "测试专家", UserId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(), IsReportReviewer = true, CreatedAt = DateTime.UtcNow };
            db.Experts.Add(expert);
            await db.SaveChangesAsync();
            return expert.Id;
        });
        return (userName, id);
    }
}
