using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// Bad input on the main form of every stage and on the JSON endpoints: wrong types, impossible dates, overlong text, control and
/// bidi characters, negative counts and amounts, credit codes with a wrong check character, phone numbers that are none. Each is
/// answered 200 (the form again) or 400 (the API) — never 500 — with a Chinese message; the form keeps every other value typed
/// (a unique marker in another field is shown again), and nothing is saved (no audit event carries the marker).
/// </summary>
public sealed partial class BadInputTests(AppFactories factories)
{
    /// <summary>One bad value: <see cref="Field"/> gets <see cref="Value"/> ("{m}" stands for the marker); the answer must contain <see cref="Message"/>.</summary>
    public sealed record Bad(string Field, string Value, string Message);

    /// <summary>A form ready to post: the signed-in client, the page holding the form, where it posts, valid values, and the field that carries the marker.</summary>
    public sealed record Form(TestClient Client, string Page, string Post, Dictionary<string, string?> Fields, string? Kept, IReadOnlyList<Bad> Bads);

    private const string ControlMessage = "含有不可见的控制字符";
    private const string NotANumber = "无效|不是有效";

    private static string Long(int length) => new('长', length);

    /// <summary>The text-rule cases for one field: a NUL, an escape, a C1 character and a right-to-left override inside ordinary text.</summary>
    private static IEnumerable<Bad> Controls(string field) =>
        new[] { "\u0000", "\u001B[31m", "\u0085", "\u202Eexe.pdf", "\u2066" }.Select(c => new Bad(field, "正常文字" + c + "结尾", ControlMessage));

    /// <summary>Letters, an impossible date and a day that does not exist, for a date field.</summary>
    private static IEnumerable<Bad> Dates(string field) =>
        new[] { "2026-13-45", "2026-02-30", "明天", "2026/99/99" }.Select(v => new Bad(field, v, "无效|不是有效"));

    private static IEnumerable<Bad> Numbers(string field, string negativeMessage) =>
        [new(field, "abc", NotANumber), new(field, "一百", NotANumber), new(field, "1e999", NotANumber), new(field, "-5", negativeMessage)];

    public static TheoryData<DbProvider, string> Cases()
    {
        var data = new TheoryData<DbProvider, string>();
        foreach (var provider in new[] { DbProvider.Sqlite, DbProvider.Postgres })
        {
            foreach (var name in Forms.Keys)
            {
                data.Add(provider, name);
            }
        }
        return data;
    }

