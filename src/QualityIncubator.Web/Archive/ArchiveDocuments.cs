using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs.Attributes;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Review;
using QualityIncubator.Web.Showcase;
using QualityIncubator.Web.SiteVisits;
using static QualityIncubator.Web.Applications.WordForm;

namespace QualityIncubator.Web.Archive;

/// <summary>
/// One file the package writer will add: its path inside the package, its kind, how to write it, and, for an uploaded file, the SHA-256
/// its content must have (its name in the content-addressed store, computed when it was uploaded): the manifest lists it under that
/// checksum instead of hashing the bytes again, so a stored file damaged before sealing fails the package's verification by name.
/// </summary>
internal sealed record PendingEntry(string Path, ArchiveEntryKind Kind, Func<Stream, CancellationToken, Task> WriteAsync, string? StoredSha256 = null);

/// <summary>
/// 6.1 every record of a programme as documents people can read: per organization its Appendix A, Appendix B (baseline and final),
/// self-evaluation report, expert reviews, quality analysis, Appendix C opinions and showcase; per programme the lists (cases,
/// pool, rolls, visits, ratings, improvement actions, exchange events).
/// </summary>
internal sealed class ArchiveDocuments(AppDbContext db, OpinionWork opinions, ShowcaseWork showcase, SummaryWork summaries)
{
    private sealed record Org(Guid Id, string Name, string CreditCode, string Folder);

