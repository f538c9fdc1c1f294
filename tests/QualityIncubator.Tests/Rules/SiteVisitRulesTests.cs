using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.6.1–4.6.3: plan input, postponement, cancellation, holding and the coaching team.</summary>
public sealed class SiteVisitRulesTests
{
    private static readonly DateOnly Day = new(2026, 9, 15);
    private static readonly DateTime Start = new(2026, 9, 15, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2026, 9, 15, 4, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_complete_plan_passes()
    {
        Assert.Empty(SiteVisitRules.CheckPlan(Day, new TimeOnly(9, 0), new TimeOnly(12, 0), "公司一号会议室", SiteVisitFormat.Both));
    }

    [Fact]
    public void A_plan_needs_date_times_place_and_format_in_chinese()
    {
        var errors = SiteVisitRules.CheckPlan(null, null, null, " ", null);
        var messages = errors.Select(e => e.Message).ToList();
        Assert.Contains("请填写现场扶优日期", messages);
        Assert.Contains("请填写开始时间", messages);
        Assert.Contains("请填写结束时间", messages);
        Assert.Contains("请填写现场扶优地点", messages);
        Assert.Contains(messages, m => m.StartsWith("请选择现场扶优方式", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == nameof(SiteVisitInput.Format));
    }

    [Fact]
    public void The_end_must_come_after_the_start()
    {
        var error = Assert.Single(SiteVisitRules.CheckPlan(Day, new TimeOnly(14, 0), new TimeOnly(14, 0), "会议室", SiteVisitFormat.Tour));
        Assert.Equal("结束时间应晚于开始时间", error.Message);
        Assert.Equal(nameof(SiteVisitInput.Ends), error.Field);
    }

    [Fact]
    public void An_undefined_format_is_refused()
    {
        Assert.Single(SiteVisitRules.CheckPlan(Day, new TimeOnly(9, 0), new TimeOnly(10, 0), "会议室", (SiteVisitFormat)9));
    }

    [Fact]
    public void The_checklist_drops_blank_lines_and_limits_length()
    {
        var (items, error) = SiteVisitRules.ParseChecklist("汇报材料\r\n\n  会议室  \n");
        Assert.Null(error);
        Assert.Equal(["汇报材料", "会议室"], items);
        Assert.NotNull(SiteVisitRules.ParseChecklist(new string('长', 501)).Error);
        Assert.NotNull(SiteVisitRules.ParseChecklist(string.Join("\n", Enumerable.Range(1, 51).Select(i => "事项" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Error);
        Assert.Empty(SiteVisitRules.ParseChecklist(null).Items);
    }

    [Fact]
    public void A_postponement_needs_a_different_time_and_a_reason_on_a_planned_visit()
    {
        Assert.Null(SiteVisitRules.CheckPostpone(SiteVisitStatus.Planned, Start, End, Start.AddDays(7), End.AddDays(7), "专家临时出差"));
        Assert.Equal("新的时间与原安排相同，请填写新的日期或时间", SiteVisitRules.CheckPostpone(SiteVisitStatus.Planned, Start, End, Start, End, "原因"));
        Assert.Equal("请填写改期原因", SiteVisitRules.CheckPostpone(SiteVisitStatus.Planned, Start, End, Start.AddDays(1), End.AddDays(1), " "));
        Assert.Equal("结束时间应晚于开始时间", SiteVisitRules.CheckPostpone(SiteVisitStatus.Planned, Start, End, End.AddDays(1), Start.AddDays(1), "原因"));
        Assert.Equal("该现场扶优已举行，不能改期", SiteVisitRules.CheckPostpone(SiteVisitStatus.Held, Start, End, Start.AddDays(1), End.AddDays(1), "原因"));
        Assert.NotNull(SiteVisitRules.CheckPostpone(SiteVisitStatus.Cancelled, Start, End, Start.AddDays(1), End.AddDays(1), "原因"));
    }

    [Fact]
    public void A_cancellation_needs_a_reason_on_a_planned_visit()
    {
        Assert.Null(SiteVisitRules.CheckCancel(SiteVisitStatus.Planned, "组织停产检修"));
        Assert.Equal("请填写取消原因", SiteVisitRules.CheckCancel(SiteVisitStatus.Planned, ""));
        Assert.NotNull(SiteVisitRules.CheckCancel(SiteVisitStatus.Held, "原因"));
        Assert.NotNull(SiteVisitRules.CheckCancel(SiteVisitStatus.Cancelled, "原因"));
    }

    [Fact]
    public void Holding_needs_a_planned_visit_that_has_begun_and_everyone_marked()
    {
        AttendanceMark[] all = [new("张专家", true), new("李总", false)];
        Assert.Empty(SiteVisitRules.CheckHeld(SiteVisitStatus.Planned, Start, Start.AddHours(1), all));
        Assert.Equal("现场扶优尚未开始，不能标记为已举行", Assert.Single(SiteVisitRules.CheckHeld(SiteVisitStatus.Planned, Start, Start.AddMinutes(-1), all)));
        Assert.Equal("请记录以下人员是否出席：李总、王经理",
            Assert.Single(SiteVisitRules.CheckHeld(SiteVisitStatus.Planned, Start, Start.AddHours(1), [new("张专家", true), new("李总", null), new("王经理", null)])));
        Assert.Single(SiteVisitRules.CheckHeld(SiteVisitStatus.Held, Start, Start.AddHours(1), all));
        Assert.Single(SiteVisitRules.CheckHeld(SiteVisitStatus.Cancelled, Start, Start.AddHours(1), all));
    }

    [Fact]
    public void The_team_must_exist_have_a_lead_and_be_available_that_day()
    {
        var lead = new TeamMember(Guid.NewGuid(), Guid.NewGuid(), "王组长", true, null);
        var member = new TeamMember(Guid.NewGuid(), Guid.NewGuid(), "赵专家", false, null);
        var none = new Dictionary<Guid, IReadOnlySet<DateOnly>>();
        Assert.Equal(SiteVisitRules.NoTeam, SiteVisitRules.CheckTeam([], Day, none));
        Assert.Equal("请先在专家任务中为该组织分配现场扶优指导专家（含组长）", SiteVisitRules.NoTeam);
        Assert.Equal(SiteVisitRules.NoLead, SiteVisitRules.CheckTeam([member], Day, none));
        Assert.Null(SiteVisitRules.CheckTeam([lead, member], Day, none));
        var away = new Dictionary<Guid, IReadOnlySet<DateOnly>> { [member.ExpertId] = new HashSet<DateOnly> { Day } };
        var refusal = SiteVisitRules.CheckTeam([lead, member], Day, away);
        Assert.NotNull(refusal);
        Assert.Contains("赵专家", refusal);
        Assert.Contains("2026-09-15", refusal);
        Assert.DoesNotContain("王组长", refusal);
        Assert.Null(SiteVisitRules.CheckTeam([lead, member], Day.AddDays(1), away));
    }
}