    /// <summary>The main form of each stage.</summary>
    private static readonly Dictionary<string, Func<AppFactory, Task<Form>>> Forms = new(StringComparer.Ordinal)
    {
        ["programme"] = async app => new Form(await TestClient.OfficeAsync(app), "/Programmes/Create", "/Programmes/Create",
            new() { ["Input.Year"] = "2026", ["Input.Title"] = "坏输入测试计划", ["Input.ExpertAssignmentLimit"] = "5" }, "Input.Description",
            [.. Numbers("Input.Year", "年度应在2020至2100之间"), .. Controls("Input.Title"), new("Input.Title", Long(201), "不能超过200个字"),
             new("Input.ExpertAssignmentLimit", "-1", "应在1至100之间"), new("Input.Description", "{m}" + Long(4001), "不能超过4000个字")]),

        ["call"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync();
            return new Form(await TestClient.OfficeAsync(app), $"/Programmes/Call/{programme}", $"/Programmes/Call/{programme}?handler=Save",
                new() { ["Input.Html"] = "<p>欢迎申报</p>", ["Input.OpensOn"] = "2026-03-01", ["Input.ClosesOn"] = "2026-04-30" }, "Input.Contact",
                [.. Dates("Input.OpensOn"), .. Dates("Input.ClosesOn"), .. Controls("Input.Requirements"), new("Input.Requirements", Long(4001), "不能超过4000个字"),
                 new("Input.Html", Long(20001), "不能超过20000个字符")]);
        },

        ["registration"] = app => Task.FromResult(new Form(TestClient.For(app), "/Register", "/Register",
            new()
            {
                ["Input.OrganizationName"] = "坏输入注册公司", ["Input.CreditCode"] = TestData.NewCreditCode(), ["Input.ContactMobile"] = "13912345678",
                ["Input.ContactEmail"] = "reg@example.invalid", ["Input.UserName"] = "bad-" + Guid.NewGuid().ToString("N")[..8],
                ["Input.Password"] = "Bad-input-2026x", ["Input.ConfirmPassword"] = "Bad-input-2026x",
            }, "Input.ContactName",
            [new("Input.CreditCode", WrongCheck(TestData.NewCreditCode()), "统一社会信用代码"), new("Input.CreditCode", "12345", "统一社会信用代码"),
             new("Input.CreditCode", "91310117MA1J3X4Y5", "统一社会信用代码"), new("Input.ContactMobile", "12345", "手机"), new("Input.ContactMobile", "2391234567a", "手机"),
             new("Input.ContactEmail", "不是邮箱", "电子邮件格式不正确"), .. Controls("Input.OrganizationName"), new("Input.OrganizationName", Long(201), "不能超过200个字")])),

        ["application form"] = async app =>
        {
            var programme = await ProgrammeWithCallAsync(app);
            var (org, _) = await app.CreateCaseAsync(programme);
            return new Form(await OrganizationClientAsync(app, org), $"/Applications/Form/{programme}", $"/Applications/Form/{programme}?handler=Save",
                new() { ["Input.LegalRepresentative"] = "王建国", ["Input.ContactName"] = "张三", ["Input.Phone"] = "021-57001234", ["Input.EmployeeCount"] = "100", ["Input.Version"] = "0" },
                "Input.Address",
                [.. Numbers("Input.EmployeeCount", "员工总数应为0或正整数"), .. Numbers("Input.RdStaffCount", "研发人员数应为0或正整数"),
                 new("Input.TotalAssets", "-1", "不能为负数"), new("Input.LastYearRevenue", "十万", NotANumber), .. Dates("Input.EstablishedOn"),
                 new("Input.Phone", "12345", "电话"), new("Input.ContactPhone", "1381234567", "电话"), new("Input.ContactEmail", "a@", "电子邮件格式不正确"),
                 .. Controls("Input.ContactName"), new("Input.IndustryDetail", Long(201), "不能超过200个字"), new("Input.Honours[0].Year", "二〇二五", NotANumber),
                 new("Input.Certifications[0].ExpiresOn", "2026-02-30", "无效"), new("Input.Honours[0].Name", "荣誉\u202E称号", ControlMessage)]);
        },

        ["expert form"] = async app => new Form(await TestClient.OfficeAsync(app), "/Experts/Edit", "/Experts/Edit?handler=Save",
            new() { ["Input.Name"] = "坏输入专家", ["Input.Mobile"] = "13812345678", ["Input.IsReportReviewer"] = "true", ["Input.Status"] = "Active" }, "Input.Employer",
            [.. Numbers("Input.YearsOfExperience", "年限应在0至60之间"), new("Input.EmployerCreditCode", WrongCheck(TestData.NewCreditCode()), "统一社会信用代码"),
             new("Input.Mobile", "12345", "手机"), new("Input.Email", "专家@", "电子邮件格式不正确"), .. Controls("Input.Name"), new("Input.Name", Long(51), "不能超过50个字"),
             new("Input.Specialties", Long(1001), "不能超过1000个字"), new("Input.Status", "Deleted", "无效")]),

        ["expert unavailable date"] = async app =>
        {
            var (user, _) = await ExpertWithLoginAsync(app);
            return new Form(await TestClient.SignedInAsync(app, user, AppFactory.UserPassword), "/Experts/Me", "/Experts/Me?handler=AddDate",
                new() { ["date"] = "2026-06-01" }, "note", [.. Dates("date"), .. Controls("note")]);
        },

        ["course"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.AwarenessTraining);
            return new Form(await TestClient.OfficeAsync(app), $"/Courses/Edit/{programme}", $"/Courses/Edit/{programme}?handler=Save",
                new() { ["Input.Stage"] = nameof(CourseStage.Awareness), ["Input.Kind"] = nameof(CourseKind.Mandatory), ["Input.Title"] = "坏输入课程", ["Input.SortOrder"] = "1" },
                "Input.Description",
                [.. Numbers("Input.SortOrder", "排序应在0至999之间"), .. Controls("Input.Title"), new("Input.Title", Long(201), "不能超过200个字"),
                 new("Input.Stage", "Nonsense", "无效|不是有效"), new("Input.Kind", "99", "无效|不是有效")]);
        },

