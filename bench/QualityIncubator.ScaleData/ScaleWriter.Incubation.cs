using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Experts.Assignment;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Showcase;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.ScaleData;

internal sealed partial class ScaleWriter
{
    // ---------- 4.5 theory guidance: responsible persons, electives, attendance, exits ----------

    private async Task TheoryAsync(PlannedProgramme p, PhaseTiming timing)
    {
        await AdvanceAsync(p, ProgrammeStage.TheoryGuidance, Calendar.TheoryStart, timing);
        var actions = new List<Timed>();
        foreach (var org in p.Orgs.Where(o => o.InPool))
        {
            actions.AddRange(Steps(org, Calendar.TheoryStart, Calendar.CoachingStart));
            actions.Add(new Timed(org.PersonsDay, org.Persons.Count, b =>
            {
                foreach (var person in org.Persons)
                {
                    var row = new ResponsiblePerson { ProgrammeId = p.Id, OrganizationId = org.OrganizationId, Name = person.Name, Title = person.Title, Phone = person.Phone };
                    person.Id = row.Id;
                    b.Db.Add(row);
                }
                return Task.CompletedTask;
            }));
            if (org.Electives.Count > 0)
            {
                actions.Add(new Timed(org.ElectivesDay, org.Electives.Count, b =>
                {
                    foreach (var course in org.Electives)
                    {
                        b.Db.Add(new ElectiveChoice { ProgrammeId = p.Id, OrganizationId = org.OrganizationId, CourseId = course.Id, ChosenAt = clock.UtcNow });
                    }
                    return Task.CompletedTask;
                }));
            }
            if (org.ExitDay is { } exit && exit < Calendar.CoachingStart)
            {
                actions.Add(new Timed(exit, 2, b => ExitAsync(b, org)));
            }
        }
        foreach (var session in p.Courses.SelectMany(c => c.Sessions).Where(s => s.Attendance.Count > 0))
        {
            actions.Add(new Timed(session.Day + session.StartHour / 24.0 + 0.2, session.Attendance.Count, b =>
            {
                var start = SessionStart(p, session);
                foreach (var a in session.Attendance)
                {
                    var checkIn = a.Method == AttendanceMethod.CheckIn;
                    b.Db.Add(new Attendance
                    {
                        SessionId = session.Id, ProgrammeId = p.Id, OrganizationId = a.Org.OrganizationId, ResponsiblePersonId = a.Person.Id, AttendeeName = a.Person.Name,
                        Status = a.Status, Method = a.Method,
                        RecordedAt = checkIn ? start.AddMinutes(a.Status == AttendanceStatus.Late ? _misc.Between(16, 50) : -_misc.Between(1, 30)) : start.AddHours(3),
                        RecordedBy = checkIn ? a.Org.UserActor : p.Officer.Actor,
                        Note = a.Status switch
                        {
                            AttendanceStatus.LeftEarly => "因公司事务提前离场",
                            AttendanceStatus.Absent when _misc.Chance(0.5) => "事先请假",
                            _ => null,
                        },
                    });
                }
                return Task.CompletedTask;
            }));
        }
        await RunAsync(p, timing, actions);
    }

    private static DateTime SessionStart(PlannedProgramme p, PlannedSession s) =>
        Web.Platform.Web.ChinaTime.ToUtc(p.Start.AddDays((int)s.Day).ToDateTime(new TimeOnly(s.StartHour, 0)));

