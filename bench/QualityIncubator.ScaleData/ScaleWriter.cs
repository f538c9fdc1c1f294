using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Experts.Assignment;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using AssignmentConflict = QualityIncubator.Web.Experts.Assignment.Conflict;

namespace QualityIncubator.ScaleData;

/// <summary>
/// Writes the plan through the product: its DbContext (every audited record's save writes its hash-chained audit events), its workflow
/// (<see cref="CaseWorkflow"/> opens cases and moves programmes from stage to stage), its file store, its domain helpers and its rules.
/// Programme by programme and stage by stage in calendar order, with the product's clock set to the moment of each action; records are
/// saved a few hundred at a time, one DbContext per step with its change tracker cleared after each save.
/// </summary>
internal sealed partial class ScaleWriter(IServiceProvider services, SimulatedClock clock, ScalePlan plan, ScaleOptions options, Progress progress, List<string> warnings)
{
    private readonly IHttpContextAccessor _http = services.GetRequiredService<IHttpContextAccessor>();
    private readonly ILookupNormalizer _normalizer = services.GetRequiredService<ILookupNormalizer>();
    private readonly Rng _text = Rng.For(options.Seed, "texts");
    private readonly Rng _fileRng = Rng.For(options.Seed, "files");
    private readonly Rng _misc = Rng.For(options.Seed, "writer");
    private readonly Dictionary<string, string> _roleIds = new(StringComparer.Ordinal);
    private readonly List<Expert> _experts = [];
    private readonly Dictionary<Guid, PlannedExpert> _plannedExperts = [];
    private readonly HashSet<(Guid Expert, Guid Programme)> _pledged = [];
    private string _passwordHash = "";

    /// <summary>A record of the plan's work in calendar order: one programme's step of one stage.</summary>
    private sealed record Unit(DateTime At, PlannedProgramme Programme, string Phase, Func<PlannedProgramme, PhaseTiming, Task> Run);

    /// <summary>One action at a moment of the programme's calendar, and about how many records it adds.</summary>
    private sealed record Timed(double Day, int Rows, Func<Batch, Task> Run);

    /// <summary>The services of one step's scope.</summary>
    private sealed class Batch(IServiceProvider services)
    {
        public IServiceProvider Services { get; } = services;
        public AppDbContext Db { get; } = services.GetRequiredService<AppDbContext>();
        public CaseWorkflow Workflow { get; } = services.GetRequiredService<CaseWorkflow>();
        public FileStore Files { get; } = services.GetRequiredService<FileStore>();
    }

    public async Task WriteAsync()
    {
        await PrepareIdentityAsync();
        await progress.StepAsync("4.2 expert pool", $"{plan.Experts.Count:N0} experts", 1, 1, ExpertsAsync);
        var units = new List<Unit>();
        foreach (var p in plan.Programmes)
        {
            void Add(double day, string phase, Func<PlannedProgramme, PhaseTiming, Task> run)
            {
                if (p.Reached(day))
                {
                    units.Add(new Unit(p.At(day), p, phase, run));
                }
            }
            Add(Calendar.Setup, "4.1.1 plan + courses", SetupAsync);
            Add(0, "4.1 mobilization", MobilizationAsync);
            Add(31, "4.1.2 eligibility", EligibilityAsync);
            Add(Calendar.AwarenessStart, "4.3 awareness", AwarenessAsync);
            Add(61, "4.4 assessment + pool", AssessmentAsync);
            Add(Calendar.TheoryStart, "4.5 theory", TheoryAsync);
            Add(Calendar.CoachingStart, "4.6 site coaching", CoachingAsync);
            Add(Calendar.ShowcaseStart, "4.7 showcase", ShowcaseAsync);
            Add(271, "5 review", ReviewAsync);
        }
        var ordered = units.OrderBy(u => u.At).ThenBy(u => u.Programme.Index).ToList();
        var perPhase = ordered.GroupBy(u => u.Phase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var done = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var unit in ordered)
        {
            done[unit.Phase] = done.GetValueOrDefault(unit.Phase) + 1;
            await progress.StepAsync(unit.Phase, ShortTitle(unit.Programme), done[unit.Phase], perPhase[unit.Phase], t => unit.Run(unit.Programme, t));
        }
    }

    private static string ShortTitle(PlannedProgramme p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Year} cohort {p.Slot.Cohort + 1} ({p.Orgs.Count:N0} orgs){(p.IsLargest ? " [largest]" : "")}");

    // ---------- saving ----------

    private async Task SaveAsync(AppDbContext db, PhaseTiming timing)
    {
        var rows = db.ChangeTracker.Entries().Count(e => e.State is EntityState.Added or EntityState.Modified && e.Entity is not AuditEvent);
        await db.SaveChangesAsync();
        timing.Rows += rows;
        timing.AuditEvents += db.ChangeTracker.Entries<AuditEvent>().Count();
        db.ChangeTracker.Clear();
    }

