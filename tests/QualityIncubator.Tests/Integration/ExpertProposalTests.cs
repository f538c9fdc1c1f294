using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>The Office asks the engine for report reviewers (4.4.2), sees why each pair and what cannot be covered, and accepts.</summary>
public sealed class ExpertProposalTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task The_proposal_respects_conflicts_and_roles_explains_each_pair_and_is_accepted_through_the_same_checks(DbProvider provider)
    {
        // A database of its own: the pool must hold only this test's experts.
        await using var app = await AppFactory.CreateAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (orgA, _) = await app.CreateCaseAsync(programme, "建议甲公司");
        var (orgB, _) = await app.CreateCaseAsync(programme, "建议乙公司");
        var (conflicted, coachOnly) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var codeA = await db.Organizations.Where(o => o.Id == orgA).Select(o => o.CreditCode).SingleAsync();
            db.Applications.Add(new Application { ProgrammeId = programme, OrganizationId = orgA, OrganizationName = "建议甲公司", CreditCode = codeA, Status = ApplicationStatus.Submitted, IndustryCode = "C" });
            Expert E(string name, bool reviewer, string? industries = "C") => new() { Name = name, IsReportReviewer = reviewer, IsSiteCoach = !reviewer, Industries = industries, CreatedAt = DateTime.UtcNow };
            var x = E("建议专家甲", true);
            x.Conflicts.Add(new ExpertConflict { ExpertId = x.Id, Kind = ConflictKind.Organization, CreditCode = codeA, Note = "股东", CreatedAt = DateTime.UtcNow });
            var coach = E("建议专家乙", false);
            db.Experts.AddRange(x, coach, E("建议专家丙", true), E("建议专家丁", false, null));
            await db.SaveChangesAsync();
            return (x.Id, coach.Id);
        });
        using var office = await TestClient.OfficeAsync(app);
        var proposed = await office.PostFormAsync($"/Experts/Assignments/{programme}?handler=Propose", new() { ["role"] = "ReportReviewer", ["perOrganization"] = "2" }, formPage: $"/Experts/Assignments/{programme}");
        var html = WebUtility.HtmlDecode(await proposed.Content.ReadAsStringAsync());
        Assert.Contains("建议 3 项", html);
        Assert.Contains("建议乙公司", html);
        Assert.Contains("行业匹配", html);
        Assert.Contains("无法满足", html);
        Assert.Contains("建议甲公司：缺 1 位", html);

        var pairs = Regex.Matches(html, "name=\"(pairs\\[\\d+\\]\\.\\w+)\" value=\"([^\"]*)\"").ToDictionary(m => m.Groups[1].Value, m => (string?)m.Groups[2].Value);
        // A site coach is never proposed as a report reviewer (5.2.3 roles).
        Assert.DoesNotContain(pairs, p => p.Key.EndsWith(".ExpertId", StringComparison.Ordinal) && p.Value == coachOnly.ToString());
        pairs["role"] = "ReportReviewer";
        var accepted = await office.PostFormAsync($"/Experts/Assignments/{programme}?handler=Accept", pairs, formPage: $"/Experts/Assignments/{programme}");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var assignments = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExpertAssignments.AsNoTracking().Where(a => a.ProgrammeId == programme).ToListAsync());
        Assert.Equal(3, assignments.Count);
        // 4.2.3: the conflicted expert serves the other organization only.
        Assert.DoesNotContain(assignments, a => a.ExpertId == conflicted && a.OrganizationId == orgA);
        Assert.Contains(assignments, a => a.ExpertId == conflicted && a.OrganizationId == orgB);
        Assert.All(assignments, a => Assert.False(string.IsNullOrEmpty(a.Explanation)));
        Assert.Equal(2, assignments.Count(a => a.OrganizationId == orgB));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Site_coach_teams_with_a_lead_go_to_pool_members_only(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.SiteCoaching);
        var (poolA, caseA) = await app.CreateCaseAsync(programme, "库内扶优甲公司");
        var (poolB, caseB) = await app.CreateCaseAsync(programme, "库内扶优乙公司");
        var (outside, caseC) = await app.CreateCaseAsync(programme, "未入库扶优公司");
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            foreach (var (id, state) in new[] { (caseA, Web.Platform.Workflow.CaseState.Theory), (caseB, Web.Platform.Workflow.CaseState.InPool), (caseC, Web.Platform.Workflow.CaseState.Continuing) })
            {
                (await db.Cases.SingleAsync(c => c.Id == id)).State = state;
            }
            for (var i = 0; i < 5; i++)
            {
                db.Experts.Add(new Expert { Name = $"扶优专家{i}", IsSiteCoach = true, Industries = "C", CreatedAt = DateTime.UtcNow });
            }
            await db.SaveChangesAsync();
        });
        using var office = await TestClient.OfficeAsync(app);
        var proposed = await office.PostFormAsync($"/Experts/Assignments/{programme}?handler=Propose", new() { ["role"] = "SiteCoach", ["perOrganization"] = "2" }, formPage: $"/Experts/Assignments/{programme}");
        var html = WebUtility.HtmlDecode(await proposed.Content.ReadAsStringAsync());
        var pairs = Regex.Matches(html, "name=\"pairs\\[(\\d+)\\]\\.(\\w+)\" value=\"([^\"]*)\"")
            .GroupBy(m => m.Groups[1].Value).Select(g => g.ToDictionary(m => m.Groups[2].Value, m => m.Groups[3].Value)).ToList();
        Assert.Equal(4, pairs.Count);
        Assert.DoesNotContain(pairs, p => p["OrganizationId"] == outside.ToString());
        foreach (var team in pairs.GroupBy(p => p["OrganizationId"]))
        {
            Assert.Equal(2, team.Count());
            Assert.Single(team, p => string.Equals(p["Lead"], "true", StringComparison.OrdinalIgnoreCase));
        }
        Assert.Equal(new[] { poolA.ToString(), poolB.ToString() }.Order(), pairs.Select(p => p["OrganizationId"]).Distinct().Order());
    }
}
