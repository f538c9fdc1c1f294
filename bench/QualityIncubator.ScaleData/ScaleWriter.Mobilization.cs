using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Experts.Assignment;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.ScaleData;

internal sealed partial class ScaleWriter
{
    private static readonly Dictionary<string, string> TopicSpecialty = new(StringComparer.Ordinal)
    {
        ["LEAN"] = "精益管理", ["5S"] = "精益管理", ["SIXSIGMA"] = "六西格玛", ["DIGITAL"] = "数字化转型", ["QC"] = "QC小组", ["KEYPRODUCT"] = "质量成本",
    };

    // ---------- 4.1.1 the programme, its schedule, its courses, its call ----------

    private async Task SetupAsync(PlannedProgramme p, PhaseTiming timing)
    {
        var sessions = p.Courses.SelectMany(c => c.Sessions).ToList();
        var lecturers = new List<(PlannedSession Session, Assignment Assignment)>();
        await RunAsync(p, timing,
        [
            new Timed(Calendar.Setup, 12, b =>
            {
                var programme = new Programme
                {
                    Year = p.Year, Title = p.Title, Stage = ProgrammeStage.Planning, CreatedAt = p.At(Calendar.Setup),
                    Description = "依据 DB31117/Z 018-2022《政府质量奖培育孵化指南》，组织发动、专家遴选、普及培育、摸底评估、理论指导、现场扶优、成果展示及交流。",
                    SelfEvaluationDueOn = p.DateAt(Calendar.SelfEvaluationDue),
                };
                foreach (var (stage, from, to) in Calendar.Windows)
                {
                    programme.Schedule.Add(new ProgrammeStageWindow { ProgrammeId = programme.Id, Stage = stage, StartsOn = p.Start.AddDays(from), EndsOn = p.Start.AddDays(to) });
                }
                b.Db.Programmes.Add(programme);
                p.Id = programme.Id;
                return Task.CompletedTask;
            }),
            // 4.3.3 / 4.5.2 / 4.5.4: the standard's courses, each with its sessions and a handout
            new Timed(Calendar.Setup + 8, 5 * p.Courses.Count + sessions.Count, async b =>
            {
                foreach (var c in p.Courses)
                {
                    var course = new Course
                    {
                        ProgrammeId = p.Id, Stage = c.Preset.Stage, Kind = c.Preset.Kind, Title = c.Preset.Title, Description = c.Preset.Description, Topic = c.Preset.Topic,
                        SortOrder = c.SortOrder, CreatedAt = clock.UtcNow,
                    };
                    c.Id = course.Id;
                    foreach (var s in c.Sessions)
                    {
                        var starts = ChinaTime.ToUtc(p.Start.AddDays((int)s.Day).ToDateTime(new TimeOnly(s.StartHour, 0)));
                        var session = new CourseSession
                        {
                            CourseId = course.Id, ProgrammeId = p.Id, StartsAt = starts, EndsAt = starts.AddHours(3), Place = s.Place, OnlineLink = s.OnlineLink, Capacity = s.Capacity,
                        };
                        s.Id = session.Id;
                        course.Sessions.Add(session);
                    }
                    b.Db.Add(course);
                    var handout = await UploadAsync(b, c.Preset.Title, $"{c.Preset.Title}讲义.pdf", nameof(Course), course.Id, null, p.Id, "课程资料",
                        string.Create(CultureInfo.InvariantCulture, $"course {c.SortOrder} of programme {p.Year}-{p.Slot.Cohort + 1}"));
                    b.Db.Add(new CourseMaterial { CourseId = course.Id, ProgrammeId = p.Id, Title = c.Preset.Title + "讲义", AttachmentId = handout.Id, SortOrder = 1 });
                }
            }),
            // 4.5: the engine places a lecturer on every session (role, availability on the day, a task limit per expert)
            new Timed(Calendar.Setup + 9, 2 * sessions.Count, b =>
            {
                var demands = sessions.Select(s => new Demand(s.Id, s.Course.Preset.Title, ExpertRole.Lecturer, 1, p.DateAt(s.Day), null,
                    s.Course.Preset.Topic is { } topic ? [TopicSpecialty.GetValueOrDefault(topic, "卓越绩效")] : ["卓越绩效"], [])).ToList();
                var candidates = _experts.Where(e => e.Status == ExpertStatus.Active && ExpertRoles.Serves(e, AssignmentRole.Lecturer)).Select(e => ExpertProposals.ToCandidate(e)).ToList();
                var result = AssignmentEngine.Solve(demands, candidates, [], new AssignmentOptions());
                var byId = sessions.ToDictionary(s => s.Id);
                foreach (var a in result.Assignments)
                {
                    b.Db.Add(new SessionLecturer { SessionId = a.ItemId, ProgrammeId = p.Id, ExpertId = a.ExpertId, Explanation = a.Explanation });
                    Pledge(b.Db, p, a.ExpertId, clock.UtcNow);
                    lecturers.Add((byId[a.ItemId], a));
                }
                if (result.Uncovered.Count > 0)
                {
                    warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{p.Title}: {result.Uncovered.Count} sessions without a lecturer"));
                }
                return Task.CompletedTask;
            }),
            new Timed(Calendar.CallPublished, 1, b =>
            {
                b.Db.ApplicationCalls.Add(new ApplicationCall
                {
                    ProgrammeId = p.Id, OpensOn = p.Start, ClosesOn = p.DateAt(Calendar.CallCloses), PublishedAt = clock.UtcNow, Html = Content.CallHtml(p),
                    Requirements = CallModel.DefaultRequirements, Contact = "松江区政府质量奖评审办公室 021-57812345",
                });
                return Task.CompletedTask;
            }),
        ]);
    }

