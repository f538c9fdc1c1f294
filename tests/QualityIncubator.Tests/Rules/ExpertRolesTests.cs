using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Experts.Assignment;

namespace QualityIncubator.Tests.Rules;

/// <summary>5.2.3 / 5.3.2 one decision whether an expert serves in a role: held and not suspended; and what remove, suspend and keep do to the roles.</summary>
public sealed class ExpertRolesTests
{
    private static Expert Expert(bool lecturer, bool reviewer, bool coach, string? suspended = null) =>
        new() { Name = "角色专家", IsLecturer = lecturer, IsReportReviewer = reviewer, IsSiteCoach = coach, SuspendedRoles = suspended };

    [Fact]
    public void A_suspended_role_is_held_on_record_but_not_served()
    {
        var e = Expert(lecturer: true, reviewer: true, coach: false, suspended: "ReportReviewer");
        Assert.True(ExpertRoles.Serves(e, AssignmentRole.Lecturer));
        Assert.False(ExpertRoles.Serves(e, AssignmentRole.ReportReviewer));
        Assert.False(ExpertRoles.Serves(e, AssignmentRole.SiteCoach));
        Assert.Equal([AssignmentRole.Lecturer], ExpertRoles.Of(e).Serving);
        Assert.Equal("授课专家、自评报告评价专家（暂停）", ExpertLabels.Roles(e));
        // the engine sees the same: the role is missing, and a refusal says why
        var candidate = ExpertProposals.ToCandidate(e);
        Assert.Equal([ExpertRole.Lecturer], candidate.Roles);
        var check = AssignmentEngine.Validate(new Demand(Guid.NewGuid(), "甲公司", ExpertRole.ReportReviewer, 1, null, null, [], []), candidate, [], []);
        Assert.False(check.Allowed);
        Assert.Contains("角色专家 的自评报告评价专家资格已暂停（5.3.2）", check.Reasons);
    }

    [Fact]
    public void The_stored_list_reads_back_in_role_order_and_ignores_unknown_names()
    {
        Assert.Equal([AssignmentRole.Lecturer, AssignmentRole.SiteCoach], ExpertRoles.ParseSuspended(" SiteCoach ,Lecturer,Nobody,,").Order());
        Assert.Empty(ExpertRoles.ParseSuspended(null));
        Assert.Equal("Lecturer,SiteCoach", ExpertRoles.FormatSuspended([AssignmentRole.SiteCoach, AssignmentRole.Lecturer, AssignmentRole.SiteCoach]));
        Assert.Null(ExpertRoles.FormatSuspended([]));
    }

    [Fact]
    public void Remove_clears_the_flag_suspend_marks_it_and_keep_lifts_the_suspension()
    {
        var start = ExpertRoles.Of(Expert(lecturer: true, reviewer: true, coach: true, suspended: "SiteCoach"));

        var removed = ExpertRoles.Remove(start, AssignmentRole.SiteCoach);
        Assert.DoesNotContain(AssignmentRole.SiteCoach, removed.Flags);
        Assert.Empty(removed.Suspended);

        var suspended = ExpertRoles.Suspend(start, AssignmentRole.Lecturer);
        Assert.Contains(AssignmentRole.Lecturer, suspended.Flags);
        Assert.False(ExpertRoles.Serves(suspended, AssignmentRole.Lecturer));

        var kept = ExpertRoles.Keep(start, AssignmentRole.SiteCoach);
        Assert.True(ExpertRoles.Serves(kept, AssignmentRole.SiteCoach));

        var e = Expert(lecturer: false, reviewer: false, coach: false);
        ExpertRoles.ApplyTo(suspended, e);
        Assert.Equal((true, true, true, "Lecturer,SiteCoach"), (e.IsLecturer, e.IsReportReviewer, e.IsSiteCoach, e.SuspendedRoles));
        ExpertRoles.ApplyTo(ExpertRoles.Keep(ExpertRoles.Keep(suspended, AssignmentRole.Lecturer), AssignmentRole.SiteCoach), e);
        Assert.Null(e.SuspendedRoles);
    }
}