    /// <summary>Runs the actions in calendar order with the clock at each one's moment, saving about every <see cref="ScaleOptions.BatchSize"/> records.</summary>
    private async Task RunAsync(PlannedProgramme p, PhaseTiming timing, IEnumerable<Timed> actions)
    {
        await using var scope = services.CreateAsyncScope();
        var batch = new Batch(scope.ServiceProvider);
        var pending = 0;
        foreach (var action in actions.Where(a => p.Reached(a.Day)).OrderBy(a => a.Day))
        {
            clock.UtcNow = p.At(action.Day);
            await action.Run(batch);
            pending += action.Rows;
            if (pending >= options.BatchSize)
            {
                await SaveAsync(batch.Db, timing);
                pending = 0;
            }
        }
        if (batch.Db.ChangeTracker.HasChanges())
        {
            await SaveAsync(batch.Db, timing);
        }
    }

    /// <summary>The Office moves the programme into the next stage through the workflow (checked, audited, version-stamped).</summary>
    private async Task AdvanceAsync(PlannedProgramme p, ProgrammeStage to, double day, PhaseTiming timing)
    {
        clock.UtcNow = p.At(day);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var current = await db.Programmes.AsNoTracking().Where(x => x.Id == p.Id).Select(x => new { x.Stage, x.Version }).FirstAsync();
        if (ProgrammeStages.Next(current.Stage) != to)
        {
            throw new InvalidOperationException($"{p.Title}: cannot move from {current.Stage} to {to}");
        }
        var moved = await scope.ServiceProvider.GetRequiredService<CaseWorkflow>().AdvanceProgrammeAsync(p.Id, current.Stage, current.Version);
        if (!moved.Succeeded)
        {
            throw new InvalidOperationException($"{p.Title}: {moved.Error}");
        }
        timing.Rows++;
        timing.AuditEvents += db.ChangeTracker.Entries<AuditEvent>().Count();
    }