    // ---------- 4.1 mobilization: registration, Appendix A, the case ----------

    private async Task MobilizationAsync(PlannedProgramme p, PhaseTiming timing)
    {
        await AdvanceAsync(p, ProgrammeStage.Mobilization, 0, timing);
        await RunAsync(p, timing, p.Orgs.Select(org => new Timed(org.ApplyDay, 9 + 2 * org.ApplicationFiles, async b =>
        {
            var registered = p.At(org.RegisterDay);
            var organization = new Organization
            {
                Name = org.Name, CreditCode = org.CreditCode, ContactName = org.Form.ContactName, ContactMobile = org.Form.ContactPhone, ContactEmail = org.Form.ContactEmail,
                CreatedAt = registered,
            };
            b.Db.Organizations.Add(organization);
            org.OrganizationId = organization.Id;
            org.UserId = NewUser(b.Db, org.UserName, org.UserDisplayName, org.Form.ContactEmail, organization.Id, Roles.Organization, registered).Id;
            var now = clock.UtcNow;
            var application = new Application
            {
                ProgrammeId = p.Id, OrganizationId = organization.Id, OrganizationName = org.Name, CreditCode = org.CreditCode,
                Status = ApplicationStatus.Submitted, CreatedAt = now.AddHours(-_misc.Between(1, 72)), UpdatedAt = now, SubmittedAt = now,
            };
            org.Form.ApplyTo(application);
            // 4.1.3: submitting opens the case in 已申报, on the organization's own account
            var @case = As(org.UserId, org.UserName, org.UserDisplayName, () => b.Workflow.Open(p.Id, organization.Id, "提交申请书"));
            application.CaseId = @case.Id;
            org.CaseId = @case.Id;
            org.ApplicationId = application.Id;
            b.Db.Applications.Add(application);
            // the state the case has reached by the as-of date (its timeline steps are written stage by stage)
            var reached = org.Steps.Where(s => p.Reached(s.Day)).OrderBy(s => s.Day).Last();
            @case.State = reached.To;
            @case.UpdatedAt = p.At(reached.Day);
            @case.ClosingReason = CaseTransitions.IsClosed(reached.To) ? reached.Reason : null;
            for (var i = 0; i < org.ApplicationFiles; i++)
            {
                var purpose = i == 0 ? "营业执照副本" : "管理体系认证证书";
                await UploadAsync(b, purpose, $"{org.Name}{purpose}.pdf", nameof(Application), application.Id, organization.Id, p.Id, purpose, Ascii(org));
            }
        })));
    }

