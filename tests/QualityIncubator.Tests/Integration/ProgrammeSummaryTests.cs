using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
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
using QualityIncubator.Web.Review;
using QualityIncubator.Web.Showcase;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// 5.1 the programme summary through HTTP on both databases: the facts drafted from every stage, the Office's texts, approval that
/// freezes the facts, reopening, a stale save, the stage gates, the Word file and who may see it.
/// </summary>
public sealed partial class ProgrammeSummaryTests(AppFactories factories)
{
    private sealed record World(AppFactory App, Guid Programme, string Title, Guid Completed, Guid Exited);

    private static readonly Dictionary<string, string?> AllTexts = new()
    {
        ["Input.OverallEvaluation"] = "整体程序按标准依次开展，各环节衔接顺畅",
        ["Input.CourseSetupEvaluation"] = "必修课程覆盖条款解析，辅助课程贴合组织需求",
        ["Input.SiteVisitEvaluation"] = "现场扶优按产业安排专家，意见汇总表一次退回",
        ["Input.ShowcaseEvaluation"] = "成果展示与标杆学习结合，交流效果良好",
        ["Input.FormsEvaluation"] = "前期自评表题目偏多，建议精简",
        ["Input.ImprovementSuggestions"] = "下一年度增加行业分组辅导，优化意见汇总表模板",
    };

