using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Archive;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;
using QualityIncubator.Web.Showcase;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// One application per provider over a database with thousands of rows in every table a list reads (built once per provider for
/// <see cref="QueryBoundsTests"/>): 5,000 organizations with applications and cases in one programme, 5,000 experts, 10,000
/// assignments, 5,000 audit events, notifications, users, pool stays, visits, reviews, improvement actions and archived files.
/// </summary>
public sealed class QueryBoundsWorld : IAsyncDisposable
{
    /// <summary>How many rows the big tables get: far more than one page, so a list that loads or loops over all of them shows.</summary>
    public const int Size = 5000;

    private readonly Dictionary<DbProvider, Task<World>> _worlds = [];
    private readonly Lock _lock = new();

    /// <summary>The seeded application, its counter, the ids the routes need and a signed-in client per persona.</summary>
    public sealed record World(AppFactory App, QueryCounter Counter, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, TestClient> Clients);

    public Task<World> GetAsync(DbProvider provider)
    {
        lock (_lock)
        {
            if (!_worlds.TryGetValue(provider, out var world) || world.IsFaulted)
            {
                world = BuildAsync(provider);
                _worlds[provider] = world;
            }
            return world;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var task in _worlds.Values)
        {
            if (task.IsCompletedSuccessfully)
            {
                var world = await task;
                foreach (var client in world.Clients.Values)
                {
                    client.Dispose();
                }
                await world.App.DisposeAsync();
            }
        }
    }