    // ---------- 4.1.2 eligibility ----------

    private async Task EligibilityAsync(PlannedProgramme p, PhaseTiming timing)
    {
        await AdvanceAsync(p, ProgrammeStage.ExpertSelection, 31, timing);
        // read once; each decision attaches its application, so the save (and its audit event) carries only what changed
        Dictionary<Guid, Application> applications;
        await using (var scope = services.CreateAsyncScope())
        {
            applications = await scope.ServiceProvider.GetRequiredService<Web.Platform.Data.AppDbContext>().Applications.AsNoTracking()
                .Where(a => a.ProgrammeId == p.Id).ToDictionaryAsync(a => a.Id);
        }
        var actions = new List<Timed>();
        foreach (var org in p.Orgs)
        {
            actions.Add(new Timed(org.DecideDay, 3, b =>
            {
                var application = applications[org.ApplicationId];
                b.Db.Applications.Attach(application);
                application.Decision = org.Decision;
                application.DecisionReason = org.DecisionReason;
                application.LeadershipJudgement = org.LeadershipJudgement;
                application.DecidedBy = p.Officer.Actor;
                application.DecidedAt = clock.UtcNow;
                var label = ApplicationLabels.Decision(org.Decision);
                Notify(b, org, $"资格审查结果：{label}", $"您提交的培育孵化项目申请书经区评审办审查，结论为“{label}”。" + (org.DecisionReason is null ? "" : $"说明：{org.DecisionReason}"),
                    $"/Cases/{org.CaseId}");
                return Task.CompletedTask;
            }));
            actions.AddRange(Steps(org, 31, Calendar.AwarenessStart));
        }
        await RunAsync(p, timing, actions);
    }

    /// <summary>What <see cref="Notifier"/> adds for the organization's login (no email: the outbox would try to send it); most are read within two days.</summary>
    private void Notify(Batch b, PlannedOrg org, string title, string body, string link)
    {
        var now = clock.UtcNow;
        var read = now.AddHours(_misc.Between(1, 48));
        b.Db.Notifications.Add(new Notification
        {
            UserId = org.UserId!, Title = title, Body = body, Link = link, CreatedAt = now,
            ReadAt = _misc.Chance(0.8) && read < org.Programme.At(org.Programme.AsOfDay) ? read : null,
        });
    }

    // ---------- 4.3 awareness: self-study, then continue or withdraw ----------

    private async Task AwarenessAsync(PlannedProgramme p, PhaseTiming timing)
    {
        await AdvanceAsync(p, ProgrammeStage.AwarenessTraining, Calendar.AwarenessStart, timing);
        var courses = p.Courses.Where(c => c.Preset.Stage == CourseStage.Awareness).OrderBy(c => c.SortOrder).ToList();
        var actions = new List<Timed>();
        foreach (var org in p.Orgs)
        {
            for (var i = 0; i < org.StudyDays.Length && i < courses.Count; i++)
            {
                if (org.StudyDays[i] is not { } day)
                {
                    continue;
                }
                var course = courses[i];
                actions.Add(new Timed(day, 1, b =>
                {
                    var studied = clock.UtcNow;
                    b.Db.Add(new StudyRecord
                    {
                        ProgrammeId = p.Id, OrganizationId = org.OrganizationId, CourseId = course.Id, FirstOpenedAt = studied.AddMinutes(-_misc.Between(20, 600)),
                        StudiedAt = studied, StudiedBy = org.UserActor,
                    });
                    return Task.CompletedTask;
                }));
            }
            actions.AddRange(Steps(org, Calendar.AwarenessStart, 61));
        }
        await RunAsync(p, timing, actions);
    }
}
