using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Demo;

namespace QualityIncubator.Tests.Integration;

/// <summary>`--demo`: a clearly labelled demo programme with fictional organizations whose credit codes pass the check; loading twice adds nothing.</summary>
public sealed class DemoTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task The_demo_programme_is_labelled_valid_and_loaded_once(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        await app.WithScopeAsync(s => s.GetRequiredService<DemoSeeder>().SeedAsync());
        await app.WithScopeAsync(s => s.GetRequiredService<DemoSeeder>().SeedAsync());
        var (programmes, orgs, applications, call) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Programmes.AsNoTracking().Where(p => p.IsDemo).ToListAsync(), await db.Organizations.AsNoTracking().Where(o => o.IsDemo).ToListAsync(),
                await db.Applications.AsNoTracking().CountAsync(), await db.ApplicationCalls.AsNoTracking().SingleAsync());
        });
        var programme = Assert.Single(programmes);
        Assert.Contains("演示", programme.Title);
        Assert.Equal(6, orgs.Count);
        Assert.All(orgs, o => Assert.True(CreditCode.IsValid(o.CreditCode), o.CreditCode));
        Assert.All(orgs, o => Assert.StartsWith("演示", o.Name, StringComparison.Ordinal));
        Assert.Equal(4, applications);
        Assert.NotNull(call.PublishedAt);

        using var office = await TestClient.OfficeAsync(app);
        var list = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme.Id}/applications");
        Assert.Equal(4, list.GetProperty("total").GetInt32());
        Assert.Contains("演示", await office.GetStringAsync("/"));
        using var anonymous = TestClient.For(app);
        Assert.Contains(programme.Title, await anonymous.GetStringAsync("/Calls"));
        // the standard's courses are ready, each with one session (4.3.3, 4.5.2, 4.5.4)
        var courses = await office.GetStringAsync($"/Courses/{programme.Id}");
        Assert.Contains("GB/T 19580 概述", courses);
        Assert.Contains("5S现场管理", courses);
        Assert.Equal(Web.Courses.CoursePresets.All.Count, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Web.Courses.CourseSession>().CountAsync()));
    }
}
