using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// 4.4.2: assigned reviewers review and score a self-evaluation independently, the Office sees the scores side by side with the
/// disagreements flagged, records the consensus and releases it; the organization sees nothing before the release.
/// </summary>
public sealed class ExpertReviewTests(AppFactories factories)
{
    private sealed record World(AppFactory App, Guid Programme, Guid Organization, Guid CaseId, string OrganizationUser, (string User, Guid Assignment)[] Reviewers);

    /// <summary>A self-evaluated organization with a report written per category, and two pledged report reviewers assigned to it.</summary>
    private async Task<World> WorldAsync(DbProvider provider, string name)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (org, caseId) = await app.CreateCaseAsync(programme, name);
        var orgUser = await app.CreateUserAsync(Roles.Organization, org);
        var users = new[] { await app.CreateUserAsync(Roles.Expert), await app.CreateUserAsync(Roles.Expert) };
        var assignments = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.SelfEvaluated;
            var form = new SelfEvaluation
            {
                ProgrammeId = programme, OrganizationId = org, Kind = SelfEvaluationKind.Baseline, Status = SelfEvaluationStatus.Submitted,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, SubmittedAt = DateTime.UtcNow,
            };
            form.SetReportSections(Gb19580.Categories.ToDictionary(c => c.Code, c => (string?)$"{name}在“{c.Name}”方面的自评"));
            db.Add(form);
            var experts = new List<Expert>();
            foreach (var (user, i) in users.Select((u, i) => (u, i)))
            {
                var expert = new Expert { Name = $"评价专家{i + 1}", UserId = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync(), IsReportReviewer = true, CreatedAt = DateTime.UtcNow };
                db.Experts.Add(expert);
                experts.Add(expert);
            }
            await db.SaveChangesAsync();
            var work = s.GetRequiredService<ExpertWork>();
            var ids = new List<Guid>();
            foreach (var expert in experts)
            {
                Assert.Null(await work.AssignAsync(programme, expert.Id, org, AssignmentRole.ReportReviewer, false, null, CancellationToken.None));
                ids.Add(await db.ExpertAssignments.Where(a => a.ExpertId == expert.Id).Select(a => a.Id).SingleAsync());
            }
            return ids;
        });
        foreach (var user in users)
        {
            using var expert = await TestClient.SignedInAsync(app, user, AppFactory.UserPassword);
            await expert.PostFormAsync($"/Experts/Pledge/{programme}", new() { ["agree"] = "true" });
        }
        return new World(app, programme, org, caseId, orgUser, [(users[0], assignments[0]), (users[1], assignments[1])]);
    }

    /// <summary>Every part written with <paramref name="tag"/>, every item at <paramref name="percentage"/> except the overrides.</summary>
    private static Dictionary<string, string?> Review(string tag, int percentage, params (string Item, int Percentage)[] overrides)
    {
        var fields = new Dictionary<string, string?>();
        foreach (var part in Enum.GetValues<ReviewPart>())
        {
            fields[$"Parts[{part}]"] = $"{tag}·{ReviewContent.Label(part)}";
        }
        foreach (var item in Gb19580.Items)
        {
            fields[$"Scores[{item.Code}]"] = percentage.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (item, p) in overrides)
        {
            fields[$"Scores[{item}]"] = p.ToString(CultureInfo.InvariantCulture);
        }
        return fields;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Two_reviewers_score_independently_and_the_office_records_the_consensus_and_releases_it(DbProvider provider)
    {
        var w = await WorldAsync(provider, "评价甲公司");
        var app = w.App;
        using var first = await TestClient.SignedInAsync(app, w.Reviewers[0].User, AppFactory.UserPassword);
        using var second = await TestClient.SignedInAsync(app, w.Reviewers[1].User, AppFactory.UserPassword);
        var firstUrl = $"/Assessment/Review/{w.Reviewers[0].Assignment}";
        var secondUrl = $"/Assessment/Review/{w.Reviewers[1].Assignment}";

        // the reviewer reads the report written per category; the task list links to the review
        Assert.Contains(firstUrl, await first.GetStringAsync("/Experts/Tasks"));
        Assert.Contains("评价甲公司在“领导”方面的自评", await first.GetStringAsync(firstUrl));

        // the first reviewer submits (4.1.2 at 30%), the second has not yet: the second sees nothing of the first
        var submitted = await first.PostFormAsync(firstUrl + "?handler=Submit", Review("专家一", 50, ("4.1.2", 30)));
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.DoesNotContain("专家一·主要优势", await second.GetStringAsync(secondUrl));
        // a submitted review is closed
        var again = await first.PostFormAsync(firstUrl + "?handler=Save", Review("改写", 50), firstUrl);
        Assert.Contains("您已提交评价，不能再修改", await again.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await second.PostFormAsync(secondUrl + "?handler=Submit", Review("专家二", 50, ("4.1.2", 70)))).StatusCode);
        // after submitting their own, each sees the other's
        Assert.Contains("专家一·主要优势", await second.GetStringAsync(secondUrl));
        Assert.Contains("专家二·主要优势", await first.GetStringAsync(firstUrl));

        // the organization sees nothing before the Office releases
        using var organization = await TestClient.SignedInAsync(app, w.OrganizationUser, AppFactory.UserPassword);
        var before = await organization.GetStringAsync($"/Assessment/Feedback/{w.Programme}");
        Assert.Contains("专家评价尚未反馈", before);
        Assert.DoesNotContain("专家一", before);

        // the Office sees both side by side, 4.1.2 flagged (40 points apart > 20), the median proposed
        using var office = await TestClient.OfficeAsync(app);
        var officeUrl = $"/Assessment/Organization/{w.Programme}/{w.Organization}";
        var page = await office.GetStringAsync(officeUrl);
        Assert.Contains("4.1.2 高层领导的作用：专家评分相差40个百分点（30%–70%），超过20个百分点，须讨论后确定", page);
        Assert.Contains("评分差异超过 20 个百分点的条目：1 个", page);
        Assert.Matches("<option value=\"50\" selected=\"selected\">50%（25.0分）</option>", page);

        // a consensus with a part missing is refused beside it, nothing typed lost
        var incomplete = Review("一致", 50);
        incomplete["Parts[Results]"] = "";
        incomplete["Parts[Basics]"] = "一致意见（保留）";
        var refused = await office.PostFormAsync(officeUrl + "?handler=Consensus", incomplete, officeUrl);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("请填写“突出绩效结果表现”", refusedHtml);
        Assert.Contains("一致意见（保留）", refusedHtml);

        var recorded = await office.PostFormAsync(officeUrl + "?handler=Consensus", Review("一致", 50), officeUrl);
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var (state, total) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Cases.Where(c => c.Id == w.CaseId).Select(c => c.State).SingleAsync(),
                await db.Set<ReviewConsensus>().Where(r => r.OrganizationId == w.Organization).Select(r => r.Total).SingleAsync());
        });
        Assert.Equal(CaseState.Reviewed, state);
        Assert.Equal(500m, total);
        Assert.Contains("500.0", await office.GetStringAsync(officeUrl));
        Assert.Contains("专家评价尚未反馈", await organization.GetStringAsync($"/Assessment/Feedback/{w.Programme}"));

        // released: the organization reads the consensus and its score sheet, and is told
        var version = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<ReviewConsensus>().Where(r => r.OrganizationId == w.Organization).Select(r => r.Version).SingleAsync());
        var released = await office.PostFormAsync(officeUrl + "?handler=Release", new() { ["consensusVersion"] = version.ToString(CultureInfo.InvariantCulture) }, officeUrl);
        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        var feedback = await organization.GetStringAsync($"/Assessment/Feedback/{w.Programme}");
        Assert.Contains("一致·主要改进建议", feedback);
        Assert.Contains("500.0", feedback);
        Assert.DoesNotContain("专家一·", feedback);
        Assert.Contains("专家评价意见已反馈", await organization.GetStringAsync("/Notifications"));
        // once released, the consensus is closed
        var late = await office.PostFormAsync(officeUrl + "?handler=Consensus", Review("改动", 60), officeUrl);
        Assert.Contains("评价意见已反馈给组织，不能再修改", await late.Content.ReadAsStringAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_review_is_submitted_only_with_every_part_and_either_no_scores_or_all_23_valid(DbProvider provider)
    {
        var w = await WorldAsync(provider, "评价乙公司");
        using var expert = await TestClient.SignedInAsync(w.App, w.Reviewers[0].User, AppFactory.UserPassword);
        var url = $"/Assessment/Review/{w.Reviewers[0].Assignment}";

        var partial = Review("部分", 50);
        partial.Remove("Scores[4.7.7]");
        partial["Scores[4.1.3]"] = "37";
        var refused = await expert.PostFormAsync(url + "?handler=Submit", partial);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("4.1.3 组织治理：评分须为5%的整数倍（输入为37%）", html);
        Assert.Contains("部分·创新或特色方法", html);

        // a draft keeps partial scores; the computed sheet shows what is there
        partial["Scores[4.1.3]"] = "35";
        Assert.Equal(HttpStatusCode.Redirect, (await expert.PostFormAsync(url + "?handler=Save", partial)).StatusCode);
        var draft = await expert.GetStringAsync(url);
        Assert.Contains("（未评完）", draft);
        var submitIncomplete = await expert.PostFormAsync(url + "?handler=Submit", partial);
        Assert.Contains("未评分：4.7.7 领导方面的结果", await submitIncomplete.Content.ReadAsStringAsync());

        // written parts without any scores are a complete review (scores are optional as a whole)
        var unscored = Review("只写意见", 0);
        foreach (var key in unscored.Keys.Where(k => k.StartsWith("Scores[", StringComparison.Ordinal)).ToList())
        {
            unscored[key] = "";
        }
        Assert.Equal(HttpStatusCode.Redirect, (await expert.PostFormAsync(url + "?handler=Submit", unscored)).StatusCode);
        var review = await w.App.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<ExpertReview>().SingleAsync(r => r.AssignmentId == w.Reviewers[0].Assignment));
        Assert.Equal(ReviewStatus.Submitted, review.Status);
        Assert.Empty(review.Scores());
        Assert.Null(review.Total);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task After_the_due_date_the_form_is_closed_until_the_office_grants_an_audited_extension(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (org, caseId) = await app.CreateCaseAsync(programme, "逾期丙公司");
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Continuing;
            (await db.Programmes.SingleAsync(p => p.Id == programme)).SelfEvaluationDueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3));
            await db.SaveChangesAsync();
        });
        using var client = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, org), AppFactory.UserPassword);
        var url = $"/Assessment/SelfEvaluation/{programme}";
        Assert.Contains("自评截止日期", await client.GetStringAsync(url));
        var late = await client.PostFormAsync(url + "?handler=Save", new() { ["Answers[B-01]"] = "逾期丙公司" }, url);
        Assert.Contains("已过，不能再填写或提交", await late.Content.ReadAsStringAsync());

        using var office = await TestClient.OfficeAsync(app);
        var officeUrl = $"/Assessment/Organization/{programme}/{org}";
        var extendTo = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var noReason = await office.PostFormAsync(officeUrl + "?handler=Extend", new() { ["extendTo"] = extendTo, ["reason"] = "" }, officeUrl);
        Assert.Contains("请填写延期原因", await noReason.Content.ReadAsStringAsync());
        var extended = await office.PostFormAsync(officeUrl + "?handler=Extend", new() { ["extendTo"] = extendTo, ["reason"] = "疫情停工" }, officeUrl);
        Assert.Equal(HttpStatusCode.Redirect, extended.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(url + "?handler=Save", new() { ["Answers[B-01]"] = "逾期丙公司" }, url)).StatusCode);
        Assert.Contains("自评截止日期已延期至" + extendTo, await client.GetStringAsync("/Notifications"));
        var audited = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEvents
            .AnyAsync(e => e.EntityType == nameof(SelfEvaluation) && e.After != null && e.After.Contains("疫情停工")));
        Assert.True(audited, "the extension is in the audit trail");
    }
}
