using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Archive;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// Nothing lost under load: 200 organizations submit their applications at the same moment from parallel clients, each twice (a double
/// click), and every application arrives exactly once with one case; two web instances on one database write a sealed programme's
/// package once, and neither finds a seal half-saved.
/// </summary>
public sealed class ConcurrencyTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task Two_hundred_organizations_submitting_at_once_each_twice_arrive_exactly_once(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        await using var second = app.SecondInstance();
        const int count = 200;
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            db.ApplicationCalls.Add(new ApplicationCall { ProgrammeId = programme, Html = "<p>并发申报</p>", OpensOn = today.AddDays(-1), ClosesOn = today.AddDays(10), PublishedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        var organizations = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var list = Enumerable.Range(0, count).Select(i => new Organization
            {
                Name = $"并发申报{i:000}有限公司", CreditCode = TestData.NewCreditCode(), ContactName = "张三", ContactMobile = "13812345678", CreatedAt = DateTime.UtcNow,
            }).ToList();
            db.Organizations.AddRange(list);
            await db.SaveChangesAsync();
            return list.Select(o => (o.Id, o.Name, o.CreditCode)).ToList();
        });
        // one login per organization (the password hashed once and shared, so the test spends its time on the submissions)
        var users = await app.WithScopeAsync(async s =>
        {
            var manager = s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var hash = manager.PasswordHasher.HashPassword(new AppUser(), AppFactory.UserPassword);
            var names = new List<string>();
            foreach (var (id, name, _) in organizations)
            {
                var user = new AppUser { UserName = "bf-" + id.ToString("N")[16..], DisplayName = name, Email = $"{id:N}@example.invalid", OrganizationId = id, PasswordHash = hash };
                Assert.True((await manager.CreateAsync(user)).Succeeded);
                Assert.True((await manager.AddToRoleAsync(user, Roles.Organization)).Succeeded);
                names.Add(user.UserName);
            }
            return names;
        });
        var clients = new ConcurrentBag<TestClient>();
        // half the organizations go through one instance, half through the other
        await Parallel.ForEachAsync(users.Select((u, i) => (u, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (x, _) =>
            clients.Add(await TestClient.SignedInAsync(x.i % 2 == 0 ? app : second, x.u, AppFactory.UserPassword)));

        var outcomes = new ConcurrentBag<HttpStatusCode>();
        using var start = new ManualResetEventSlim();
        // 200 clients, 32 sending at any moment (a busy morning at the deadline), each sending its form twice at once
        using var inFlight = new SemaphoreSlim(32);
        var submissions = clients.Select(client => Task.Run(async () =>
        {
            var input = ApplicationRulesTests.Complete();
            input.Version = 0;
            var token = await client.CsrfTokenAsync();
            start.Wait();
            await inFlight.WaitAsync();
            // the same form sent twice at once
            var twice = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/programmes/{programme}/application/submit") { Content = JsonContent.Create(input) };
                request.Headers.Add("X-CSRF-TOKEN", token);
                return (await client.Http.SendAsync(request)).StatusCode;
            }));
            inFlight.Release();
            foreach (var status in twice)
            {
                outcomes.Add(status);
            }
        })).ToList();
        start.Set();
        try
        {
            await Task.WhenAll(submissions);
        }
        catch (Exception ex)
        {
            Assert.Fail(ex.Message + "\n" + string.Join("\n", app.ServerErrors.Concat(second.ServerErrors).Take(5)));
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }

        Assert.True(!outcomes.Any(s => (int)s >= 500), string.Join("\n", app.ServerErrors.Concat(second.ServerErrors).Take(3)));
        Assert.True(outcomes.Count(s => s == HttpStatusCode.OK) >= count, string.Join(",", outcomes.GroupBy(s => s).Select(g => $"{g.Key}×{g.Count()}")));
        var (applications, cases, chain) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Applications.Where(a => a.ProgrammeId == programme).Select(a => new { a.OrganizationId, a.Status, a.CaseId }).ToListAsync(),
                await db.Cases.Where(c => c.ProgrammeId == programme).Select(c => c.OrganizationId).ToListAsync(),
                await AuditVerifier.VerifyAsync(db));
        });
        Assert.Equal(count, applications.Count);
        Assert.Equal(count, applications.Select(a => a.OrganizationId).Distinct().Count());
        Assert.All(applications, a => Assert.Equal(ApplicationStatus.Submitted, a.Status));
        Assert.Equal(count, cases.Count);
        Assert.Equal(count, cases.Distinct().Count());
        Assert.True(chain.Intact, chain.Message);
        TestContext.Current.TestOutputHelper?.WriteLine($"{provider}: {outcomes.Count} requests, {outcomes.Count(s => s == HttpStatusCode.OK)} accepted, "
            + $"{count} applications and {cases.Count} cases stored, audit chain intact");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Two_instances_write_a_sealed_programmes_package_once(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        await using var second = app.SecondInstance();
        var (programme, version) = await SealableProgrammeAsync(app, "两实例归档计划", "两实例组织");
        using var office = await TestClient.OfficeAsync(app);
        var sealing = await office.PostJsonAsync($"/api/v1/programmes/{programme}/archive/seal", new { retentionYears = 5, version });
        Assert.Equal(HttpStatusCode.OK, sealing.StatusCode);
        // the second instance is woken too: both builders look for waiting packages
        second.Services.GetRequiredService<ArchiveQueue>().Signal();
        for (var i = 0; i < 600; i++)
        {
            if (await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<ProgrammeArchive>().AnyAsync(a => a.ProgrammeId == programme && a.Status == ArchiveStatus.Ready)))
            {
                break;
            }
            await Task.Delay(200);
        }
        // wait for any second build to have had its chance, then count
        await Task.WhenAll(
            app.Services.GetRequiredService<ArchiveBuilder>().BuildNextAsync(CancellationToken.None),
            second.Services.GetRequiredService<ArchiveBuilder>().BuildNextAsync(CancellationToken.None));
        var built = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEvents
            .CountAsync(e => e.ProgrammeId == programme && e.Action == AuditActions.ArchiveBuilt));
        Assert.Equal(1, built);
        var view = await office.Http.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}/archive");
        Assert.Equal("Ready", view.GetProperty("archive").GetProperty("status").GetString());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_builder_looking_while_a_seal_is_being_saved_finds_nothing_and_the_package_ends_at_the_seal(DbProvider provider)
    {
        // 6.1 the seal is saved twice (the seal, then where its audit trail ends): another instance's builder looks between the two
        var look = new LookWhileSealing();
        await using var app = await AppFactory.CreateAsync(provider, configure: look.Register);
        await using var second = app.SecondInstance();
        look.Builder = second.Services.GetRequiredService<ArchiveBuilder>();
        var (programme, version) = await SealableProgrammeAsync(app, "封存中途计划", "封存中途组织");
        using var office = await TestClient.OfficeAsync(app);
        var sealing = await office.PostJsonAsync($"/api/v1/programmes/{programme}/archive/seal", new { retentionYears = 5, version });
        Assert.Equal(HttpStatusCode.OK, sealing.StatusCode);
        Assert.Equal([false], look.Found);
        for (var i = 0; i < 600; i++)
        {
            if (await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<ProgrammeArchive>().AnyAsync(a => a.ProgrammeId == programme && a.Status == ArchiveStatus.Ready)))
            {
                break;
            }
            await Task.Delay(200);
        }
        var (cutoff, sealedAt, builtAt) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var archive = await db.Set<ProgrammeArchive>().AsNoTracking().SingleAsync(a => a.ProgrammeId == programme);
            var events = await db.AuditEvents.AsNoTracking().Where(e => e.ProgrammeId == programme).Select(e => new { e.Action, e.Sequence }).ToListAsync();
            return (archive.AuditSequence, events.Single(e => e.Action == AuditActions.Sealed).Sequence,
                events.Single(e => e.Action == AuditActions.ArchiveBuilt).Sequence);
        });
        Assert.InRange(cutoff, sealedAt, builtAt - 1);
    }

    /// <summary>A programme in the archive stage with one organization and an approved summary: ready to seal (6.1); its version.</summary>
    private static async Task<(Guid Programme, long Version)> SealableProgrammeAsync(AppFactory app, string title, string organization)
    {
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Archive, title);
        await app.CreateCaseAsync(programme, organization);
        return (programme, await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.Add(new ProgrammeSummary
            {
                ProgrammeId = programme, OverallEvaluation = "好", CourseSetupEvaluation = "好", SiteVisitEvaluation = "好", ShowcaseEvaluation = "好",
                FormsEvaluation = "好", ImprovementSuggestions = "无", Status = SummaryStatus.Approved, ApprovedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            return await db.Programmes.Where(p => p.Id == programme).Select(p => p.Version).SingleAsync();
        }));
    }

    /// <summary>
    /// Between the save that adds a programme's archive record and the request's next command, lets another instance's package builder
    /// look for work (with a time limit: a builder that waits on the sealing request's locks fails the test instead of hanging it).
    /// </summary>
    private sealed class LookWhileSealing : DbCommandInterceptor, ISaveChangesInterceptor
    {
        private DbContext? _adding;
        private DbContext? _saved;
        public ArchiveBuilder? Builder { get; set; }
        public ConcurrentQueue<bool> Found { get; } = new();

        public void Register(IWebHostBuilder builder) => builder.ConfigureServices(services =>
        {
            services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(this));
        });

        public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
        {
            if (Found.IsEmpty && eventData.Context!.ChangeTracker.Entries<ProgrammeArchive>().Any(e => e.State == EntityState.Added))
            {
                _adding = eventData.Context;
            }
            return ValueTask.FromResult(result);
        }

        public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
        {
            if (_adding is not null && _adding == eventData.Context)
            {
                _adding = null;
                _saved = eventData.Context;
            }
            return ValueTask.FromResult(result);
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken ct = default)
        {
            if (_saved is not null && _saved == eventData.Context && Builder is { } builder)
            {
                _saved = null;
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                Found.Enqueue(await builder.BuildNextAsync(limit.Token));
            }
            return result;
        }
    }
}
