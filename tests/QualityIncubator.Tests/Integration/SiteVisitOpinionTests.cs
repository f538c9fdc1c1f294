using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// 4.6.4–4.6.6, Appendix C: the lead drafts the opinion, a member comments, the lead puts it up for signature, the whole team signs,
/// the Office returns it (signatures void), the team signs again, the Office accepts and releases it; only then does the
/// organization read it, and its case is 已现场扶优.
/// </summary>
public sealed class SiteVisitOpinionTests(AppFactories factories)
{
    private sealed record World(AppFactory App, Guid Programme, Guid Organization, Guid CaseId, Guid Visit, string OrganizationUser,
        string Lead, string Member, string Outsider);

    /// <summary>A pool member in 理论指导中 during 现场扶优, a held visit, a pledged two-expert coaching team and a pledged expert outside it.</summary>
    private async Task<World> WorldAsync(DbProvider provider, string name)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.SiteCoaching);
        var (org, caseId) = await app.CreateCaseAsync(programme, name);
        var orgUser = await app.CreateUserAsync(Roles.Organization, org);
        var users = new[] { await app.CreateUserAsync(Roles.Expert), await app.CreateUserAsync(Roles.Expert), await app.CreateUserAsync(Roles.Expert) };
        var visit = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Theory;
            var experts = new List<Expert>();
            foreach (var (user, i) in users.Select((u, i) => (u, i)))
            {
                var expert = new Expert
                {
                    Name = i switch { 0 => "扶优组长", 1 => "扶优组员", _ => "组外专家" },
                    UserId = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync(),
                    IsSiteCoach = true, IsReportReviewer = true, CreatedAt = DateTime.UtcNow,
                };
                db.Experts.Add(expert);
                experts.Add(expert);
            }
            var v = new SiteVisit
            {
                ProgrammeId = programme, OrganizationId = org, StartsAt = new DateTime(2026, 5, 12, 1, 30, 0, DateTimeKind.Utc),
                EndsAt = new DateTime(2026, 5, 12, 5, 30, 0, DateTimeKind.Utc), Place = "一号会议室", Format = SiteVisitFormat.Both,
                Status = SiteVisitStatus.Held, HeldAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow,
            };
            db.Add(v);
            await db.SaveChangesAsync();
            var work = s.GetRequiredService<ExpertWork>();
            Assert.Null(await work.AssignAsync(programme, experts[0].Id, org, AssignmentRole.SiteCoach, true, null, CancellationToken.None));
            Assert.Null(await work.AssignAsync(programme, experts[1].Id, org, AssignmentRole.SiteCoach, false, null, CancellationToken.None));
            // the outsider passes the confidentiality gate (a report-review task for the same organization) but is not in the team
            Assert.Null(await work.AssignAsync(programme, experts[2].Id, org, AssignmentRole.ReportReviewer, false, null, CancellationToken.None));
            return v.Id;
        });
        foreach (var user in users)
        {
            using var expert = await TestClient.SignedInAsync(app, user, AppFactory.UserPassword);
            await expert.PostFormAsync($"/Experts/Pledge/{programme}", new() { ["agree"] = "true" });
        }
        return new World(app, programme, org, caseId, visit, orgUser, users[0], users[1], users[2]);
    }

    private static Dictionary<string, string?> Text(string tag, long version, bool complete = true) => new()
    {
        ["Input.Basics"] = $"{tag}·基本情况",
        ["Input.Strengths"] = $"{tag}·主要优势",
        ["Input.Improvements"] = $"{tag}·改进意见",
        ["Input.ManagementModel"] = complete ? $"{tag}·管理模式提炼" : "",
        ["Version"] = V(version),
    };

    private static string V(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static Task<SiteVisitOpinion> OpinionAsync(World w) =>
        w.App.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<SiteVisitOpinion>().AsNoTracking().SingleAsync(o => o.VisitId == w.Visit));

    private static async Task SignAsync(TestClient client, World w)
    {
        var opinion = await OpinionAsync(w);
        var url = $"/SiteVisits/Opinion/{w.Visit}";
        var signed = await client.PostFormAsync(url + "?handler=Sign", new() { ["TextHash"] = opinion.TextHash, ["Version"] = V(opinion.Version) }, url);
        Assert.True(signed.StatusCode == HttpStatusCode.Redirect, await signed.Content.ReadAsStringAsync() + string.Join("\n", w.App.ServerErrors));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_team_drafts_and_signs_the_office_returns_accepts_and_releases_and_only_then_the_organization_reads_it(DbProvider provider)
    {
        var w = await WorldAsync(provider, "扶优甲公司");
        var app = w.App;
        var url = $"/SiteVisits/Opinion/{w.Visit}";
        var reviewUrl = $"/SiteVisits/Opinion/Review/{w.Visit}";
        var mineUrl = $"/SiteVisits/Opinion/Mine/{w.Programme}";
        using var lead = await TestClient.SignedInAsync(app, w.Lead, AppFactory.UserPassword);
        using var member = await TestClient.SignedInAsync(app, w.Member, AppFactory.UserPassword);
        using var outsider = await TestClient.SignedInAsync(app, w.Outsider, AppFactory.UserPassword);
        using var office = await TestClient.OfficeAsync(app);
        using var organization = await TestClient.SignedInAsync(app, w.OrganizationUser, AppFactory.UserPassword);

        // the lead has the form, the member reads; the outsider does not learn the visit exists
        Assert.Contains("id=\"opinion-form\"", await lead.GetStringAsync(url));
        Assert.Contains("组长尚未开始撰写", await member.GetStringAsync(url));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync(url)).StatusCode);

        // a draft may be partial; putting it up needs all four parts, and nothing typed is lost
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync(url + "?handler=Save", Text("初稿", 0, complete: false))).StatusCode);
        var opinion = await OpinionAsync(w);
        Assert.Equal(OpinionStatus.Draft, opinion.Status);
        var incomplete = await lead.PostFormAsync(url + "?handler=PutUp", Text("二稿", opinion.Version, complete: false));
        var incompleteHtml = await incomplete.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, incomplete.StatusCode);
        Assert.Contains("请填写“管理模式提炼”", incompleteHtml);
        Assert.Contains("二稿·改进意见", incompleteHtml);
        // a save over someone else's newer save is refused as stale, the typed text kept
        var stale = await lead.PostFormAsync(url + "?handler=Save", Text("过期稿", opinion.Version - 1));
        var staleHtml = await stale.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("该记录已被他人修改", staleHtml);
        Assert.Contains("过期稿·基本情况", staleHtml);
        Assert.Equal("初稿·基本情况", (await OpinionAsync(w)).Basics);

        // the member reads the draft and comments; only the lead edits
        Assert.Contains("初稿·主要优势", await member.GetStringAsync(url));
        Assert.Equal(HttpStatusCode.Redirect, (await member.PostFormAsync(url + "?handler=Comment", new() { ["Comment"] = "建议补充质量文化建设情况" })).StatusCode);
        Assert.Contains("建议补充质量文化建设情况", await lead.GetStringAsync(url));
        var memberEdit = await member.PostFormAsync(url + "?handler=Save", Text("组员改写", opinion.Version), url);
        Assert.Contains("只有专家组组长可以撰写意见汇总表", await memberEdit.Content.ReadAsStringAsync());

        // put up: the text is locked and hashed
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync(url + "?handler=PutUp", Text("定稿", opinion.Version))).StatusCode);
        opinion = await OpinionAsync(w);
        Assert.Equal(OpinionStatus.Signing, opinion.Status);
        Assert.Equal(OpinionRules.Hash(new("定稿·基本情况", "定稿·主要优势", "定稿·改进意见", "定稿·管理模式提炼")), opinion.TextHash);
        Assert.DoesNotContain("id=\"opinion-form\"", await lead.GetStringAsync(url));
        var lateComment = await member.PostFormAsync(url + "?handler=Comment", new() { ["Comment"] = "晚到的意见" }, url);
        Assert.Contains("不能再提出修改意见", await lateComment.Content.ReadAsStringAsync());

        // a non-member cannot sign: 404
        var outsiderSign = await outsider.PostFormAsync(url + "?handler=Sign", new() { ["TextHash"] = opinion.TextHash, ["Version"] = V(opinion.Version) }, "/Account/ChangePassword");
        Assert.Equal(HttpStatusCode.NotFound, outsiderSign.StatusCode);

        // the organization sees nothing before the release, not even the Word form
        Assert.Contains("现场扶优意见尚未反馈", await organization.GetStringAsync(mineUrl));
        Assert.Equal(HttpStatusCode.NotFound, (await organization.Http.GetAsync($"/SiteVisits/Opinion/Docx/{w.Visit}")).StatusCode);

        // both sign → submitted to the Office; the Office cannot release what it has not accepted
        await SignAsync(lead, w);
        Assert.Equal(OpinionStatus.Signing, (await OpinionAsync(w)).Status);
        var twice = await lead.PostFormAsync(url + "?handler=Sign", new() { ["TextHash"] = opinion.TextHash, ["Version"] = V((await OpinionAsync(w)).Version) }, url);
        Assert.Contains("您已签名", await twice.Content.ReadAsStringAsync());
        await SignAsync(member, w);
        opinion = await OpinionAsync(w);
        Assert.Equal(OpinionStatus.Submitted, opinion.Status);
        Assert.Contains("扶优甲公司：现场扶优意见汇总表已提交", await office.GetStringAsync("/Notifications"));
        var early = await office.PostFormAsync(reviewUrl + "?handler=Release", new() { ["Version"] = V(opinion.Version) });
        Assert.Contains("须先由区评审办接收后才能反馈给组织", await early.Content.ReadAsStringAsync());

        // returned without a comment: refused; with one: Returned and the signatures void
        var bare = await office.PostFormAsync(reviewUrl + "?handler=Return", new() { ["Version"] = V(opinion.Version), ["ReturnComment"] = "" });
        Assert.Contains("请填写退回原因及修改要求", await bare.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(reviewUrl + "?handler=Return",
            new() { ["Version"] = V(opinion.Version), ["ReturnComment"] = "请补充管理模式提炼的具体做法" })).StatusCode);
        opinion = await OpinionAsync(w);
        Assert.Equal(OpinionStatus.Returned, opinion.Status);
        var signatures = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<OpinionSignature>().AsNoTracking().Where(x => x.OpinionId == opinion.Id).ToListAsync());
        Assert.Equal(2, signatures.Count);
        Assert.All(signatures, x => Assert.True(x.Void));
        Assert.Contains("请补充管理模式提炼的具体做法", await lead.GetStringAsync(url));

        // revised, put up again, signed again by both
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync(url + "?handler=PutUp", Text("修订稿", opinion.Version))).StatusCode);
        await SignAsync(member, w);
        await SignAsync(lead, w);
        opinion = await OpinionAsync(w);
        Assert.Equal(OpinionStatus.Submitted, opinion.Status);

        // accepted, released: the organization reads it with the signers, is told, and its case is 已现场扶优
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(reviewUrl + "?handler=Accept", new() { ["Version"] = V(opinion.Version) })).StatusCode);
        Assert.Contains("现场扶优意见尚未反馈", await organization.GetStringAsync(mineUrl));
        opinion = await OpinionAsync(w);
        var released = await office.PostFormAsync(reviewUrl + "?handler=Release", new() { ["Version"] = V(opinion.Version) });
        Assert.True(released.StatusCode == HttpStatusCode.Redirect, await released.Content.ReadAsStringAsync() + string.Join("\n", app.ServerErrors));
        Assert.Equal(OpinionStatus.Released, (await OpinionAsync(w)).Status);
        var state = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.Where(c => c.Id == w.CaseId).Select(c => c.State).SingleAsync());
        Assert.Equal(CaseState.SiteVisited, state);
        var mine = await organization.GetStringAsync(mineUrl);
        Assert.Contains("修订稿·管理模式提炼", mine);
        Assert.Contains("扶优组长", mine);
        Assert.DoesNotContain("建议补充质量文化建设情况", mine);
        Assert.Contains("现场扶优意见已反馈", await organization.GetStringAsync("/Notifications"));

        // the Word form (Appendix C): title, organization, the four parts, each signer with the date
        foreach (var client in new[] { office, lead, organization })
        {
            var response = await client.Http.GetAsync($"/SiteVisits/Opinion/Docx/{w.Visit}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var document = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
            var text = document.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains(AppendixCDocument.Title, text);
            Assert.Contains("扶优甲公司", text);
            Assert.Contains("2026-05-12", text);
            Assert.Contains("四、管理模式提炼修订稿·管理模式提炼", text);
            Assert.Contains("扶优组员", text);
            Assert.Contains("扶优组长", text);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync($"/SiteVisits/Opinion/Docx/{w.Visit}")).StatusCode);
    }
}