    public async Task<List<PendingEntry>> PlanAsync(Guid programmeId, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => new { p.Title, p.IsDemo }).FirstAsync(ct);
        var orgs = await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId)
            .OrderBy(c => c.Organization!.Name)
            .Select(c => new { c.OrganizationId, c.Organization!.Name, c.Organization.CreditCode })
            .ToListAsync(ct);
        var entries = new List<PendingEntry>();
        foreach (var o in orgs)
        {
            var org = new Org(o.OrganizationId, o.Name, o.CreditCode, $"documents/组织/{ArchiveChecks.SafeName(o.Name)}-{o.CreditCode}");
            entries.AddRange(await OrganizationEntriesAsync(programmeId, programme.Title, programme.IsDemo, org, ct));
        }
        entries.AddRange(await ListEntriesAsync(programmeId, ct));
        return entries;
    }

    private async Task<List<PendingEntry>> OrganizationEntriesAsync(Guid programmeId, string title, bool isDemo, Org org, CancellationToken ct)
    {
        var entries = new List<PendingEntry>();
        var applicationId = await db.Applications.AsNoTracking().Where(a => a.ProgrammeId == programmeId && a.OrganizationId == org.Id).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (applicationId is { } appId)
        {
            entries.Add(Docx($"{org.Folder}/培育孵化项目申请书（附录A）.docx", async ct2 =>
            {
                var a = await db.Applications.AsNoTracking().Include(x => x.Certifications).Include(x => x.Honours).FirstAsync(x => x.Id == appId, ct2);
                return AppendixADocument.Build(a.ToAppendixA(await CodeBook.LoadAsync(db, ct2), title, isDemo));
            }));
        }
        var forms = await db.Set<SelfEvaluation>().AsNoTracking().Where(s => s.ProgrammeId == programmeId && s.OrganizationId == org.Id)
            .Select(s => new { s.Id, s.Kind }).ToListAsync(ct);
        foreach (var form in forms.OrderBy(f => f.Kind))
        {
            var label = form.Kind == SelfEvaluationKind.Final ? "最终" : "摸底评估";
            entries.Add(Docx($"{org.Folder}/前期自评表（附录B）-{label}.docx", async ct2 =>
            {
                var f = await db.Set<SelfEvaluation>().AsNoTracking().FirstAsync(x => x.Id == form.Id, ct2);
                return AppendixBDocument.Build(org.Name, f.SubmittedAt, f.Answers());
            }));
            entries.Add(Docx($"{org.Folder}/自评报告（平台内撰写）-{label}.docx", async ct2 =>
            {
                var f = await db.Set<SelfEvaluation>().AsNoTracking().FirstAsync(x => x.Id == form.Id, ct2);
                var sections = f.ReportSections();
                return TextDocument($"自评报告（{label}）", $"组织：{org.Name}", Gb19580.Categories.Select(c =>
                    ($"{c.Code} {c.Name}", (string?)(sections.TryGetValue(c.Code, out var text) ? text : "（未在平台内撰写，见上传的自评报告文件）"))));
            }));
        }
        if (await db.Set<ExpertReview>().AnyAsync(r => r.ProgrammeId == programmeId && r.OrganizationId == org.Id, ct)
            || await db.Set<ReviewConsensus>().AnyAsync(r => r.ProgrammeId == programmeId && r.OrganizationId == org.Id, ct))
        {
            entries.Add(Docx($"{org.Folder}/专家评价.docx", ct2 => ReviewsAsync(programmeId, org, ct2)));
        }
        if (await db.Set<QualityAnalysis>().AnyAsync(q => q.ProgrammeId == programmeId && q.OrganizationId == org.Id, ct)
            || await db.Set<AdministrativePenalty>().AnyAsync(p => p.ProgrammeId == programmeId && p.OrganizationId == org.Id, ct))
        {
            entries.Add(Docx($"{org.Folder}/质量分析.docx", ct2 => QualityAsync(programmeId, org, ct2)));
        }
        var visits = await db.Set<SiteVisitOpinion>().AsNoTracking().Where(o => o.ProgrammeId == programmeId && o.OrganizationId == org.Id)
            .OrderBy(o => o.UpdatedAt).Select(o => o.VisitId).ToListAsync(ct);
        for (var i = 0; i < visits.Count; i++)
        {
            var visitId = visits[i];
            var suffix = visits.Count > 1 ? $"-{i + 1}" : "";
            entries.Add(Docx($"{org.Folder}/现场扶优意见汇总表（附录C）{suffix}.docx", async ct2 =>
            {
                var view = await opinions.LoadAsync(visitId, ct2) ?? throw new InvalidOperationException($"现场扶优 {visitId} 不存在");
                return AppendixCDocument.Build(view.Visit.OrganizationName, view.Visit.StartsAt, view.Text, [.. view.Valid.Select(s => new AppendixCSignature(s.Name, s.SignedAt))]);
            }));
        }
        if (await db.Set<ShowcaseProfile>().AnyAsync(p => p.ProgrammeId == programmeId && p.OrganizationId == org.Id, ct))
        {
            entries.Add(Docx($"{org.Folder}/孵化成果展示（前后比对）.docx", async ct2 =>
                ShowcaseDocument.Build(await showcase.BeforeAfterAsync(programmeId, org.Id, ct2) ?? throw new InvalidOperationException("成果展示数据缺失"))));
        }
        return entries;
    }

    private async Task<byte[]> ReviewsAsync(Guid programmeId, Org org, CancellationToken ct)
    {
        var reviews = await db.Set<ExpertReview>().AsNoTracking().Where(r => r.ProgrammeId == programmeId && r.OrganizationId == org.Id)
            .Join(db.Experts, r => r.ExpertId, e => e.Id, (r, e) => new { Review = r, e.Name }).OrderBy(x => x.Review.CreatedAt).ToListAsync(ct);
        var consensus = await db.Set<ReviewConsensus>().AsNoTracking().FirstOrDefaultAsync(r => r.ProgrammeId == programmeId && r.OrganizationId == org.Id, ct);
        var sections = new List<(string, string?)>();
        foreach (var r in reviews)
        {
            sections.Add(($"评价专家：{r.Name}（{(r.Review.SubmittedAt is { } s ? "提交于 " + ChinaTime.DateTimeText(s) : "未提交")}）", ScoreLine(r.Review)));
            sections.AddRange(Enum.GetValues<ReviewPart>().Select(p => ("　" + ReviewContent.Label(p), r.Review.Part(p))));
        }
        if (consensus is not null)
        {
            sections.Add(($"共识评价（{(consensus.ReleasedAt is { } rel ? "已于 " + ChinaTime.DateTimeText(rel) + " 反馈组织" : "未反馈")}）", ScoreLine(consensus)));
            sections.AddRange(Enum.GetValues<ReviewPart>().Select(p => ("　" + ReviewContent.Label(p), consensus.Part(p))));
        }
        return TextDocument("专家评价（4.4.2）", $"组织：{org.Name}", sections);
    }

    private static string ScoreLine(ReviewContent review)
    {
        var sheet = Scoring.Score(review.Scores());
        var items = string.Join("；", Gb19580.Items.Select(i => review.Scores().TryGetValue(i.Code, out var pct) ? $"{i.Code} {pct}%" : $"{i.Code} —"));
        return (sheet.Complete ? $"总分 {sheet.Total:0.#} / 1000。" : "评分未完成。") + "各评分项百分比：" + items;
    }

    private async Task<byte[]> QualityAsync(Guid programmeId, Org org, CancellationToken ct)
    {
        var analysis = await db.Set<QualityAnalysis>().AsNoTracking().FirstOrDefaultAsync(q => q.ProgrammeId == programmeId && q.OrganizationId == org.Id, ct);
        var penalties = await db.Set<AdministrativePenalty>().AsNoTracking().Where(p => p.ProgrammeId == programmeId && p.OrganizationId == org.Id)
            .OrderBy(p => p.DecidedOn).ToListAsync(ct);
        var sections = new List<(string, string?)>
        {
            ("近两年行政处罚情况", penalties.Count == 0 ? "无记录" : string.Join("\n", penalties.Select(p =>
                $"{ChinaTime.DateText(p.DecidedOn)} {p.Authority} {p.DecisionNumber} {p.Category} 罚款 {p.AmountYuan.ToString("N2", ChinaTime.Culture)} 元 {p.Summary}"))),
            ("质量管理现状", analysis?.Status),
            ("质量分析结论", analysis?.Conclusion),
            ("反馈与确认", analysis is null ? "未反馈" :
                $"反馈：{(analysis.FedBackAt is { } f ? ChinaTime.DateTimeText(f) : "未反馈")}；组织确认：{(analysis.AcknowledgedAt is { } a ? ChinaTime.DateTimeText(a) + " " + analysis.AcknowledgedBy : "未确认")}"),
        };
        return TextDocument("质量分析（4.4.3）", $"组织：{org.Name}", sections);
    }

    private async Task<List<PendingEntry>> ListEntriesAsync(Guid programmeId, CancellationToken ct)
    {
        var entries = new List<PendingEntry>
        {
            // 5.1.2 the approved programme summary (its frozen facts and the Office's evaluation)
            Docx("documents/培育孵化工作总结.docx", async ct2 =>
            {
                var s = await summaries.CompleteAsync(programmeId, ct2) ?? throw new InvalidOperationException("工作总结数据缺失");
                return SummaryDocument.Build(s.Facts, s.Summary);
            }),
            Xlsx("documents/名单/组织进程.xlsx", async ct2 => (await db.Cases.AsNoTracking().Where(c => c.ProgrammeId == programmeId)
                .OrderBy(c => c.Organization!.Name)
                .Select(c => new { c.Organization!.Name, c.Organization.CreditCode, c.State, c.ClosingReason, c.CreatedAt, c.UpdatedAt }).ToListAsync(ct2))
                .Select(c => new CaseRow
                {
                    Name = c.Name, CreditCode = c.CreditCode, State = CaseTransitions.Label(c.State), ClosingReason = c.ClosingReason,
                    CreatedAt = ChinaTime.DateTimeText(c.CreatedAt), UpdatedAt = ChinaTime.DateTimeText(c.UpdatedAt),
                })),
            Xlsx("documents/名单/组织进程明细.xlsx", async ct2 => (await db.CaseEvents.AsNoTracking().Where(e => e.ProgrammeId == programmeId)
                .Join(db.Cases, e => e.CaseId, c => c.Id, (e, c) => new { e, c.Organization!.Name }).OrderBy(x => x.Name).ThenBy(x => x.e.At).ToListAsync(ct2))
                .Select(x => new CaseEventRow
                {
                    Name = x.Name, At = ChinaTime.DateTimeText(x.e.At), From = x.e.From is { } f ? CaseTransitions.Label(f) : "", To = CaseTransitions.Label(x.e.To),
                    Actor = x.e.ActorName, Reason = x.e.Reason,
                })),
            new("documents/名单/培育孵化库.xlsx", ArchiveEntryKind.Document, async (output, ct2) =>
                await output.WriteAsync(PoolExport.Write(await PoolQueries.MembersAsync(db, programmeId, ct2)), ct2)),
            Xlsx("documents/名单/现场扶优安排.xlsx", async ct2 => (await db.Set<SiteVisit>().AsNoTracking().Where(v => v.ProgrammeId == programmeId)
                .Join(db.Organizations, v => v.OrganizationId, o => o.Id, (v, o) => new { v, o.Name }).OrderBy(x => x.v.StartsAt).ToListAsync(ct2))
                .Select(x => new VisitRow
                {
                    Name = x.Name, StartsAt = ChinaTime.DateTimeText(x.v.StartsAt), EndsAt = ChinaTime.DateTimeText(x.v.EndsAt), Place = x.v.Place,
                    Format = SiteVisitLabels.Format(x.v.Format), Status = SiteVisitLabels.Status(x.v.Status), HeldAt = ChinaTime.DateTimeText(x.v.HeldAt),
                })),
            Xlsx("documents/名单/专家评价与团队调整.xlsx", async ct2 =>
            {
                var ratings = await db.Set<ExpertRating>().AsNoTracking().Where(r => r.ProgrammeId == programmeId)
                    .Join(db.Experts, r => r.ExpertId, e => e.Id, (r, e) => new { r, e.Name }).ToListAsync(ct2);
                var decisions = await db.Set<ExpertTeamDecision>().AsNoTracking().Where(d => d.ProgrammeId == programmeId).ToListAsync(ct2);
                return ratings.OrderBy(x => x.Name, StringComparer.Ordinal).ThenBy(x => x.r.Role).Select(x =>
                {
                    var decision = decisions.FirstOrDefault(d => d.ExpertId == x.r.ExpertId && d.Role == x.r.Role);
                    return new RatingRow
                    {
                        Name = x.Name, Role = AssignmentLabels.Role(x.r.Role), Level = ExpertRatingRules.Label(x.r.Level), Comment = x.r.Comment,
                        RatedAt = ChinaTime.DateTimeText(x.r.RatedAt), Decision = decision?.Decision.ToString(), DecisionReason = decision?.Reason,
                    };
                });
            }),
            Xlsx("documents/名单/改进措施.xlsx", async ct2 => (await db.Set<ImprovementAction>().AsNoTracking().Where(a => a.ProgrammeId == programmeId)
                .OrderBy(a => a.CreatedAt).ToListAsync(ct2))
                .Select(a => new ActionRow
                {
                    Area = a.Area.ToString(), Action = a.Action, Owner = a.Owner, DueOn = ChinaTime.DateText(a.DueOn), Status = a.Status.ToString(), Outcome = a.Outcome,
                })),
            Xlsx("documents/名单/成果展示交流活动.xlsx", async ct2 => (await db.Set<ExchangeAttendance>().AsNoTracking().Where(a => a.ProgrammeId == programmeId)
                .Join(db.Set<ExchangeEvent>(), a => a.EventId, e => e.Id, (a, e) => new { a, e })
                .Join(db.Organizations, x => x.a.OrganizationId, o => o.Id, (x, o) => new { x.a, x.e, o.Name })
                .OrderBy(x => x.e.StartsAt).ThenBy(x => x.Name).ToListAsync(ct2))
                .Select(x => new ExchangeRow
                {
                    Event = x.e.Title, Kind = ShowcaseLabels.Kind(x.e.Kind), StartsAt = ChinaTime.DateTimeText(x.e.StartsAt), Host = x.e.HostOrganization,
                    Name = x.Name, Participants = x.a.Participants, Attended = x.a.Attended switch { true => "出席", false => "缺席", null => "" }, Presented = x.a.Presented,
                })),
        };
        var sessions = await db.Set<CourseSession>().AsNoTracking().Where(s => s.ProgrammeId == programmeId).OrderBy(s => s.StartsAt)
            .Select(s => new { s.Id, s.StartsAt, s.Course!.Title }).ToListAsync(ct);
        foreach (var s in sessions)
        {
            entries.Add(new($"documents/课程签到/{ChinaTime.ToLocal(s.StartsAt):yyyyMMdd-HHmm}-{ArchiveChecks.SafeName(s.Title)}.xlsx", ArchiveEntryKind.Document, async (output, ct2) =>
            {
                var roll = await CourseQueries.RollAsync(db, s.Id, ct2) ?? throw new InvalidOperationException($"课程场次 {s.Id} 不存在");
                await output.WriteAsync(RollExport.Write(roll), ct2);
            }));
        }
        return entries;
    }

    private static PendingEntry Docx(string path, Func<CancellationToken, Task<byte[]>> build) =>
        new(path, ArchiveEntryKind.Document, async (output, ct) => await output.WriteAsync(await build(ct), ct));

    private static PendingEntry Xlsx<T>(string path, Func<CancellationToken, Task<IEnumerable<T>>> rows) =>
        new(path, ArchiveEntryKind.Document, async (output, ct) =>
        {
            using var buffer = new MemoryStream();
            Spreadsheet.WriteList(buffer, await rows(ct));
            buffer.Position = 0;
            await buffer.CopyToAsync(output, ct);
        });

    /// <summary>A plain A4 document: title, a subtitle line, then a heading and its text for every section.</summary>
    public static byte[] TextDocument(string title, string subtitle, IEnumerable<(string Heading, string? Text)> sections)
    {
        var content = new List<OpenXmlElement> { TitleParagraph(title), Paragraph(JustificationValues.Left, 120, TextRun(subtitle)) };
        foreach (var (heading, text) in sections)
        {
            content.Add(Paragraph(JustificationValues.Left, 60, TextRun(heading, bold: true)));
            foreach (var line in (string.IsNullOrWhiteSpace(text) ? "（无）" : text).Split('\n'))
            {
                content.Add(Paragraph(JustificationValues.Left, 60, TextRun(line.TrimEnd('\r'))));
            }
        }
        return Build(title, content);
    }

    private sealed class CaseRow
    {
        [ExcelColumn(Name = "组织名称", Width = 36)] public string Name { get; init; } = "";
        [ExcelColumn(Name = "统一社会信用代码", Width = 22)] public string CreditCode { get; init; } = "";
        [ExcelColumn(Name = "状态", Width = 18)] public string State { get; init; } = "";
        [ExcelColumn(Name = "结束原因", Width = 40)] public string? ClosingReason { get; init; }
        [ExcelColumn(Name = "申报时间", Width = 18)] public string CreatedAt { get; init; } = "";
        [ExcelColumn(Name = "最后变更", Width = 18)] public string UpdatedAt { get; init; } = "";
    }

    private sealed class CaseEventRow
    {
        [ExcelColumn(Name = "组织名称", Width = 36)] public string Name { get; init; } = "";
        [ExcelColumn(Name = "时间", Width = 18)] public string At { get; init; } = "";
        [ExcelColumn(Name = "原状态", Width = 18)] public string From { get; init; } = "";
        [ExcelColumn(Name = "新状态", Width = 18)] public string To { get; init; } = "";
        [ExcelColumn(Name = "操作人", Width = 16)] public string? Actor { get; init; }
        [ExcelColumn(Name = "原因", Width = 40)] public string? Reason { get; init; }
    }

    private sealed class VisitRow
    {
        [ExcelColumn(Name = "组织名称", Width = 36)] public string Name { get; init; } = "";
        [ExcelColumn(Name = "开始", Width = 18)] public string StartsAt { get; init; } = "";
        [ExcelColumn(Name = "结束", Width = 18)] public string EndsAt { get; init; } = "";
        [ExcelColumn(Name = "地点", Width = 30)] public string Place { get; init; } = "";
        [ExcelColumn(Name = "方式", Width = 12)] public string Format { get; init; } = "";
        [ExcelColumn(Name = "状态", Width = 10)] public string Status { get; init; } = "";
        [ExcelColumn(Name = "举行时间", Width = 18)] public string HeldAt { get; init; } = "";
    }

    private sealed class RatingRow
    {
        [ExcelColumn(Name = "专家", Width = 14)] public string Name { get; init; } = "";
        [ExcelColumn(Name = "专家类别", Width = 20)] public string Role { get; init; } = "";
        [ExcelColumn(Name = "评价", Width = 6)] public string Level { get; init; } = "";
        [ExcelColumn(Name = "评语", Width = 40)] public string? Comment { get; init; }
        [ExcelColumn(Name = "评价时间", Width = 18)] public string RatedAt { get; init; } = "";
        [ExcelColumn(Name = "团队调整", Width = 10)] public string? Decision { get; init; }
        [ExcelColumn(Name = "调整理由", Width = 40)] public string? DecisionReason { get; init; }
    }

    private sealed class ActionRow
    {
        [ExcelColumn(Name = "方面", Width = 20)] public string Area { get; init; } = "";
        [ExcelColumn(Name = "改进措施", Width = 50)] public string Action { get; init; } = "";
        [ExcelColumn(Name = "责任人", Width = 14)] public string Owner { get; init; } = "";
        [ExcelColumn(Name = "完成期限", Width = 12)] public string DueOn { get; init; } = "";
        [ExcelColumn(Name = "状态", Width = 10)] public string Status { get; init; } = "";
        [ExcelColumn(Name = "完成情况", Width = 40)] public string? Outcome { get; init; }
    }

    private sealed class ExchangeRow
    {
        [ExcelColumn(Name = "活动", Width = 30)] public string Event { get; init; } = "";
        [ExcelColumn(Name = "类型", Width = 14)] public string Kind { get; init; } = "";
        [ExcelColumn(Name = "时间", Width = 18)] public string StartsAt { get; init; } = "";
        [ExcelColumn(Name = "标杆企业", Width = 24)] public string? Host { get; init; }
        [ExcelColumn(Name = "组织名称", Width = 36)] public string Name { get; init; } = "";
        [ExcelColumn(Name = "参加人数", Width = 10)] public int? Participants { get; init; }
        [ExcelColumn(Name = "出席", Width = 8)] public string Attended { get; init; } = "";
        [ExcelColumn(Name = "展示材料", Width = 40)] public string? Presented { get; init; }
    }
}