    /// <summary>A case timeline step, as <see cref="CaseWorkflow"/> writes it.</summary>
    private static void Step(AppDbContext db, PlannedOrg org, PlannedStep step, CaseState from)
    {
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = org.CaseId, ProgrammeId = org.Programme.Id, From = from, To = step.To, At = org.Programme.At(step.Day),
            ActorName = step.Actor, Reason = step.Reason,
        });
    }

    /// <summary>The timeline steps of an organization that fall in [from, to).</summary>
    private static IEnumerable<Timed> Steps(PlannedOrg org, double from, double to)
    {
        for (var i = 1; i < org.Steps.Count; i++)
        {
            var (previous, step) = (org.Steps[i - 1], org.Steps[i]);
            if (step.Day >= from && step.Day < to)
            {
                yield return new Timed(step.Day, 1, b =>
                {
                    Step(b.Db, org, step, previous.To);
                    return Task.CompletedTask;
                });
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> as the signed-in <paramref name="userName"/>: what the product's audit actor reads from the request.</summary>
    private T As<T>(string userId, string userName, string displayName, Func<T> action)
    {
        var previous = _http.HttpContext;
        _http.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, userName), new Claim(AppClaims.DisplayName, displayName)], "scale-data")),
        };
        try
        {
            return action();
        }
        finally
        {
            _http.HttpContext = previous;
        }
    }

    /// <summary>Uploads a generated PDF through the file store (type by content, SHA-256, pending until the save commits).</summary>
    private async Task<Attachment> UploadAsync(Batch b, string title, string fileName, string ownerType, Guid ownerId, Guid? organizationId, Guid? programmeId, string purpose, string ownerText)
    {
        var pdf = FakePdf.Create(title, FakePdf.Body(_fileRng, ownerText, purpose, _fileRng.Between(8, 45)), _fileRng);
        using var stream = new MemoryStream(pdf);
        var saved = await b.Files.SaveAsync(stream, fileName, ownerType, ownerId, organizationId, programmeId, purpose);
        return saved.Attachment ?? throw new InvalidOperationException("file store refused a generated file: " + saved.Error);
    }

    private static string Ascii(PlannedOrg org) => $"organization {org.CreditCode}, programme {org.Programme.Year}-{org.Programme.Slot.Cohort + 1}";

    // ---------- identity ----------

    private async Task PrepareIdentityAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var role in await db.Roles.AsNoTracking().ToListAsync())
        {
            _roleIds[role.Name!] = role.Id;
        }
        _passwordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(new AppUser(), options.ResolvedPassword);
    }

    /// <summary>
    /// A login as Identity's UserManager makes it (normalized names, hashed password, security stamp, lockout enabled, role), added to the
    /// batch. All generated logins share one password, so its hash is computed once instead of 10,000 times.
    /// </summary>
    private AppUser NewUser(AppDbContext db, string userName, string displayName, string? email, Guid? organizationId, string role, DateTime createdAt)
    {
        var user = new AppUser
        {
            UserName = userName, NormalizedUserName = _normalizer.NormalizeName(userName), Email = email, NormalizedEmail = email is null ? null : _normalizer.NormalizeEmail(email),
            DisplayName = displayName, OrganizationId = organizationId, IsOrganizationAdmin = organizationId is not null, CreatedAt = createdAt,
            PasswordHash = _passwordHash, LockoutEnabled = true,
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = _roleIds[role] });
        return user;
    }

    /// <summary>A few logins go through UserManager itself: the Office staff and the sample expert.</summary>
    private async Task<AppUser> CreateWithUserManagerAsync(string userName, string displayName, string email, string role, DateTime createdAt, PhaseTiming timing)
    {
        clock.UtcNow = createdAt;
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = displayName, Email = email, EmailConfirmed = true, CreatedAt = createdAt };
        var created = await users.CreateAsync(user, options.ResolvedPassword);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("；", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, role);
        timing.Rows += 2;
        timing.AuditEvents += 2;
        return user;
    }

    // ---------- 4.2 the expert pool ----------

    private async Task ExpertsAsync(PhaseTiming timing)
    {
        var start = plan.PoolCreatedAt;
        foreach (var office in plan.Office.Where(o => o.UserName != "admin"))
        {
            await CreateWithUserManagerAsync(office.UserName, office.DisplayName, office.Email, Roles.Office, start.AddMinutes(-30), timing);
        }
        var sample = plan.Experts[0];
        var sampleUser = await CreateWithUserManagerAsync(sample.UserName, sample.Name, sample.Email, Roles.Expert, start, timing);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var pending = 0;
        foreach (var e in plan.Experts)
        {
            // the Office enters the pool over a few weeks (4.2.1–4.2.2)
            var at = start.AddHours(e.Index * 500.0 / plan.Experts.Count);
            clock.UtcNow = at;
            var expert = new Expert
            {
                Name = e.Name, Employer = e.Employer, EmployerCreditCode = e.EmployerCreditCode, Title = e.Title, Mobile = e.Mobile, Email = e.Email,
                Industries = string.Join(",", e.Industries), Specialties = string.Join("、", e.Specialties),
                IsLecturer = e.IsLecturer, IsReportReviewer = e.IsReportReviewer, IsSiteCoach = e.IsSiteCoach, Status = e.Status,
                ExaminerCertificate = e.ExaminerCertificate, AwardReviewExperience = e.AwardReviewExperience, YearsOfExperience = e.YearsOfExperience,
                CreatedAt = at,
            };
            expert.UserId = e == sample ? sampleUser.Id : NewUser(db, e.UserName, e.Name, e.Email, null, Roles.Expert, at).Id;
            foreach (var c in e.Conflicts)
            {
                expert.Conflicts.Add(new ExpertConflict
                {
                    ExpertId = expert.Id, Kind = c.Kind, CreditCode = c.CreditCode, OrganizationName = c.OrganizationName, From = c.From, To = c.To, Note = c.Note,
                    DeclaredByOffice = c.DeclaredByOffice, CreatedAt = at,
                });
            }
            foreach (var day in e.Unavailable.Distinct())
            {
                expert.Unavailability.Add(new ExpertUnavailability { ExpertId = expert.Id, Date = day, Note = "已有其他安排" });
            }
            db.Experts.Add(expert);
            e.Id = expert.Id;
            e.UserId = expert.UserId;
            _experts.Add(expert);
            _plannedExperts[expert.Id] = e;
            pending += 3 + e.Conflicts.Count + e.Unavailable.Count;
            if (pending >= options.BatchSize)
            {
                await SaveAsync(db, timing);
                pending = 0;
            }
        }
        await SaveAsync(db, timing);
    }

    // ---------- the assignment engine (4.2.3, 4.4.2, 4.5, 4.6.1) ----------

    /// <summary>
    /// The engine's input as <see cref="ExpertProposals"/> builds it: the active experts serving the role, their remaining capacity in the
    /// programme, and every pair ruled out by <see cref="ConflictRule"/> (4.2.3) or by an active assignment to the same organization.
    /// </summary>
    private AssignmentResult Propose(PlannedProgramme p, AssignmentRole role, IReadOnlyList<Demand> demands, IReadOnlyDictionary<Guid, PlannedOrg> orgs,
        DateOnly today, IReadOnlyDictionary<Guid, int> load, Func<Guid, Guid, bool> alreadyAssigned)
    {
        var limit = new AssignmentOptions().MaxPerExpert;
        var candidates = _experts.Where(e => e.Status == ExpertStatus.Active && ExpertRoles.Serves(e, role))
            .Select(e => ExpertProposals.ToCandidate(e, Math.Max(0, limit - load.GetValueOrDefault(e.Id)))).ToList();
        var conflicts = new List<AssignmentConflict>();
        foreach (var expert in _experts.Where(e => e.Status == ExpertStatus.Active && ExpertRoles.Serves(e, role)))
        {
            var codes = expert.Conflicts.Select(c => c.CreditCode).Append(expert.EmployerCreditCode).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var names = expert.Conflicts.Select(c => c.OrganizationName).Append(expert.Employer).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var facts = ConflictFacts.Of(expert);
            foreach (var demand in demands)
            {
                var org = orgs[demand.ItemId];
                if (alreadyAssigned(expert.Id, demand.ItemId)
                    || ((codes.Contains(org.CreditCode) || names.Contains(org.Name)) && ConflictRule.Find(facts, new ConflictTarget(org.CreditCode, org.Name), today).Count > 0))
                {
                    conflicts.Add(new AssignmentConflict(expert.Id, demand.ItemId));
                }
            }
        }
        var result = AssignmentEngine.Solve(demands, candidates, conflicts, new AssignmentOptions { MaxPerExpert = limit });
        if (result.Uncovered.Count > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{p.Title}: {result.Uncovered.Sum(u => u.Missing)} {role} places uncovered ({result.Uncovered[0].Reason})"));
        }
        return result;
    }

    /// <summary>4.2.3: the expert signs the programme pledge before the first task in it (once per programme).</summary>
    private void Pledge(AppDbContext db, PlannedProgramme p, Guid expertId, DateTime before)
    {
        if (_pledged.Add((expertId, p.Id)))
        {
            db.ExpertPledges.Add(new ExpertPledge
            {
                ExpertId = expertId, ProgrammeId = p.Id, SignedAt = before.AddHours(-_misc.Between(1, 40)), TextVersion = Web.Experts.Pledge.Version, TextSha256 = Web.Experts.Pledge.Sha256,
            });
        }
    }

    private PlannedExpert Planned(Guid expertId) => _plannedExperts[expertId];

    // ---------- audit top-up ----------

    /// <summary>
    /// When the records' own audit events fall short of the size's figure, the rest is recent activity the product audits without a
    /// record changing: sign-ins and sign-outs (Account/Login, Logout) and experts opening an organization's material (4.2.3), spread over
    /// the 60 days before the as-of date, each with its person, as the pages write them.
    /// </summary>
    public async Task TopUpAuditAsync(PhaseTiming timing, DateOnly asOf)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var missing = options.Size.AuditEvents - await db.AuditEvents.LongCountAsync();
        if (missing <= 0)
        {
            return;
        }
        var rng = Rng.For(options.Seed, "audit-top-up");
        var people = plan.Experts.Where(e => e.UserId is not null).Select(e => (Id: e.UserId!, e.UserName, e.Actor))
            .Concat(plan.Organizations.Where(o => o.UserId is not null && o.Programme.Slot.YearsBack == 0).Select(o => (Id: o.UserId!, o.UserName, Actor: o.UserActor)))
            .ToList();
        var end = Web.Platform.Web.ChinaTime.StartOfDayUtc(asOf).AddMinutes(-5);
        var start = end.AddDays(-60);
        var pending = 0;
        for (long i = 0; i < missing; i++)
        {
            clock.UtcNow = start.AddTicks((end - start).Ticks / missing * i);
            AuditEvent evt;
            string actorId, actor;
            if (_reviewTasks.Count > 0 && rng.Chance(0.25))
            {
                var (assignmentId, expertId, org) = rng.Pick(_reviewTasks);
                var expert = Planned(expertId);
                evt = db.Audit(AuditActions.MaterialOpened, nameof(Web.Applications.Application), org.ApplicationId.ToString(), null, new { AssignmentId = assignmentId }, org.Programme.Id);
                (actorId, actor) = (expert.UserId!, expert.Actor);
            }
            else
            {
                var (id, userName, display) = rng.Pick(people);
                var signOut = rng.Chance(0.2);
                evt = signOut
                    ? db.Audit(AuditActions.SignedOut, nameof(AppUser), id)
                    : db.Audit(AuditActions.SignedIn, nameof(AppUser), id, null, new { UserName = userName });
                (actorId, actor) = (id, display);
            }
            evt.ActorId = actorId;
            evt.ActorName = actor;
            evt.ClientAddress = string.Create(CultureInfo.InvariantCulture, $"10.{rng.Between(16, 31)}.{rng.Between(0, 255)}.{rng.Between(1, 254)}");
            if (++pending >= options.BatchSize * 2)
            {
                await SaveAsync(db, timing);
                pending = 0;
            }
        }
        await SaveAsync(db, timing);
    }
}