    private static async Task<World> BuildAsync(DbProvider provider)
    {
        var counter = new QueryCounter();
        var app = await AppFactory.CreateAsync(provider, configure: b =>
        {
            counter.Register(b);
            // the sign-in's security stamp is checked once a minute (five commands, whatever the page): not while a list is measured
            b.ConfigureServices(s => s.PostConfigure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromDays(1)));
        });
        try
        {
            var values = await new Seed(app).RunAsync();
            var clients = new Dictionary<string, TestClient>
            {
                ["office"] = await TestClient.OfficeAsync(app),
                ["expert"] = await TestClient.SignedInAsync(app, values["expertUser"], AppFactory.UserPassword),
                ["organization"] = await TestClient.SignedInAsync(app, values["organizationUser"], AppFactory.UserPassword),
                ["anonymous"] = TestClient.For(app),
            };
            return new World(app, counter, values, clients);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the rows in batches through the DbContext, without the per-row audit events (the audit trail gets 5,000 events of its own).</summary>
    private sealed class Seed(AppFactory app)
    {
        private const int Batch = 1000;
        private static readonly CaseState[] PoolStates = [CaseState.InPool, CaseState.Theory, CaseState.SiteVisited, CaseState.Showcased];
        private readonly DateTime _now = DateTime.UtcNow;

        /// <summary>
        /// Cases by the last digit of their number: 0–5 in the pool (its four states in turn), 6–7 quality analysed or reviewed (100 analysed:
        /// the pool's cohort, ranked as a whole), 8 in the baseline assessment, 9 left (withdrawn, not selected or exited).
        /// </summary>
        private static CaseState StateOf(int i) => (i % 10) switch
        {
            <= 5 => PoolStates[i / 10 % PoolStates.Length],
            6 or 7 => i % 100 is 6 or 7 ? CaseState.Analysed : CaseState.Reviewed,
            8 => (i / 10 % 3) switch { 0 => CaseState.Continuing, 1 => CaseState.SelfEvaluated, _ => CaseState.Reviewed },
            _ => (i / 10 % 3) switch { 0 => CaseState.Withdrawn, 1 => CaseState.NotSelected, _ => CaseState.Exited },
        };

        private static bool InPool(int i) => i % 10 <= 5;

        private const string CodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

        /// <summary>A distinct valid credit code per number.</summary>
        private static string Code(int i)
        {
            var body = new char[9];
            var n = i + 1_000_000;
            for (var k = body.Length - 1; k >= 0; k--)
            {
                body[k] = CodeAlphabet[n % CodeAlphabet.Length];
                n /= CodeAlphabet.Length;
            }
            return CreditCode.WithCheckCharacter("91310117" + new string(body));
        }

        private async Task InsertAsync<T>(IEnumerable<T> rows) where T : class
        {
            foreach (var chunk in rows.Chunk(Batch))
            {
                await app.WithScopeAsync(async s =>
                {
                    var db = s.GetRequiredService<AppDbContext>();
                    db.RestoringArchive = true;
                    db.ChangeTracker.AutoDetectChangesEnabled = false;
                    db.Set<T>().AddRange(chunk);
                    await db.SaveChangesAsync();
                });
            }
        }

        public async Task<Dictionary<string, string>> RunAsync()
        {
            var values = new Dictionary<string, string>();
            var programme = new Programme
            {
                Year = 2026, Title = "查询边界培育计划", Stage = ProgrammeStage.Review, CreatedAt = _now,
                SelfEvaluationDueOn = DateOnly.FromDateTime(_now).AddDays(30),
            };
            var archived = new Programme { Year = 2019, Title = "查询边界已归档计划", Stage = ProgrammeStage.Archive, CreatedAt = _now.AddYears(-7) };
            await InsertAsync([programme, archived]);
            var p = programme.Id;
            values["programmeId"] = p.ToString();
            values["archivedProgrammeId"] = archived.Id.ToString();

            // earlier years' programmes, sealed: the programme list's rows
            await InsertAsync(Enumerable.Range(0, Size).Select(i => new Programme
            {
                Year = 2025 - i % 20, Title = $"往年培育计划{i:D5}", Stage = ProgrammeStage.Sealed, CreatedAt = _now.AddDays(-1 - i),
            }));

            var industries = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().CodeItems.AsNoTracking()
                .Where(c => c.List == CodeLists.Industry).OrderBy(c => c.SortOrder).Select(c => c.Code).Take(10).ToListAsync());
            values["industry"] = industries[0];

            var organizations = Enumerable.Range(0, Size).Select(i => new Organization
            {
                Name = $"边界组织{i:D5}", CreditCode = Code(i), CreatedAt = _now.AddMinutes(-i),
            }).ToArray();
            await InsertAsync(organizations);
            var cases = organizations.Select((o, i) => new Case
            {
                ProgrammeId = p, OrganizationId = o.Id, State = StateOf(i), CreatedAt = _now.AddDays(-60), UpdatedAt = _now.AddMinutes(-i),
                ClosingReason = StateOf(i) is CaseState.Withdrawn or CaseState.NotSelected or CaseState.Exited ? "查询边界测试" : null,
            }).ToArray();
            await InsertAsync(cases);
            values["caseId"] = cases[0].Id.ToString();
            await InsertAsync(cases.SelectMany((c, i) => new[]
            {
                new CaseEvent { CaseId = c.Id, ProgrammeId = p, From = null, To = CaseState.Applied, At = _now.AddDays(-60) },
                new CaseEvent { CaseId = c.Id, ProgrammeId = p, From = CaseState.Applied, To = c.State, At = _now.AddDays(-10).AddMinutes(i) },
            }));
            var applications = organizations.Select((o, i) => new Application
            {
                ProgrammeId = p, OrganizationId = o.Id, CaseId = cases[i].Id, Status = ApplicationStatus.Submitted, OrganizationName = o.Name, CreditCode = o.CreditCode,
                IndustryCode = industries[i % industries.Count], EmployeeCount = 50 + i, LastYearRevenue = 1000m + i, LastYearTax = 100m + i, LastYearNetProfit = 10m + i,
                ContactName = "联系人", ContactPhone = "13800000000", CreatedAt = _now.AddDays(-70), UpdatedAt = _now.AddDays(-65), SubmittedAt = _now.AddDays(-65).AddMinutes(i),
            }).ToArray();
            await InsertAsync(applications);
            values["applicationId"] = applications[0].Id.ToString();

            // accounts: one signed-in user per persona, and an account for every other organization (the user list's rows)
            values["organizationUser"] = await app.CreateUserAsync(Roles.Organization, organizations[0].Id, "qb-org");
            values["organizationId"] = organizations[0].Id.ToString();
            values["expertUser"] = await app.CreateUserAsync(Roles.Expert, null, "qb-expert");
            var (adminId, organizationUserId, expertUserId, organizationRole) = await app.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                var ids = await db.Users.Where(u => u.UserName == AppFactory.AdminUserName || u.UserName == values["organizationUser"] || u.UserName == values["expertUser"])
                    .ToDictionaryAsync(u => u.UserName!, u => u.Id);
                var role = await db.Roles.Where(r => r.Name == Roles.Organization).Select(r => r.Id).SingleAsync();
                return (ids[AppFactory.AdminUserName], ids[values["organizationUser"]], ids[values["expertUser"]], role);
            });
            var users = organizations.Skip(1).Select((o, i) => new AppUser
            {
                UserName = $"qb-user-{i:D5}", NormalizedUserName = $"QB-USER-{i:D5}", Email = $"qb-user-{i:D5}@example.invalid", NormalizedEmail = $"QB-USER-{i:D5}@EXAMPLE.INVALID",
                DisplayName = $"边界用户{i:D5}", OrganizationId = o.Id, SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(), CreatedAt = _now,
            }).ToArray();
            await InsertAsync(users);
            await InsertAsync(users.Select(u => new IdentityUserRole<string> { UserId = u.Id, RoleId = organizationRole }));