    /// <summary>4.4.4.3: the membership is closed with the rule's text; the site coaches' tasks end (as <see cref="PoolWork.ExitAsync"/> does).</summary>
    private async Task ExitAsync(Batch b, PlannedOrg org)
    {
        var now = clock.UtcNow;
        var member = await b.Db.Set<PoolMember>().FindAsync(_poolMembers[org.OrganizationId]) ?? throw new InvalidOperationException("pool member missing");
        member.ExitedAt = now;
        member.ExitGround = org.ExitGround;
        member.ExitReason = org.ExitText;
        member.ExitedBy = org.Programme.Officer.Actor;
        // the team may still wait in this batch (Local holds those with the ones loaded from the database)
        await b.Db.ExpertAssignments.Where(a => a.ProgrammeId == org.Programme.Id && a.OrganizationId == org.OrganizationId && a.Role == AssignmentRole.SiteCoach).LoadAsync();
        foreach (var a in b.Db.ExpertAssignments.Local.Where(a => a.ProgrammeId == org.Programme.Id && a.OrganizationId == org.OrganizationId
                     && a.Role == AssignmentRole.SiteCoach && a.Status == AssignmentStatus.Active).ToList())
        {
            a.Status = AssignmentStatus.Ended;
            a.EndedAt = now;
        }
        Notify(b, org, "退出松江区政府质量奖培育孵化库", org.ExitText!, $"/Courses/Mine/{org.Programme.Id}");
    }

    // ---------- 4.6 site coaching: teams, visits, opinions ----------

