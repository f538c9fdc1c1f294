using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.ScaleData;
using QualityIncubator.ScaleData.Load;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// The scale data set generator (bench/, `seed`) works: at the tiny size, into a fresh database, it keeps every count the size promises,
/// its audit chain verifies, what it generated passes the product's own rules, and the site serves the largest programme from it.
/// A smoke run: no timing is asserted (bench/README.md has the measurements).
/// </summary>
public sealed class ScaleDataTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task The_tiny_data_set_keeps_its_counts_passes_the_rules_and_the_site_serves_its_largest_programme(DbProvider provider)
    {
        var (connection, dataPath) = await AppFactory.EmptyDatabaseAsync(provider);
        var size = ScaleSize.Tiny;
        var log = new StringWriter();
        var result = await ScaleGenerator.RunAsync(new ScaleOptions
        {
            Size = size, Provider = provider == DbProvider.Postgres ? ScaleProvider.Postgres : ScaleProvider.Sqlite, ConnectionString = connection, DataPath = dataPath,
        }, log);
        await using var app = AppFactory.Open(provider, connection, dataPath);

        Assert.Empty(result.Warnings);
        Assert.True(result.Chain.Intact, result.Chain.Message);
        var manifest = ScaleManifest.Read(dataPath);
        var counts = manifest.Counts;
        Assert.Equal(size.Organizations, counts["organizations"]);
        Assert.Equal(size.Organizations, counts["applications"]);
        Assert.Equal(size.Experts, counts["experts"]);
        Assert.Equal(size.AppendixBForms, counts["appendixBForms"]);
        Assert.Equal(size.ExpertReviews, counts["expertReviews"]);
        Assert.Equal(size.Attendance, counts["attendance"]);
        Assert.Equal(size.StoredFiles, counts["storedFiles"]);
        Assert.Equal(size.StoredFiles, counts["attachments"]);
        Assert.True(counts["auditEvents"] >= size.AuditEvents, $"{counts["auditEvents"]} audit events, {size.AuditEvents} promised");
        Assert.Equal(size.Programmes.Count, manifest.Programmes.Count);
        Assert.Equal("Showcase", manifest.Programmes.Single(p => p.Largest).Stage);
        Assert.Equal(size.LargestProgrammeOrganizations, manifest.Programmes.Single(p => p.Id == manifest.LargestProgrammeId).Organizations);

        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            Assert.Equal(counts["auditEvents"], await db.AuditEvents.LongCountAsync());
            var chain = await AuditVerifier.VerifyAsync(db);
            Assert.True(chain.Intact, chain.Message);

            // every application passes the submission rules of Appendix A as they stood on the day it was submitted (4.1.3–4.1.4)
            var codes = (await CodeBook.LoadAsync(db)).Sets();
            foreach (var application in await db.Applications.AsNoTracking().Include(a => a.Certifications).Include(a => a.Honours).ToListAsync())
            {
                Assert.Equal(ApplicationStatus.Submitted, application.Status);
                var errors = ApplicationRules.Validate(ApplicationInput.From(application), forSubmission: true, ChinaTime.DateOf(application.SubmittedAt!.Value), codes);
                Assert.True(errors.Count == 0, $"{application.OrganizationName}: {string.Join("；", errors.Select(e => $"{e.Field} {e.Message}"))}");
                Assert.True(CreditCode.IsValid(application.CreditCode), application.CreditCode);
            }
            // every submitted Appendix B passes its rule (4.4.1.3–4.4.1.4); every submitted review has all 23 items scored (4.4.2)
            foreach (var form in await db.Set<SelfEvaluation>().AsNoTracking().Where(f => f.Status == SelfEvaluationStatus.Submitted).ToListAsync())
            {
                Assert.Empty(AppendixB.Check(form.Answers()));
            }
            foreach (var review in await db.Set<ExpertReview>().AsNoTracking().Where(r => r.Status == ReviewStatus.Submitted).ToListAsync())
            {
                Assert.True(Scoring.Score(review.Scores()).Complete);
                Assert.Equal(Scoring.Score(review.Scores()).Total, review.Total);
            }
            // each case stands where its timeline ends, and every step of the timeline is a move the workflow allows
            var events = (await db.CaseEvents.AsNoTracking().ToListAsync()).GroupBy(e => e.CaseId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.At).ToList());
            foreach (var @case in await db.Cases.AsNoTracking().ToListAsync())
            {
                var timeline = events[@case.Id];
                Assert.Equal(CaseState.Applied, timeline[0].To);
                Assert.Equal(@case.State, timeline[^1].To);
                foreach (var step in timeline.Skip(1))
                {
                    Assert.NotNull(CaseTransitions.Find(step.From!.Value, step.To));
                }
            }
        });

        // the Office opens the largest programme's pages; the sample expert and organization open theirs
        var p = manifest.LargestProgrammeId;
        var sample = manifest.Sample;
        var office = await TestClient.SignedInAsync(app, manifest.OfficeUserName, manifest.Password);
        var details = await office.GetStringAsync($"/Programmes/Details/{p}");
        Assert.Contains(manifest.Programmes[0].Title, details);
        Assert.Contains(sample.OrganizationName, await office.GetStringAsync($"/Applications?ProgrammeId={p}&Q={Uri.EscapeDataString(sample.OrganizationName)}"));
        foreach (var url in new[]
                 {
                     "/Programmes", $"/Applications?ProgrammeId={p}", $"/Applications/Review/{sample.ApplicationId}", $"/Cases/{sample.CaseId}",
                     $"/Courses/{p}", $"/Courses/Progress/{p}", $"/Courses/Attendance/{p}", $"/Courses/Session/{sample.SessionId}",
                     "/Experts", $"/Experts/Assignments/{p}", $"/Assessment/{p}", $"/Assessment/Organization/{p}/{sample.OrganizationId}",
                     $"/Assessment/Quality/{p}", $"/Assessment/Quality/{p}/{sample.OrganizationId}", $"/Pool/{p}",
                     $"/SiteVisits/{p}", $"/SiteVisits/Visit/{sample.SiteVisitId}", $"/SiteVisits/Opinion/Review/{sample.SiteVisitId}",
                     $"/Showcase/{p}", $"/Showcase/Profile/{p}/{sample.OrganizationId}", $"/Audit?ProgrammeId={p}",
                 })
        {
            await office.GetStringAsync(url);
        }
        var expert = await TestClient.SignedInAsync(app, sample.ExpertUserName, manifest.Password);
        await expert.GetStringAsync("/Experts/Tasks");
        await expert.GetStringAsync($"/Assessment/Review/{sample.ReviewAssignmentId}");
        var organization = await TestClient.SignedInAsync(app, sample.OrganizationUserName, manifest.Password);
        foreach (var url in new[] { $"/Courses/Mine/{p}", $"/Assessment/Feedback/{p}", $"/SiteVisits/Mine/{p}", $"/Showcase/Mine/{p}", $"/Cases/{sample.CaseId}" })
        {
            await organization.GetStringAsync(url);
        }
        Assert.True(app.ServerErrors.IsEmpty, string.Join("\n", app.ServerErrors));
    }

    /// <summary>
    /// The load benchmark (`bench load`) runs end to end at the tiny size: it starts the product as its own process over the data set,
    /// signs in as the Office and as an expert, drives every page and both baselines with wrk, and writes its report. No timing is asserted.
    /// </summary>
    [Theory, ClassData(typeof(Providers))]
    public async Task The_load_benchmark_runs_end_to_end_on_the_tiny_data_set(DbProvider provider)
    {
        var wrk = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "wrk")).FirstOrDefault(File.Exists);
        if (wrk is null)
        {
            Requirements.Unavailable("wrk is not installed (apt-get install -y wrk): the load benchmark's smoke run is skipped");
        }
        var (connection, dataPath) = await AppFactory.EmptyDatabaseAsync(provider);
        await ScaleGenerator.RunAsync(new ScaleOptions
        {
            Size = ScaleSize.Tiny, Provider = provider == DbProvider.Postgres ? ScaleProvider.Postgres : ScaleProvider.Sqlite, ConnectionString = connection, DataPath = dataPath,
        }, TextWriter.Null);
        var log = new StringWriter();
        var options = new LoadOptions(dataPath, provider == DbProvider.Postgres ? "postgres" : "sqlite", connection, Connections: 4, Threads: 1, Seconds: 1, WarmUpSeconds: 1, Repeat: 2, Wrk: wrk!, WarmPasses: 2);

        var report = await LoadBenchmark.RunAsync(options, log, TestContext.Current.CancellationToken);
        var markdown = LoadBenchmark.Markdown(report);

        Assert.Equal(8, report.Pages.Count);
        // the server is warmed pass after pass while its JIT works (at most the two passes asked for); the first pass compiles the pages
        Assert.InRange(report.WarmPasses, 1, 2);
        var firstPass = Regex.Match(log.ToString(), @"warm-up pass 1: .* the JIT compiled ([\d,]+) methods");
        Assert.True(firstPass.Success && long.Parse(firstPass.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture) > 0, log.ToString());
        foreach (var page in report.Pages)
        {
            Assert.True(page.RunRps.Count == 2 && page.RunRps.All(r => r > 0), $"{page.Name}: {string.Join(", ", page.RunRps)}\n{log}");
            Assert.True(page.Errors == 0, $"{page.Name} ({page.Path}): {page.Errors} errors\n{log}");
            Assert.True(page.Bytes > 0 && page.PeakRssMb > 0, page.Name);
            Assert.Contains($"| {page.Name} |", markdown);
        }
        Assert.Contains("| × static | × hand-written |", markdown);
        // the application list is compared with the static page and with its hand-written twin
        Assert.Matches(@"\| 申请书列表（[^|]*\| [\d,]+ \| \d+ \|[^\n]*\| \d\.\d\d \| \d\.\d\d \|", markdown);
    }
}