            await InsertAsync(Enumerable.Range(0, Size).SelectMany(i => new[]
            {
                new Notification { UserId = adminId, Title = $"边界通知{i:D5}", Body = "查询边界", Link = "/", CreatedAt = _now.AddMinutes(-i) },
                new Notification { UserId = organizationUserId, Title = $"组织通知{i:D5}", Body = "查询边界", Link = "/", CreatedAt = _now.AddMinutes(-i) },
            }));

            // the expert pool; the signed-in expert coaches every organization (its task list) and lectures
            var experts = Enumerable.Range(0, Size).Select(i => new Expert
            {
                Name = $"边界专家{i:D5}", Employer = $"单位{i % 97}", EmployerCreditCode = null, Title = "高级工程师", Industries = industries[i % industries.Count],
                Specialties = "卓越绩效", IsLecturer = true, IsReportReviewer = true, IsSiteCoach = true, YearsOfExperience = 5 + i % 20,
                Status = i % 50 == 49 ? ExpertStatus.Suspended : ExpertStatus.Active, CreatedAt = _now.AddMinutes(-i),
            }).ToArray();
            var coach = new Expert
            {
                UserId = expertUserId, Name = "边界任务专家", Employer = "任务专家单位", IsLecturer = true, IsReportReviewer = true, IsSiteCoach = true, Status = ExpertStatus.Active, CreatedAt = _now,
            };
            await InsertAsync([.. experts, coach]);
            values["expertId"] = experts[0].Id.ToString();
            await InsertAsync([new ExpertPledge { ExpertId = coach.Id, ProgrammeId = p, SignedAt = _now, TextVersion = Pledge.Version, TextSha256 = Pledge.Sha256 }]);
            var reviewers = organizations.Select((o, i) => new ExpertAssignment
            {
                ProgrammeId = p, ExpertId = experts[i].Id, OrganizationId = o.Id, Role = AssignmentRole.ReportReviewer, Explanation = "查询边界", CreatedAt = _now.AddMinutes(-i),
            }).ToArray();
            await InsertAsync(reviewers);
            await InsertAsync(organizations.Select((o, i) => new ExpertAssignment
            {
                ProgrammeId = p, ExpertId = coach.Id, OrganizationId = o.Id, Role = AssignmentRole.SiteCoach, IsLead = true, Explanation = "查询边界", CreatedAt = _now.AddMinutes(-i),
            }));

