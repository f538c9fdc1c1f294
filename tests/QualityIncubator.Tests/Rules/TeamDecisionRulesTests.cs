using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Tests.Rules;

/// <summary>5.2.2 the rating input, 5.3.2 the team decision (its input, its effect on the expert's roles, the proposal from the record), and the stage of clause 5.</summary>
public sealed class TeamDecisionRulesTests
{
    private static readonly RoleState All = ExpertRoles.Of(true, true, true, null);

    [Fact]
    public void Clause_5_records_are_written_in_the_review_stage_only_and_a_sealed_programme_is_read_only()
    {
        Assert.Null(ReviewStage.WriteRefusal(ProgrammeStage.Review));
        Assert.Equal("专家评价、改进措施和专家团队调整须在“5 评估与改进”阶段进行，培育计划当前处于“4.7 孵化成果展示及交流”阶段。", ReviewStage.WriteRefusal(ProgrammeStage.Showcase));
        Assert.Contains("“6 归档”", ReviewStage.WriteRefusal(ProgrammeStage.Archive), StringComparison.Ordinal);
        Assert.Contains("已归档封存", ReviewStage.WriteRefusal(ProgrammeStage.Sealed), StringComparison.Ordinal);
        Assert.All(Enum.GetValues<ProgrammeStage>().Where(s => s <= ProgrammeStage.Review), s => Assert.Null(ReviewStage.CarryRefusal(s)));
        Assert.Contains("“6.1 已封存”", ReviewStage.CarryRefusal(ProgrammeStage.Sealed), StringComparison.Ordinal);
        Assert.NotNull(ReviewStage.CarryRefusal(ProgrammeStage.Archive));
    }

    [Fact]
    public void A_rating_needs_a_level_and_a_poor_one_needs_a_comment()
    {
        Assert.Empty(RatingInputRules.Check(ExpertRatingLevel.Good, null));
        Assert.Equal([new("Level", "请选择评价等级（好、中、差）")], RatingInputRules.Check(null, "很好"));
        Assert.Equal([new("Level", "请选择评价等级（好、中、差）")], RatingInputRules.Check((ExpertRatingLevel)9, "很好"));
        Assert.Equal([new("Comment", "评为“差”时须写明评价意见")], RatingInputRules.Check(ExpertRatingLevel.Poor, "  "));
        Assert.Equal([new("Comment", "评价意见不能超过2000字")], RatingInputRules.Check(ExpertRatingLevel.Fair, new string('长', 2001)));
    }

    [Fact]
    public void Suspend_and_remove_need_a_reason_and_keep_does_not()
    {
        Assert.Empty(TeamDecisionRules.Check(TeamDecision.Keep, null));
        Assert.Equal([new("Reason", "“暂停该类别”须写明理由")], TeamDecisionRules.Check(TeamDecision.Suspend, ""));
        Assert.Equal([new("Reason", "“调出该类别”须写明理由")], TeamDecisionRules.Check(TeamDecision.Remove, null));
        Assert.Equal([new("Decision", "请选择调整决定（继续聘用、暂停或调出）")], TeamDecisionRules.Check(null, "理由"));
        Assert.Empty(TeamDecisionRules.Check(TeamDecision.Remove, "两次评为差"));
    }

    [Fact]
    public void The_decision_changes_the_role_at_once_and_a_changed_decision_undoes_the_previous_one()
    {
        var removed = TeamDecisionRules.Apply(All, AssignmentRole.Lecturer, TeamDecision.Remove, null);
        Assert.Equal([AssignmentRole.ReportReviewer, AssignmentRole.SiteCoach], removed.Serving);

        var suspended = TeamDecisionRules.Apply(All, AssignmentRole.SiteCoach, TeamDecision.Suspend, null);
        Assert.Equal([AssignmentRole.Lecturer, AssignmentRole.ReportReviewer], suspended.Serving);
        Assert.Contains(AssignmentRole.SiteCoach, suspended.Flags);

        var kept = TeamDecisionRules.Apply(suspended, AssignmentRole.SiteCoach, TeamDecision.Keep, TeamDecision.Suspend);
        Assert.Equal(Enum.GetValues<AssignmentRole>(), kept.Serving);

        // the Office changes its mind about a removal: the role comes back (suspended, if that is the new decision)
        var back = TeamDecisionRules.Apply(removed, AssignmentRole.Lecturer, TeamDecision.Suspend, TeamDecision.Remove);
        Assert.Contains(AssignmentRole.Lecturer, back.Flags);
        Assert.DoesNotContain(AssignmentRole.Lecturer, back.Serving);
        Assert.Equal(Enum.GetValues<AssignmentRole>(), TeamDecisionRules.Apply(removed, AssignmentRole.Lecturer, TeamDecision.Keep, TeamDecision.Remove).Serving);

        // keeping an expert who never held the role does not give it to them
        var reviewerOnly = ExpertRoles.Of(false, true, false, null);
        Assert.Equal([AssignmentRole.ReportReviewer], TeamDecisionRules.Apply(reviewerOnly, AssignmentRole.Lecturer, TeamDecision.Keep, null).Serving);
    }

    [Fact]
    public void The_proposal_follows_the_rating_record_and_explains_itself()
    {
        RatingSummary Summary(params (int Year, ExpertRatingLevel Level)[] ratings) =>
            ExpertRatingRules.Summarize(ratings.Select(r => new ExpertRatingEntry(Guid.NewGuid(), r.Year, AssignmentRole.ReportReviewer, r.Level))).Single();

        Assert.Equal(new DecisionSuggestion(TeamDecision.Keep, "尚无该类别的评价记录"), TeamDecisionRules.Suggest(null));
        Assert.Equal(new DecisionSuggestion(TeamDecision.Keep, "累计好 1 次、中 1 次、差 0 次"),
            TeamDecisionRules.Suggest(Summary((2025, ExpertRatingLevel.Fair), (2026, ExpertRatingLevel.Good))));
        Assert.Equal(new DecisionSuggestion(TeamDecision.Suspend, "最近一次评价为“差”"),
            TeamDecisionRules.Suggest(Summary((2025, ExpertRatingLevel.Good), (2026, ExpertRatingLevel.Poor))));
        Assert.Equal(new DecisionSuggestion(TeamDecision.Suspend, "累计 2 次“差”"),
            TeamDecisionRules.Suggest(Summary((2024, ExpertRatingLevel.Poor), (2025, ExpertRatingLevel.Poor), (2026, ExpertRatingLevel.Good))));
        Assert.Equal(new DecisionSuggestion(TeamDecision.Remove, "最近一次评价为“差”，累计 2 次“差”"),
            TeamDecisionRules.Suggest(Summary((2025, ExpertRatingLevel.Poor), (2026, ExpertRatingLevel.Poor))));
        Assert.Equal(["继续聘用", "暂停该类别", "调出该类别"], Enum.GetValues<TeamDecision>().Select(TeamDecisionRules.Label));
    }
}
