using System.Security.Cryptography;
using System.Text;
using QualityIncubator.ScaleData;

namespace QualityIncubator.Tests.Rules;

/// <summary>The scale data set is deterministic: the same seed, size and as-of date plan the same data; another seed plans other data.</summary>
public sealed class ScalePlanTests
{
    private static readonly DateOnly AsOf = new(2026, 12, 1);

    [Fact]
    public void The_same_seed_plans_the_same_data_set_and_another_seed_another()
    {
        var first = Digest(new Planner(ScaleSize.Tiny, 7, AsOf).Build());
        Assert.Equal(first, Digest(new Planner(ScaleSize.Tiny, 7, AsOf).Build()));
        Assert.NotEqual(first, Digest(new Planner(ScaleSize.Tiny, 8, AsOf).Build()));
    }

    [Fact]
    public void The_small_plan_meets_every_promise_of_its_size()
    {
        var size = ScaleSize.Small;
        var planner = new Planner(size, ScaleOptions.DefaultSeed, AsOf);
        var plan = planner.Build();
        Assert.Empty(planner.Warnings);
        var orgs = plan.Organizations.ToList();
        Assert.Equal(size.Programmes.Count, plan.Programmes.Count);
        Assert.Equal(size.Organizations, orgs.Count);
        Assert.Equal(size.LargestProgrammeOrganizations, plan.Largest.Orgs.Count);
        Assert.Equal(size.Experts, plan.Experts.Count);
        Assert.Equal(size.AppendixBForms, orgs.Count(o => o.HasBaselineForm) + orgs.Count(o => o.HasFinalForm));
        Assert.Equal(size.ExpertReviews, orgs.Sum(o => o.Reviewers));
        Assert.Equal(size.Attendance, plan.Programmes.SelectMany(p => p.Courses).SelectMany(c => c.Sessions).Sum(s => s.Attendance.Count));
        Assert.Equal(size.StoredFiles, plan.Programmes.Sum(p => p.Courses.Count) + orgs.Sum(o => (o.BaselineSubmitted ? 1 : 0) + o.EvidenceFiles + o.FinalFiles + o.ApplicationFiles));
        // the programmes stand where their cohort puts them on the as-of date
        Assert.Equal(
            [Web.Programmes.ProgrammeStage.Showcase, Web.Programmes.ProgrammeStage.SiteCoaching, Web.Programmes.ProgrammeStage.TheoryGuidance, Web.Programmes.ProgrammeStage.BaselineAssessment],
            plan.Programmes.Where(p => p.Slot.YearsBack == 0).Select(p => p.Stage));
        Assert.All(plan.Programmes.Where(p => p.Slot.YearsBack > 0), p => Assert.Equal(Web.Programmes.ProgrammeStage.Review, p.Stage));
    }

    private static string Digest(ScalePlan plan)
    {
        var text = new StringBuilder();
        foreach (var org in plan.Organizations)
        {
            text.Append(org.Name).Append(org.CreditCode).Append(org.State).Append(org.Form.LastYearRevenue).Append(org.Reviewers)
                .Append(string.Join(",", org.Reviews.SelectMany(r => r.Scores.Values))).Append(org.Rank).Append(string.Join(",", org.Steps.Select(s => s.Day))).Append('\n');
        }
        foreach (var expert in plan.Experts)
        {
            text.Append(expert.Name).Append(string.Join(",", expert.Conflicts.Select(c => c.CreditCode ?? c.OrganizationName))).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
