using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// The programmes' tallies (ProgrammeTallies) the application list reads its counts and its total from: every save keeps them equal to
/// the records, in the save's transaction, on both providers.
/// </summary>
public sealed class ProgrammeTallyTests(AppFactories factories)
{
    /// <summary>Every tally of the programme, and the same counted from its records, as "Subject:Key" → count.</summary>
    public static async Task<(Dictionary<string, int> Tallied, Dictionary<string, int> Counted)> BothAsync(AppFactory app, Guid programmeId) =>
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var tallied = await db.Tallies.AsNoTracking().Where(t => t.ProgrammeId == programmeId && t.Count != 0).ToDictionaryAsync(t => $"{t.Subject}:{t.Key}", t => t.Count);
            var counted = (await db.Applications.AsNoTracking().Where(a => a.ProgrammeId == programmeId)
                    .GroupBy(a => new { a.Status, a.Decision }).Select(g => new { g.Key.Status, g.Key.Decision, Count = g.Count() }).ToListAsync())
                .Select(g => ($"{ProgrammeTallies.Applications}:{ProgrammeTallies.ApplicationKey(g.Status, g.Decision)}", g.Count))
                .Concat((await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId).GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
                    .Select(g => ($"{ProgrammeTallies.Cases}:{g.Key}", g.Count)))
                .Concat((await db.Set<PoolMember>().AsNoTracking().Where(m => m.ProgrammeId == programmeId).GroupBy(m => m.ExitedAt == null).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
                    .Select(g => ($"{ProgrammeTallies.PoolStays}:{(g.Key ? ProgrammeTallies.CurrentStay : ProgrammeTallies.EndedStay)}", g.Count)))
                .ToDictionary(r => r.Item1, r => r.Item2);
            return (tallied, counted);
        });

    /// <summary>Asserts that every tally of the programme is its records counted, and returns the applications' ("Status/Decision" → count).</summary>
    public static async Task<Dictionary<string, int>> AssertTalliedAsync(AppFactory app, Guid programmeId)
    {
        var (tallied, counted) = await BothAsync(app, programmeId);
        Assert.Equal(counted.OrderBy(c => c.Key, StringComparer.Ordinal), tallied.OrderBy(c => c.Key, StringComparer.Ordinal));
        var applications = ProgrammeTallies.Applications + ":";
        return tallied.Where(t => t.Key.StartsWith(applications, StringComparison.Ordinal)).ToDictionary(t => t.Key[applications.Length..], t => t.Value);
    }

    private static Task<Guid> AddAsync(AppFactory app, Guid programmeId, ApplicationStatus status, EligibilityDecision decision = EligibilityDecision.Pending) =>
        app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var organization = new Organization { Name = $"计数测试{Guid.NewGuid():N}"[..12], CreditCode = TestData.NewCreditCode(), CreatedAt = DateTime.UtcNow };
            db.Organizations.Add(organization);
            var application = new Application
            {
                ProgrammeId = programmeId, OrganizationId = organization.Id, OrganizationName = organization.Name, CreditCode = organization.CreditCode,
                Status = status, Decision = decision, SubmittedAt = status == ApplicationStatus.Draft ? null : DateTime.UtcNow,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            return application.Id;
        });

    private static Task ChangeAsync(AppFactory app, Guid id, Action<Application> change) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        change(await db.Applications.SingleAsync(a => a.Id == id));
        await db.SaveChangesAsync();
    });

    [Theory, ClassData(typeof(Providers))]
    public async Task Every_save_that_adds_or_moves_an_application_keeps_its_programmes_tally(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync();
        var other = await app.CreateProgrammeAsync();
        Assert.Empty((await BothAsync(app, programme)).Tallied);

        var draft = await AddAsync(app, programme, ApplicationStatus.Draft);
        var a = await AddAsync(app, programme, ApplicationStatus.Submitted);
        var b = await AddAsync(app, programme, ApplicationStatus.Submitted);
        await AddAsync(app, other, ApplicationStatus.Submitted);
        Assert.Equal(new Dictionary<string, int> { ["Draft/Pending"] = 1, ["Submitted/Pending"] = 2 }, await AssertTalliedAsync(app, programme));

        await ChangeAsync(app, a, x => x.Decision = EligibilityDecision.Eligible);
        await ChangeAsync(app, b, x => x.Status = ApplicationStatus.Returned);
        await ChangeAsync(app, draft, x => x.ContactName = "只改姓名"); // no state change: no tally moves
        Assert.Equal(new Dictionary<string, int> { ["Draft/Pending"] = 1, ["Submitted/Eligible"] = 1, ["Returned/Pending"] = 1 }, await AssertTalliedAsync(app, programme));

        // both columns and the programme at once, then back: the emptied tallies are not read
        await ChangeAsync(app, b, x => (x.ProgrammeId, x.Status, x.Decision) = (other, ApplicationStatus.Withdrawn, EligibilityDecision.Ineligible));
        Assert.Equal(new Dictionary<string, int> { ["Draft/Pending"] = 1, ["Submitted/Eligible"] = 1 }, await AssertTalliedAsync(app, programme));
        Assert.Equal(new Dictionary<string, int> { ["Submitted/Pending"] = 1, ["Withdrawn/Ineligible"] = 1 }, await AssertTalliedAsync(app, other));

        // a refused save (a stale version) moves nothing
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var stale = await db.Applications.SingleAsync(x => x.Id == a);
            db.ExpectVersion(stale, stale.Version - 1);
            stale.Status = ApplicationStatus.Withdrawn;
            Assert.False(await db.TrySaveAsync());
        });
        await AssertTalliedAsync(app, programme);

        // and the list page's counts are the tallies
        var counts = await app.WithScopeAsync(s => ApplicationQueries.CountsAsync(s.GetRequiredService<AppDbContext>(), programme, CancellationToken.None));
        Assert.Equal(1, counts[ApplicationLabels.Status(ApplicationStatus.Draft)]);
        Assert.Equal(1, counts["资格审查" + ApplicationLabels.Decision(EligibilityDecision.Eligible)]);
        Assert.Equal(0, counts[ApplicationLabels.Status(ApplicationStatus.Returned)]);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Simultaneous_decisions_on_one_programme_all_count(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await AddAsync(app, programme, ApplicationStatus.Submitted));
        }
        // eight saves at once, each moving one application out of Submitted/Pending into one of two tallies
        await Task.WhenAll(ids.Select((id, i) => Task.Run(() => ChangeAsync(app, id, x => x.Decision = i % 2 == 0 ? EligibilityDecision.Eligible : EligibilityDecision.Ineligible))));
        Assert.Equal(new Dictionary<string, int> { ["Submitted/Eligible"] = 4, ["Submitted/Ineligible"] = 4 }, await AssertTalliedAsync(app, programme));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_recount_rebuilds_tallies_changed_outside_the_product(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync();
        await AddAsync(app, programme, ApplicationStatus.Submitted);
        await AddAsync(app, programme, ApplicationStatus.Draft);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            // a change no save saw: the tally is wrong until recounted
            await db.Tallies.Where(t => t.ProgrammeId == programme).ExecuteUpdateAsync(u => u.SetProperty(t => t.Count, 40));
        });
        var (wrong, counted) = await BothAsync(app, programme);
        Assert.NotEqual(counted, wrong);
        await app.WithScopeAsync(s => ProgrammeTallies.RecountAsync(s.GetRequiredService<AppDbContext>(), CancellationToken.None));
        Assert.Equal(new Dictionary<string, int> { ["Draft/Pending"] = 1, ["Submitted/Pending"] = 1 }, await AssertTalliedAsync(app, programme));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_migrations_that_add_the_tallies_count_the_records_already_there(DbProvider provider)
    {
        // its own database: the migrations are undone to before the tallies and done again (every tally of the programme is then checked)
        await using var app = await AppFactory.CreateAsync(provider);
        var programme = await app.CreateProgrammeAsync();
        var decided = await AddAsync(app, programme, ApplicationStatus.Submitted);
        await AddAsync(app, programme, ApplicationStatus.Submitted);
        await AddAsync(app, programme, ApplicationStatus.Draft);
        await ChangeAsync(app, decided, x => x.Decision = EligibilityDecision.Ineligible);
        var (member, _) = await app.CreateCaseAsync(programme);
        await app.CreateCaseAsync(programme);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.ProgrammeId == programme && c.OrganizationId == member)).State = CaseState.InPool;
            db.Add(new PoolMember { ProgrammeId = programme, OrganizationId = member, EnteredAt = DateTime.UtcNow, Rank = 1 });
            await db.SaveChangesAsync();
        });
        var applied = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            var tallies = migrations.Single(m => m.EndsWith("_ProgrammeTallies", StringComparison.Ordinal));
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[migrations.IndexOf(tallies) - 1]);
            var before = (await db.Database.GetAppliedMigrationsAsync()).ToList();
            await migrator.MigrateAsync();
            return before;
        });
        Assert.DoesNotContain(applied, m => m.EndsWith("_ProgrammeTallies", StringComparison.Ordinal));
        Assert.Equal(new Dictionary<string, int> { ["Draft/Pending"] = 1, ["Submitted/Pending"] = 1, ["Submitted/Ineligible"] = 1 }, await AssertTalliedAsync(app, programme));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Cases_by_state_and_pool_stays_are_tallied_with_every_save(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync();
        var (first, _) = await app.CreateCaseAsync(programme);
        var (second, _) = await app.CreateCaseAsync(programme);
        await app.CreateCaseAsync(programme);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var cases = await db.Cases.Where(c => c.ProgrammeId == programme).ToListAsync();
            foreach (var c in cases)
            {
                c.State = c.OrganizationId == first || c.OrganizationId == second ? CaseState.InPool : CaseState.NotSelected;
            }
            db.Add(new PoolMember { ProgrammeId = programme, OrganizationId = first, EnteredAt = DateTime.UtcNow, Rank = 1 });
            db.Add(new PoolMember { ProgrammeId = programme, OrganizationId = second, EnteredAt = DateTime.UtcNow, Rank = 2 });
            await db.SaveChangesAsync();
        });
        await AssertTalliedAsync(app, programme);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Set<PoolMember>().SingleAsync(m => m.ProgrammeId == programme && m.OrganizationId == second)).ExitedAt = DateTime.UtcNow;
            (await db.Cases.SingleAsync(c => c.ProgrammeId == programme && c.OrganizationId == second)).State = CaseState.Exited;
            await db.SaveChangesAsync();
        });
        await AssertTalliedAsync(app, programme);
        var (tallies, _) = await BothAsync(app, programme); // the programme has no applications: these are its cases and stays
        Assert.Equal(new Dictionary<string, int>
        {
            ["Case:InPool"] = 1, ["Case:Exited"] = 1, ["Case:NotSelected"] = 1, ["PoolStay:Current"] = 1, ["PoolStay:Ended"] = 1,
        }.OrderBy(t => t.Key, StringComparer.Ordinal), tallies.OrderBy(t => t.Key, StringComparer.Ordinal));
        // the pool page's header reads them
        var header = await app.WithScopeAsync(s => PoolQueries.ProgrammeAsync(s.GetRequiredService<AppDbContext>(), programme, null, CancellationToken.None));
        Assert.Equal((0, 1, 1, 1), (header!.Candidates, header.Members, header.Exited, header.NotSelected));
    }
}
