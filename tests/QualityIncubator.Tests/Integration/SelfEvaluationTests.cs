using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.4.1: the organization fills Appendix B and uploads its report; submitting moves its case; its course needs guide the electives (4.5.5).</summary>
public sealed class SelfEvaluationTests(AppFactories factories)
{
    /// <summary>Every required row answered with its first option; the contact rows typed.</summary>
    private static Dictionary<string, string?> Complete()
    {
        var fields = new Dictionary<string, string?>();
        foreach (var q in AppendixB.Questions.Where(q => q.Required))
        {
            fields[$"Answers[{q.Code}]"] = q.Kind == AnswerKind.Text ? "自评填写" : q.Options[0].Code;
        }
        return fields;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_organization_fills_appendix_b_uploads_its_report_and_submits_and_nothing_typed_is_lost(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (org, caseId) = await app.CreateCaseAsync(programme, "自评甲公司");
        var (_, otherCase) = await app.CreateCaseAsync(programme, "自评乙公司"); // continues, submits nothing
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            foreach (var c in await db.Cases.Where(c => c.Id == caseId || c.Id == otherCase).ToListAsync())
            {
                c.State = CaseState.Continuing;
            }
            await db.SaveChangesAsync();
        });
        using var client = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, org), AppFactory.UserPassword);
        var url = $"/Assessment/SelfEvaluation/{programme}";
        Assert.Contains("是否确立使命、愿景和价值观", await client.GetStringAsync(url));

        // too many course needs and no report: refused beside the fields, answers kept
        var fields = Complete();
        fields["Answers[B-01]"] = "自评甲公司（保留）";
        fields["CourseNeeds"] = null;
        var tooMany = new FormUrlEncodedContent([.. fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)),
            new("CourseNeeds", "DIGITAL"), new("CourseNeeds", "LEAN"), new("CourseNeeds", "QC"), new("CourseNeeds", "5S"),
            new("__RequestVerificationToken", await TokenAsync(client, url))]);
        var refused = await client.Http.PostAsync(url + "?handler=Submit", tooMany);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("请上传自评报告，或在下方按 GB/T 19580 各类目在线撰写自评报告（4.4.1.3）", html);
        Assert.Contains("专项课程培育需求最多选择3项", html);
        Assert.Contains("value=\"自评甲公司（保留）\"", html);

        var draft = await client.PostFormAsync(url + "?handler=Save", new() { ["Answers[B-01]"] = "自评甲公司", ["Answers[B-08]"] = "YES" });
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        Assert.Contains("value=\"自评甲公司\"", await client.GetStringAsync(url));
        var upload = await client.PostFileAsync(url + "?handler=Upload", url, "upload", FileTypesTests.Pdf(), "自评报告.pdf", new() { ["purpose"] = "自评报告" });
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);

        var version = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<SelfEvaluation>().Where(e => e.OrganizationId == org).Select(e => e.Version).SingleAsync());
        var complete = Complete();
        complete["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var content = new FormUrlEncodedContent([.. complete.Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)),
            new("CourseNeeds", "QC"), new("CourseNeeds", "LEAN"), new("__RequestVerificationToken", await TokenAsync(client, url))]);
        var submitted = await client.Http.PostAsync(url + "?handler=Submit", content);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Contains("已于", await client.GetStringAsync(url));
        var (state, status) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Cases.Where(c => c.Id == caseId).Select(c => c.State).SingleAsync(),
                await db.Set<SelfEvaluation>().Where(e => e.OrganizationId == org).Select(e => e.Status).SingleAsync());
        });
        Assert.Equal((CaseState.SelfEvaluated, SelfEvaluationStatus.Submitted), (state, status));
        using var office = await TestClient.OfficeAsync(app);
        Assert.Contains("已提交自评表和自评报告", await office.GetStringAsync("/Notifications"));
        // the Office's list shows the submission with its report
        var list = await office.GetStringAsync($"/Assessment/{programme}?show=submitted");
        Assert.Contains("自评甲公司", list);
        Assert.Matches("<td>已提交</td>\\s*<td>[0-9: -]+</td>\\s*<td class=\"num\">1</td>", list);
        Assert.DoesNotContain("自评甲公司", await office.GetStringAsync($"/Assessment/{programme}?show=pending"));
        // the counts and each view's total, against the database: every organization continuing the programme, and those that submitted
        var (involved, done) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            CaseState[] states = [CaseState.Continuing, CaseState.SelfEvaluated, CaseState.Reviewed, CaseState.Analysed, CaseState.InPool, CaseState.NotSelected];
            var cases = db.Cases.Where(c => c.ProgrammeId == programme && states.Contains(c.State));
            return (await cases.CountAsync(), await cases.CountAsync(c => db.Set<SelfEvaluation>().Any(e => e.ProgrammeId == programme
                && e.OrganizationId == c.OrganizationId && e.Kind == SelfEvaluationKind.Baseline && e.Status == SelfEvaluationStatus.Submitted)));
        });
        Assert.True(done >= 1 && involved > done, $"{done} of {involved}");
        var whole = await office.GetStringAsync($"/Assessment/{programme}");
        Assert.Contains($"<strong id=\"submitted-count\">{done}</strong>", whole);
        Assert.Contains($"<strong id=\"pending-count\">{involved - done}</strong>", whole);
        Assert.Contains($"共 {involved} 条", whole);
        Assert.Contains($"共 {done} 条", list);
        Assert.Contains($"共 {involved - done} 条", await office.GetStringAsync($"/Assessment/{programme}?show=pending"));
        // the Office downloads the filled form as Word; the text holds the organization and the ticked answers
        var docx = await office.Http.GetAsync($"/Assessment/AppendixB/{programme}/{org}");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false))
        {
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains(AppendixB.Title, text);
            Assert.Contains("☑QC小组专题课程", text.Replace(" ", "", StringComparison.Ordinal));
        }

        // a submitted form is closed; later, in the pool, its course needs guide the electives
        var again = await client.PostFormAsync(url + "?handler=Save", new() { ["Answers[B-01]"] = "改名" });
        Assert.Contains("自评表已提交，不能再修改", await again.Content.ReadAsStringAsync());
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Theory;
            db.Add(new Course { ProgrammeId = programme, Stage = CourseStage.Theory, Kind = CourseKind.Elective, Title = "QC小组专题课程", Topic = "QC", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        var mine = await client.GetStringAsync($"/Courses/Mine/{programme}");
        Assert.Contains("专项课程培育需求：QC小组专题课程、精益管理", mine);
        Assert.Contains("QC小组专题课程（符合自评表需求）", mine);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Only_an_organization_that_chose_to_continue_fills_the_form_and_only_in_the_baseline_stage(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.AwarenessTraining);
        var (org, caseId) = await app.CreateCaseAsync(programme, "自评乙公司");
        using var client = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, org), AppFactory.UserPassword);
        var url = $"/Assessment/SelfEvaluation/{programme}";
        Assert.Contains("确认继续参与培育孵化后才能填写自评表", await (await client.PostFormAsync(url + "?handler=Save", new() { ["Answers[B-01]"] = "x" })).Content.ReadAsStringAsync());
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Continuing;
            await db.SaveChangesAsync();
        });
        Assert.Contains("摸底评估阶段才能填写自评表", await (await client.PostFormAsync(url + "?handler=Save", new() { ["Answers[B-01]"] = "x" })).Content.ReadAsStringAsync());
        // another organization's form is not reachable at all
        var (other, _) = await app.CreateCaseAsync(await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment), "他组织");
        using var outsider = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, other), AppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync(url)).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_submission_whose_case_move_is_stale_submits_nothing_and_can_be_repeated(DbProvider provider)
    {
        // 4.4.1: the submitted form, the Office's notice and the case's move to 已完成自评 are one save; another user changing the case
        // in between refuses all three, and the form stays open for the organization to submit again
        var bump = new CaseVersionBump();
        await using var app = await AppFactory.CreateAsync(provider, configure: bump.Register);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (org, caseId) = await app.CreateCaseAsync(programme, "自评丙公司");
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Continuing;
            await db.SaveChangesAsync();
        });
        using var client = await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, org), AppFactory.UserPassword);
        var url = $"/Assessment/SelfEvaluation/{programme}";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(url + "?handler=Save", new() { ["Answers[B-01]"] = "自评丙公司" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFileAsync(url + "?handler=Upload", url, "upload", FileTypesTests.Pdf(), "自评报告.pdf", new() { ["purpose"] = "自评报告" })).StatusCode);
        async Task<HttpResponseMessage> SubmitAsync()
        {
            var fields = Complete();
            fields["Version"] = (await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<SelfEvaluation>().Where(e => e.OrganizationId == org)
                .Select(e => e.Version).SingleAsync())).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await client.PostFormAsync(url + "?handler=Submit", fields, url);
        }
        async Task<(SelfEvaluationStatus Form, CaseState Case, int Notices)> StateAsync() => await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Set<SelfEvaluation>().Where(e => e.OrganizationId == org).Select(e => e.Status).SingleAsync(),
                await db.Cases.Where(c => c.Id == caseId).Select(c => c.State).SingleAsync(),
                await db.Notifications.CountAsync(n => n.Title.EndsWith("已提交自评表和自评报告")));
        });

        bump.Arm(app, caseId);
        var stale = await SubmitAsync();
        Assert.Equal(1, bump.Bumped);
        var html = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains(ConcurrencyMessages.Stale, html);
        Assert.Contains("value=\"自评填写\"", html); // what was typed is still on the page
        Assert.Equal((SelfEvaluationStatus.Draft, CaseState.Continuing, 0), await StateAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync()).StatusCode);
        var (form, state, notices) = await StateAsync();
        Assert.Equal((SelfEvaluationStatus.Submitted, CaseState.SelfEvaluated), (form, state));
        Assert.True(notices > 0, "the Office is told once the submission is saved");
    }

    private static async Task<string> TokenAsync(TestClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        return System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    }
}
