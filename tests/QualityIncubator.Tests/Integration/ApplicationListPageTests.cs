using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// The application list's usual view (narrowed by status and decision only) reads its page through compiled queries, one per sort
/// (ApplicationQueries.DefaultViewPages); every other filter composes its query per request. Both must give the same rows in the same
/// order, and the compiled statements must stay plain for the database's indexes.
/// </summary>
public sealed class ApplicationListPageTests
{
    private static readonly string[] Names = ["甲公司", "乙公司", "丙公司", "甲公司", "丁公司", "戊公司"];

    /// <summary>A programme with 47 applications in every status and decision, with repeated names, revenues, headcounts and times (the sorts' ties).</summary>
    private static async Task<Guid> SeedAsync(AppFactory app)
    {
        var programme = await app.CreateProgrammeAsync();
        await app.WithScopeAsync(async s => await AddAsync(s.GetRequiredService<AppDbContext>(), programme));
        return programme;
    }

    private static async Task AddAsync(AppDbContext db, Guid programme)
    {
        var statuses = Enum.GetValues<ApplicationStatus>();
        var decisions = Enum.GetValues<EligibilityDecision>();
        var start = new DateTime(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 47; i++)
        {
            var organization = new Organization { Name = $"{Names[i % Names.Length]}{i % 4}", CreditCode = TestData.NewCreditCode(), CreatedAt = start };
            db.Organizations.Add(organization);
            var status = statuses[i % statuses.Length];
            db.Applications.Add(new Application
            {
                ProgrammeId = programme, OrganizationId = organization.Id, OrganizationName = organization.Name, CreditCode = organization.CreditCode,
                Status = status, Decision = decisions[i / 3 % decisions.Length],
                SubmittedAt = status == ApplicationStatus.Draft || i % 11 == 0 ? null : start.AddHours(i % 5),
                LastYearRevenue = i % 7 == 0 ? null : 100m * (i % 6), EmployeeCount = i % 9 == 0 ? null : 10 * (i % 4),
                CreatedAt = start, UpdatedAt = start,
            });
        }
        await db.SaveChangesAsync();
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_usual_views_page_is_the_composed_lists_page_for_every_sort_status_and_decision(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        var programme = await SeedAsync(app);
        ApplicationStatus?[] statuses = [null, .. Enum.GetValues<ApplicationStatus>().Cast<ApplicationStatus?>()];
        EligibilityDecision?[] decisions = [null, .. Enum.GetValues<EligibilityDecision>().Cast<EligibilityDecision?>()];
        string?[] sorts = [null, "unknown", .. ApplicationQueries.Sorts];
        var compared = 0;
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            foreach (var sort in sorts)
            {
                foreach (var status in statuses)
                {
                    foreach (var decision in decisions)
                    {
                        var filter = new ApplicationFilter(programme, status, decision, Sort: sort);
                        // the whole list composed as the export composes it, then paged here
                        var whole = await ApplicationQueries.List(db, filter).ToListAsync();
                        for (var page = 1; page <= 3; page++)
                        {
                            var paged = await ApplicationQueries.PageAsync(db, filter, page, Paging.DefaultPageSize, null, CancellationToken.None);
                            Assert.Equal(whole.Count, paged.Total);
                            Assert.Equal(whole.Skip((page - 1) * Paging.DefaultPageSize).Take(Paging.DefaultPageSize).Select(a => a.Id), paged.Items.Select(a => a.Id));
                            Assert.Equal(whole.Skip((page - 1) * Paging.DefaultPageSize).Take(Paging.DefaultPageSize), paged.Items);
                            compared += paged.Items.Count;
                        }
                    }
                }
            }
        });
        // 47 applications, 12 of them drafts: under each sort, the 35 others are paged through once with no filter and once under their
        // decision; each of the 47 once under its status alone and once under its status and decision
        Assert.Equal(sorts.Length * 2 * (35 + 47), compared);
    }
}