    /// <summary>
    /// A programme in the Review stage with four organizations: 甲 went the whole way (pool, theory, visit with an opinion returned once,
    /// showcase approved, re-scored), 乙 withdrew after awareness, 丙 was ineligible, 丁 entered the pool and exited before the showcase.
    /// One mandatory theory session was held while 甲 and 丁 were in the pool; only 甲's responsible person attended.
    /// </summary>
    private async Task<World> WorldAsync(DbProvider provider, ProgrammeStage stage = ProgrammeStage.Review)
    {
        var app = await factories.GetAsync(provider);
        var title = $"总结计划-{Guid.NewGuid():N}"[..12];
        // a sealed programme takes no new record (6.1): its records are written first, then it is sealed
        var programme = await app.CreateProgrammeAsync(stage == ProgrammeStage.Sealed ? ProgrammeStage.Archive : stage, title);
        var t0 = DateTime.UtcNow.AddDays(-300);
        var (completed, exited) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            Guid Add(string name, string? reason, params (CaseState State, int Day)[] path)
            {
                var org = new Organization { Name = name, CreditCode = TestData.NewCreditCode(), CreatedAt = t0 };
                db.Organizations.Add(org);
                var c = new Case { ProgrammeId = programme, OrganizationId = org.Id, State = path[^1].State, CreatedAt = t0, UpdatedAt = t0, ClosingReason = reason };
                db.Cases.Add(c);
                CaseState? from = null;
                foreach (var (state, day) in path)
                {
                    db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, ProgrammeId = programme, From = from, To = state, At = t0.AddDays(day), Reason = CaseTransitions.IsClosed(state) ? reason : null });
                    from = state;
                }
                db.Applications.Add(new Application
                {
                    ProgrammeId = programme, OrganizationId = org.Id, CaseId = c.Id, Status = ApplicationStatus.Submitted, OrganizationName = name,
                    CreditCode = org.CreditCode, CreatedAt = t0, UpdatedAt = t0, SubmittedAt = t0,
                });
                return org.Id;
            }
            (CaseState, int)[] toTheory =
            [
                (CaseState.Applied, 0), (CaseState.Eligible, 10), (CaseState.Awareness, 30), (CaseState.Continuing, 60), (CaseState.SelfEvaluated, 90),
                (CaseState.Reviewed, 110), (CaseState.Analysed, 130), (CaseState.InPool, 150), (CaseState.Theory, 170),
            ];
            var a = Add("总结甲公司", null, [.. toTheory, (CaseState.SiteVisited, 230), (CaseState.Showcased, 270)]);
            Add("总结乙公司", "人员调整，暂不参加", (CaseState.Applied, 0), (CaseState.Eligible, 10), (CaseState.Awareness, 30), (CaseState.Withdrawn, 45));
            Add("总结丙公司", "注册不满两年", (CaseState.Applied, 0), (CaseState.Ineligible, 12));
            var d = Add("总结丁公司", "拒不配合现场扶优安排", [.. toTheory, (CaseState.Exited, 250)]);

            db.Add(new PoolMember { ProgrammeId = programme, OrganizationId = a, EnteredAt = t0.AddDays(150), Rank = 1 });
            db.Add(new PoolMember
            {
                ProgrammeId = programme, OrganizationId = d, EnteredAt = t0.AddDays(150), Rank = 2, ExitedAt = t0.AddDays(250), ExitGround = ExitGround.NonCooperation,
                ExitReason = "依据第4.4.4.3条，拒不配合现场扶优安排",
            });
            db.Add(new SelfEvaluation { ProgrammeId = programme, OrganizationId = a, Kind = SelfEvaluationKind.Baseline, Status = SelfEvaluationStatus.Submitted, CreatedAt = t0, UpdatedAt = t0, SubmittedAt = t0.AddDays(90) });
            db.Add(new ReviewConsensus { ProgrammeId = programme, OrganizationId = a, Total = 300m, RecordedAt = t0.AddDays(110), ReleasedAt = t0.AddDays(111), UpdatedAt = t0 });

            var course = new Course { ProgrammeId = programme, Stage = CourseStage.Theory, Kind = CourseKind.Mandatory, Title = "GB/T 19580条款解析", CreatedAt = t0 };
            var session = new CourseSession { CourseId = course.Id, ProgrammeId = programme, StartsAt = t0.AddDays(200), EndsAt = t0.AddDays(200).AddHours(3), Place = "区质量大厦" };
            var person = new ResponsiblePerson { ProgrammeId = programme, OrganizationId = a, Name = "甲负责人", Title = "总经理" };
            db.AddRange(course, session, person, new ResponsiblePerson { ProgrammeId = programme, OrganizationId = d, Name = "丁负责人", Title = "副总" });
            db.Add(new Attendance
            {
                SessionId = session.Id, ProgrammeId = programme, OrganizationId = a, ResponsiblePersonId = person.Id, AttendeeName = person.Name,
                Status = AttendanceStatus.Present, Method = AttendanceMethod.Roll, RecordedAt = session.StartsAt,
            });

            var expert = new Expert { Name = "总结扶优组长", CreatedAt = t0 };
            db.Experts.Add(expert);
            var visit = new SiteVisit { ProgrammeId = programme, OrganizationId = a, StartsAt = t0.AddDays(220), EndsAt = t0.AddDays(220).AddHours(3), Place = "甲公司", Status = SiteVisitStatus.Held, HeldAt = t0.AddDays(220), CreatedAt = t0 };
            db.Add(visit);
            db.Add(new SiteVisitOpinion
            {
                VisitId = visit.Id, ProgrammeId = programme, OrganizationId = a, LeadExpertId = expert.Id, Improvements = "完善绩效测量", Status = OpinionStatus.Released,
                ReturnCount = 1, SubmittedAt = t0.AddDays(222), AcceptedAt = t0.AddDays(225), ReleasedAt = t0.AddDays(226), UpdatedAt = t0.AddDays(226),
            });
            db.Add(new ShowcaseProfile
            {
                ProgrammeId = programme, OrganizationId = a, Status = ProfileStatus.Approved, Narrative = "成果介绍", ManagementModel = "精益质量管理模式",
                RescoreTotal = 450m, SubmittedAt = t0.AddDays(260), ApprovedAt = t0.AddDays(270), PublicConsent = true, UpdatedAt = t0.AddDays(270),
            });
            var exchange = new ExchangeEvent { ProgrammeId = programme, Kind = ExchangeKind.Showcase, Title = "成果交流会", StartsAt = t0.AddDays(280), CreatedAt = t0 };
            db.Add(exchange);
            db.Add(new ExchangeAttendance { EventId = exchange.Id, ProgrammeId = programme, OrganizationId = a, Attended = true, Participants = 5 });
            await db.SaveChangesAsync();
            if (stage == ProgrammeStage.Sealed)
            {
                (await db.Programmes.SingleAsync(p => p.Id == programme)).Stage = ProgrammeStage.Sealed;
                await db.SaveChangesAsync();
            }
            return (a, d);
        });
        return new World(app, programme, title, completed, exited);
    }

    private static string Url(World w) => $"/Review/Summary/{w.Programme}";

    /// <summary>The value cell of one figure on the page.</summary>
    private static string Fact(string html, string key)
    {
        var m = Regex.Match(html, $"data-fact=\"{Regex.Escape(key)}\"><th scope=\"row\">[^<]*</th><td class=\"num\">([^<]*)</td>");
        Assert.True(m.Success, $"no figure {key} on the page");
        return m.Groups[1].Value;
    }

    private static Task<ProgrammeSummary?> StoredAsync(World w) =>
        w.App.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<ProgrammeSummary>().AsNoTracking().FirstOrDefaultAsync(x => x.ProgrammeId == w.Programme));

    private static async Task<string> VersionAsync(World w) => ((await StoredAsync(w))?.Version ?? -1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory, ClassData(typeof(Providers))]
    public async Task The_page_shows_the_facts_drafted_from_every_stage(DbProvider provider)
    {
        var w = await WorldAsync(provider);
        using var office = await TestClient.OfficeAsync(w.App);
        var html = await office.GetStringAsync(Url(w));

        Assert.Contains("id=\"summary-status\">未开始<", html, StringComparison.Ordinal);
        Assert.Equal("4 份", Fact(html, "applications.submitted"));
        Assert.Equal("4 家", Fact(html, "organizations.applied"));
        Assert.Equal("3 家", Fact(html, "organizations.eligible"));
        Assert.Equal("1 家", Fact(html, "organizations.ineligible"));
        Assert.Equal("1 家", Fact(html, "withdrawn.awareness"));
        Assert.Equal("2 家", Fact(html, "pool.entered"));
        Assert.Equal("1 家次", Fact(html, "pool.exited"));
        Assert.Equal("1 家", Fact(html, "pool.atEnd"));
        Assert.Equal("1 场", Fact(html, "theory.sessionsHeld"));
        // the session expected 甲 and 丁 (both in the pool then); only 甲 came
        Assert.Equal("50.0%", Fact(html, "theory.attendanceRate"));
        Assert.Equal("50.0%", Fact(html, "theory.fullAttendanceRate"));
        Assert.Equal("1 次", Fact(html, "visits.held"));
        Assert.Equal("1 份", Fact(html, "opinions.returned"));
        Assert.Equal("1 份", Fact(html, "opinions.released"));
        Assert.Equal("1 家", Fact(html, "showcase.profilesApproved"));
        Assert.Equal("150.0 分", Fact(html, "showcase.averageGain"));
        Assert.Equal("1 场", Fact(html, "exchange.showcaseEvents"));
        Assert.Equal("5 人", Fact(html, "exchange.participants"));
        Assert.Contains("<tr data-step=\"inPool\"><td>入选培育孵化库</td><td>4.4.4</td><td class=\"num\">2</td><td class=\"num\">50.0%</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("拒不配合现场扶优安排", html, StringComparison.Ordinal);

        // the charts draw the numbers of the tables
        Assert.Contains("<rect class=\"bar\" data-key=\"applied\" data-value=\"4\"", html, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"bar\" data-key=\"inPool\" data-value=\"2\" x=\"220\" y=\"194\" width=\"200\"", html, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"bar\" data-key=\"session-1\" data-value=\"50\" x=\"220\" y=\"12\" width=\"200\"", html, StringComparison.Ordinal);
        Assert.Contains("data-key=\"Completed\" data-value=\"1\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);

        // each organization's path from its timeline, and its outcome
        var row = Regex.Match(html, $"<tr data-organization=\"{w.Completed}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Matches("已申报</span>\\s*→\\s*<span[^>]*>符合申报条件</span>[\\s\\S]*已成果展示</span>", row);
        Assert.Contains("完成培育孵化（已成果展示）", row, StringComparison.Ordinal);
        Assert.Contains("300.0 分", row, StringComparison.Ordinal);
        Assert.Contains("450.0 分", row, StringComparison.Ordinal);
        var exitedRow = Regex.Match(html, $"<tr data-organization=\"{w.Exited}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("退出培育孵化库", exitedRow, StringComparison.Ordinal);
        Assert.Contains("id=\"organization-count\">4<", html, StringComparison.Ordinal);

        // the JSON API: the same facts, organizations paged
        using var json = JsonDocument.Parse(await office.GetStringAsync($"/api/v1/programmes/{w.Programme}/summary?page=2&pageSize=3"));
        var root = json.RootElement;
        Assert.False(root.GetProperty("frozen").GetBoolean());
        Assert.Equal(4, root.GetProperty("organizations").GetProperty("total").GetInt32());
        Assert.Equal(1, root.GetProperty("organizations").GetProperty("items").GetArrayLength());
        var items = root.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray());
        Assert.Equal(2m, items.Single(i => i.GetProperty("key").GetString() == "pool.entered").GetProperty("value").GetDecimal());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Approval_is_refused_while_a_text_is_missing_and_keeps_what_was_typed(DbProvider provider)
    {
        var w = await WorldAsync(provider);
        using var office = await TestClient.OfficeAsync(w.App);
        var response = await office.PostFormAsync(Url(w) + "?handler=Approve", new()
        {
            ["Version"] = "-1", ["Input.OverallEvaluation"] = "整体程序顺畅，唯独课程偏多", ["Input.CourseSetupEvaluation"] = "课程设置合理",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("审核通过前须填写全部评估内容和改进建议", html, StringComparison.Ordinal);
        Assert.Contains("data-field=\"SiteVisitEvaluation\">请填写“现场扶优安排的科学性和合理性”（5.1.3）", html, StringComparison.Ordinal);
        Assert.Contains("data-field=\"ImprovementSuggestions\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-field=\"OverallEvaluation\"", html, StringComparison.Ordinal);
        Assert.Contains(">整体程序顺畅，唯独课程偏多</textarea>", html, StringComparison.Ordinal);
        Assert.Contains(">课程设置合理</textarea>", html, StringComparison.Ordinal);
        Assert.Null(await StoredAsync(w));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Approval_freezes_the_facts_and_reopening_reads_them_live_again(DbProvider provider)
    {
        var w = await WorldAsync(provider);
        using var office = await TestClient.OfficeAsync(w.App);
        var draft = await office.PostFormAsync(Url(w) + "?handler=Save", new() { ["Version"] = "-1", ["Input.OverallEvaluation"] = "草稿：整体顺畅" });
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        Assert.Contains("草稿：整体顺畅", await office.GetStringAsync(Url(w)), StringComparison.Ordinal);

        var fields = new Dictionary<string, string?>(AllTexts) { ["Version"] = await VersionAsync(w) };
        var approved = await office.PostFormAsync(Url(w) + "?handler=Approve", fields);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var stored = await StoredAsync(w);
        Assert.Equal(SummaryStatus.Approved, stored!.Status);
        Assert.NotNull(stored.ApprovedAt);
        Assert.Equal(4m, SummaryDraft.FromJson(stored.FactsJson!).Item("organizations.applied")!.Value);

        // the records change afterwards: a late applicant and 甲's showcase returned
        await w.App.CreateCaseAsync(w.Programme, "总结戊公司");
        await w.App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Set<ShowcaseProfile>().SingleAsync(p => p.ProgrammeId == w.Programme)).Status = ProfileStatus.Returned;
            await db.SaveChangesAsync();
        });
        var html = await office.GetStringAsync(Url(w));
        Assert.Contains("id=\"summary-status\">已审核通过<", html, StringComparison.Ordinal);
        Assert.Contains("id=\"frozen-notice\"", html, StringComparison.Ordinal);
        Assert.Equal("4 家", Fact(html, "organizations.applied"));
        Assert.Equal("1 家", Fact(html, "showcase.profilesApproved"));
        Assert.DoesNotContain("id=\"summary-form\"", html, StringComparison.Ordinal);
        Assert.Contains("data-text=\"ImprovementSuggestions\">下一年度增加行业分组辅导，优化意见汇总表模板<", html, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(await office.GetStringAsync($"/api/v1/programmes/{w.Programme}/summary")))
        {
            Assert.True(json.RootElement.GetProperty("frozen").GetBoolean());
            Assert.Equal(4, json.RootElement.GetProperty("organizations").GetProperty("total").GetInt32());
        }

        // an approved summary is not edited; reopening needs a reason
        var edit = await office.PostFormAsync(Url(w) + "?handler=Save", new(AllTexts) { ["Version"] = await VersionAsync(w) });
        Assert.Contains("工作总结已审核通过，如需修改请先重新打开", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noReason = await office.PostFormAsync(Url(w) + "?handler=Reopen", new() { ["Version"] = await VersionAsync(w), ["Reason"] = " " });
        Assert.Contains("请填写重新打开的原因", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var reopened = await office.PostFormAsync(Url(w) + "?handler=Reopen", new() { ["Version"] = await VersionAsync(w), ["Reason"] = "补充戊公司的情况" });
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);

        html = await office.GetStringAsync(Url(w));
        Assert.Contains("id=\"summary-status\">草稿<", html, StringComparison.Ordinal);
        Assert.Contains("补充戊公司的情况", html, StringComparison.Ordinal);
        Assert.Equal("5 家", Fact(html, "organizations.applied"));
        Assert.Equal("0 家", Fact(html, "showcase.profilesApproved"));
        Assert.Contains(">下一年度增加行业分组辅导，优化意见汇总表模板</textarea>", html, StringComparison.Ordinal);
        Assert.Null((await StoredAsync(w))!.FactsJson);
        var audited = await w.App.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEvents
            .CountAsync(a => a.ProgrammeId == w.Programme && a.Action == Web.Platform.Audit.AuditActions.SummaryReopened));
        Assert.Equal(1, audited);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_stale_save_is_refused_and_keeps_the_typed_text(DbProvider provider)
    {
        var w = await WorldAsync(provider);
        using var office = await TestClient.OfficeAsync(w.App);
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(Url(w) + "?handler=Save", new() { ["Version"] = "-1", ["Input.OverallEvaluation"] = "第一稿" })).StatusCode);
        var version = await VersionAsync(w);

        // two people opened the same version; the first saves, the second is refused
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(Url(w) + "?handler=Save", new() { ["Version"] = version, ["Input.OverallEvaluation"] = "甲修改的内容" })).StatusCode);
        var stale = await office.PostFormAsync(Url(w) + "?handler=Save", new() { ["Version"] = version, ["Input.OverallEvaluation"] = "乙同时填写的内容", ["Input.FormsEvaluation"] = "乙对表单的意见" });

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Contains(ConcurrencyMessages.Stale, html, StringComparison.Ordinal);
        Assert.Contains(">乙同时填写的内容</textarea>", html, StringComparison.Ordinal);
        Assert.Contains(">乙对表单的意见</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("他人最新保存的内容：甲修改的内容", html, StringComparison.Ordinal);
        Assert.Equal("甲修改的内容", (await StoredAsync(w))!.OverallEvaluation);
        Assert.Null((await StoredAsync(w))!.FormsEvaluation);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Nothing_is_written_before_the_review_stage_or_once_the_programme_is_sealed(DbProvider provider)
    {
        foreach (var (stage, words) in new[] { (ProgrammeStage.Showcase, "进入“评估与改进”阶段后才能编写"), (ProgrammeStage.Sealed, "已归档封存") })
        {
            var w = await WorldAsync(provider, stage);
            using var office = await TestClient.OfficeAsync(w.App);
            var page = await office.GetStringAsync(Url(w));
            Assert.Contains("id=\"stage-notice\"", page, StringComparison.Ordinal);
            Assert.Contains(words, page, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"summary-form\"", page, StringComparison.Ordinal);
            // the facts so far are still shown
            Assert.Equal("4 家", Fact(page, "organizations.applied"));

            var refused = await office.PostFormAsync(Url(w) + "?handler=Approve", new(AllTexts) { ["Version"] = "-1" });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains(words, html, StringComparison.Ordinal);
            Assert.Contains(">下一年度增加行业分组辅导，优化意见汇总表模板</textarea>", html, StringComparison.Ordinal);
            Assert.Null(await StoredAsync(w));
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_word_file_holds_the_facts_and_the_offices_texts(DbProvider provider)
    {
        var w = await WorldAsync(provider);
        using var office = await TestClient.OfficeAsync(w.App);
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(Url(w) + "?handler=Approve", new(AllTexts) { ["Version"] = "-1" })).StatusCode);

        var response = await office.Http.GetAsync($"/Review/SummaryDocx/{w.Programme}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, string.Join("\n", w.App.ServerErrors));
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        using var word = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var text = word.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains(SummaryDocument.Title, text, StringComparison.Ordinal);
        Assert.Contains(w.Title, text, StringComparison.Ordinal);
        Assert.Contains("审核通过", text, StringComparison.Ordinal);
        Assert.Contains("入选培育孵化库2", text, StringComparison.Ordinal);
        Assert.Contains("理论指导课程出勤率（按场次合计）50.0%", text, StringComparison.Ordinal);
        Assert.Contains("GB/T 19580条款解析", text, StringComparison.Ordinal);
        Assert.Contains("总结丁公司", text, StringComparison.Ordinal);
        Assert.Contains("已申报 → 符合申报条件 → 普及培育中", text, StringComparison.Ordinal);
        Assert.Contains("不符合申报条件（注册不满两年）", text, StringComparison.Ordinal);
        Assert.Contains("拒不配合政府质量奖培育孵化工作要求", text, StringComparison.Ordinal);
        foreach (var t in AllTexts.Values)
        {
            Assert.Contains(t!, text, StringComparison.Ordinal);
        }
        // every table row has as many cells as its table's grid
        foreach (var table in word.MainDocumentPart.Document.Body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>())
        {
            var columns = table.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.TableGrid>()!.Elements<DocumentFormat.OpenXml.Wordprocessing.GridColumn>().Count();
            Assert.All(table.Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>(), r => Assert.Equal(columns, r.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Count()));
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Organizations_and_experts_are_refused(DbProvider provider)
    {
        var w = await WorldAsync(provider);
        using var organization = await TestClient.SignedInAsync(w.App, await w.App.CreateUserAsync(Roles.Organization, w.Completed), AppFactory.UserPassword);
        using var expert = await TestClient.SignedInAsync(w.App, await w.App.CreateUserAsync(Roles.Expert), AppFactory.UserPassword);
        using var anonymous = TestClient.For(w.App);
        foreach (var client in new[] { organization, expert, anonymous })
        {
            foreach (var url in new[] { Url(w), $"/Review/SummaryDocx/{w.Programme}", $"/api/v1/programmes/{w.Programme}/summary" })
            {
                var response = await client.Http.GetAsync(url);
                var location = response.Headers.Location?.OriginalString ?? "";
                Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && (location.Contains("/Account/AccessDenied", StringComparison.Ordinal) || location.Contains("/Account/Login", StringComparison.Ordinal))),
                    $"{url}: {(int)response.StatusCode} {location}");
            }
        }
        // a post by an organization changes nothing
        var post = await organization.PostFormAsync(Url(w) + "?handler=Approve", new(AllTexts) { ["Version"] = "-1" }, "/Notifications");
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Null(await StoredAsync(w));
    }
}