            // courses of a realistic size (tens), with the per-organization rows in the thousands
            var courses = new List<Course>();
            for (var k = 0; k < 30; k++)
            {
                var (stage, kind) = k switch { < 6 => (CourseStage.Awareness, CourseKind.Mandatory), < 12 => (CourseStage.Theory, CourseKind.Mandatory), _ => (CourseStage.Theory, CourseKind.Elective) };
                courses.Add(new Course { ProgrammeId = p, Stage = stage, Kind = kind, Title = $"边界课程{k:D2}", Topic = kind == CourseKind.Elective ? "QC小组" : null, SortOrder = k, CreatedAt = _now });
            }
            await InsertAsync(courses);
            values["courseId"] = courses[6].Id.ToString(); // the first mandatory theory course
            var sessions = courses.SelectMany((c, k) => Enumerable.Range(0, 4).Select(j => new CourseSession
            {
                CourseId = c.Id, ProgrammeId = p, StartsAt = _now.AddDays(-40 + k).AddHours(j), EndsAt = _now.AddDays(-40 + k).AddHours(j + 1), Place = "松江区会议中心", Capacity = 200,
            })).ToArray();
            await InsertAsync(sessions);
            values["sessionId"] = sessions[6 * 4].Id.ToString(); // a session of the first mandatory theory course
            await InsertAsync(sessions.Select((s, j) => new SessionLecturer { SessionId = s.Id, ProgrammeId = p, ExpertId = j % 2 == 0 ? coach.Id : experts[j].Id, Explanation = "查询边界" }));
            await InsertAsync(courses.Select((c, k) => new CourseMaterial { CourseId = c.Id, ProgrammeId = p, Title = $"资料{k}", Url = "https://example.invalid/material", SortOrder = 0 }));
            var awareness = courses.Where(c => c.Stage == CourseStage.Awareness).ToList();
            await InsertAsync(organizations.SelectMany((o, i) => awareness.Take(i % 10 == 9 ? 1 : 3).Select(c => new StudyRecord
            {
                ProgrammeId = p, OrganizationId = o.Id, CourseId = c.Id, FirstOpenedAt = _now.AddDays(-30), StudiedAt = _now.AddDays(-29), StudiedBy = "查询边界",
            })));
            var pool = organizations.Where((_, i) => InPool(i)).ToList();
            var persons = pool.SelectMany(o => new[] { "甲", "乙" }.Select(n => new ResponsiblePerson { ProgrammeId = p, OrganizationId = o.Id, Name = $"负责人{n}", Title = "质量经理" })).ToArray();
            await InsertAsync(persons);
            var mandatory = sessions.Where(s => courses.Single(c => c.Id == s.CourseId) is { Stage: CourseStage.Theory, Kind: CourseKind.Mandatory }).ToList();
            await InsertAsync(persons.Select((r, j) => new Attendance
            {
                SessionId = mandatory[j % mandatory.Count].Id, ProgrammeId = p, OrganizationId = r.OrganizationId, ResponsiblePersonId = r.Id, AttendeeName = r.Name,
                Status = j % 7 == 0 ? AttendanceStatus.Late : AttendanceStatus.Present, Method = AttendanceMethod.Roll, RecordedAt = _now.AddDays(-20), RecordedBy = "查询边界",
            }));
            var electives = courses.Where(c => c.Kind == CourseKind.Elective).ToList();
            await InsertAsync(pool.SelectMany((o, i) => new[] { electives[i % electives.Count], electives[(i + 1) % electives.Count] }.Select(c => new ElectiveChoice
            {
                ProgrammeId = p, OrganizationId = o.Id, CourseId = c.Id, ChosenAt = _now.AddDays(-25),
            })));

