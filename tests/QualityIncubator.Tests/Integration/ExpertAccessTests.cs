using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Integration;

/// <summary>4.2.3: experts see only what they are assigned, after the pledge, never an organization they are conflicted with; recusal is one click.</summary>
public sealed class ExpertAccessTests(AppFactories factories)
{
    private sealed record World(AppFactory App, Guid Programme, Guid Organization, string CreditCode, Guid ExpertId, string ExpertUser, Guid FileId);

    private async Task<World> WorldAsync(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.BaselineAssessment);
        var (org, caseId) = await app.CreateCaseAsync(programme, "保密测试公司");
        var user = await app.CreateUserAsync(Roles.Expert);
        var (expertId, code, fileId) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var o = await db.Organizations.SingleAsync(x => x.Id == org);
            var application = new Application { ProgrammeId = programme, OrganizationId = org, OrganizationName = o.Name, CreditCode = o.CreditCode, Status = ApplicationStatus.Submitted, CaseId = caseId, LegalRepresentative = "保密法人" };
            db.Applications.Add(application);
            var expert = new Expert { Name = "保密专家", UserId = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync(), IsReportReviewer = true, CreatedAt = DateTime.UtcNow };
            db.Experts.Add(expert);
            var file = await s.GetRequiredService<FileStore>().SaveAsync(new MemoryStream(FileTypesTests.Pdf()), "自评报告.pdf", nameof(Application), application.Id, org, programme, null);
            await db.SaveChangesAsync();
            return (expert.Id, o.CreditCode, file.Attachment!.Id);
        });
        return new World(app, programme, org, code, expertId, user, fileId);
    }

    private static async Task<Guid> AssignAsync(World w) => await w.App.WithScopeAsync(async s =>
    {
        Assert.Null(await s.GetRequiredService<ExpertWork>().AssignAsync(w.Programme, w.ExpertId, w.Organization, AssignmentRole.ReportReviewer, false, null, CancellationToken.None));
        return await s.GetRequiredService<AppDbContext>().ExpertAssignments.Where(a => a.ExpertId == w.ExpertId).Select(a => a.Id).SingleAsync();
    });

    [Theory, ClassData(typeof(Providers))]
    public async Task An_unassigned_expert_sees_nothing_and_an_assigned_one_must_sign_the_pledge_first(DbProvider provider)
    {
        var w = await WorldAsync(provider);
        using var expert = await TestClient.SignedInAsync(w.App, w.ExpertUser, AppFactory.UserPassword);
        Assert.DoesNotContain("保密测试公司", await expert.GetStringAsync("/Experts/Tasks"));
        Assert.Equal(HttpStatusCode.NotFound, (await expert.Http.GetAsync($"/files/{w.FileId}")).StatusCode);

        Assert.Contains("您有 <strong>0</strong> 项进行中的任务", await expert.GetStringAsync("/"));
        var assignment = await AssignAsync(w);
        Assert.Contains("保密测试公司", await expert.GetStringAsync("/Experts/Tasks"));
        Assert.Contains("您有 <strong>1</strong> 项进行中的任务", await expert.GetStringAsync("/"));
        var refused = await expert.Http.GetAsync($"/Experts/Material/{assignment}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("请先签署本培育计划的专家承诺书", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await expert.Http.GetAsync($"/files/{w.FileId}")).StatusCode);

        await expert.PostFormAsync($"/Experts/Pledge/{w.Programme}", new() { ["agree"] = "true" });
        var material = await expert.GetStringAsync($"/Experts/Material/{assignment}");
        Assert.Contains("保密法人", material);
        Assert.Contains(w.CreditCode, material);
        Assert.Equal(HttpStatusCode.OK, (await expert.Http.GetAsync($"/files/{w.FileId}")).StatusCode);

        using var office = await TestClient.OfficeAsync(w.App);
        Assert.Contains("专家查看组织材料", await office.GetStringAsync($"/Audit?action=MaterialOpened&programmeId={w.Programme}"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_conflict_found_after_assignment_closes_the_material_and_a_conflicted_assignment_is_refused(DbProvider provider)
    {
        var w = await WorldAsync(provider);
        var assignment = await AssignAsync(w);
        using var expert = await TestClient.SignedInAsync(w.App, w.ExpertUser, AppFactory.UserPassword);
        await expert.PostFormAsync($"/Experts/Pledge/{w.Programme}", new() { ["agree"] = "true" });
        Assert.Equal(HttpStatusCode.OK, (await expert.Http.GetAsync($"/Experts/Material/{assignment}")).StatusCode);

        await w.App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.ExpertConflicts.Add(new ExpertConflict { ExpertId = w.ExpertId, Kind = ConflictKind.Organization, CreditCode = w.CreditCode, Note = "曾提供咨询服务", DeclaredByOffice = true, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        var refused = await expert.Http.GetAsync($"/Experts/Material/{assignment}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("应当回避", await refused.Content.ReadAsStringAsync());
        Assert.DoesNotContain("保密法人", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await expert.Http.GetAsync($"/files/{w.FileId}")).StatusCode);

        using var office = await TestClient.OfficeAsync(w.App);
        var again = await office.PostFormAsync($"/Experts/Assignments/{w.Programme}?handler=Assign",
            new() { ["organizationId"] = w.Organization.ToString(), ["expertId"] = w.ExpertId.ToString(), ["role"] = "SiteCoach" }, formPage: $"/Experts/Assignments/{w.Programme}");
        Assert.Contains("不是现场扶优指导专家", await again.Content.ReadAsStringAsync());
        var conflicted = await office.PostFormAsync($"/Experts/Assignments/{w.Programme}?handler=Assign",
            new() { ["organizationId"] = w.Organization.ToString(), ["expertId"] = w.ExpertId.ToString(), ["role"] = "ReportReviewer" }, formPage: $"/Experts/Assignments/{w.Programme}");
        var conflictedHtml = await conflicted.Content.ReadAsStringAsync();
        Assert.Contains("存在利益冲突，须回避", conflictedHtml);
        Assert.Contains("曾提供咨询服务", conflictedHtml);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Recusal_is_one_click_with_a_reason_ends_access_and_tells_the_office(DbProvider provider)
    {
        var w = await WorldAsync(provider);
        var assignment = await AssignAsync(w);
        using var expert = await TestClient.SignedInAsync(w.App, w.ExpertUser, AppFactory.UserPassword);
        var noReason = await expert.PostFormAsync("/Experts/Tasks?handler=Recuse", new() { ["assignmentId"] = assignment.ToString() });
        Assert.Contains("请填写回避原因", await noReason.Content.ReadAsStringAsync());
        var recused = await expert.PostFormAsync("/Experts/Tasks?handler=Recuse", new() { ["assignmentId"] = assignment.ToString(), ["reason"] = "本人亲属在该组织任职" });
        Assert.Equal(HttpStatusCode.Redirect, recused.StatusCode);
        Assert.Contains("已回避", await expert.GetStringAsync("/Experts/Tasks"));
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.Http.GetAsync($"/Experts/Material/{assignment}")).StatusCode);

        using var office = await TestClient.OfficeAsync(w.App);
        Assert.Contains("专家申请回避：保密专家", await office.GetStringAsync("/Notifications"));
        Assert.Contains("本人亲属在该组织任职", await office.GetStringAsync($"/Experts/Assignments/{w.Programme}?status=Recused"));
        // The engine proposes a replacement, never the expert who recused.
        var proposal = await w.App.WithScopeAsync(s => s.GetRequiredService<ExpertProposals>().ProposeAsync(w.Programme, AssignmentRole.ReportReviewer, 1, 12, CancellationToken.None));
        Assert.DoesNotContain(proposal.Result.Assignments, a => a.ItemId == w.Organization && a.ExpertId == w.ExpertId);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_suspended_expert_is_refused_even_with_an_assignment_and_a_pledge(DbProvider provider)
    {
        var w = await WorldAsync(provider);
        var assignment = await AssignAsync(w);
        using var expert = await TestClient.SignedInAsync(w.App, w.ExpertUser, AppFactory.UserPassword);
        await expert.PostFormAsync($"/Experts/Pledge/{w.Programme}", new() { ["agree"] = "true" });
        await w.App.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Experts.Where(e => e.Id == w.ExpertId).ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, ExpertStatus.Suspended)));
        var refused = await expert.Http.GetAsync($"/Experts/Material/{assignment}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("暂停", await refused.Content.ReadAsStringAsync());
    }
}
