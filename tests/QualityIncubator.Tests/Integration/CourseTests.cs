using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.3 and 4.5 through HTTP on a real database: catalogue, self-study and the continuation decision, check-in, roll, compliance, lecturers.</summary>
public sealed class CourseTests(AppFactories factories)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>The response's text; for JSON the string values decoded (the API escapes Chinese as \\uXXXX).</summary>
    private static async Task<string> Body(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true)
        {
            return text;
        }
        static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => [e.GetString()!],
            JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
            JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
            _ => [],
        };
        using var doc = JsonDocument.Parse(text);
        return string.Join("\n", Strings(doc.RootElement));
    }

    private static Task SetStateAsync(AppFactory app, Guid caseId, CaseState state) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var c = await db.Cases.SingleAsync(x => x.Id == caseId);
        c.State = state;
        await db.SaveChangesAsync();
    });

    private static Task<Guid> AddSessionAsync(AppFactory app, Guid programme, Guid course, DateTime startsUtc, TimeSpan length) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var session = new CourseSession { CourseId = course, ProgrammeId = programme, StartsAt = startsUtc, EndsAt = startsUtc + length, Place = "区质量技术服务中心", Capacity = 60 };
        db.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    });

    private static Task<Guid> CourseAsync(AppFactory app, Guid programme, CourseStage stage, CourseKind kind, string title) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var course = new Course { ProgrammeId = programme, Stage = stage, Kind = kind, Title = title, CreatedAt = DateTime.UtcNow };
        db.Add(course);
        await db.SaveChangesAsync();
        return course.Id;
    });

    private static async Task<TestClient> OrganizationAsync(AppFactory app, Guid organization) =>
        await TestClient.SignedInAsync(app, await app.CreateUserAsync(Roles.Organization, organization), AppFactory.UserPassword);

    [Theory, ClassData(typeof(Providers))]
    public async Task Presets_fill_a_programme_once_and_a_copy_takes_courses_and_materials_but_not_sessions(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Planning);
        using var office = await TestClient.OfficeAsync(app);

        var added = await office.PostFormAsync($"/Courses/{programme}?handler=Presets", []);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await office.GetStringAsync($"/Courses/{programme}");
        Assert.Contains("GB/T 19580 概述", page);
        Assert.Contains("卓越绩效的导入和应用", page);
        Assert.Contains("QC小组专题课程", page);
        var again = await office.PostJsonAsync($"/api/v1/programmes/{programme}/courses/presets", new { });
        Assert.Equal(0, await again.Content.ReadFromJsonAsync<int>());

        var courses = await office.Http.GetFromJsonAsync<List<CourseQueries.CourseRow>>($"/api/v1/programmes/{programme}/courses", Json);
        Assert.Equal(CoursePresets.All.Count, courses!.Count);
        var overview = courses.Single(c => c.Title == "GB/T 19580 概述");
        Assert.Equal(CourseStage.Awareness, overview.Stage);
        var material = await office.PostFormAsync($"/Courses/Edit/{programme}/{overview.Id}?handler=Material",
            new() { ["title"] = "概述讲义", ["url"] = "https://example.org/19580.pdf" });
        Assert.True(material.StatusCode == HttpStatusCode.Redirect, string.Join("\n", app.ServerErrors));
        var session = await office.PostFormAsync($"/Courses/Edit/{programme}/{overview.Id}?handler=Session", new()
        {
            ["Session.Date"] = "2026-03-10", ["Session.Starts"] = "09:00", ["Session.Ends"] = "11:30", ["Session.Place"] = "区市场监管局301会议室", ["Session.Capacity"] = "80",
        });
        Assert.Equal(HttpStatusCode.Redirect, session.StatusCode);
        courses = await office.Http.GetFromJsonAsync<List<CourseQueries.CourseRow>>($"/api/v1/programmes/{programme}/courses", Json);
        var stored = courses!.Single(c => c.Id == overview.Id).Sessions.Single();
        // typed as China time, stored as UTC
        Assert.Equal(new DateTime(2026, 3, 10, 1, 0, 0, DateTimeKind.Utc), stored.StartsAt);

        var next = await app.CreateProgrammeAsync(ProgrammeStage.Planning);
        var copied = await office.PostFormAsync($"/Courses/{next}?handler=Copy", new() { ["sourceProgrammeId"] = programme.ToString() }, $"/Courses/{next}");
        Assert.Equal(HttpStatusCode.Redirect, copied.StatusCode);
        var copy = await office.Http.GetFromJsonAsync<List<CourseQueries.CourseRow>>($"/api/v1/programmes/{next}/courses", Json);
        Assert.Equal(CoursePresets.All.Count, copy!.Count);
        var copiedOverview = copy.Single(c => c.Title == "GB/T 19580 概述");
        Assert.Empty(copiedOverview.Sessions);
        Assert.Equal("https://example.org/19580.pdf", Assert.Single(copiedOverview.Materials).Url);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Invalid_course_and_session_input_is_refused_in_chinese_and_kept(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Planning);
        using var office = await TestClient.OfficeAsync(app);
        var response = await office.PostJsonAsync($"/api/v1/programmes/{programme}/courses", new { stage = "Awareness", kind = "Elective", title = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请填写课程名称", await Body(response));
        // the cross-field rules run once every field is valid on its own
        var elective = await office.PostJsonAsync($"/api/v1/programmes/{programme}/courses", new { stage = "Awareness", kind = "Elective", title = "选修普及课" });
        Assert.Equal(HttpStatusCode.BadRequest, elective.StatusCode);
        Assert.Contains("普及培育阶段的课程均为必修", await Body(elective));
        Assert.Empty((await office.Http.GetFromJsonAsync<List<CourseQueries.CourseRow>>($"/api/v1/programmes/{programme}/courses", Json))!);

        var course = await CourseAsync(app, programme, CourseStage.Theory, CourseKind.Mandatory, "条款解析");
        var page = await office.PostFormAsync($"/Courses/Edit/{programme}/{course}?handler=Session", new()
        {
            ["Session.Date"] = "2026-04-01", ["Session.Starts"] = "14:00", ["Session.Ends"] = "13:00", ["Session.Place"] = "保留的地点", ["Session.OnlineLink"] = "ftp://x",
        });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await Body(page);
        Assert.Contains("结束时间应晚于开始时间", html);
        Assert.Contains("线上链接应以 http:// 或 https:// 开头", html);
        Assert.Contains("value=\"保留的地点\"", html);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_organization_studies_and_continues_another_withdraws_and_the_office_sees_both(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.AwarenessTraining);
        var (orgA, caseA) = await app.CreateCaseAsync(programme, "普及甲公司");
        var (orgB, caseB) = await app.CreateCaseAsync(programme, "普及乙公司");
        await SetStateAsync(app, caseA, CaseState.Eligible);
        await SetStateAsync(app, caseB, CaseState.Eligible);
        var c1 = await CourseAsync(app, programme, CourseStage.Awareness, CourseKind.Mandatory, "GB/T 19580 概述");
        var c2 = await CourseAsync(app, programme, CourseStage.Awareness, CourseKind.Mandatory, "卓越绩效的核心理念");
        using var office = await TestClient.OfficeAsync(app);
        var slides = await office.PostFileAsync($"/Courses/Edit/{programme}/{c1}?handler=Material", $"/Courses/Edit/{programme}/{c1}", "upload", FileTypesTests.Pdf(), "概述课件.pdf",
            new() { ["title"] = "概述课件" });
        Assert.Equal(HttpStatusCode.Redirect, slides.StatusCode);
        var materialId = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<CourseMaterial>().Where(m => m.CourseId == c1).Select(m => m.Id).SingleAsync());

        using var a = await OrganizationAsync(app, orgA);
        using var b = await OrganizationAsync(app, orgB);
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"/Courses/Progress/{programme}?handler=Start", [])).StatusCode);
        Assert.Contains("普及培育已开始", await a.GetStringAsync("/Notifications"));

        var mine = await a.Http.GetFromJsonAsync<MyCoursesDto>($"/api/v1/me/programmes/{programme}/courses", Json);
        Assert.Equal(CaseState.Awareness, mine!.State);
        var early = await a.PostJsonAsync($"/api/v1/me/programmes/{programme}/decision", new { choice = "Continue", caseVersion = mine.CaseVersion });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        var refusal = await Body(early);
        Assert.Contains("尚未学习“GB/T 19580 概述”", refusal);
        Assert.Contains("尚未学习“卓越绩效的核心理念”", refusal);

        var download = await a.Http.GetAsync($"/Courses/Material/{materialId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString((await download.Content.ReadAsByteArrayAsync())[..5]));
        var progress = await office.Http.GetFromJsonAsync<CourseQueries.AwarenessProgress>($"/api/v1/programmes/{programme}/awareness", Json);
        var rowA = progress!.Rows.Items.Single(r => r.OrganizationId == orgA);
        Assert.Equal((1, 0), (rowA.Opened, rowA.Studied));

        foreach (var course in new[] { c1, c2 })
        {
            Assert.Equal(HttpStatusCode.OK, (await a.PostJsonAsync($"/api/v1/me/programmes/{programme}/studied/{course}", new { })).StatusCode);
        }
        mine = await a.Http.GetFromJsonAsync<MyCoursesDto>($"/api/v1/me/programmes/{programme}/courses", Json);
        var continued = await a.PostJsonAsync($"/api/v1/me/programmes/{programme}/decision", new { choice = "Continue", caseVersion = mine!.CaseVersion });
        Assert.Equal(HttpStatusCode.OK, continued.StatusCode);
        Assert.Equal(CaseState.Continuing, (await continued.Content.ReadFromJsonAsync<MyCoursesDto>(Json))!.State);

        // B withdraws without studying: a reason is required, then the case closes and later stages stay shut
        var mineB = await b.Http.GetFromJsonAsync<MyCoursesDto>($"/api/v1/me/programmes/{programme}/courses", Json);
        var noReason = await b.PostFormAsync($"/Courses/Mine/{programme}?handler=Decide", new() { ["choice"] = "Withdraw", ["reason"] = " ", ["caseVersion"] = mineB!.CaseVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains("退出须填写原因", await Body(noReason));
        var withdrawn = await b.PostFormAsync($"/Courses/Mine/{programme}?handler=Decide",
            new() { ["choice"] = "Withdraw", ["reason"] = "本年度主要精力用于搬迁", ["caseVersion"] = mineB.CaseVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Contains("本组织已退出本期培育孵化", await b.GetStringAsync($"/Courses/Mine/{programme}"));
        // a withdrawn organization acts no more in the programme (403 with the reason) and opens no more materials
        var studiedLate = await b.PostJsonAsync($"/api/v1/me/programmes/{programme}/studied/{c2}", new { });
        Assert.Equal(HttpStatusCode.Forbidden, studiedLate.StatusCode);
        Assert.Contains("本组织已退出本期培育孵化", await Body(studiedLate));
        Assert.Equal(HttpStatusCode.Forbidden, (await b.SendJsonAsync(HttpMethod.Put, $"/api/v1/me/programmes/{programme}/electives", new { courseIds = Array.Empty<Guid>() })).StatusCode);
        var formLate = await b.PostFormAsync($"/Courses/Mine/{programme}?handler=Studied", new() { ["courseId"] = c2.ToString() });
        Assert.Equal(HttpStatusCode.Forbidden, formLate.StatusCode);
        Assert.Contains("不能再办理本期培育孵化的事项", await Body(formLate));
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.GetAsync($"/Courses/Material/{materialId}")).StatusCode);
        Assert.DoesNotContain($"/Courses/Material/{materialId}", await b.GetStringAsync($"/Courses/Mine/{programme}"));

        progress = await office.Http.GetFromJsonAsync<CourseQueries.AwarenessProgress>($"/api/v1/programmes/{programme}/awareness", Json);
        Assert.Equal((1, 1, 0), (progress!.Continuing, progress.Withdrawn, progress.Undecided));
        Assert.Equal("本年度主要精力用于搬迁", progress.Rows.Items.Single(r => r.OrganizationId == orgB).Reason);
        var timeline = await office.GetStringAsync($"/Cases/{caseB}");
        Assert.Contains("普及培育中", timeline);
        Assert.Contains("本年度主要精力用于搬迁", timeline);
        Assert.Contains("申请退出", await office.GetStringAsync("/Notifications"));
        Assert.Contains("确认继续参与", await office.GetStringAsync($"/Cases/{caseA}"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_office_reminds_only_organizations_that_have_not_decided(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.AwarenessTraining);
        var (late, lateCase) = await app.CreateCaseAsync(programme, "迟缓公司");
        var (done, doneCase) = await app.CreateCaseAsync(programme, "已确认公司");
        await SetStateAsync(app, lateCase, CaseState.Awareness);
        await SetStateAsync(app, doneCase, CaseState.Continuing);
        await CourseAsync(app, programme, CourseStage.Awareness, CourseKind.Mandatory, "卓越绩效的导入和应用");
        using var office = await TestClient.OfficeAsync(app);
        using var lateClient = await OrganizationAsync(app, late);
        using var doneClient = await OrganizationAsync(app, done);

        var reminded = await office.PostFormAsync($"/Courses/Progress/{programme}?handler=Remind", []);
        Assert.Equal(HttpStatusCode.Redirect, reminded.StatusCode);
        Assert.Contains("请完成普及培育课程学习", await lateClient.GetStringAsync("/Notifications"));
        Assert.DoesNotContain("请完成普及培育课程学习", await doneClient.GetStringAsync("/Notifications"));
        var undecided = await office.GetStringAsync($"/Courses/Progress/{programme}?show=undecided");
        Assert.Contains("迟缓公司", undecided);
        Assert.DoesNotContain("已确认公司", undecided);
    }

    private sealed record PoolWorld(AppFactory App, Guid Programme, Guid OrgA, Guid OrgB, Guid Outsider, Guid Mandatory, Guid Running, Guid Other);

    private static async Task<PoolWorld> PoolAsync(AppFactory app)
    {
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.TheoryGuidance);
        var (a, caseA) = await app.CreateCaseAsync(programme, "库内甲公司");
        var (b, caseB) = await app.CreateCaseAsync(programme, "库内乙公司");
        var (outsider, caseC) = await app.CreateCaseAsync(programme, "未入库公司");
        await SetStateAsync(app, caseA, CaseState.InPool);
        await SetStateAsync(app, caseB, CaseState.InPool);
        await SetStateAsync(app, caseC, CaseState.NotSelected);
        var mandatory = await CourseAsync(app, programme, CourseStage.Theory, CourseKind.Mandatory, "GB/T 19580 条款解析与应用（一）");
        var second = await CourseAsync(app, programme, CourseStage.Theory, CourseKind.Mandatory, "GB/T 19580 条款解析与应用（二）");
        var running = await AddSessionAsync(app, programme, mandatory, DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromHours(2));
        var other = await AddSessionAsync(app, programme, second, DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromHours(2));
        return new PoolWorld(app, programme, a, b, outsider, mandatory, running, other);
    }

    private static async Task<List<Guid>> DesignateAsync(TestClient org, Guid programme, params (string Name, string Title, string Phone)[] people)
    {
        var fields = new Dictionary<string, string?>();
        for (var i = 0; i < people.Length; i++)
        {
            fields[$"Persons[{i}].Name"] = people[i].Name;
            fields[$"Persons[{i}].Title"] = people[i].Title;
            fields[$"Persons[{i}].Phone"] = people[i].Phone;
        }
        var saved = await org.PostFormAsync($"/Courses/Mine/{programme}?handler=Persons", fields);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, System.Text.RegularExpressions.Regex.Match(await Body(saved), "id=\"course-errors\">.*?</ul>", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
        var html = await org.GetStringAsync($"/Courses/Mine/{programme}");
        return [.. System.Text.RegularExpressions.Regex.Matches(html, "name=\"Persons\\[\\d+\\]\\.Id\" value=\"([0-9a-f-]{36})\"").Select(m => Guid.Parse(m.Groups[1].Value))];
    }

    private static async Task<string> IssueCodeAsync(TestClient office, Guid session)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"/Courses/Session/{session}?handler=Code", [])).StatusCode);
        var html = await office.GetStringAsync($"/Courses/Session/{session}");
        var code = System.Text.RegularExpressions.Regex.Match(html, "id=\"check-in-code\">(\\d{6})<").Groups[1].Value;
        Assert.Matches("^\\d{6}$", code);
        Assert.Contains("alt=\"签到二维码\"", html);
        return code;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_responsible_person_checks_in_once_with_the_code_of_the_right_session(DbProvider provider)
    {
        var w = await PoolAsync(await factories.GetAsync(provider));
        using var office = await TestClient.OfficeAsync(w.App);
        using var a = await OrganizationAsync(w.App, w.OrgA);
        using var outsider = await OrganizationAsync(w.App, w.Outsider);

        var invalid = await a.PostFormAsync($"/Courses/Mine/{w.Programme}?handler=Persons", new() { ["Persons[0].Name"] = "王质量", ["Persons[0].Title"] = "", ["Persons[0].Phone"] = "12345" });
        var invalidHtml = await Body(invalid);
        Assert.Contains("第1位负责人：请填写职务", invalidHtml);
        Assert.Contains("第1位负责人的联系电话应为手机号码", invalidHtml);
        Assert.Contains("value=\"王质量\"", invalidHtml);
        var persons = await DesignateAsync(a, w.Programme, ("王质量", "质量总监", "13812345678"), ("李经理", "总经理", "021-57812345"));
        Assert.Equal(2, persons.Count);

        var code = await IssueCodeAsync(office, w.Running);
        var otherCode = await IssueCodeAsync(office, w.Other);
        async Task<HttpResponseMessage> CheckIn(TestClient client, Guid session, string c, IEnumerable<Guid> who) =>
            await client.PostJsonAsync($"/api/v1/sessions/{session}/check-in", new { code = c, responsiblePersonIds = who });

        var wrongSession = await CheckIn(a, w.Running, otherCode, persons);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongSession.StatusCode);
        Assert.Contains("该签到码属于另一场课程", await Body(wrongSession));
        var wrong = await CheckIn(a, w.Running, code == "000000" ? "000001" : "000000", persons);
        Assert.Contains("签到码不正确", await Body(wrong));
        Assert.Equal(HttpStatusCode.NoContent, (await CheckIn(a, w.Running, code, [persons[0]])).StatusCode);
        var reused = await CheckIn(a, w.Running, code, [persons[0]]);
        Assert.Contains("已签到，不能重复签到", await Body(reused));
        // the second person may still check in with the same room code
        Assert.Equal(HttpStatusCode.NoContent, (await CheckIn(a, w.Running, code, [persons[1]])).StatusCode);
        var notEnrolled = await CheckIn(outsider, w.Running, code, []);
        Assert.Contains("本组织不在本场次的学员名单中", await Body(notEnrolled));

        // issuing a new code retires the old one
        var fresh = await IssueCodeAsync(office, w.Running);
        if (fresh != code)
        {
            using var b = await OrganizationAsync(w.App, w.OrgB);
            var bPersons = await DesignateAsync(b, w.Programme, ("赵主任", "质量部主任", "13900001111"));
            Assert.Contains("签到码不正确", await Body(await CheckIn(b, w.Running, code, bPersons)));
            Assert.Equal(HttpStatusCode.NoContent, (await CheckIn(b, w.Running, fresh, bPersons)).StatusCode);
        }

        var roll = await office.GetStringAsync($"/Courses/Session/{w.Running}");
        Assert.Contains("王质量", roll);
        Assert.Contains("自助签到", roll);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Compliance_lists_the_missing_mandatory_session_and_the_rate_counts_full_attendance_only(DbProvider provider)
    {
        var w = await PoolAsync(await factories.GetAsync(provider));
        var past1 = await AddSessionAsync(w.App, w.Programme, w.Mandatory, DateTime.UtcNow.AddDays(-14), TimeSpan.FromHours(3));
        var past2 = await AddSessionAsync(w.App, w.Programme, w.Mandatory, DateTime.UtcNow.AddDays(-7), TimeSpan.FromHours(3));
        using var office = await TestClient.OfficeAsync(w.App);
        using var a = await OrganizationAsync(w.App, w.OrgA);
        using var b = await OrganizationAsync(w.App, w.OrgB);
        var pa = await DesignateAsync(a, w.Programme, ("王质量", "质量总监", "13812345678"));
        var pb = await DesignateAsync(b, w.Programme, ("赵主任", "质量部主任", "13900001111"));

        async Task Roll(Guid session, params (Guid Org, Guid Person, string Name, string Status)[] lines)
        {
            var fields = new Dictionary<string, string?>();
            for (var i = 0; i < lines.Length; i++)
            {
                fields[$"lines[{i}].OrganizationId"] = lines[i].Org.ToString();
                fields[$"lines[{i}].ResponsiblePersonId"] = lines[i].Person.ToString();
                fields[$"lines[{i}].AttendeeName"] = lines[i].Name;
                fields[$"lines[{i}].Status"] = lines[i].Status;
            }
            Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"/Courses/Session/{session}?handler=Roll", fields)).StatusCode);
        }
        await Roll(past1, (w.OrgA, pa[0], "王质量", "Present"), (w.OrgB, pb[0], "赵主任", "Present"));
        await Roll(past2, (w.OrgA, pa[0], "王质量", "LeftEarly"), (w.OrgB, pb[0], "赵主任", "Present"));

        var theory = await office.Http.GetFromJsonAsync<CourseQueries.TheoryAttendance>($"/api/v1/programmes/{w.Programme}/attendance", Json);
        Assert.Equal(0.75, theory!.Rate!.Value, 3);
        var rowA = theory.Rows.Items.Single(r => r.OrganizationId == w.OrgA);
        var gap = Assert.Single(rowA.Compliance.Missing);
        Assert.Equal(past2, gap.SessionId);
        Assert.Contains("早退", gap.Reason);
        Assert.Empty(theory.Rows.Items.Single(r => r.OrganizationId == w.OrgB).Compliance.Missing);
        // sessions still running keep both from "met"
        Assert.All(theory.Rows.Items, r => Assert.False(r.Compliance.Met));

        var page = await office.GetStringAsync($"/Courses/Attendance/{w.Programme}?onlyGaps=true");
        Assert.Contains("75%", page);
        // the programme's own dashboard shows the rate and how many organizations have a gap
        var dashboard = await office.GetStringAsync($"/Programmes/Details/{w.Programme}");
        Assert.Matches("必修课程出勤率</a>：<strong>75%</strong>；存在缺勤 1 家", dashboard);
        Assert.Contains("库内甲公司", page);
        Assert.DoesNotContain("库内乙公司", page);
        // the organization sees its own gap, and nothing of the other organization
        var own = await a.GetStringAsync($"/Courses/Mine/{w.Programme}");
        Assert.Contains("相关负责人早退，未全程参加", own);
        Assert.DoesNotContain("赵主任", own);
        var ownApi = await a.Http.GetFromJsonAsync<MyCoursesDto>($"/api/v1/me/programmes/{w.Programme}/courses", Json);
        Assert.Equal(w.OrgA, ownApi!.Attendance!.OrganizationId);

        // the roll exports as a workbook Excel reads: one row per person with the status in Chinese
        var xlsx = await office.Http.GetAsync($"/Courses/Session/{past2}/Roll.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => (string?)r["组织名称"] == "库内甲公司" && (string?)r["姓名"] == "王质量" && (string?)r["出勤"] == "早退");
        Assert.Equal(HttpStatusCode.NotFound, (await a.Http.GetAsync($"/Courses/Session/{past2}/Roll.xlsx")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Electives_are_limited_to_three_and_the_office_sees_demand(DbProvider provider)
    {
        var w = await PoolAsync(await factories.GetAsync(provider));
        var electives = new List<Guid>();
        foreach (var title in new[] { "QC小组专题课程", "精益管理", "六西格玛专题课程", "5S现场管理" })
        {
            electives.Add(await CourseAsync(w.App, w.Programme, CourseStage.Theory, CourseKind.Elective, title));
        }
        using var a = await OrganizationAsync(w.App, w.OrgA);
        using var office = await TestClient.OfficeAsync(w.App);
        var tooMany = await a.SendJsonAsync(HttpMethod.Put, $"/api/v1/me/programmes/{w.Programme}/electives", new { courseIds = electives });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Contains("辅助课程最多选择3门", await Body(tooMany));
        var mandatoryChosen = await a.SendJsonAsync(HttpMethod.Put, $"/api/v1/me/programmes/{w.Programme}/electives", new { courseIds = new[] { w.Mandatory } });
        Assert.Contains("所选课程不是本计划的辅助课程", await Body(mandatoryChosen));
        var ok = await a.PostFormAsync($"/Courses/Mine/{w.Programme}?handler=Electives", new() { ["courseIds"] = electives[0].ToString() });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var three = await a.SendJsonAsync(HttpMethod.Put, $"/api/v1/me/programmes/{w.Programme}/electives", new { courseIds = electives.Take(3) });
        Assert.Equal(3, (await three.Content.ReadFromJsonAsync<MyCoursesDto>(Json))!.Electives.Count);

        var page = await office.GetStringAsync($"/Courses/Attendance/{w.Programme}");
        Assert.Matches("QC小组专题课程</td><td>[^<]*</td><td class=\"num\">1</td>", page);
        // an elective's roll lists only those who chose it
        var session = await AddSessionAsync(w.App, w.Programme, electives[3], DateTime.UtcNow.AddDays(3), TimeSpan.FromHours(2));
        var roll = await office.GetStringAsync($"/Courses/Session/{session}");
        Assert.Contains("应到 0 家", roll);
        var chosen = await AddSessionAsync(w.App, w.Programme, electives[0], DateTime.UtcNow.AddDays(3), TimeSpan.FromHours(2));
        Assert.Contains("应到 1 家", await office.GetStringAsync($"/Courses/Session/{chosen}"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_lecturer_is_assigned_through_the_engine_checks_and_sees_only_the_roll_of_own_sessions(DbProvider provider)
    {
        // an app of its own: the engine chooses among every lecturer of the pool, and other tests add lecturers to the shared one
        await using var app = await AppFactory.CreateAsync(provider);
        var w = await PoolAsync(app);
        var lecturerUser = await w.App.CreateUserAsync(Roles.Expert);
        var otherUser = await w.App.CreateUserAsync(Roles.Expert);
        var runningDate = Web.Platform.Web.ChinaTime.DateOf(DateTime.UtcNow.AddMinutes(-5));
        var (lecturer, busy, reviewer) = await w.App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            string Id(string name) => db.Users.Where(u => u.UserName == name).Select(u => u.Id).Single();
            var l = new Expert { Name = "授课甲专家", UserId = Id(lecturerUser), IsLecturer = true, Specialties = "GB/T 19580", CreatedAt = DateTime.UtcNow };
            var x = new Expert { Name = "授课乙专家", UserId = Id(otherUser), IsLecturer = true, CreatedAt = DateTime.UtcNow };
            x.Unavailability.Add(new ExpertUnavailability { ExpertId = x.Id, Date = runningDate });
            var r = new Expert { Name = "评价丙专家", IsReportReviewer = true, CreatedAt = DateTime.UtcNow };
            db.Experts.AddRange(l, x, r);
            await db.SaveChangesAsync();
            return (l.Id, x.Id, r.Id);
        });
        using var office = await TestClient.OfficeAsync(w.App);
        var notLecturer = await office.PostFormAsync($"/Courses/Session/{w.Running}?handler=Lecturer", new() { ["expertId"] = reviewer.ToString() });
        Assert.Contains("不是授课专家", await Body(notLecturer));
        var unavailable = await office.PostFormAsync($"/Courses/Session/{w.Running}?handler=Lecturer", new() { ["expertId"] = busy.ToString() });
        Assert.Contains("不可参加", await Body(unavailable));

        // the engine proposes the available lecturer for both sessions; accepting saves them
        var proposal = await office.PostFormAsync($"/Courses/{w.Programme}?handler=ProposeLecturers", []);
        var proposalHtml = await Body(proposal);
        Assert.Contains("授课甲专家", proposalHtml);
        Assert.DoesNotContain("授课乙专家<input", proposalHtml);
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"/Courses/{w.Programme}?handler=AcceptLecturers", new()
        {
            ["pairs[0].SessionId"] = w.Running.ToString(), ["pairs[0].ExpertId"] = lecturer.ToString(), ["pairs[0].Explanation"] = "测试采纳",
        })).StatusCode);

        using var expert = await TestClient.SignedInAsync(w.App, lecturerUser, AppFactory.UserPassword);
        using var other = await TestClient.SignedInAsync(w.App, otherUser, AppFactory.UserPassword);
        Assert.Contains("授课安排", await expert.GetStringAsync("/Notifications"));
        Assert.Contains("GB/T 19580 条款解析与应用（一）", await expert.GetStringAsync("/Courses/Teaching"));
        Assert.Contains("点名表", await expert.GetStringAsync($"/Courses/Session/{w.Running}"));
        Assert.Equal(HttpStatusCode.NotFound, (await expert.Http.GetAsync($"/Courses/Session/{w.Other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/Courses/Session/{w.Running}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await expert.Http.GetAsync($"/Courses/Session/{w.Running}/Roll.xlsx")).StatusCode);
        // the lecturer takes the roll of their own session
        using var b = await OrganizationAsync(w.App, w.OrgB);
        var pb = await DesignateAsync(b, w.Programme, ("赵主任", "质量部主任", "13900001111"));
        var rolled = await expert.PostFormAsync($"/Courses/Session/{w.Running}?handler=Roll", new()
        {
            ["lines[0].OrganizationId"] = w.OrgB.ToString(), ["lines[0].ResponsiblePersonId"] = pb[0].ToString(), ["lines[0].AttendeeName"] = "赵主任", ["lines[0].Status"] = "Late",
        });
        Assert.Equal(HttpStatusCode.Redirect, rolled.StatusCode);
        Assert.Contains("迟到", await office.GetStringAsync($"/Courses/Session/{w.Running}"));
        // a lecturer's session limit comes from the programme (4.2)
        await w.App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Programmes.SingleAsync(p => p.Id == w.Programme)).ExpertAssignmentLimit = 1;
            await db.SaveChangesAsync();
        });
        var overLimit = await office.PostFormAsync($"/Courses/Session/{w.Other}?handler=Lecturer", new() { ["expertId"] = lecturer.ToString() });
        Assert.Contains("上限", await Body(overLimit));
    }
}
