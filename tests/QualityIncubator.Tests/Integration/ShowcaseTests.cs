using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Showcase;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// 4.7: a pool member fills the final Appendix B, the before/after page compares it with the baseline and the re-score with the
/// baseline consensus; the Office returns then approves the profile (case → 已成果展示); the public page shows consenting approved ones.
/// </summary>
public sealed class ShowcaseTests(AppFactories factories)
{
    private sealed record World(AppFactory App, Guid Programme, Guid Organization, Guid CaseId, string OrganizationUser, Guid Other, string OtherUser);

    /// <summary>Every required Appendix B row answered with its first option (text typed), as codes.</summary>
    private static Dictionary<string, string?> Baseline() =>
        AppendixB.Questions.Where(q => q.Required).ToDictionary(q => q.Code, q => (string?)(q.Kind == AnswerKind.Text ? "摸底填写" : q.Options[0].Code));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Two site-visited pool members in the showcase stage; the first with a submitted baseline form, a recorded consensus (30 % everywhere) and a released site-visit opinion.</summary>
    private async Task<World> WorldAsync(DbProvider provider, string name, AppFactory? own = null)
    {
        var app = own ?? await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Showcase);
        var (org, caseId) = await app.CreateCaseAsync(programme, name);
        var (other, otherCase) = await app.CreateCaseAsync(programme, name + "乙");
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            foreach (var c in await db.Cases.Where(c => c.Id == caseId || c.Id == otherCase).ToListAsync())
            {
                c.State = CaseState.SiteVisited;
            }
            var form = new SelfEvaluation
            {
                ProgrammeId = programme, OrganizationId = org, Kind = SelfEvaluationKind.Baseline, Status = SelfEvaluationStatus.Submitted,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, SubmittedAt = DateTime.UtcNow,
            };
            form.SetAnswers(Baseline());
            db.Add(form);
            var consensus = new ReviewConsensus { ProgrammeId = programme, OrganizationId = org, RecordedAt = DateTime.UtcNow, RecordedBy = "admin" };
            consensus.SetScores(Gb19580.Items.ToDictionary(i => i.Code, _ => 30));
            db.Add(consensus);
            var expert = new Expert { Name = "扶优组长", CreatedAt = DateTime.UtcNow };
            db.Experts.Add(expert);
            var visit = new SiteVisit { ProgrammeId = programme, OrganizationId = org, StartsAt = DateTime.UtcNow.AddDays(-10), EndsAt = DateTime.UtcNow.AddDays(-10).AddHours(3), Place = "现场", CreatedAt = DateTime.UtcNow };
            db.Add(visit);
            db.Add(new SiteVisitOpinion
            {
                VisitId = visit.Id, ProgrammeId = programme, OrganizationId = org, LeadExpertId = expert.Id, Improvements = "建议完善战略部署的绩效指标",
                Status = OpinionStatus.Released, ReleasedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        return new World(app, programme, org, caseId, await app.CreateUserAsync(Roles.Organization, org), other, await app.CreateUserAsync(Roles.Organization, other));
    }

    private static async Task<long> VersionAsync<T>(AppFactory app, Func<IQueryable<T>, IQueryable<long>> query) where T : class =>
        await app.WithScopeAsync(s => query(s.GetRequiredService<AppDbContext>().Set<T>()).SingleAsync());

    /// <summary>The organization submits the final Appendix B: the baseline with B-06 (size) and B-08 changed.</summary>
    private static async Task SubmitFinalAsync(World w, TestClient client)
    {
        var url = $"/Assessment/SelfEvaluation/{w.Programme}?kind=Final";
        var page = await client.GetStringAsync(url);
        Assert.Contains("最终自评", page);
        Assert.Contains("value=\"摸底填写\"", page); // prefilled from the baseline
        var fields = Baseline().ToDictionary(a => $"Answers[{a.Key}]", a => a.Value);
        fields["Answers[B-06]"] = AppendixB.Find("B-06")!.Options[1].Code;
        fields["Answers[B-08]"] = AppendixB.Find("B-08")!.Options[1].Code;
        fields["Kind"] = nameof(SelfEvaluationKind.Final);
        var draft = await client.PostFormAsync($"/Assessment/SelfEvaluation/{w.Programme}?handler=Save", new(fields), url);
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        Assert.Contains("kind=Final", draft.Headers.Location!.OriginalString, StringComparison.Ordinal);
        fields["Version"] = Text((int)await VersionAsync<SelfEvaluation>(w.App, q => q.Where(s => s.OrganizationId == w.Organization && s.Kind == SelfEvaluationKind.Final).Select(s => s.Version)));
        var submitted = await client.PostFormAsync($"/Assessment/SelfEvaluation/{w.Programme}?handler=Submit", fields, url);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_final_appendix_b_is_saved_beside_the_baseline_without_moving_the_case(DbProvider provider)
    {
        var w = await WorldAsync(provider, "成果甲公司");
        using var client = await TestClient.SignedInAsync(w.App, w.OrganizationUser, AppFactory.UserPassword);
        await SubmitFinalAsync(w, client);

        var (forms, state) = await w.App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var f = await db.Set<SelfEvaluation>().Where(x => x.OrganizationId == w.Organization).ToListAsync();
            return (f, await db.Cases.Where(c => c.Id == w.CaseId).Select(c => c.State).SingleAsync());
        });
        Assert.Equal(CaseState.SiteVisited, state);
        var baseline = forms.Single(f => f.Kind == SelfEvaluationKind.Baseline);
        var final = forms.Single(f => f.Kind == SelfEvaluationKind.Final);
        Assert.Equal(Baseline().Where(a => a.Value is not null).OrderBy(a => a.Key).ToList(), baseline.Answers().OrderBy(a => a.Key).ToList());
        Assert.Equal(SelfEvaluationStatus.Submitted, final.Status);
        Assert.Equal(AppendixB.Find("B-06")!.Options[1].Code, final.Answers()["B-06"]);
        Assert.Contains("最终自评表已提交", await client.GetStringAsync($"/Assessment/SelfEvaluation/{w.Programme}?kind=Final"));
        // the baseline page is untouched
        Assert.DoesNotContain("最终自评", await client.GetStringAsync($"/Assessment/SelfEvaluation/{w.Programme}"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_profile_goes_through_return_and_approval_and_the_before_after_page_compares(DbProvider provider)
    {
        var w = await WorldAsync(provider, "成果丙公司");
        using var org = await TestClient.SignedInAsync(w.App, w.OrganizationUser, AppFactory.UserPassword);
        using var office = await TestClient.OfficeAsync(w.App);
        await SubmitFinalAsync(w, org);

        // the organization submits: the management model is required
        var mine = $"/Showcase/Mine/{w.Programme}";
        var refused = await org.PostFormAsync(mine + "?handler=Submit", new() { ["Input.Narrative"] = "培育孵化以来建立了完整的战略部署和绩效测量体系，顾客满意度明显提升。" });
        Assert.Contains("请填写提炼的管理模式", await refused.Content.ReadAsStringAsync());
        var submit = await org.PostFormAsync(mine + "?handler=Submit", new()
        {
            ["Input.Narrative"] = "培育孵化以来建立了完整的战略部署和绩效测量体系，顾客满意度明显提升。", ["Input.ManagementModel"] = "“三全”质量管理模式",
            ["Input.ImprovementActions"] = "按现场扶优意见完善了绩效指标", ["Input.PublicConsent"] = "true", ["Version"] = "0",
        });
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        Assert.Contains("已提交待审核", await org.GetStringAsync(mine));

        // the Office records the re-score (50 % everywhere, 4.1.2 at 70 %)
        var profileUrl = $"/Showcase/Profile/{w.Programme}/{w.Organization}";
        async Task<string> Version() => (await VersionAsync<ShowcaseProfile>(w.App, q => q.Where(p => p.OrganizationId == w.Organization).Select(p => p.Version))).ToString(CultureInfo.InvariantCulture);
        var scores = Gb19580.Items.ToDictionary(i => $"Scores[{i.Code}]", i => (string?)Text(i.Code == "4.1.2" ? 70 : 50));
        scores["Version"] = await Version();
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(profileUrl + "?handler=Rescore", scores)).StatusCode);

        var html = await office.GetStringAsync(profileUrl);
        var expected = ShowcaseRules.Compare(Gb19580.Items.ToDictionary(i => i.Code, _ => 30), Gb19580.Items.ToDictionary(i => i.Code, i => i.Code == "4.1.2" ? 70 : 50));
        Assert.Contains("data-question=\"B-06\"", html);
        Assert.Contains("data-question=\"B-08\"", html);
        Assert.DoesNotContain("data-question=\"B-09\"", html);
        Assert.Contains("建议完善战略部署的绩效指标", html);
        Assert.Contains("“三全”质量管理模式", html);
        Assert.Contains($"id=\"baseline-total\">{ShowcaseRules.Points(expected.BaselineTotal)}<", html);
        Assert.Contains($"id=\"rescore-total\">{ShowcaseRules.Points(expected.RescoreTotal)}<", html);
        var chart = ShowcaseRules.Chart(expected);
        foreach (var row in expected.Categories)
        {
            Assert.Contains($"<td class=\"num baseline\">{ShowcaseRules.Points(row.Baseline)}</td><td class=\"num rescore\">{ShowcaseRules.Points(row.Rescore)}</td>", html);
            foreach (var bar in chart.Bars.Where(b => b.CategoryCode == row.Category.Code))
            {
                // the bar drawn carries the same points as the table and the height the rule gives
                Assert.Contains($"class=\"bar {bar.Series}\" data-category=\"{row.Category.Code}\" data-points=\"{ShowcaseRules.Points(bar.Points)}\" x=\"{ShowcaseRules.Svg(bar.X)}\" y=\"{ShowcaseRules.Svg(bar.Y)}\" width=\"{ShowcaseRules.Svg(bar.Width)}\" height=\"{ShowcaseRules.Svg(bar.Height)}\"", html);
            }
        }
        Assert.DoesNotContain("style=", html);

        // returned with a comment, resubmitted, approved → 已成果展示
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(profileUrl + "?handler=Return", new() { ["Comment"] = "请补充管理模式的成效数据", ["Version"] = await Version() })).StatusCode);
        Assert.Contains("请补充管理模式的成效数据", await org.GetStringAsync(mine));
        Assert.Equal(HttpStatusCode.Redirect, (await org.PostFormAsync(mine + "?handler=Submit", new()
        {
            ["Input.Narrative"] = "培育孵化以来建立了完整的战略部署和绩效测量体系，顾客满意度由85%提升至93%。", ["Input.ManagementModel"] = "“三全”质量管理模式",
            ["Input.PublicConsent"] = "true", ["Version"] = await Version(),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(profileUrl + "?handler=Approve", new() { ["Version"] = await Version() })).StatusCode);
        var state = await w.App.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.Where(c => c.Id == w.CaseId).Select(c => c.State).SingleAsync());
        Assert.Equal(CaseState.Showcased, state);

        // the organization sees its own page; another organization gets 404 for the page and the Word file
        Assert.Contains("已审核通过", await org.GetStringAsync(profileUrl));
        using var other = await TestClient.SignedInAsync(w.App, w.OtherUser, AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(profileUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/Showcase/Docx/{w.Programme}/{w.Organization}")).StatusCode);

        // the Word file opens and holds the comparison
        var docx = await org.Http.GetAsync($"/Showcase/Docx/{w.Programme}/{w.Organization}");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using (var word = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false))
        {
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains(ShowcaseDocument.Title, text);
            Assert.Contains("4.1 领导", text);
            Assert.Contains(ShowcaseRules.Points(expected.RescoreTotal), text);
            Assert.Contains("“三全”质量管理模式", text);
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_approval_whose_case_move_is_stale_approves_nothing_and_can_be_repeated(DbProvider provider)
    {
        // 4.7: the approval and the case's move to 已成果展示 are one save; another user changing the case in between refuses both
        var bump = new CaseVersionBump();
        await using var app = await AppFactory.CreateAsync(provider, configure: bump.Register);
        var w = await WorldAsync(provider, "成果戊公司", app);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.Add(new ShowcaseProfile
            {
                ProgrammeId = w.Programme, OrganizationId = w.Organization, Narrative = "培育孵化成果", ManagementModel = "精益管理模式", RescoreTotal = 500m,
                Status = ProfileStatus.Submitted, SubmittedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        using var office = await TestClient.OfficeAsync(app);
        var profileUrl = $"/Showcase/Profile/{w.Programme}/{w.Organization}";
        async Task<string> Version() => (await VersionAsync<ShowcaseProfile>(app, q => q.Where(p => p.OrganizationId == w.Organization).Select(p => p.Version))).ToString(CultureInfo.InvariantCulture);
        async Task<(ProfileStatus Profile, CaseState Case, int Notices)> StateAsync() => await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Set<ShowcaseProfile>().Where(p => p.OrganizationId == w.Organization).Select(p => p.Status).SingleAsync(),
                await db.Cases.Where(c => c.Id == w.CaseId).Select(c => c.State).SingleAsync(),
                await db.Notifications.CountAsync(n => n.Title == "成果展示资料已审核通过"));
        });

        bump.Arm(app, w.CaseId);
        var stale = await office.PostFormAsync(profileUrl + "?handler=Approve", new() { ["Version"] = await Version() }, profileUrl);
        Assert.Equal(1, bump.Bumped);
        Assert.Contains(ConcurrencyMessages.Stale, WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));
        Assert.Equal((ProfileStatus.Submitted, CaseState.SiteVisited, 0), await StateAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(profileUrl + "?handler=Approve", new() { ["Version"] = await Version() }, profileUrl)).StatusCode);
        Assert.Equal((ProfileStatus.Approved, CaseState.Showcased, 1), await StateAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_public_page_shows_only_approved_profiles_with_consent(DbProvider provider)
    {
        var w = await WorldAsync(provider, "公开甲公司");
        var (third, _) = await w.App.CreateCaseAsync(w.Programme, "公开丙公司");
        await w.App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.Add(new ShowcaseProfile { ProgrammeId = w.Programme, OrganizationId = w.Organization, Status = ProfileStatus.Approved, PublicConsent = true, ManagementModel = "同意公开的模式", Narrative = "公开的成果介绍" });
            db.Add(new ShowcaseProfile { ProgrammeId = w.Programme, OrganizationId = w.Other, Status = ProfileStatus.Approved, PublicConsent = false, ManagementModel = "不同意公开的模式" });
            db.Add(new ShowcaseProfile { ProgrammeId = w.Programme, OrganizationId = third, Status = ProfileStatus.Submitted, PublicConsent = true, ManagementModel = "未审核的模式" });
            await db.SaveChangesAsync();
        });
        using var anonymous = TestClient.For(w.App);
        var html = await anonymous.GetStringAsync($"/Showcase/Public/{w.Programme}");
        Assert.Contains("同意公开的模式", html);
        Assert.DoesNotContain("不同意公开的模式", html);
        Assert.DoesNotContain("未审核的模式", html);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_exchange_event_invites_pool_members_and_records_attendance_and_material(DbProvider provider)
    {
        var w = await WorldAsync(provider, "交流甲公司");
        using var office = await TestClient.OfficeAsync(w.App);
        var created = await office.PostFormAsync($"/Showcase/{w.Programme}?handler=Event", new()
        {
            ["Input.Kind"] = nameof(ExchangeKind.BenchmarkVisit), ["Input.Title"] = "走进标杆企业", ["Input.StartsAt"] = "2026-12-10T09:30",
            ["Input.Place"] = "标杆企业总部", ["Input.HostOrganization"] = "某质量奖获奖企业",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var eventUrl = created.Headers.Location!.OriginalString;
        Assert.Contains("走进标杆企业", await office.GetStringAsync($"/Showcase/{w.Programme}"));

        var invite = new FormUrlEncodedContent([new("organizationIds", w.Organization.ToString()), new("organizationIds", w.Other.ToString()),
            new("__RequestVerificationToken", TokenOf(await office.GetStringAsync(eventUrl)))]);
        Assert.Equal(HttpStatusCode.Redirect, (await office.Http.PostAsync(eventUrl + "?handler=Invite", invite)).StatusCode);
        var version = await VersionAsync<ExchangeAttendance>(w.App, q => q.Where(a => a.OrganizationId == w.Organization).Select(a => a.Version));
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(eventUrl + "?handler=Attendance", new()
        {
            ["organizationId"] = w.Organization.ToString(), ["attended"] = "true", ["participants"] = "3", ["presented"] = "分享质量改进案例",
            ["attendanceVersion"] = version.ToString(CultureInfo.InvariantCulture),
        })).StatusCode);
        var upload = await office.PostFileAsync(eventUrl + "?handler=Upload", eventUrl, "upload", FileTypesTests.Pdf(), "交流材料.pdf", new() { ["organizationId"] = w.Organization.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);

        var html = await office.GetStringAsync(eventUrl);
        Assert.Contains("已参加（3人）", html);
        Assert.Contains("分享质量改进案例", html);
        Assert.Contains("交流材料.pdf", html);
        var stored = await w.App.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attachments.Where(a => a.OwnerType == nameof(ExchangeEvent) && a.OrganizationId == w.Organization).CountAsync());
        Assert.Equal(1, stored);
        using var org = await TestClient.SignedInAsync(w.App, w.OrganizationUser, AppFactory.UserPassword);
        Assert.Contains("走进标杆企业", await org.GetStringAsync($"/Showcase/Mine/{w.Programme}"));
    }

    private static string TokenOf(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
}