    private async Task CoachingAsync(PlannedProgramme p, PhaseTiming timing)
    {
        await AdvanceAsync(p, ProgrammeStage.SiteCoaching, Calendar.CoachingStart, timing);
        var actions = new List<Timed>();
        var coached = p.Orgs.Where(o => o.CoachAssignDay is { } d && p.Reached(d)).ToList();
        var teams = new Dictionary<Guid, List<Assignment>>();
        if (coached.Count > 0)
        {
            // 4.6.1: the engine proposes each team with a lead; report reviewers are preferred (continuity) but, still assigned, are ruled out
            var byId = coached.ToDictionary(o => o.OrganizationId);
            var load = p.Orgs.Where(o => _reviewers.ContainsKey(o.OrganizationId)).SelectMany(o => _reviewers[o.OrganizationId])
                .GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
            var demands = coached.Select(o => new Demand(o.OrganizationId, o.Name, ExpertRole.SiteCoach, o.Coaches, null, o.Form.IndustryCode, [],
                _reviewers.GetValueOrDefault(o.OrganizationId) ?? [])).ToList();
            var result = Propose(p, AssignmentRole.SiteCoach, demands, byId, p.DateAt(Calendar.CoachingStart), load,
                (expert, org) => _reviewers.TryGetValue(org, out var reviewers) && reviewers.Contains(expert));
            teams = result.Assignments.GroupBy(a => a.ItemId).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.Lead).ToList());
        }
        foreach (var org in p.Orgs.Where(o => o.InPool))
        {
            actions.AddRange(Steps(org, Calendar.CoachingStart, Calendar.ShowcaseStart));
            if (org.ExitDay is { } exit && exit >= Calendar.CoachingStart && exit < Calendar.ShowcaseStart)
            {
                actions.Add(new Timed(exit, 2, b => ExitAsync(b, org)));
            }
            if (!teams.TryGetValue(org.OrganizationId, out var team))
            {
                continue;
            }
            actions.Add(new Timed(org.CoachAssignDay!.Value, 2 * team.Count, b =>
            {
                foreach (var a in team)
                {
                    b.Db.Add(new ExpertAssignment
                    {
                        ProgrammeId = p.Id, ExpertId = a.ExpertId, OrganizationId = org.OrganizationId, Role = AssignmentRole.SiteCoach, IsLead = a.Lead,
                        Status = AssignmentStatus.Active, Explanation = a.Explanation, CreatedAt = clock.UtcNow,
                    });
                    Pledge(b.Db, p, a.ExpertId, clock.UtcNow);
                }
                return Task.CompletedTask;
            }));
            if (org.VisitPlannedDay is { } planned)
            {
                actions.Add(new Timed(planned, 6 + team.Count + org.Persons.Count, b => VisitAsync(b, org, team)));
            }
        }
        await RunAsync(p, timing, actions);
    }

    private static readonly string[] Checklist = Texts.ChecklistItems;

    /// <summary>The visit as <see cref="SiteVisitWork"/> plans it, with its history, attendance and the opinion summary as far as each got by the as-of date.</summary>
    private Task VisitAsync(Batch b, PlannedOrg org, List<Assignment> team)
    {
        var p = org.Programme;
        var startsAt = p.At(org.VisitDay);
        var held = p.Reached(org.VisitDay + 3.0 / 24);
        var format = _misc.Weighted<SiteVisitFormat>([(SiteVisitFormat.Both, 60), (SiteVisitFormat.Discussion, 25), (SiteVisitFormat.Tour, 15)]);
        var postponed = _misc.Chance(0.05);
        var visit = new SiteVisit
        {
            ProgrammeId = p.Id, OrganizationId = org.OrganizationId, StartsAt = startsAt, EndsAt = startsAt.AddHours(3), Place = org.Form.Address!, Format = format,
            Status = held ? SiteVisitStatus.Held : SiteVisitStatus.Planned, Notes = _misc.Chance(0.3) ? "请提前准备近三年关键绩效数据。" : null, CreatedAt = clock.UtcNow,
            HeldAt = held ? startsAt.AddHours(3) : null,
        };
        var confirm = org.VisitPlannedDay!.Value + _misc.Between(0.5, 3);
        if (p.Reached(confirm))
        {
            visit.AttendeesConfirmedAt = p.At(confirm);
            visit.AttendeesConfirmedBy = org.UserActor;
        }
        b.Db.Add(visit);
        foreach (var a in team)
        {
            b.Db.Add(new SiteVisitAttendee
            {
                VisitId = visit.Id, ProgrammeId = p.Id, Side = AttendeeSide.Team, ExpertId = a.ExpertId, Name = a.ExpertName, Title = a.Lead ? "组长" : "组员", Confirmed = true,
                Attended = held ? _misc.Chance(0.97) : null,
            });
        }
        foreach (var person in org.Persons)
        {
            b.Db.Add(new SiteVisitAttendee
            {
                VisitId = visit.Id, ProgrammeId = p.Id, Side = AttendeeSide.Organization, ResponsiblePersonId = person.Id, Name = person.Name, Title = person.Title,
                Confirmed = visit.AttendeesConfirmedAt is not null, Attended = held ? _misc.Chance(0.95) : null,
            });
        }
        var order = 0;
        foreach (var text in _misc.Sample(Checklist, _misc.Between(2, 3)))
        {
            b.Db.Add(new SiteVisitChecklistItem
            {
                VisitId = visit.Id, ProgrammeId = p.Id, SortOrder = ++order, Text = text, Done = held || _misc.Chance(0.4),
                DoneAt = held ? startsAt.AddDays(-_misc.Between(1, 5)) : null,
            });
        }
        var first = postponed ? startsAt.AddDays(-7) : startsAt;
        b.Db.Add(new SiteVisitChange { VisitId = visit.Id, ProgrammeId = p.Id, Kind = SiteVisitChangeKind.Planned, At = clock.UtcNow, By = p.Officer.Actor, ToStartsAt = first });
        if (postponed)
        {
            b.Db.Add(new SiteVisitChange
            {
                VisitId = visit.Id, ProgrammeId = p.Id, Kind = SiteVisitChangeKind.Postponed, At = clock.UtcNow.AddDays(1), By = p.Officer.Actor, FromStartsAt = first, ToStartsAt = startsAt,
                Reason = "组织申请调整：与客户审核时间冲突",
            });
        }
        if (held)
        {
            b.Db.Add(new SiteVisitChange { VisitId = visit.Id, ProgrammeId = p.Id, Kind = SiteVisitChangeKind.Held, At = startsAt.AddHours(3), By = p.Officer.Actor, FromStartsAt = startsAt });
        }
        Notify(b, org, "现场扶优安排",
            $"区评审办安排于 {Web.Platform.Web.ChinaTime.DateTimeText(startsAt)} 在“{visit.Place}”开展现场扶优（{SiteVisitLabels.Format(format)}）。请确认出席人员并完成准备事项（4.6.2）。",
            $"/SiteVisits/Mine/{p.Id}");
        if (org.OpinionDraftDay is { } draft && p.Reached(draft) && team.Count > 0)
        {
            Opinion(b, org, visit, team);
        }
        return Task.CompletedTask;
    }

    /// <summary>4.6.4–4.6.6: the lead drafts, members comment, everyone signs the locked text (its hash), the Office accepts and releases.</summary>
    private void Opinion(Batch b, PlannedOrg org, SiteVisit visit, List<Assignment> team)
    {
        var p = org.Programme;
        var text = Content.Opinion(_text, org).Normalized();
        var signing = org.OpinionSignedDay!.Value - _misc.Between(0.3, 1);
        var status = org.OpinionReleasedDay is { } r && p.Reached(r) ? OpinionStatus.Released
            : org.OpinionAcceptedDay is { } a && p.Reached(a) ? OpinionStatus.Accepted
            : p.Reached(org.OpinionSignedDay.Value) ? OpinionStatus.Submitted
            : p.Reached(signing) ? OpinionStatus.Signing
            : OpinionStatus.Draft;
        var opinion = new SiteVisitOpinion
        {
            VisitId = visit.Id, ProgrammeId = p.Id, OrganizationId = org.OrganizationId, Status = status, LeadExpertId = team[0].ExpertId,
            UpdatedAt = p.At(Math.Min(p.AsOfDay - 0.01, status >= OpinionStatus.Submitted ? org.OpinionSignedDay!.Value : org.OpinionDraftDay!.Value)),
        };
        text.CopyTo(opinion);
        if (status >= OpinionStatus.Signing)
        {
            opinion.TextHash = OpinionRules.Hash(text);
        }
        if (status >= OpinionStatus.Submitted)
        {
            opinion.SubmittedAt = p.At(org.OpinionSignedDay!.Value);
        }
        if (status >= OpinionStatus.Accepted)
        {
            opinion.AcceptedAt = p.At(org.OpinionAcceptedDay!.Value);
            opinion.AcceptedBy = p.Officer.Actor;
        }
        if (status == OpinionStatus.Released)
        {
            opinion.ReleasedAt = p.At(org.OpinionReleasedDay!.Value);
            opinion.ReleasedBy = p.Officer.Actor;
        }
        b.Db.Add(opinion);
        if (team.Count > 1 && _misc.Chance(0.3))
        {
            b.Db.Add(new OpinionComment
            {
                OpinionId = opinion.Id, ProgrammeId = p.Id, ExpertId = team[1].ExpertId, ExpertName = team[1].ExpertName, At = p.At(org.OpinionDraftDay!.Value + 0.2),
                Text = "建议在改进意见中补充对测量分析体系的具体建议。",
            });
        }
        if (status < OpinionStatus.Signing)
        {
            return;
        }
        for (var i = 0; i < team.Count; i++)
        {
            // all sign before it is submitted; while signing, the lead has signed and the others may not yet
            var at = signing + (org.OpinionSignedDay!.Value - signing) * i / Math.Max(1, team.Count - 1);
            if (status == OpinionStatus.Signing && !p.Reached(at))
            {
                continue;
            }
            b.Db.Add(new OpinionSignature
            {
                OpinionId = opinion.Id, ProgrammeId = p.Id, ExpertId = team[i].ExpertId, Name = team[i].ExpertName, SignedAt = p.At(at), TextHash = opinion.TextHash!,
            });
        }
    }

    // ---------- 4.7 showcase and exchange, then 5.1.1 completion ----------

    private async Task ShowcaseAsync(PlannedProgramme p, PhaseTiming timing)
    {
        await AdvanceAsync(p, ProgrammeStage.Showcase, Calendar.ShowcaseStart, timing);
        var actions = new List<Timed>();
        foreach (var org in p.Orgs.Where(o => o.InPool))
        {
            actions.AddRange(Steps(org, Calendar.ShowcaseStart, 271));
            if (org.HasFinalForm)
            {
                actions.Add(new Timed(org.FinalSubmitted ? org.FinalSubmitDay!.Value : org.FinalStartDay!.Value, 2 + 2 * org.FinalFiles, b => FinalFormAsync(b, org)));
            }
            if (org.ProfileStartDay is { } start && p.Reached(start))
            {
                actions.Add(new Timed(new[] { org.ProfileSubmitDay, org.RescoreDay, org.ApproveDay }.OfType<double>().Where(p.Reached).DefaultIfEmpty(start).Max(), 2, b =>
                {
                    Profile(b, org);
                    return Task.CompletedTask;
                }));
            }
        }
        foreach (var exchange in p.Exchanges)
        {
            actions.Add(new Timed(exchange.Day + 0.4, 1 + exchange.Invited.Count, b =>
            {
                var e = new ExchangeEvent
                {
                    ProgrammeId = p.Id, Kind = exchange.Kind, Title = exchange.Title, StartsAt = p.At(exchange.Day), Place = exchange.Place, HostOrganization = exchange.Host,
                    Summary = exchange.Summary, CreatedAt = p.At(exchange.Day - 10),
                };
                b.Db.Add(e);
                foreach (var (org, attended, participants, presented) in exchange.Invited)
                {
                    b.Db.Add(new ExchangeAttendance
                    {
                        EventId = e.Id, ProgrammeId = p.Id, OrganizationId = org.OrganizationId, Attended = attended, Participants = attended ? participants : null, Presented = presented,
                    });
                }
                return Task.CompletedTask;
            }));
        }
        await RunAsync(p, timing, actions);
    }

    /// <summary>4.7.2: the final Appendix B for the before/after comparison, with its report when the organization uploaded one.</summary>
    private async Task FinalFormAsync(Batch b, PlannedOrg org)
    {
        var p = org.Programme;
        var form = new SelfEvaluation
        {
            ProgrammeId = p.Id, OrganizationId = org.OrganizationId, Kind = SelfEvaluationKind.Final,
            Status = org.FinalSubmitted ? SelfEvaluationStatus.Submitted : SelfEvaluationStatus.Draft,
            CreatedAt = p.At(org.FinalStartDay!.Value), UpdatedAt = clock.UtcNow, SubmittedAt = org.FinalSubmitted ? clock.UtcNow : null,
        };
        form.SetAnswers(Content.FinalAnswers(_text, org));
        b.Db.Add(form);
        for (var i = 0; i < org.FinalFiles; i++)
        {
            await UploadAsync(b, "Final self-evaluation report", $"{org.Name}培育孵化总结报告.pdf", nameof(SelfEvaluation), form.Id, org.OrganizationId, p.Id,
                SelfEvaluationWork.ReportPurpose, Ascii(org));
        }
    }

    /// <summary>The before/after profile as it stands: a draft, submitted, re-scored (points computed by the scoring rule) or approved.</summary>
    private void Profile(Batch b, PlannedOrg org)
    {
        var p = org.Programme;
        var (narrative, model, improvements) = Content.Profile(_text, org);
        var profile = new ShowcaseProfile
        {
            ProgrammeId = p.Id, OrganizationId = org.OrganizationId, Narrative = narrative, ManagementModel = model, ImprovementActions = improvements,
            PublicConsent = org.PublicConsent, Status = ProfileStatus.Draft, UpdatedAt = clock.UtcNow,
        };
        if (org.ProfileSubmitDay is { } submitted && p.Reached(submitted))
        {
            profile.Status = ProfileStatus.Submitted;
            profile.SubmittedAt = p.At(submitted);
        }
        if (org.RescoreDay is { } rescored && p.Reached(rescored) && org.Consensus is not null)
        {
            org.Rescore = Content.Rescore(_text, org.Consensus);
            profile.RescoreJson = ScoreJson.Write(org.Rescore);
            profile.RescoreTotal = Scoring.Score(org.Rescore).Total;
        }
        if (org.ApproveDay is { } approved && p.Reached(approved) && profile.RescoreTotal is not null)
        {
            profile.Status = ProfileStatus.Approved;
            profile.ApprovedAt = p.At(approved);
            profile.ApprovedBy = p.Officer.Actor;
            Notify(b, org, "成果展示资料已审核通过", "贵组织的孵化成果展示资料已由区评审办审核通过。", $"/Showcase/Profile/{p.Id}/{org.OrganizationId}");
        }
        b.Db.Add(profile);
    }

    // ---------- 5 review ----------

    private Task ReviewAsync(PlannedProgramme p, PhaseTiming timing) => AdvanceAsync(p, ProgrammeStage.Review, 271, timing);
}
