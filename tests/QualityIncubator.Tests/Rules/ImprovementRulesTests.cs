using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Programmes;
using QualityIncubator.Web.Review;

namespace QualityIncubator.Tests.Rules;

/// <summary>5.3.1 improvement actions: what the Office must fill in, and which open actions of earlier programmes carry into a later one.</summary>
public sealed class ImprovementRulesTests
{
    private static readonly ImprovementInput Valid = new(ProcedureArea.CourseSetup, "增加案例教学", "课程组 张三", new DateOnly(2027, 3, 1), ImprovementStatus.Open, null);

    [Fact]
    public void An_action_needs_area_text_owner_and_due_date_and_a_finished_one_its_outcome()
    {
        Assert.Empty(ImprovementRules.Check(Valid));
        Assert.Equal(
        [
            new FieldError("Area", "请选择改进方面"), new FieldError("Action", "请填写改进措施"), new FieldError("Owner", "请填写责任人"),
            new FieldError("DueOn", "请填写完成期限"), new FieldError("Status", "请选择状态"),
        ], ImprovementRules.Check(new ImprovementInput(null, " ", null, null, null, null)));
        Assert.Equal([new FieldError("Outcome", "已完成的措施须填写完成情况")], ImprovementRules.Check(Valid with { Status = ImprovementStatus.Done }));
        Assert.Equal([new FieldError("Outcome", "放弃的措施须写明原因")], ImprovementRules.Check(Valid with { Status = ImprovementStatus.Dropped, Outcome = "" }));
        Assert.Empty(ImprovementRules.Check(Valid with { Status = ImprovementStatus.Done, Outcome = "已增加两门案例课" }));
        Assert.Equal([new FieldError("Owner", "责任人不能超过100字")], ImprovementRules.Check(Valid with { Owner = new string('人', 101) }));
        Assert.Equal([new FieldError("Action", "改进措施不能超过2000字")], ImprovementRules.Check(Valid with { Action = new string('措', 2001) }));
        Assert.Equal(["理论课程设置", "现场扶优安排", "培育孵化成果展示及交流", "相关表单设计"], Enum.GetValues<ProcedureArea>().Select(ImprovementRules.Area));
    }

    [Fact]
    public void Only_open_actions_of_earlier_programmes_carry_once_into_a_programme_not_yet_archived()
    {
        var created = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var target = new CarryTarget(Guid.NewGuid(), 2027, created, ProgrammeStage.Planning);
        var open = new CarrySource(Guid.NewGuid(), 2026, created.AddDays(30), ImprovementStatus.InProgress, AlreadyCarried: false);
        Assert.Null(ImprovementRules.CarryRefusal(open, target));
        Assert.Null(ImprovementRules.CarryRefusal(open with { Status = ImprovementStatus.Open }, target with { Stage = ProgrammeStage.Review }));

        Assert.Equal("该改进措施已完成，无需纳入", ImprovementRules.CarryRefusal(open with { Status = ImprovementStatus.Done }, target));
        Assert.Equal("该改进措施已放弃，无需纳入", ImprovementRules.CarryRefusal(open with { Status = ImprovementStatus.Dropped }, target));
        Assert.Equal("该改进措施已纳入后续培育计划", ImprovementRules.CarryRefusal(open with { AlreadyCarried = true }, target));
        // not from a later programme, nor from the programme itself
        Assert.Equal("只能纳入以前培育计划的改进措施", ImprovementRules.CarryRefusal(open with { ProgrammeYear = 2028 }, target));
        Assert.Equal("只能纳入以前培育计划的改进措施", ImprovementRules.CarryRefusal(open with { ProgrammeId = target.ProgrammeId, ProgrammeYear = 2026 }, target));
        // within one year, the programme created first is the earlier one
        Assert.Null(ImprovementRules.CarryRefusal(open with { ProgrammeYear = 2027, ProgrammeCreatedAt = created.AddDays(-1) }, target));
        Assert.NotNull(ImprovementRules.CarryRefusal(open with { ProgrammeYear = 2027, ProgrammeCreatedAt = created.AddDays(1) }, target));
        Assert.Contains("“6.1 已封存”", ImprovementRules.CarryRefusal(open, target with { Stage = ProgrammeStage.Sealed }), StringComparison.Ordinal);
    }
}
