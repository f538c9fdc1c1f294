using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;
using QualityIncubator.Web.Showcase;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.BrowserTests;

/// <summary>
/// Stored and reflected XSS: a corpus of payloads is stored in every free-text field of a programme (application, expert, reviews,
/// quality analysis and penalties, pool exit, site visit and opinion, showcase, exchange, summary, ratings, improvement actions,
/// course and session, file names, the call) and sent in the search and filter parameters of the list pages and in the login's
/// returnUrl; Chromium opens every page that shows them as the Office, the organization, the expert and an anonymous visitor. No
/// script runs (no dialog, the <c>window.__xss</c> marker the payloads set stays undefined, no page error), the console reports no
/// content-security-policy violation, and the text is shown literally.
/// </summary>
public sealed class XssBrowserTests(BrowserFixture browser)
{
    /// <summary>Each payload, if it ran, would open a dialog or set <c>window.__xss</c>.</summary>
    public static readonly string[] Payloads =
    [
        "<script>window.__xss=1</script>",
        "<img src=x onerror=window.__xss=1>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "</textarea><script>alert(1)</script>",
        "</title><script>alert(1)</script>",
        "javascript:window.__xss=1",
        "<a href=\"javascript:alert(1)\">点我</a>",
        "\" onmouseover=\"alert(1)\" x=\"",
        "' onfocus='alert(1)' autofocus='",
        "<details open ontoggle=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<body onload=alert(1)>",
        "${alert(1)}`-alert(1)-`",
        "{{constructor.constructor('alert(1)')()}}",
        "<style>*{display:none}</style>",
        "<div style=\"background:url(javascript:alert(1))\">",
        "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"https://evil.invalid/\">",
        "';alert(1);//",
        "<input autofocus onfocus=alert(1)>",
        "<ſcript>alert(1)</ſcript>",
    ];

    private sealed record World(Guid Programme, Guid Organization, Guid Case, Guid Application, Guid Expert, Guid Assignment, Guid CoachAssignment,
        Guid Visit, Guid Session, string OrganizationUser, string ExpertUser);

    /// <summary>The payload for the n-th field (each field gets one, in turn; the corpus is used many times over).</summary>
    private static string P(ref int n) => Payloads[n++ % Payloads.Length];