            // baseline assessment (4.4): self-evaluations, reviews, consensus, quality analysis and penalties
            var assessed = organizations.Where((_, i) => StateOf(i) is not (CaseState.Continuing or CaseState.Withdrawn)).ToList();
            await InsertAsync(organizations.Select((o, i) => new SelfEvaluation
            {
                ProgrammeId = p, OrganizationId = o.Id, Kind = SelfEvaluationKind.Baseline, Status = StateOf(i) == CaseState.Continuing ? SelfEvaluationStatus.Draft : SelfEvaluationStatus.Submitted,
                CreatedAt = _now.AddDays(-50), UpdatedAt = _now.AddDays(-45), SubmittedAt = StateOf(i) == CaseState.Continuing ? null : _now.AddDays(-45),
            }));
            await InsertAsync(reviewers.Select(a => new ExpertReview
            {
                ProgrammeId = p, OrganizationId = a.OrganizationId, AssignmentId = a.Id, ExpertId = a.ExpertId, Status = ReviewStatus.Submitted, ScoresJson = "{}", Total = 500m,
                CreatedAt = _now.AddDays(-44), UpdatedAt = _now.AddDays(-43), SubmittedAt = _now.AddDays(-43),
            }));
            await InsertAsync(assessed.Select(o => new ReviewConsensus
            {
                ProgrammeId = p, OrganizationId = o.Id, ScoresJson = "{}", Total = 520m, UpdatedAt = _now.AddDays(-42), RecordedAt = _now.AddDays(-42), RecordedBy = "admin", ReleasedAt = _now.AddDays(-41),
            }));
            await InsertAsync(assessed.Select(o => new QualityAnalysis
            {
                ProgrammeId = p, OrganizationId = o.Id, Status = "良好", Conclusion = "无重大问题", UpdatedAt = _now.AddDays(-40), FedBackAt = _now.AddDays(-40), AcknowledgedAt = _now.AddDays(-39),
            }));
            await InsertAsync(organizations.Select((o, i) => new AdministrativePenalty
            {
                ProgrammeId = p, OrganizationId = o.Id, DecidedOn = new DateOnly(2025, 1, 1).AddDays(i % 300), Authority = "松江区市场监督管理局", DecisionNumber = $"沪市监松处〔2025〕{i}号",
                Category = "产品质量", AmountYuan = 1000m + i, Source = PenaltySource.Imported, RecordedAt = _now.AddDays(-40),
            }));

            // the pool (4.4.4): a stay per member, and the members who left it (4.4.4.3)
            await InsertAsync(organizations.Select((o, i) => (Organization: o, Number: i)).Where(x => InPool(x.Number) || StateOf(x.Number) == CaseState.Exited)
                .Select(x => new PoolMember
                {
                    ProgrammeId = p, OrganizationId = x.Organization.Id, EnteredAt = _now.AddDays(-38), Rank = x.Number + 1, RankingTotal = 80m, EnteredBy = "admin",
                    ExitedAt = InPool(x.Number) ? null : _now.AddDays(-20), ExitGround = InPool(x.Number) ? null : ExitGround.NonCooperation, ExitReason = InPool(x.Number) ? null : "拒不配合",
                }));

            // on-site coaching (4.6): a visit per member, an earlier cancelled one for some; the signed-in expert on every team
            var visits = pool.SelectMany((o, i) => (i % 3 == 0
                ? new[] { (SiteVisitStatus.Cancelled, -30), (SiteVisitStatus.Held, -15) }
                : [(SiteVisitStatus.Planned, 5 + i % 20)]).Select(v => new SiteVisit
            {
                ProgrammeId = p, OrganizationId = o.Id, StartsAt = _now.AddDays(v.Item2), EndsAt = _now.AddDays(v.Item2).AddHours(3), Place = "组织现场", Format = SiteVisitFormat.Both,
                Status = v.Item1, CreatedAt = _now.AddDays(-35), HeldAt = v.Item1 == SiteVisitStatus.Held ? _now.AddDays(v.Item2) : null,
            })).ToArray();
            await InsertAsync(visits);
            values["visitId"] = visits.First(v => v.Status == SiteVisitStatus.Held).Id.ToString();
            await InsertAsync(visits.Select(v => new SiteVisitAttendee { VisitId = v.Id, ProgrammeId = p, Side = AttendeeSide.Team, ExpertId = coach.Id, Name = coach.Name, Confirmed = true, Attended = v.Status == SiteVisitStatus.Held ? true : null }));

            // showcase (4.7): profiles and final self-evaluations of the members, consenting to the public page; exchange events
            await InsertAsync(pool.Select((o, i) => new ShowcaseProfile
            {
                ProgrammeId = p, OrganizationId = o.Id, Narrative = "成果", ManagementModel = "模式", Status = i % 2 == 0 ? ProfileStatus.Approved : ProfileStatus.Submitted, RescoreTotal = 600m,
                SubmittedAt = _now.AddDays(-5), ApprovedAt = i % 2 == 0 ? _now.AddDays(-4) : null, PublicConsent = true, UpdatedAt = _now.AddDays(-4),
            }));
            await InsertAsync(pool.Select(o => new SelfEvaluation
            {
                ProgrammeId = p, OrganizationId = o.Id, Kind = SelfEvaluationKind.Final, Status = SelfEvaluationStatus.Submitted, CreatedAt = _now.AddDays(-8), UpdatedAt = _now.AddDays(-6), SubmittedAt = _now.AddDays(-6),
            }));
            var events = Enumerable.Range(0, 8).Select(k => new ExchangeEvent
            {
                ProgrammeId = p, Kind = k % 2 == 0 ? ExchangeKind.Showcase : ExchangeKind.BenchmarkVisit, Title = $"交流活动{k}", StartsAt = _now.AddDays(-3 + k), Place = "会议中心", CreatedAt = _now,
            }).ToArray();
            await InsertAsync(events);
            values["eventId"] = events[0].Id.ToString();
            await InsertAsync(pool.Select((o, i) => new ExchangeAttendance { EventId = events[i % events.Length].Id, ProgrammeId = p, OrganizationId = o.Id, Participants = 3, Attended = true }));