        ["course session"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.AwarenessTraining);
            var course = await app.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                var c = new Course { ProgrammeId = programme, Stage = CourseStage.Awareness, Kind = CourseKind.Mandatory, Title = "坏输入课程", CreatedAt = DateTime.UtcNow };
                db.Add(c);
                await db.SaveChangesAsync();
                return c.Id;
            });
            return new Form(await TestClient.OfficeAsync(app), $"/Courses/Edit/{programme}/{course}", $"/Courses/Edit/{programme}/{course}?handler=Session",
                new() { ["Session.Date"] = "2026-06-01", ["Session.Starts"] = "09:00", ["Session.Ends"] = "11:00", ["Session.Capacity"] = "30" }, "Session.Place",
                [.. Dates("Session.Date"), new("Session.Starts", "25:61", "无效"), .. Numbers("Session.Capacity", "容量应在1至10000人之间"), new("Session.Capacity", "0", "容量应在1至10000人之间"),
                 .. Controls("Session.OnlineLink"), new("Session.OnlineLink", "https://x.invalid/" + new string('a', 1000), "不能超过1000个字符")]);
        },

        ["self-evaluation"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
            var (org, caseId) = await app.CreateCaseAsync(programme);
            await SetStateAsync(app, caseId, CaseState.Continuing);
            return new Form(await OrganizationClientAsync(app, org), $"/Assessment/SelfEvaluation/{programme}", $"/Assessment/SelfEvaluation/{programme}?handler=Save",
                new() { ["Answers[B-08]"] = "YES", ["Version"] = "0" }, "Answers[B-01]",
                [.. Controls("Answers[B-02]"), 
                 new($"Sections[{Gb19580.Categories[0].Code}]", "自评" + "\u0000", ControlMessage)]);
        },

        ["review scores"] = async app =>
        {
            var (client, assignment) = await ReviewerAsync(app);
            return new Form(client, $"/Assessment/Review/{assignment}", $"/Assessment/Review/{assignment}?handler=Save",
                new() { ["Version"] = "0", [$"Scores[{Gb19580.Items[0].Code}]"] = "50" }, "Parts[Strengths]",
                [new($"Scores[{Gb19580.Items[1].Code}]", "abc", "分"), new($"Scores[{Gb19580.Items[1].Code}]", "-5", "分"), new($"Scores[{Gb19580.Items[1].Code}]", "101", "分"),
                 .. Controls("Parts[Improvements]"), new("Parts[Improvements]", Long(20001), "不能超过|超过")]);
        },

        ["penalty"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
            var (org, caseId) = await app.CreateCaseAsync(programme);
            await SetStateAsync(app, caseId, CaseState.Reviewed);
            return new Form(await TestClient.OfficeAsync(app), $"/Assessment/Quality/{programme}/{org}", $"/Assessment/Quality/{programme}/{org}?handler=AddPenalty",
                new() { ["Penalty.DecidedOn"] = "2025-06-01", ["Penalty.Authority"] = "松江区市场监督管理局", ["Penalty.DecisionNumber"] = "沪市监松处〔2025〕9号", ["Penalty.Category"] = "罚款", ["Penalty.Amount"] = "5000" },
                "Penalty.Summary",
                [.. Dates("Penalty.DecidedOn"), new("Penalty.Amount", "-100", "金额"), new("Penalty.Amount", "五千元", "金额"), .. Controls("Penalty.Authority"),
                 new("Penalty.Authority", Long(201), "不能超过|超过")]);
        },

        ["pool exit"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.TheoryGuidance);
            var (org, caseId) = await app.CreateCaseAsync(programme);
            await SetStateAsync(app, caseId, CaseState.InPool, db => db.Add(new PoolMember { ProgrammeId = programme, OrganizationId = org, EnteredAt = DateTime.UtcNow, Rank = 1 }));
            var version = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Cases.Where(c => c.Id == caseId).Select(c => c.Version).SingleAsync());
            return new Form(await TestClient.OfficeAsync(app), $"/Pool/Exit/{programme}/{org}", $"/Pool/Exit/{programme}/{org}",
                new() { ["Ground"] = nameof(ExitGround.MajorIncident), ["CaseVersion"] = version.ToString(CultureInfo.InvariantCulture) }, "Description",
                [new("Ground", "NoSuchGround", "无效|请选择"), new("Description", "{m}\u0000", ControlMessage),
                 new("Description", "{m}\u202E", ControlMessage), new("Description", "{m}" + Long(2001), "不能超过|超过")]);
        },

        ["site-visit plan"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.SiteCoaching);
            var (org, caseId) = await app.CreateCaseAsync(programme);
            await SetStateAsync(app, caseId, CaseState.Theory);
            return new Form(await TestClient.OfficeAsync(app), $"/SiteVisits/Plan/{programme}/{org}", $"/SiteVisits/Plan/{programme}/{org}",
                new() { ["Input.Date"] = "2026-09-01", ["Input.Starts"] = "09:00", ["Input.Ends"] = "11:30", ["Input.Format"] = nameof(SiteVisitFormat.Both), ["Checklist"] = "汇报材料" },
                "Input.Place",
                [.. Dates("Input.Date"), new("Input.Ends", "9点", "无效"), new("Input.Format", "Teleport", "无效"), .. Controls("Checklist"), new("Checklist", Long(4001), "不能超过|超过")]);
        },

        ["opinion text"] = async app =>
        {
            var (client, visit) = await LeadCoachAsync(app);
            return new Form(client, $"/SiteVisits/Opinion/{visit}", $"/SiteVisits/Opinion/{visit}?handler=Save",
                new() { ["Version"] = "-1", ["Input.Basics"] = "基本情况" }, "Input.Strengths",
                [.. Controls("Input.Improvements"), new("Input.Improvements", Long(20001), "不能超过|超过")]);
        },

        ["showcase profile"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.Showcase);
            var (org, caseId) = await app.CreateCaseAsync(programme);
            await SetStateAsync(app, caseId, CaseState.SiteVisited);
            return new Form(await OrganizationClientAsync(app, org), $"/Showcase/Mine/{programme}", $"/Showcase/Mine/{programme}?handler=Save",
                new() { ["Version"] = "-1" }, "Input.Narrative",
                [.. Controls("Input.ManagementModel"), new("Input.ManagementModel", Long(20001), "不能超过|超过")]);
        },

        ["showcase event"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.Showcase);
            return new Form(await TestClient.OfficeAsync(app), $"/Showcase/{programme}", $"/Showcase/{programme}?handler=Event",
                new() { ["Input.Kind"] = "Showcase", ["Input.StartsAt"] = "2026-10-01T09:00", ["Input.Place"] = "区会议中心" }, "Input.Title",
                [new("Input.StartsAt", "2026-13-45T09:00", "无效"), new("Input.StartsAt", "下周一", "无效"), .. Controls("Input.Place"), new("Input.Place", Long(1001), "不能超过|不超过")]);
        },

        ["summary"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.Review);
            return new Form(await TestClient.OfficeAsync(app), $"/Review/Summary/{programme}", $"/Review/Summary/{programme}?handler=Save",
                new() { ["Version"] = "-1", ["Input.CourseSetupEvaluation"] = "课程合理" }, "Input.OverallEvaluation",
                [.. Controls("Input.ImprovementSuggestions"), new("Input.ImprovementSuggestions", Long(20001), "不能超过|超过"), new("Version", "abc", NotANumber)]);
        },

        ["rating"] = async app =>
        {
            var w = await ExpertRatingTests.SeedAsync(app);
            return new Form(await TestClient.OfficeAsync(app), $"/Review/Experts/{w.Programme}", $"/Review/Experts/{w.Programme}?handler=Rate",
                new() { ["Rating.ExpertId"] = w.Reviewer.ToString(), ["Rating.Role"] = nameof(AssignmentRole.ReportReviewer), ["Rating.Level"] = "Good" }, "Rating.Comment",
                [new("Rating.Level", "Excellent!", "请选择|无效|不是有效"), new("Rating.Comment", "{m}\u0000", ControlMessage),
                 new("Rating.Comment", "{m}" + Long(2001), "不能超过|超过")]);
        },

        ["improvement action"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.Review);
            return new Form(await TestClient.OfficeAsync(app), $"/Review/Improvements/{programme}", $"/Review/Improvements/{programme}?handler=Save",
                new() { ["Input.Area"] = "CourseSetup", ["Input.Owner"] = "区评审办", ["Input.DueOn"] = "2026-12-31", ["Input.Status"] = "Open" }, "Input.Action",
                [.. Dates("Input.DueOn"), new("Input.Area", "Everything", "无效"), .. Controls("Input.Owner"), new("Input.Owner", Long(201), "不能超过|超过")]);
        },

        ["archive seal"] = async app =>
        {
            var programme = await app.CreateProgrammeAsync(ProgrammeStage.Archive);
            return new Form(await TestClient.OfficeAsync(app), $"/Archive/{programme}", $"/Archive/{programme}?handler=Seal",
                new() { ["Confirm"] = "true", ["Version"] = "0", ["RetentionYears"] = "5" }, null,
                [new("RetentionYears", "abc", NotANumber), new("RetentionYears", "-5", "年"), new("RetentionYears", "3", "年"), new("Version", "十", NotANumber)]);
        },

        ["office user"] = async app => new Form(await TestClient.OfficeAsync(app), "/Users/Create", "/Users/Create",
            new() { ["Input.UserName"] = "u-" + Guid.NewGuid().ToString("N")[..8], ["Input.Role"] = Roles.Expert, ["Input.Email"] = "u@example.invalid" },
            "Input.DisplayName", [.. Controls("Input.Email"), new("Input.UserName", "坏 用户\u0000", "用户名"), new("Input.Email", "x@" + Long(300), "不能超过|过长")]),
    };

    [Theory, MemberData(nameof(Cases))]
    public async Task Bad_values_are_refused_in_chinese_keep_the_other_input_and_save_nothing(DbProvider provider, string form)
    {
        var app = await factories.GetAsync(provider);
        var f = await Forms[form](app);
        using var client = f.Client;
        var failures = new List<string>();
        foreach (var bad in f.Bads)
        {
            var marker = "保留" + Guid.NewGuid().ToString("N")[..10];
            var fields = new Dictionary<string, string?>(f.Fields);
            if (f.Kept is not null)
            {
                fields[f.Kept] = marker;
            }
            // a bad value in the field that carries the marker keeps the marker in front of it
            var value = bad.Field == f.Kept && !bad.Value.Contains("{m}", StringComparison.Ordinal) ? "{m}" + bad.Value : bad.Value;
            fields[bad.Field] = value.Replace("{m}", marker, StringComparison.Ordinal);
            HttpResponseMessage response;
            if (bad.Value.Contains('\0', StringComparison.Ordinal))
            {
                // the framework's reader of url-encoded forms refuses %00 outright: the Chinese 400 page, nothing saved
                var urlEncoded = await client.PostFormAsync(f.Post, new Dictionary<string, string?>(fields), f.Page);
                var refusal = WebUtility.HtmlDecode(await urlEncoded.Content.ReadAsStringAsync());
                if (urlEncoded.StatusCode != HttpStatusCode.BadRequest || !refusal.Contains("请求无效", StringComparison.Ordinal) || await SavedAsync(app, marker))
                {
                    failures.Add($"{form}: url-encoded {bad.Field} with U+0000 → {(int)urlEncoded.StatusCode} {Messages(refusal)}");
                }
                // a multipart form (as a browser sends with enctype="multipart/form-data") reaches the text rule
                response = await PostMultipartAsync(client, f.Post, fields, f.Page);
            }
            else
            {
                response = await client.PostFormAsync(f.Post, fields, f.Page);
            }
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            var what = $"{form}: {bad.Field} = {Show(bad.Value)}";
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest))
            {
                failures.Add($"{what} → {(int)response.StatusCode} {Excerpt(html)}\n{string.Join("\n", app.ServerErrors.TakeLast(1))}");
                continue;
            }
            if (!bad.Message.Split('|').Any(m => html.Contains(m, StringComparison.Ordinal)))
            {
                failures.Add($"{what} → no “{bad.Message}” in the answer: {Messages(html)}");
            }
            if (f.Kept is not null && !html.Contains(marker, StringComparison.Ordinal))
            {
                failures.Add($"{what} → the value typed in {f.Kept} was lost");
            }
            if (await SavedAsync(app, marker))
            {
                failures.Add($"{what} → something was saved");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {f.Bads.Count} bad values of {form} were mishandled:\n" + string.Join("\n", failures));
    }

    /// <summary>Raw JSON bodies: wrong types, impossible dates, control characters, overlong text, negative counts, bad codes and phones.</summary>
    public sealed record JsonCase(string Name, string Method, Func<AppFactory, Task<(TestClient Client, string Url)>> Target, string Body);

    private static readonly JsonCase[] JsonCases = BuildJsonCases();

    private static JsonCase[] BuildJsonCases()
    {
        Func<AppFactory, Task<(TestClient, string)>> application = async app =>
        {
            var programme = await ProgrammeWithCallAsync(app);
            var (org, _) = await app.CreateCaseAsync(programme);
            return (await OrganizationClientAsync(app, org), $"/api/v1/programmes/{programme}/application");
        };
        Func<AppFactory, Task<(TestClient, string)>> experts = async app => (await TestClient.OfficeAsync(app), "/api/v1/experts");
        Func<AppFactory, Task<(TestClient, string)>> programmes = async app => (await TestClient.OfficeAsync(app), "/api/v1/programmes");
        Func<AppFactory, Task<(TestClient, string)>> courses = async app =>
            (await TestClient.OfficeAsync(app), $"/api/v1/programmes/{await app.CreateProgrammeAsync(ProgrammeStage.AwarenessTraining)}/courses");
        Func<AppFactory, Task<(TestClient, string)>> improvements = async app =>
            (await TestClient.OfficeAsync(app), $"/api/v1/programmes/{await app.CreateProgrammeAsync(ProgrammeStage.Review)}/improvements");
        return
        [
            new("application: letters in a count", "PUT", application, """{"contactName":"{m}","employeeCount":"abc"}"""),
            new("application: count as a decimal", "PUT", application, """{"contactName":"{m}","employeeCount":12.5}"""),
            new("application: impossible date", "PUT", application, """{"contactName":"{m}","establishedOn":"2026-13-45"}"""),
            new("application: 30 February", "PUT", application, """{"contactName":"{m}","establishedOn":"2026-02-30"}"""),
            new("application: negative count", "PUT", application, """{"contactName":"{m}","employeeCount":-5}"""),
            new("application: negative amount", "PUT", application, """{"contactName":"{m}","totalAssets":-1}"""),
            new("application: bad phone", "PUT", application, """{"contactName":"{m}","contactPhone":"12345"}"""),
            new("application: NUL in a name", "PUT", application, """{"contactName":"{m}\u0000"}"""),
            new("application: bidi override", "PUT", application, """{"contactName":"{m}","address":"\u202Eexe.pdf"}"""),
            new("application: C1 in a nested row", "PUT", application, """{"contactName":"{m}","honours":[{"name":"荣誉\u0085","level":"District","year":2025}]}"""),
            new("application: overlong text", "PUT", application, "{\"contactName\":\"{m}\",\"address\":\"" + Long(301) + "\"}"),
            new("application: unknown enum", "PUT", application, """{"contactName":"{m}","honours":[{"name":"荣誉","level":"Galactic","year":2025}]}"""),
            new("application: not JSON", "PUT", application, """{"contactName":"{m}", oops"""),
            new("expert: letters in years", "POST", experts, """{"name":"{m}","yearsOfExperience":"abc","isReportReviewer":true}"""),
            new("expert: negative years", "POST", experts, """{"name":"{m}","yearsOfExperience":-1,"isReportReviewer":true}"""),
            new("expert: bad credit code", "POST", experts, "{\"name\":\"{m}\",\"employerCreditCode\":\"" + WrongCheck(TestData.NewCreditCode()) + "\",\"isReportReviewer\":true}"),
            new("expert: bad mobile", "POST", experts, """{"name":"{m}","mobile":"1381234","isReportReviewer":true}"""),
            new("expert: control character", "POST", experts, """{"name":"{m}\u001b[2J","isReportReviewer":true}"""),
            new("expert: overlong name", "POST", experts, "{\"name\":\"{m}" + Long(60) + "\",\"isReportReviewer\":true}"),
            new("expert: unknown status", "POST", experts, """{"name":"{m}","status":"Deleted","isReportReviewer":true}"""),
            new("programme: letters in the year", "POST", programmes, """{"title":"{m}","year":"二〇二六"}"""),
            new("programme: year out of range", "POST", programmes, """{"title":"{m}","year":-2026}"""),
            new("programme: impossible date", "POST", programmes, """{"title":"{m}","year":2026,"schedule":[{"stage":"Mobilization","startsOn":"2026-13-45"}]}"""),
            new("programme: bidi isolate", "POST", programmes, """{"title":"{m}\u2066","year":2026}"""),
            new("course: letters in the order", "POST", courses, """{"title":"{m}","stage":"Awareness","kind":"Mandatory","sortOrder":"first"}"""),
            new("course: control character", "POST", courses, """{"title":"{m}\u0007","stage":"Awareness","kind":"Mandatory"}"""),
            new("improvement: impossible due date", "POST", improvements, """{"area":"CourseSetup","action":"{m}","owner":"区评审办","dueOn":"2026-13-45"}"""),
            new("improvement: control character", "POST", improvements, """{"area":"CourseSetup","action":"{m}\u0000","owner":"区评审办","dueOn":"2026-12-31"}"""),
        ];
    }

    public static TheoryData<DbProvider, string> JsonCaseNames()
    {
        var data = new TheoryData<DbProvider, string>();
        foreach (var provider in new[] { DbProvider.Sqlite, DbProvider.Postgres })
        {
            foreach (var c in JsonCases)
            {
                data.Add(provider, c.Name);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(JsonCaseNames))]
    public async Task Bad_json_is_answered_400_in_chinese_and_nothing_is_saved(DbProvider provider, string name)
    {
        var app = await factories.GetAsync(provider);
        var c = JsonCases.Single(x => x.Name == name);
        var (client, url) = await c.Target(app);
        using var _ = client;
        var marker = "保留" + Guid.NewGuid().ToString("N")[..10];
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), url)
        {
            Content = new StringContent(c.Body.Replace("{m}", marker, StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-CSRF-TOKEN", await client.CsrfTokenAsync());
        var response = await client.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity,
            $"{name} → {(int)response.StatusCode} {body}\n{string.Join("\n", app.ServerErrors.TakeLast(1))}");
        Assert.Matches(Chinese(), System.Text.Json.JsonDocument.Parse(body).RootElement.ToString());
        Assert.False(await SavedAsync(app, marker), $"{name}: something was saved");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Query_values_with_control_characters_or_wrong_types_never_reach_a_query_as_they_are(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        using var office = await TestClient.OfficeAsync(app);
        var programme = await app.CreateProgrammeAsync();
        foreach (var url in new[]
                 {
                     "/Applications?Q=%00abc", "/Applications?From=2026-13-45&p=abc", "/Experts?Q=%E2%80%AE%00", "/Programmes?Year=abc&Q=%1B",
                     "/Audit?Actor=%00&From=2026-02-30", $"/Pool/{programme}?Q=%00", $"/SiteVisits/{programme}?Q=%C2%85", "/Users?Q=%00",
                 })
        {
            var response = await office.Http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}\n{string.Join("\n", app.ServerErrors.TakeLast(1))}");
        }
        foreach (var url in new[]
                 {
                     "/api/v1/experts?q=%00", "/api/v1/programmes?year=abc", "/api/v1/programmes?q=%E2%80%AE", $"/api/v1/programmes/{programme}/applications?from=2026-13-45",
                     $"/api/v1/programmes/{programme}/applications?status=Nonsense", "/api/v1/audit?actor=%00", "/api/v1/audit?page=abc",
                 })
        {
            var response = await office.Http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} → {(int)response.StatusCode} {body}\n{string.Join("\n", app.ServerErrors.TakeLast(1))}");
            Assert.Matches(Chinese(), System.Text.Json.JsonDocument.Parse(body).RootElement.ToString());
        }
    }

    // ---- helpers ----

    private static async Task<HttpResponseMessage> PostMultipartAsync(TestClient client, string url, Dictionary<string, string?> fields, string page)
    {
        var html = await client.GetStringAsync(page);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value ?? ""), name);
        }
        form.Add(new StringContent(token), "__RequestVerificationToken");
        return await client.Http.PostAsync(url, form);
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    private static string WrongCheck(string code) => code[..17] + (code[17] == '0' ? '1' : '0');

    private static string Show(string value) =>
        value.Length > 40 ? $"{Escape(value[..20])}…({value.Length} chars)" : Escape(value);

    private static string Escape(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' ? $"\\u{(int)c:X4}" : c.ToString()));

    private static string Excerpt(string html) => Regex.Replace(html, "<[^>]+>", " ")[..Math.Min(300, html.Length)];

    /// <summary>The error messages a page shows (field errors and alert boxes), for a failure message.</summary>
    private static string Messages(string html) =>
        string.Join(" | ", Regex.Matches(html, "class=\"(?:field-error|error-box|validation-summary-errors)[^\"]*\"[^>]*>([\\s\\S]{0,300}?)</").Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", "").Trim()).Where(s => s.Length > 0));

    /// <summary>True when any audit event (every audited save writes one) carries <paramref name="marker"/>.</summary>
    private static Task<bool> SavedAsync(AppFactory app, string marker) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEvents.AnyAsync(a => (a.After != null && a.After.Contains(marker)) || (a.Before != null && a.Before.Contains(marker))));

    private static async Task<Guid> ProgrammeWithCallAsync(AppFactory app)
    {
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            db.ApplicationCalls.Add(new ApplicationCall { ProgrammeId = programme, Html = "<p>欢迎申报</p>", OpensOn = today.AddDays(-5), ClosesOn = today.AddDays(20), PublishedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        return programme;
    }

    private static async Task<TestClient> OrganizationClientAsync(AppFactory app, Guid org) =>
        await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, org), AppFactory.UserPassword);

    private static Task SetStateAsync(AppFactory app, Guid caseId, CaseState state, Action<AppDbContext>? more = null) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        (await db.Cases.SingleAsync(c => c.Id == caseId)).State = state;
        more?.Invoke(db);
        await db.SaveChangesAsync();
    });

    private static async Task<(string User, Guid Expert)> ExpertWithLoginAsync(AppFactory app)
    {
        var user = await app.CreateUserAsync(Roles.Expert);
        var expert = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var e = new Expert
            {
                Name = "坏输入专家", UserId = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync(),
                IsReportReviewer = true, IsSiteCoach = true, CreatedAt = DateTime.UtcNow,
            };
            db.Experts.Add(e);
            await db.SaveChangesAsync();
            return e.Id;
        });
        return (user, expert);
    }

    /// <summary>A pledged report reviewer assigned to a self-evaluated organization, signed in.</summary>
    private static async Task<(TestClient Client, Guid Assignment)> ReviewerAsync(AppFactory app)
    {
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (org, caseId) = await app.CreateCaseAsync(programme);
        var (user, expert) = await ExpertWithLoginAsync(app);
        var assignment = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.SelfEvaluated;
            var form = new SelfEvaluation
            {
                ProgrammeId = programme, OrganizationId = org, Kind = SelfEvaluationKind.Baseline, Status = SelfEvaluationStatus.Submitted,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, SubmittedAt = DateTime.UtcNow,
            };
            form.SetReportSections(Gb19580.Categories.ToDictionary(c => c.Code, c => (string?)$"“{c.Name}”方面的自评"));
            db.Add(form);
            await db.SaveChangesAsync();
            Assert.Null(await s.GetRequiredService<ExpertWork>().AssignAsync(programme, expert, org, AssignmentRole.ReportReviewer, false, null, CancellationToken.None));
            return await db.ExpertAssignments.Where(a => a.ExpertId == expert).Select(a => a.Id).SingleAsync();
        });
        var client = await TestClient.SignedInAsync(app, user, AppFactory.UserPassword);
        await client.PostFormAsync($"/Experts/Pledge/{programme}", new() { ["agree"] = "true" });
        return (client, assignment);
    }

    /// <summary>The pledged lead of a coaching team whose visit was held, signed in.</summary>
    private static async Task<(TestClient Client, Guid Visit)> LeadCoachAsync(AppFactory app)
    {
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.SiteCoaching);
        var (org, caseId) = await app.CreateCaseAsync(programme);
        var (user, expert) = await ExpertWithLoginAsync(app);
        var visit = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Theory;
            var v = new SiteVisit
            {
                ProgrammeId = programme, OrganizationId = org, StartsAt = new DateTime(2026, 5, 12, 1, 30, 0, DateTimeKind.Utc),
                EndsAt = new DateTime(2026, 5, 12, 5, 30, 0, DateTimeKind.Utc), Place = "一号会议室", Format = SiteVisitFormat.Both,
                Status = SiteVisitStatus.Held, HeldAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow,
            };
            db.Add(v);
            await db.SaveChangesAsync();
            Assert.Null(await s.GetRequiredService<ExpertWork>().AssignAsync(programme, expert, org, AssignmentRole.SiteCoach, true, null, CancellationToken.None));
            return v.Id;
        });
        var client = await TestClient.SignedInAsync(app, user, AppFactory.UserPassword);
        await client.PostFormAsync($"/Experts/Pledge/{programme}", new() { ["agree"] = "true" });
        return (client, visit);
    }
}