    /// <summary>A programme in the review stage with a payload in every free-text field of every stage.</summary>
    private static async Task<World> WorldAsync(AppFactory app)
    {
        var n = 0;
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Review, "XSS<script>window.__xss=1</script>");
        var (org, caseId) = await app.CreateCaseAsync(programme, "<img src=x onerror=alert(1)>公司"[..20]);
        var orgUser = await app.CreateUserAsync(Roles.Organization, org);
        var expertUser = await app.CreateUserAsync(Roles.Expert);
        var ids = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var files = s.GetRequiredService<FileStore>();
            var now = DateTime.UtcNow;
            var p = await db.Programmes.SingleAsync(x => x.Id == programme);
            p.Description = string.Join("\n", Payloads);
            (await db.Cases.SingleAsync(c => c.Id == caseId)).State = CaseState.Completed;
            var orgRow = await db.Organizations.SingleAsync(o => o.Id == org);
            db.ApplicationCalls.Add(new ApplicationCall
            {
                ProgrammeId = programme, Html = CallHtml.Sanitize(string.Join("<br>", Payloads)), Requirements = string.Join("\n", Payloads), Contact = P(ref n),
                OpensOn = new DateOnly(2026, 3, 1), ClosesOn = new DateOnly(2026, 4, 30), PublishedAt = now,
            });
            var application = new Application
            {
                ProgrammeId = programme, OrganizationId = org, CaseId = caseId, Status = ApplicationStatus.Submitted, OrganizationName = orgRow.Name, CreditCode = orgRow.CreditCode,
                LegalRepresentative = P(ref n)[..Math.Min(50, Payloads[(n - 1) % Payloads.Length].Length)], Address = P(ref n), ContactName = "</textarea><b>x</b>",
                ContactDepartment = P(ref n), ContactEmail = "a@b.c", IndustryDetail = P(ref n), DistrictOther = P(ref n)[..Math.Min(100, Payloads[(n - 1) % Payloads.Length].Length)],
                EmployeeCount = 320, CreatedAt = now, UpdatedAt = now, SubmittedAt = now, ReturnComment = P(ref n), DecisionReason = P(ref n),
            };
            application.Certifications.Add(new ApplicationCertification { StandardCode = "OTHER", OtherName = P(ref n), CertificateNumber = "\"><svg onload=alert(1)>" });
            application.Honours.Add(new ApplicationHonour { Name = P(ref n), Year = 2025, Level = HonourLevel.District });
            db.Add(application);
            await files.SaveAsync(new MemoryStream("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray()), "<img src=x onerror=alert(1)>.pdf", nameof(Case), caseId, org, programme, P(ref n));
            await files.SaveAsync(new MemoryStream("%PDF-1.4\n2 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray()), "\"><svg onload=alert(1)>.pdf", nameof(Case), caseId, org, programme, "自评报告");
            var form = new SelfEvaluation { ProgrammeId = programme, OrganizationId = org, Kind = SelfEvaluationKind.Baseline, Status = SelfEvaluationStatus.Submitted, CreatedAt = now, UpdatedAt = now, SubmittedAt = now };
            var k = n;
            form.SetAnswers(AppendixB.Questions.ToDictionary(q => q.Code, q => (string?)(q.Kind == AnswerKind.Text ? Payloads[k++ % Payloads.Length] : q.Options.Count > 0 ? q.Options[0].Code : null)));
            form.SetReportSections(Gb19580.Categories.ToDictionary(c => c.Code, c => (string?)Payloads[k++ % Payloads.Length]));
            n = k;
            db.Add(form);
            var expert = new Expert
            {
                Name = "<svg onload=alert(1)>专家", UserId = await db.Users.Where(u => u.UserName == expertUser).Select(u => u.Id).SingleAsync(),
                Employer = P(ref n), Title = P(ref n), Specialties = P(ref n), ExaminerCertificate = P(ref n), AwardReviewExperience = string.Join("\n", Payloads),
                IsReportReviewer = true, IsSiteCoach = true, IsLecturer = true, CreatedAt = now,
            };
            db.Experts.Add(expert);
            db.ExpertConflicts.Add(new ExpertConflict { ExpertId = expert.Id, Kind = ConflictKind.Other, OrganizationName = P(ref n), Note = P(ref n), CreatedAt = now });
            var assignment = new ExpertAssignment { ProgrammeId = programme, ExpertId = expert.Id, OrganizationId = org, Role = AssignmentRole.ReportReviewer, Explanation = P(ref n), CreatedAt = now };
            var coach = new ExpertAssignment { ProgrammeId = programme, ExpertId = expert.Id, OrganizationId = org, Role = AssignmentRole.SiteCoach, IsLead = true, CreatedAt = now };
            db.AddRange(assignment, coach);
            db.Add(new ExpertPledge { ProgrammeId = programme, ExpertId = expert.Id, SignedAt = now, TextVersion = Pledge.Version, TextSha256 = Pledge.Sha256 });
            var review = new ExpertReview { ProgrammeId = programme, OrganizationId = org, AssignmentId = assignment.Id, ExpertId = expert.Id, Status = ReviewStatus.Submitted, CreatedAt = now, SubmittedAt = now, UpdatedAt = now };
            review.SetScores(Gb19580.Items.ToDictionary(i => i.Code, _ => 40));
            foreach (var part in Enum.GetValues<ReviewPart>())
            {
                review.SetPart(part, P(ref n));
            }
            var consensus = new ReviewConsensus { ProgrammeId = programme, OrganizationId = org, RecordedAt = now, ReleasedAt = now, UpdatedAt = now };
            consensus.SetScores(Gb19580.Items.ToDictionary(i => i.Code, _ => 45));
            foreach (var part in Enum.GetValues<ReviewPart>())
            {
                consensus.SetPart(part, P(ref n));
            }
            db.AddRange(review, consensus);
            db.Add(new QualityAnalysis { ProgrammeId = programme, OrganizationId = org, Status = P(ref n), Conclusion = P(ref n), UpdatedAt = now, FedBackAt = now });
            db.Add(new AdministrativePenalty
            {
                ProgrammeId = programme, OrganizationId = org, DecidedOn = new DateOnly(2025, 6, 1), Authority = P(ref n), DecisionNumber = "<b>沪市监</b>",
                Category = P(ref n)[..Math.Min(50, Payloads[(n - 1) % Payloads.Length].Length)], Summary = P(ref n), AmountYuan = 50000m, RecordedAt = now,
            });
            db.Add(new PoolMember { ProgrammeId = programme, OrganizationId = org, EnteredAt = now, Rank = 1, SelectionReason = P(ref n) });
            var course = new Course { ProgrammeId = programme, Stage = CourseStage.Theory, Kind = CourseKind.Mandatory, Title = P(ref n), Description = string.Join("\n", Payloads), CreatedAt = now };
            var session = new CourseSession
            {
                CourseId = course.Id, ProgrammeId = programme, StartsAt = now.AddDays(-30), EndsAt = now.AddDays(-30).AddHours(3), Place = P(ref n),
                OnlineLink = "javascript:window.__xss=1",
            };
            db.AddRange(course, session);
            db.Add(new CourseMaterial { CourseId = course.Id, ProgrammeId = programme, Title = P(ref n), Url = "javascript:alert(1)" });
            db.Add(new SessionLecturer { SessionId = session.Id, ProgrammeId = programme, ExpertId = expert.Id });
            db.Add(new Attendance { SessionId = session.Id, ProgrammeId = programme, OrganizationId = org, AttendeeName = "<i>李</i>", Note = P(ref n), Status = AttendanceStatus.Present, Method = AttendanceMethod.Roll, RecordedAt = now });
            db.Add(new ResponsiblePerson { ProgrammeId = programme, OrganizationId = org, Name = "<b>李总</b>", Title = P(ref n)[..Math.Min(50, Payloads[(n - 1) % Payloads.Length].Length)], Phone = "13800000000" });
            var visit = new SiteVisit
            {
                ProgrammeId = programme, OrganizationId = org, StartsAt = now.AddDays(-20), EndsAt = now.AddDays(-20).AddHours(3), Place = P(ref n),
                Status = SiteVisitStatus.Held, HeldAt = now.AddDays(-20), CreatedAt = now,
            };
            db.Add(visit);
            var opinion = new SiteVisitOpinion
            {
                VisitId = visit.Id, ProgrammeId = programme, OrganizationId = org, LeadExpertId = expert.Id, Basics = P(ref n), Strengths = P(ref n),
                Improvements = string.Join("\n", Payloads), ManagementModel = P(ref n), ReturnComment = P(ref n), Status = OpinionStatus.Released, TextHash = "h", UpdatedAt = now, ReleasedAt = now,
            };
            db.Add(opinion);
            db.Add(new OpinionSignature { OpinionId = opinion.Id, ProgrammeId = programme, ExpertId = expert.Id, Name = expert.Name, SignedAt = now, TextHash = "h" });
            db.Add(new ShowcaseProfile
            {
                ProgrammeId = programme, OrganizationId = org, Narrative = string.Join("\n", Payloads), ManagementModel = P(ref n), ImprovementActions = P(ref n),
                ReturnComment = P(ref n), PublicConsent = true, Status = ProfileStatus.Approved, ApprovedAt = now, UpdatedAt = now,
            });
            var exchange = new ExchangeEvent { ProgrammeId = programme, Kind = ExchangeKind.BenchmarkVisit, Title = P(ref n), Place = P(ref n), StartsAt = now.AddDays(-5), HostOrganization = P(ref n), Summary = P(ref n), CreatedAt = now };
            db.Add(exchange);
            db.Add(new ExchangeAttendance { EventId = exchange.Id, ProgrammeId = programme, OrganizationId = org, Participants = 3, Attended = true, Presented = P(ref n) });
            db.Add(new ProgrammeSummary
            {
                ProgrammeId = programme, OverallEvaluation = string.Join("\n", Payloads), CourseSetupEvaluation = P(ref n), SiteVisitEvaluation = P(ref n),
                ShowcaseEvaluation = P(ref n), FormsEvaluation = P(ref n), ImprovementSuggestions = P(ref n), Status = SummaryStatus.Draft, UpdatedAt = now,
            });
            foreach (var role in new[] { AssignmentRole.Lecturer, AssignmentRole.ReportReviewer, AssignmentRole.SiteCoach })
            {
                db.Add(new ExpertRating { ProgrammeId = programme, ExpertId = expert.Id, Role = role, Level = ExpertRatingLevel.Good, Comment = P(ref n), RatedAt = now });
            }
            db.Add(new ImprovementAction { ProgrammeId = programme, Area = ProcedureArea.CourseSetup, Action = P(ref n), Owner = "<u>区评审办</u>", Outcome = P(ref n), Status = ImprovementStatus.Open, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
            return (application.Id, expert.Id, assignment.Id, coach.Id, visit.Id, session.Id);
        });
        return new World(programme, org, caseId, ids.Item1, ids.Item2, ids.Item3, ids.Item4, ids.Item5, ids.Item6, orgUser, expertUser);
    }

    /// <summary>Watches a page for any sign of a script that should not have run.</summary>
    private sealed class Watch
    {
        public List<string> Problems { get; } = [];

        public void Attach(IPage page)
        {
            page.Dialog += (_, dialog) =>
            {
                Problems.Add($"{page.Url}: dialog “{dialog.Message}”");
                _ = dialog.DismissAsync();
            };
            page.PageError += (_, error) => Problems.Add($"{page.Url}: page error {error}");
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
                {
                    Problems.Add($"{page.Url}: console {message.Type}: {message.Text}");
                }
            };
        }
    }

    private static async Task<IPage> SignedInAsync(IBrowserContext context, Watch watch, string user, string password)
    {
        var page = await context.NewPageAsync();
        watch.Attach(page);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        return page;
    }

    /// <summary>Opens <paramref name="url"/>, lets every handler a payload could have planted fire, and checks nothing ran.</summary>
    private static async Task<string> VisitAsync(IPage page, string url, Watch watch, List<string> opened)
    {
        var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
        opened.Add($"{(int)(response?.Status ?? 0)} {url}");
        // a page that is not there proves nothing: every address visited here exists
        if (response is { Status: >= 500 or 404 })
        {
            watch.Problems.Add($"{url}: {response.Status}");
        }
        var (marker, shown, text) = await LookAsync(page);
        if (marker != "undefined")
        {
            watch.Problems.Add($"{url}: window.__xss was set");
        }
        if (!shown)
        {
            watch.Problems.Add($"{url}: an injected style hid the page");
        }
        if (page.Url.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || !page.Url.StartsWith(new Uri(page.Url).GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
        {
            watch.Problems.Add($"{url}: navigated to {page.Url}");
        }
        return text;
    }

    /// <summary>
    /// One round trip to the page (the test opens over 300): hovers everything once, so handlers planted in attributes
    /// (onmouseover) would fire now; lets a rendering update (autofocus, onfocus) and the queued tasks (ontoggle, onerror) run;
    /// then reads the <c>window.__xss</c> marker, whether the body is still shown (Playwright's rule: it has a box and is not
    /// hidden), and the body's text.
    /// </summary>
    private static async Task<(string Marker, bool Shown, string Text)> LookAsync(IPage page)
    {
        var seen = await page.EvaluateAsync<JsonElement>("""
            async () => {
              for (const e of document.querySelectorAll('*')) { e.dispatchEvent(new MouseEvent('mouseover', { bubbles: true })); }
              await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
              const body = document.body, box = body.getBoundingClientRect();
              return { marker: typeof window.__xss, shown: box.width > 0 && box.height > 0 && getComputedStyle(body).visibility !== 'hidden', text: body.innerText };
            }
            """);
        return (seen.GetProperty("marker").GetString()!, seen.GetProperty("shown").GetBoolean(), seen.GetProperty("text").GetString() ?? "");
    }

    /// <summary>
    /// The product's content-security policy would stop these payloads before the checks above see them, so the checks are
    /// proved here on a page without one: a planted handler that sets the marker on hover, on focus or on a failed image, and a
    /// style that hides the page, are each seen; a clean page is not flagged.
    /// </summary>
    [Fact]
    public async Task The_checks_see_a_handler_that_ran_and_a_page_that_was_hidden()
    {
        var chromium = await browser.BrowserAsync();
        await using var context = await chromium.NewContextAsync();
        // a new page each time: the marker lives on the window, which setting new content keeps
        async Task<(string Marker, bool Shown, string Text)> OpenAsync(string html)
        {
            var page = await context.NewPageAsync();
            await page.SetContentAsync(html);
            var seen = await LookAsync(page);
            await page.CloseAsync();
            return seen;
        }
        foreach (var planted in new[]
                 {
                     "<p onmouseover=\"window.__xss=1\">悬停</p>", "<img src=x onerror=\"window.__xss=1\">", "<input autofocus onfocus=\"window.__xss=1\">",
                     "<details open ontoggle=\"window.__xss=1\"><summary>x</summary></details>",
                 })
        {
            var (marker, shown, _) = await OpenAsync($"<!doctype html><html><body><p>正文</p>{planted}</body></html>");
            Assert.Equal(("number", true), (marker, shown));
        }
        foreach (var hiding in new[] { "<style>*{display:none}</style>", "<style>body{visibility:hidden}</style>" })
        {
            Assert.False((await OpenAsync($"<!doctype html><html><head>{hiding}</head><body><p>正文</p></body></html>")).Shown, hiding);
        }
        Assert.Equal(("undefined", true, "正文 <script>"), await OpenAsync("<!doctype html><html><body><p>正文 &lt;script&gt;</p></body></html>"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Stored_and_reflected_payloads_never_run_on_any_page_and_are_shown_as_text(DbProvider provider)
    {
        var chromium = await browser.BrowserAsync();
        var (app, baseUrl) = await BrowserFixture.StartAppAsync(provider);
        await using var _ = app;
        var w = await WorldAsync(app);
        var watch = new Watch();
        var opened = new List<string>();
        await using var context = await chromium.NewContextAsync(new() { BaseURL = baseUrl, Locale = "zh-CN" });
        var p = w.Programme;
        var o = w.Organization;

        // the Office: every page that shows the stored text
        var office = await SignedInAsync(context, watch, AppFactory.AdminUserName, AppFactory.AdminPassword);
        foreach (var url in new[]
                 {
                     "/", "/Programmes", $"/Programmes/Details/{p}", $"/Programmes/Edit/{p}", $"/Programmes/Call/{p}", $"/Applications?ProgrammeId={p}", $"/Applications/Review/{w.Application}",
                     $"/Cases/{w.Case}", "/Experts", $"/Experts/Edit/{w.Expert}", $"/Experts/Assignments/{p}", $"/Courses/{p}", $"/Courses/Session/{w.Session}",
                     $"/Courses/Attendance/{p}", $"/Assessment/{p}", $"/Assessment/Organization/{p}/{o}", $"/Assessment/Quality/{p}", $"/Assessment/Quality/{p}/{o}",
                     $"/Pool/{p}", $"/SiteVisits/{p}", $"/SiteVisits/Visit/{w.Visit}", $"/SiteVisits/Opinion/Review/{w.Visit}", $"/Showcase/{p}",
                     $"/Showcase/Profile/{p}/{o}", $"/Review/Summary/{p}", $"/Review/Experts/{p}", $"/Review/Improvements/{p}", $"/Archive/{p}",
                     "/Audit", "/Users", "/Notifications",
                 })
        {
            var text = await VisitAsync(office, url, watch, opened);
            // the text is shown as typed (file names lose the characters file systems refuse: < > " / \ : * ? |)
            foreach (var (page, literal) in new[]
                     {
                         ("/Experts", "<svg onload=alert(1)>专家"), ($"/Review/Improvements/{p}", "<u>区评审办</u>"), ($"/Cases/{w.Case}", "img src=x onerror=alert(1).pdf"),
                         ($"/Assessment/Quality/{p}/{o}", "<b>沪市监</b>"), ($"/Courses/Session/{w.Session}", "<i>李</i>"), ($"/Programmes/Details/{p}", "<script>window.__xss=1</script>"),
                     })
            {
                if (url == page && !text.Contains(literal, StringComparison.Ordinal))
                {
                    watch.Problems.Add($"{url}: “{literal}” is not shown as text");
                }
            }
        }
        // the free-text areas keep the payload as the text typed (a </textarea> does not break out)
        if (await ReadSummaryAsync(office, p) != string.Join("\n", Payloads))
        {
            watch.Problems.Add("/Review/Summary: the textarea does not hold the stored text as typed");
        }

        // reflected: every payload in the search and filter parameters of the list pages
        foreach (var payload in Payloads)
        {
            var q = Uri.EscapeDataString(payload);
            foreach (var url in new[]
                     {
                         $"/Applications?ProgrammeId={p}&Q={q}&Industry={q}&District={q}&Sort={q}", $"/Experts?Q={q}&Industry={q}&Role={q}", $"/Programmes?Q={q}",
                         $"/Audit?Actor={q}&Action={q}&EntityType={q}&EntityId={q}", $"/Pool/{p}?Q={q}", $"/SiteVisits/{p}?Q={q}&Status={q}", $"/Users?Q={q}&Role={q}",
                         $"/Assessment/{p}?Show={q}", $"/Courses/Progress/{p}?Show={q}",
                     })
            {
                await VisitAsync(office, url, watch, opened);
            }
        }
        var searched = await VisitAsync(office, $"/Experts?Q={Uri.EscapeDataString("<svg onload=alert(1)>")}", watch, opened);
        if (!searched.Contains("<svg onload=alert(1)>专家", StringComparison.Ordinal))
        {
            watch.Problems.Add("/Experts?Q=<svg…>: the expert named by the search is not listed as text");
        }
        if (await office.InputValueAsync("input[name='q']") != "<svg onload=alert(1)>")
        {
            watch.Problems.Add("/Experts?Q=<svg…>: the search box does not show the search as typed");
        }

        // the organization and the expert see their own pages
        await using var orgContext = await chromium.NewContextAsync(new() { BaseURL = baseUrl, Locale = "zh-CN" });
        var organization = await SignedInAsync(orgContext, watch, w.OrganizationUser, AppFactory.UserPassword);
        foreach (var url in new[]
                 {
                     "/", $"/Applications/Form/{p}", $"/Cases/{w.Case}", $"/Assessment/SelfEvaluation/{p}", $"/Assessment/Feedback/{p}", $"/Assessment/Quality/Mine/{p}",
                     $"/Courses/Mine/{p}", $"/SiteVisits/Mine/{p}", $"/SiteVisits/Opinion/Mine/{p}", $"/Showcase/Mine/{p}", "/Calls", $"/Calls/{p}", "/Notifications",
                 })
        {
            await VisitAsync(organization, url, watch, opened);
        }
        await using var expertContext = await chromium.NewContextAsync(new() { BaseURL = baseUrl, Locale = "zh-CN" });
        var expert = await SignedInAsync(expertContext, watch, w.ExpertUser, AppFactory.UserPassword);
        foreach (var url in new[]
                 {
                     "/", "/Experts/Tasks", "/Experts/Me", $"/Experts/Material/{w.Assignment}", $"/Assessment/Review/{w.Assignment}", "/SiteVisits/Coach",
                     $"/SiteVisits/Coach/{w.Visit}", $"/SiteVisits/Opinion/{w.Visit}", "/Courses/Teaching",
                 })
        {
            await VisitAsync(expert, url, watch, opened);
        }

        // anonymous: the public call, the public showcase, and returnUrl on the login
        await using var anonymousContext = await chromium.NewContextAsync(new() { BaseURL = baseUrl, Locale = "zh-CN" });
        var anonymous = await anonymousContext.NewPageAsync();
        watch.Attach(anonymous);
        foreach (var url in new[] { "/Calls", $"/Calls/{p}", $"/Showcase/Public/{p}" })
        {
            await VisitAsync(anonymous, url, watch, opened);
        }
        foreach (var returnUrl in new[] { "javascript:window.__xss=1", "https://evil.invalid/", "//evil.invalid/", "/\\evil.invalid/", "\"><script>alert(1)</script>", "data:text/html,<script>alert(1)</script>" })
        {
            await using var loginContext = await chromium.NewContextAsync(new() { BaseURL = baseUrl, Locale = "zh-CN" });
            var login = await loginContext.NewPageAsync();
            watch.Attach(login);
            await VisitAsync(login, "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), watch, opened);
            await login.GetByLabel("用户名").FillAsync(AppFactory.AdminUserName);
            await login.GetByLabel("密码").FillAsync(AppFactory.AdminPassword);
            await login.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await login.WaitForLoadStateAsync(LoadState.Load);
            Assert.StartsWith(baseUrl, login.Url, StringComparison.Ordinal);
            Assert.Equal("undefined", await login.EvaluateAsync<string>("() => typeof window.__xss"));
        }

        Assert.True(watch.Problems.Count == 0, $"{watch.Problems.Count} problems on {opened.Count} pages:\n" + string.Join("\n", watch.Problems.Distinct()));
        var failed = opened.Where(x => !x.StartsWith("200 ", StringComparison.Ordinal)).ToList();
        Assert.True(failed.Count == 0, "pages that did not open:\n" + string.Join("\n", failed));
    }

    private static async Task<string> ReadSummaryAsync(IPage page, Guid programme)
    {
        await page.GotoAsync($"/Review/Summary/{programme}");
        return await page.InputValueAsync("textarea[name='Input.OverallEvaluation']");
    }
}