            // review (5.2–5.3): ratings and decisions of half the reviewers, improvement actions
            await InsertAsync(reviewers.Take(Size / 2).Select((a, i) => new ExpertRating
            {
                ProgrammeId = p, ExpertId = a.ExpertId, Role = AssignmentRole.ReportReviewer, Level = (ExpertRatingLevel)(i % 3), Comment = "评价", RatedAt = _now.AddDays(-1), RatedBy = "admin",
            }));
            await InsertAsync(reviewers.Take(Size / 4).Select(a => new ExpertTeamDecision
            {
                ProgrammeId = p, ExpertId = a.ExpertId, Role = AssignmentRole.ReportReviewer, Decision = TeamDecision.Keep, DecidedAt = _now.AddDays(-1), DecidedBy = "admin",
            }));
            await InsertAsync(Enumerable.Range(0, Size).Select(i => new ImprovementAction
            {
                ProgrammeId = p, Area = (ProcedureArea)(i % 4), Action = $"改进措施{i:D5}", Owner = "区评审办", DueOn = new DateOnly(2026, 12, 31), Status = (ImprovementStatus)(i % 4),
                CreatedAt = _now.AddMinutes(-i), CreatedBy = "admin", UpdatedAt = _now.AddMinutes(-i),
            }));

            // the archive (6): a sealed programme with thousands of archived files (one stored content)
            const string sha = "0000000000000000000000000000000000000000000000000000000000000000";
            await InsertAsync([new StoredFile { Sha256 = sha, Size = 10, ContentType = "application/pdf", StoredAt = _now }]);
            await InsertAsync(organizations.Select((o, i) => new Attachment
            {
                OwnerType = nameof(SelfEvaluation), OwnerId = Guid.CreateVersion7(), OrganizationId = o.Id, ProgrammeId = archived.Id, Sha256 = sha, FileName = $"自评报告{i:D5}.pdf",
                ContentType = "application/pdf", Size = 10, Purpose = SelfEvaluationWork.ReportPurpose, UploadedAt = _now.AddYears(-7), UploadedBy = "查询边界",
            }));
            await InsertAsync([new ProgrammeArchive
            {
                ProgrammeId = archived.Id, SealedAt = _now.AddYears(-6), SealedOn = DateOnly.FromDateTime(_now.AddYears(-6)), RetentionYears = 10,
                RetainUntil = DateOnly.FromDateTime(_now.AddYears(4)), SealedBy = "admin", Status = ArchiveStatus.Ready, BuiltAt = _now.AddYears(-6),
            }]);
            await app.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                db.RestoringArchive = true;
                var row = await db.Programmes.SingleAsync(x => x.Id == archived.Id);
                row.Stage = ProgrammeStage.Sealed;
                await db.SaveChangesAsync();
            });

            // the audit trail: 5,000 events of its own (the seed above writes none per row)
            foreach (var chunk in Enumerable.Range(0, Size).Chunk(Batch))
            {
                await app.WithScopeAsync(async s =>
                {
                    var db = s.GetRequiredService<AppDbContext>();
                    foreach (var i in chunk)
                    {
                        db.Audit(AuditActions.Updated, nameof(Organization), organizations[i].Id.ToString(), new { Name = "旧名称" }, new { organizations[i].Name }, p);
                    }
                    await db.SaveChangesAsync();
                });
            }
            return values;
        }
    }
}
