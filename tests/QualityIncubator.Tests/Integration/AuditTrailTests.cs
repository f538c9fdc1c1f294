using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Tests.Integration;

/// <summary>The audit trail is append-only and hash-chained: tampering in the database is found by the verifier. (The client address is checked by the browser test: the in-memory test server has none.)</summary>
public sealed class AuditTrailTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task The_chain_verifies_and_an_edit_made_directly_in_the_database_is_found(DbProvider provider)
    {
        // A database of its own: tampering must not disturb the shared one.
        await using var app = await AppFactory.CreateAsync(provider);
        var programme = await app.CreateProgrammeAsync();
        await app.CreateCaseAsync(programme);
        using var office = await TestClient.OfficeAsync(app);

        var intact = await office.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.True(intact.GetProperty("intact").GetBoolean());
        var count = intact.GetProperty("verifiedCount").GetInt64();
        Assert.True(count >= 4, $"only {count} events");

        var target = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var e = await db.AuditEvents.AsNoTracking().OrderBy(a => a.Sequence).Skip(2).FirstAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEvents\" SET \"ActorName\" = {"篡改者"} WHERE \"Sequence\" = {e.Sequence}");
            return e.Sequence;
        });

        var broken = await office.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(target, broken.GetProperty("brokenAt").GetInt64());
        var page = await office.PostFormAsync("/Audit?handler=Verify", [], formPage: "/Audit");
        Assert.Contains($"第 {target} 条记录的内容与其哈希不符", await page.Content.ReadAsStringAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Audit_events_cannot_be_changed_or_deleted_through_the_application(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        await app.CreateProgrammeAsync();
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var e = await db.AuditEvents.OrderBy(a => a.Sequence).FirstAsync();
            e.ActorName = "改写";
            var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("只能追加", changed.Message);
            db.Entry(e).State = EntityState.Unchanged;
            db.AuditEvents.Remove(e);
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        });
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Parallel_writers_keep_one_unbroken_chain(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => app.CreateProgrammeAsync(title: $"并发{i}")));
        var result = await app.WithScopeAsync(s => AuditVerifier.VerifyAsync(s.GetRequiredService<AppDbContext>()));
        Assert.True(result.Intact, result.Message);
        Assert.True(result.VerifiedCount >= 12);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_verify_command_exits_zero_on_an_intact_chain(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        await app.CreateProgrammeAsync();
        var result = await app.WithScopeAsync(s => AuditVerifier.VerifyAsync(s.GetRequiredService<AppDbContext>()));
        Assert.True(result.Intact);
        Assert.Contains("全部校验通过", result.Message);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Who_changed_what_from_where_is_recorded_with_before_and_after(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var id = await app.CreateProgrammeAsync(title: "改名前");
        var put = await office.SendJsonAsync(HttpMethod.Put, $"/api/v1/programmes/{id}", new { year = 2026, title = "改名后", version = 0 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var page = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityType=Programme&entityId={id}&action=Updated");
        var e = page.GetProperty("items")[0];
        Assert.Equal("区评审办管理员（admin）", e.GetProperty("actorName").GetString());
        Assert.Contains("改名前", e.GetProperty("before").GetString());
        Assert.Contains("改名后", e.GetProperty("after").GetString());
    }
}
