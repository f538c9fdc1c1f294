using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Archive;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;
using QualityIncubator.Web.Showcase;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// 6.1–6.2: a complete small programme is sealed; the package holds readable documents, every uploaded file, the JSON export and the
/// audit chain with a SHA-256 manifest; the programme becomes read-only and nothing is deleted within retention (every attempt audited);
/// verification names a corrupted file; the package restores into an empty instance, read-only, and verifies there.
/// </summary>
public sealed class ArchiveTests
{
    private sealed record World(Guid Programme, Guid Organization, Guid Other, Guid Attachment, string Title);

    /// <summary>A programme in the archive stage with one completed and one exited organization and a record in every stage.</summary>
    private static async Task<World> CompleteProgrammeAsync(AppFactory app, string name)
    {
        var title = $"{name}档案计划";
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Archive, title);
        var (org, caseId) = await app.CreateCaseAsync(programme, name + "精密制造有限公司");
        var (other, otherCase) = await app.CreateCaseAsync(programme, name + "生物医药有限公司");
        var attachment = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var files = s.GetRequiredService<FileStore>();
            var now = DateTime.UtcNow;
            var orgRow = await db.Organizations.FirstAsync(o => o.Id == org);
            foreach (var c in await db.Cases.Where(c => c.ProgrammeId == programme).ToListAsync())
            {
                c.State = c.Id == caseId ? CaseState.Completed : CaseState.Exited;
                c.ClosingReason = c.Id == caseId ? null : "培育孵化期间发生重大质量事故";
            }
            var application = new Application
            {
                ProgrammeId = programme, OrganizationId = org, CaseId = caseId, Status = ApplicationStatus.Submitted, OrganizationName = orgRow.Name, CreditCode = orgRow.CreditCode,
                LegalRepresentative = "王建国", EmployeeCount = 320, LastYearRevenue = 12345.67m, CreatedAt = now, UpdatedAt = now, SubmittedAt = now,
            };
            application.Certifications.Add(new ApplicationCertification { StandardCode = "ISO9001", CertificateNumber = "Q-001" });
            application.Honours.Add(new ApplicationHonour { Name = "区质量管理先进单位", Year = 2024, Level = HonourLevel.District });
            db.Add(application);
            var upload = await files.SaveAsync(new MemoryStream(FileTypesTests.Pdf()), "自评报告.pdf", nameof(Case), caseId, org, programme, "自评报告");
            var form = new SelfEvaluation { ProgrammeId = programme, OrganizationId = org, Kind = SelfEvaluationKind.Baseline, Status = SelfEvaluationStatus.Submitted, CreatedAt = now, UpdatedAt = now, SubmittedAt = now };
            form.SetAnswers(AppendixB.Questions.Where(q => q.Required).ToDictionary(q => q.Code, q => (string?)(q.Kind == AnswerKind.Text ? "填写" : q.Options[0].Code)));
            db.Add(form);
            var reviewer = new Expert { Name = name + "评审", IsReportReviewer = true, IsSiteCoach = true, IsLecturer = true, CreatedAt = now };
            db.Experts.Add(reviewer);
            var assignment = new ExpertAssignment { ProgrammeId = programme, ExpertId = reviewer.Id, OrganizationId = org, Role = AssignmentRole.ReportReviewer, CreatedAt = now };
            var coach = new ExpertAssignment { ProgrammeId = programme, ExpertId = reviewer.Id, OrganizationId = org, Role = AssignmentRole.SiteCoach, IsLead = true, CreatedAt = now };
            db.AddRange(assignment, coach);
            var review = new ExpertReview { ProgrammeId = programme, OrganizationId = org, AssignmentId = assignment.Id, ExpertId = reviewer.Id, Status = ReviewStatus.Submitted, CreatedAt = now, SubmittedAt = now, UpdatedAt = now };
            review.SetScores(Gb19580.Items.ToDictionary(i => i.Code, _ => 40));
            review.SetPart(ReviewPart.Strengths, "领导重视质量，战略清晰");
            var consensus = new ReviewConsensus { ProgrammeId = programme, OrganizationId = org, RecordedAt = now, ReleasedAt = now, UpdatedAt = now };
            consensus.SetScores(Gb19580.Items.ToDictionary(i => i.Code, _ => 45));
            db.AddRange(review, consensus);
            db.Add(new QualityAnalysis { ProgrammeId = programme, OrganizationId = org, Status = "质量管理体系运行有效", Conclusion = "无重大问题", UpdatedAt = now, FedBackAt = now });
            db.Add(new AdministrativePenalty { ProgrammeId = programme, OrganizationId = other, DecidedOn = new DateOnly(2025, 6, 1), Authority = "松江区市场监督管理局", DecisionNumber = "沪市监松处〔2025〕1号", Category = "产品质量", AmountYuan = 50000m, RecordedAt = now });
            db.Add(new PoolMember { ProgrammeId = programme, OrganizationId = org, EnteredAt = now, Rank = 1 });
            db.Add(new PoolMember { ProgrammeId = programme, OrganizationId = other, EnteredAt = now, Rank = 2, ExitedAt = now, ExitGround = ExitGround.MajorIncident, ExitReason = "重大质量事故" });
            var course = new Course { ProgrammeId = programme, Stage = CourseStage.Theory, Kind = CourseKind.Mandatory, Title = "GB/T 19580 条款解析", CreatedAt = now };
            var session = new CourseSession { CourseId = course.Id, ProgrammeId = programme, StartsAt = now.AddDays(-30), EndsAt = now.AddDays(-30).AddHours(3), Place = "区市场监管局" };
            db.AddRange(course, session);
            db.Add(new SessionLecturer { SessionId = session.Id, ProgrammeId = programme, ExpertId = reviewer.Id });
            db.Add(new Attendance { SessionId = session.Id, ProgrammeId = programme, OrganizationId = org, AttendeeName = "李质量", Status = AttendanceStatus.Present, Method = AttendanceMethod.Roll, RecordedAt = now });
            var visit = new SiteVisit { ProgrammeId = programme, OrganizationId = org, StartsAt = now.AddDays(-20), EndsAt = now.AddDays(-20).AddHours(3), Place = "生产现场", Status = SiteVisitStatus.Held, HeldAt = now.AddDays(-20), CreatedAt = now };
            db.Add(visit);
            var opinion = new SiteVisitOpinion
            {
                VisitId = visit.Id, ProgrammeId = programme, OrganizationId = org, LeadExpertId = reviewer.Id, Basics = "组织概况", Strengths = "领导作用突出",
                Improvements = "完善绩效测量", ManagementModel = "以顾客为中心", Status = OpinionStatus.Released, TextHash = "h", UpdatedAt = now, ReleasedAt = now,
            };
            db.Add(opinion);
            db.Add(new OpinionSignature { OpinionId = opinion.Id, ProgrammeId = programme, ExpertId = reviewer.Id, Name = reviewer.Name, SignedAt = now, TextHash = "h" });
            db.Add(new ShowcaseProfile { ProgrammeId = programme, OrganizationId = org, Narrative = "前后比对", ManagementModel = "三全质量管理", Status = ProfileStatus.Approved, ApprovedAt = now, UpdatedAt = now });
            var exchange = new ExchangeEvent { ProgrammeId = programme, Kind = ExchangeKind.BenchmarkVisit, Title = "标杆企业学习", StartsAt = now.AddDays(-5), HostOrganization = "上海某标杆企业", CreatedAt = now };
            db.Add(exchange);
            db.Add(new ExchangeAttendance { EventId = exchange.Id, ProgrammeId = programme, OrganizationId = org, Participants = 3, Attended = true });
            db.Add(new ProgrammeSummary
            {
                ProgrammeId = programme, OverallEvaluation = "整体顺利", CourseSetupEvaluation = "课程合理", SiteVisitEvaluation = "安排得当", ShowcaseEvaluation = "交流充分",
                FormsEvaluation = "表单可用", ImprovementSuggestions = "增加辅助课程", Status = SummaryStatus.Approved, ApprovedAt = now, UpdatedAt = now,
            });
            foreach (var role in new[] { AssignmentRole.Lecturer, AssignmentRole.ReportReviewer, AssignmentRole.SiteCoach })
            {
                db.Add(new ExpertRating { ProgrammeId = programme, ExpertId = reviewer.Id, Role = role, Level = ExpertRatingLevel.Good, Comment = "认真负责", RatedAt = now });
            }
            db.Add(new ImprovementAction { ProgrammeId = programme, Area = ProcedureArea.CourseSetup, Action = "增加精益管理辅助课程", Owner = "区评审办", Status = ImprovementStatus.Open, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
            return upload.Attachment!.Id;
        });
        return new World(programme, org, other, attachment, title);
    }

    private static async Task<long> ProgrammeVersionAsync(AppFactory app, Guid programme) =>
        await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Programmes.Where(p => p.Id == programme).Select(p => p.Version).SingleAsync());

    /// <summary>Seals through the page and waits (without a time budget of its own) until the background builder has written the package.</summary>
    private static async Task SealAsync(AppFactory app, TestClient office, Guid programme)
    {
        var page = $"/Archive/{programme}";
        Assert.Contains("可以封存归档", await office.GetStringAsync(page));
        var sealing = await office.PostFormAsync(page + "?handler=Seal", new()
        {
            ["RetentionYears"] = "5", ["Confirm"] = "true", ["Version"] = (await ProgrammeVersionAsync(app, programme)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, page);
        Assert.Equal(HttpStatusCode.Redirect, sealing.StatusCode);
        await WaitForPackageAsync(app, programme);
    }

    /// <summary>Waits (without a time budget of its own) until the background builder has written the programme's package; fails if it failed.</summary>
    private static async Task WaitForPackageAsync(AppFactory app, Guid programme)
    {
        for (var i = 0; i < 600; i++)
        {
            var status = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<ProgrammeArchive>().Where(a => a.ProgrammeId == programme).Select(a => a.Status).SingleAsync());
            if (status == ArchiveStatus.Ready)
            {
                return;
            }
            Assert.NotEqual(ArchiveStatus.Failed, status);
            await Task.Delay(200);
        }
        Assert.Fail("档案包未生成：" + string.Join("\n", app.ServerErrors));
    }

    private static Dictionary<string, byte[]> Read(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e =>
        {
            return e.FullName;
        }, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    /// <summary>`unzip -t` of the package (Info-ZIP, as found on Debian): skipped with the reason when it is missing.</summary>
    private static async Task<string> UnzipTestAsync(string path)
    {
        if (!File.Exists("/usr/bin/unzip"))
        {
            Requirements.Unavailable("未找到 unzip：请安装 unzip（见 .ci/run）");
        }
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/unzip", ["-t", path]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
        return output;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Sealing_writes_a_package_with_documents_files_data_audit_and_a_manifest_that_verifies(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        var w = await CompleteProgrammeAsync(app, "封存甲");
        using var office = await TestClient.OfficeAsync(app);
        await SealAsync(app, office, w.Programme);

        var page = await office.GetStringAsync($"/Archive/{w.Programme}");
        Assert.Contains("已生成", page);
        Assert.Contains($"至少保存至 {DateTime.UtcNow.AddHours(8).Year + 5}", page);
        var download = await office.Http.GetAsync($"/Archive/Package/{w.Programme}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bytes", download.Headers.AcceptRanges.Single());
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, download.Content.Headers.ContentLength);
        var entries = Read(bytes);

        var manifest = JsonSerializer.Deserialize<ArchiveManifest>(entries[ArchiveManifest.FileName], ArchiveManifest.Json)!;
        Assert.Equal(w.Programme, manifest.ProgrammeId);
        Assert.Equal(entries.Count - 1, manifest.Entries.Count);
        var actual = entries.Where(e => e.Key != ArchiveManifest.FileName)
            .ToDictionary(e => e.Key, e => (Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(e.Value)), (long)e.Value.Length));
        Assert.Empty(ArchiveChecks.CompareEntries(manifest.Entries, actual));
        var docs = manifest.Entries.Where(e => e.Kind == ArchiveEntryKind.Document).Select(e => e.Path).ToList();
        var folder = docs.Single(p => p.EndsWith("培育孵化项目申请书（附录A）.docx", StringComparison.Ordinal));
        Assert.Contains("封存甲精密制造有限公司", folder);
        foreach (var expected in new[] { "documents/培育孵化工作总结.docx", "前期自评表（附录B）-摸底评估.docx", "专家评价.docx", "质量分析.docx", "现场扶优意见汇总表（附录C）.docx", "孵化成果展示（前后比对）.docx",
            "documents/名单/培育孵化库.xlsx", "documents/名单/组织进程.xlsx", "documents/名单/专家评价与团队调整.xlsx", "documents/名单/改进措施.xlsx" })
        {
            Assert.Contains(docs, p => p.EndsWith(expected, StringComparison.Ordinal));
        }
        Assert.Contains(docs, p => p.StartsWith("documents/课程签到/", StringComparison.Ordinal));
        // the uploaded original, byte for byte
        var file = manifest.Entries.Single(e => e.Kind == ArchiveEntryKind.File);
        Assert.EndsWith("自评报告/自评报告.pdf", file.Path, StringComparison.Ordinal);
        Assert.Equal(FileTypesTests.Pdf(), entries[file.Path]);
        // a document opens and holds the organization's record
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(entries[docs.First(p => p.EndsWith("专家评价.docx", StringComparison.Ordinal))]), false))
        {
            Assert.Contains("领导重视质量，战略清晰", word.MainDocumentPart!.Document!.InnerText);
        }
        // the JSON export and the audit trail
        using (var json = JsonDocument.Parse(entries["data/Case.json"]))
        {
            Assert.Equal(2, json.RootElement.GetArrayLength());
        }
        var events = Encoding.UTF8.GetString(entries["audit/events.jsonl"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(events, e => e.Contains("\"Action\":\"Sealed\"", StringComparison.Ordinal));
        Assert.StartsWith("sequence,previous_hash,hash", Encoding.UTF8.GetString(entries["audit/chain.csv"]), StringComparison.Ordinal);

        // a real reader opens the zip: unzip tests every entry's CRC
        var zipPath = Path.Combine(app.DataPath, "downloaded.zip");
        await File.WriteAllBytesAsync(zipPath, bytes);
        Assert.Contains("No errors detected", await UnzipTestAsync(zipPath));

        // the same checks through the page and the API
        var verify = await office.PostFormAsync($"/Archive/{w.Programme}?handler=Verify", [], $"/Archive/{w.Programme}");
        Assert.Contains("档案完整", await verify.Content.ReadAsStringAsync());
        var api = await office.PostJsonAsync($"/api/v1/programmes/{w.Programme}/archive/verify", null);
        Assert.True((await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intact").GetBoolean());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_sealed_programme_is_read_only_and_nothing_is_deleted_within_retention_each_attempt_audited(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        var w = await CompleteProgrammeAsync(app, "封存乙");
        using var office = await TestClient.OfficeAsync(app);
        await SealAsync(app, office, w.Programme);
        var retainUntil = $"{DateTime.UtcNow.AddHours(8).Year + 5}-";

        // the page: delete refused with the retention date shown
        var page = $"/Archive/{w.Programme}";
        var delete = await office.PostFormAsync($"{page}?handler=DeleteFile&attachmentId={w.Attachment}", [], page);
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        var after = await office.GetStringAsync(page);
        Assert.Contains("保存期内不得删除", after);
        Assert.Contains("须保存至 " + retainUntil, after);

        // the API: 409 with the date
        var apiDelete = await office.SendJsonAsync(HttpMethod.Delete, $"/api/v1/programmes/{w.Programme}/archive/files/{w.Attachment}", null);
        Assert.Equal(HttpStatusCode.Conflict, apiDelete.StatusCode);
        var problem = await apiDelete.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith(retainUntil, problem.GetProperty("retainUntil").GetString(), StringComparison.Ordinal);

        // the data layer: a direct delete and a direct edit are refused
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.Attachments.Remove(await db.Attachments.FirstAsync(a => a.Id == w.Attachment));
            var refused = await Assert.ThrowsAsync<SealedArchiveException>(() => db.SaveChangesAsync());
            Assert.Contains("保存期内不得删除", refused.Message);
        });
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Cases.FirstAsync(c => c.OrganizationId == w.Organization && c.ProgrammeId == w.Programme)).ClosingReason = "事后修改";
            var refused = await Assert.ThrowsAsync<SealedArchiveException>(() => db.SaveChangesAsync());
            Assert.Contains("只读", refused.Message);
        });
        // sealing again is refused
        var edit = await office.SendJsonAsync(HttpMethod.Post, $"/api/v1/programmes/{w.Programme}/archive/seal", new { RetentionYears = 5, Version = await ProgrammeVersionAsync(app, w.Programme) });
        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);

        var (file, refusals, state) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Attachments.AnyAsync(a => a.Id == w.Attachment),
                await db.AuditEvents.Where(e => e.ProgrammeId == w.Programme && (e.Action == AuditActions.SealedDeleteRefused || e.Action == AuditActions.SealedWriteRefused))
                    .Select(e => e.Action).ToListAsync(),
                await db.Cases.Where(c => c.OrganizationId == w.Organization && c.ProgrammeId == w.Programme).Select(c => c.ClosingReason).SingleAsync());
        });
        Assert.True(file);
        Assert.Null(state);
        Assert.Equal(3, refusals.Count(a => a == AuditActions.SealedDeleteRefused));
        Assert.Equal(1, refusals.Count(a => a == AuditActions.SealedWriteRefused));
        Assert.Contains("审计链完整", (await app.WithScopeAsync(s => AuditVerifier.VerifyAsync(s.GetRequiredService<AppDbContext>()))).Message);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_failed_package_is_written_again_in_place_of_the_old_one_whatever_an_interrupted_build_left(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        var w = await CompleteProgrammeAsync(app, "重建丁");
        using var office = await TestClient.OfficeAsync(app);
        await SealAsync(app, office, w.Programme);
        var packagePath = await app.WithScopeAsync(s => Task.FromResult(Path.Combine(s.GetRequiredService<FileStore>().Root, ArchiveWork.PackagePathFor(w.Programme))));

        // the package went bad and the record says so; an interrupted build left its half-written file behind
        await File.WriteAllBytesAsync(packagePath, [1, 2, 3]);
        await File.WriteAllBytesAsync(packagePath + ".part", [4, 5, 6, 7]);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var archive = await db.Set<ProgrammeArchive>().SingleAsync(a => a.ProgrammeId == w.Programme);
            archive.Status = ArchiveStatus.Failed;
            archive.Error = "磁盘已满";
            await db.SaveChangesAsync();
        });
        var page = $"/Archive/{w.Programme}";
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(page + "?handler=Rebuild", [], page)).StatusCode);
        await WaitForPackageAsync(app, w.Programme);

        // the new package took the old one's place, whole; nothing half-written is left; the progress ends full
        var (status, done, total, entries, size) = await app.WithScopeAsync(async s =>
        {
            var a = await s.GetRequiredService<AppDbContext>().Set<ProgrammeArchive>().AsNoTracking().SingleAsync(a => a.ProgrammeId == w.Programme);
            return (a.Status, a.DoneSteps, a.TotalSteps, a.EntryCount, a.PackageSize);
        });
        Assert.True(status == ArchiveStatus.Ready, string.Join("\n", app.ServerErrors));
        Assert.Equal(entries + 1, total);
        Assert.Equal(total, done);
        Assert.Equal(size, new FileInfo(packagePath).Length);
        Assert.False(File.Exists(packagePath + ".part"));
        var verified = await app.WithScopeAsync(s => s.GetRequiredService<ArchiveVerifier>().VerifyAsync(w.Programme, CancellationToken.None));
        Assert.True(verified!.Intact, string.Join("；", verified.Problems.Select(p => p.Path + " " + p.Text)));
        Assert.Contains($"已生成：{entries} 个文件", await office.GetStringAsync(page));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_stored_file_damaged_before_sealing_is_listed_under_its_upload_checksum_so_verification_names_it(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        var w = await CompleteProgrammeAsync(app, "封存丁");
        using var office = await TestClient.OfficeAsync(app);
        var (sha, original) = await app.WithScopeAsync(async s =>
        {
            var sha = await s.GetRequiredService<AppDbContext>().Attachments.Where(a => a.Id == w.Attachment).Select(a => a.Sha256).SingleAsync();
            return (sha, s.GetRequiredService<FileStore>().PathFor(sha));
        });
        var bytes = await File.ReadAllBytesAsync(original);
        bytes[5] ^= 0x20;
        await File.WriteAllBytesAsync(original, bytes);

        await SealAsync(app, office, w.Programme);

        // the manifest lists the file under the checksum it was uploaded with, not under one of the damaged bytes
        var package = await (await office.Http.GetAsync($"/Archive/Package/{w.Programme}")).Content.ReadAsByteArrayAsync();
        using (var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        {
            var manifest = JsonSerializer.Deserialize<ArchiveManifest>(zip.GetEntry(ArchiveManifest.FileName)!.Open(), ArchiveManifest.Json)!;
            var listed = Assert.Single(manifest.Entries, e => e.Kind == ArchiveEntryKind.File);
            Assert.Equal(sha, listed.Sha256);
            Assert.Equal(bytes.Length, listed.Size);
            await using var archived = zip.GetEntry(listed.Path)!.Open();
            using var read = new MemoryStream();
            await archived.CopyToAsync(read);
            Assert.Equal(bytes, read.ToArray());
        }
        var report = await (await office.PostFormAsync($"/Archive/{w.Programme}?handler=Verify", [], $"/Archive/{w.Programme}")).Content.ReadAsStringAsync();
        Assert.Contains("档案校验发现 2 处问题", report);
        Assert.Contains("内容已被改动：SHA-256 应为 " + sha, report);
        Assert.Contains("原件已被改动", report);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Verification_names_a_corrupted_file_and_the_package_restores_read_only_into_an_empty_instance(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        var w = await CompleteProgrammeAsync(app, "封存丙");
        using var office = await TestClient.OfficeAsync(app);
        await SealAsync(app, office, w.Programme);
        var package = await (await office.Http.GetAsync($"/Archive/Package/{w.Programme}")).Content.ReadAsByteArrayAsync();

        // one byte of the stored original changes: verification names the file
        var (original, storeRoot, packagePath) = await app.WithScopeAsync(async s =>
        {
            var files = s.GetRequiredService<FileStore>();
            var sha = await s.GetRequiredService<AppDbContext>().Attachments.Where(a => a.Id == w.Attachment).Select(a => a.Sha256).SingleAsync();
            return (files.PathFor(sha), files.Root, Path.Combine(files.Root, ArchiveWork.PackagePathFor(w.Programme)));
        });
        var bytes = await File.ReadAllBytesAsync(original);
        bytes[3] ^= 0x20;
        await File.WriteAllBytesAsync(original, bytes);
        var verify = await office.PostFormAsync($"/Archive/{w.Programme}?handler=Verify", [], $"/Archive/{w.Programme}");
        var report = await verify.Content.ReadAsStringAsync();
        Assert.Contains("档案校验发现 1 处问题", report);
        Assert.Contains("自评报告/自评报告.pdf", report);
        Assert.Contains("原件已被改动", report);
        bytes[3] ^= 0x20;
        await File.WriteAllBytesAsync(original, bytes);

        // one byte of the package changes: the package is named
        var packageBytes = await File.ReadAllBytesAsync(packagePath);
        packageBytes[packageBytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(packagePath, packageBytes);
        var broken = await app.WithScopeAsync(s => s.GetRequiredService<ArchiveVerifier>().VerifyAsync(w.Programme, CancellationToken.None));
        Assert.False(broken!.Intact);
        Assert.Contains(broken.Problems, p => p.Path == "档案包" && p.Text.Contains("已被改动", StringComparison.Ordinal));
        await File.WriteAllBytesAsync(packagePath, package);

        // restore into an empty instance
        await using var empty = await AppFactory.CreateAsync(provider);
        var copy = Path.Combine(empty.DataPath, "package.zip");
        await File.WriteAllBytesAsync(copy, package);
        // the programme's pages answer 404 there until it is restored (this process knows it exists in the first instance's database)
        using var emptyOffice = await TestClient.OfficeAsync(empty);
        Assert.Equal(HttpStatusCode.OK, (await office.Http.GetAsync($"/Pool/{w.Programme}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await emptyOffice.Http.GetAsync($"/Pool/{w.Programme}")).StatusCode);
        var restored = await empty.WithScopeAsync(s => s.GetRequiredService<ArchiveRestorer>().RestoreAsync(copy, CancellationToken.None));
        Assert.True(restored.Succeeded, restored.Message);
        Assert.Equal(HttpStatusCode.OK, (await emptyOffice.Http.GetAsync($"/Pool/{w.Programme}")).StatusCode);
        var again = await empty.WithScopeAsync(s => s.GetRequiredService<ArchiveRestorer>().RestoreAsync(copy, CancellationToken.None));
        Assert.False(again.Succeeded);
        Assert.Contains("已有培育计划", again.Message);

        var (stage, cases, exitReason, attachments, rating, review) = await empty.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Programmes.Where(p => p.Id == w.Programme).Select(p => p.Stage).SingleAsync(),
                await db.Cases.CountAsync(c => c.ProgrammeId == w.Programme),
                await db.Cases.Where(c => c.OrganizationId == w.Other).Select(c => c.ClosingReason).SingleAsync(),
                await db.Attachments.Where(a => a.ProgrammeId == w.Programme).Select(a => a.Sha256).ToListAsync(),
                await db.Set<ExpertRating>().CountAsync(r => r.ProgrammeId == w.Programme),
                await db.Set<ExpertReview>().Where(r => r.ProgrammeId == w.Programme).Select(r => r.Strengths).SingleAsync());
        });
        Assert.Equal(ProgrammeStage.Sealed, stage);
        Assert.Equal(2, cases);
        // the restore's saves tallied what they wrote, as in the instance the package came from
        Assert.Equal(await ProgrammeTallyTests.AssertTalliedAsync(app, w.Programme), await ProgrammeTallyTests.AssertTalliedAsync(empty, w.Programme));
        Assert.Equal("培育孵化期间发生重大质量事故", exitReason);
        Assert.Equal(3, rating);
        Assert.Equal("领导重视质量，战略清晰", review);
        var restoredFile = await empty.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<FileStore>().PathFor(Assert.Single(attachments))));
        Assert.Equal(FileTypesTests.Pdf(), await File.ReadAllBytesAsync(restoredFile));
        Assert.NotEqual(storeRoot, Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(restoredFile))));

        // read-only there too, and its archive verifies in the new instance
        var emptyPage = await emptyOffice.GetStringAsync($"/Archive/{w.Programme}");
        Assert.Contains("自档案包导入", emptyPage);
        var emptyVerify = await emptyOffice.PostFormAsync($"/Archive/{w.Programme}?handler=Verify", [], $"/Archive/{w.Programme}");
        Assert.Contains("档案完整", await emptyVerify.Content.ReadAsStringAsync());
        var deleteThere = await emptyOffice.SendJsonAsync(HttpMethod.Delete, $"/api/v1/programmes/{w.Programme}/archive/files/{w.Attachment}", null);
        Assert.Equal(HttpStatusCode.Conflict, deleteThere.StatusCode);
    }
}
