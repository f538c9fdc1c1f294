using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Review;

/// <summary>When the records of clause 5 may be written. Pure.</summary>
public static class ReviewStage
{
    // 5.2.1 / 5.3 the Office rates, improves and adjusts after the incubation work ends: in the 评估与改进 stage only; 6.1 a sealed programme is read-only.
    public static string? WriteRefusal(ProgrammeStage stage) => stage switch
    {
        ProgrammeStage.Review => null,
        ProgrammeStage.Sealed => "培育计划已归档封存（6.1），评估与改进的记录只能查看，不能修改。",
        _ => $"专家评价、改进措施和专家团队调整须在“{ProgrammeStages.LabelWithClause(ProgrammeStage.Review)}”阶段进行，培育计划当前处于“{ProgrammeStages.LabelWithClause(stage)}”阶段。",
    };

    // 5.3.1 an open action is carried into a programme still being planned or run, up to its own review; never into an archived one.
    public static string? CarryRefusal(ProgrammeStage stage) =>
        stage <= ProgrammeStage.Review
            ? null
            : $"改进措施只能纳入处于“{ProgrammeStages.Label(ProgrammeStage.Planning)}”至“{ProgrammeStages.Label(ProgrammeStage.Review)}”阶段的培育计划，本计划当前处于“{ProgrammeStages.LabelWithClause(stage)}”阶段。";
}

/// <summary>The Office's rating input (5.2.2). Pure.</summary>
public static class RatingInputRules
{
    public const int CommentMaxLength = 2000;

    public static IReadOnlyList<FieldError> Check(ExpertRatingLevel? level, string? comment)
    {
        var errors = new List<FieldError>();
        // 5.2.2 分为好、中、差三等
        if (level is not { } l || !Enum.IsDefined(l))
        {
            errors.Add(new FieldError("Level", "请选择评价等级（好、中、差）"));
        }
        else if (l == ExpertRatingLevel.Poor && string.IsNullOrWhiteSpace(comment))
        {
            // 5.3.2 a 差 may lead to a change of the team: the Office writes down why
            errors.Add(new FieldError("Comment", "评为“差”时须写明评价意见"));
        }
        if (comment?.Trim().Length > CommentMaxLength)
        {
            errors.Add(new FieldError("Comment", $"评价意见不能超过{CommentMaxLength}字"));
        }
        return errors;
    }
}

/// <summary>A proposed team decision with the reason it was proposed; the Office decides.</summary>
public sealed record DecisionSuggestion(TeamDecision Decision, string Reason);

/// <summary>5.3.2 the adjustment of the expert teams: its labels, its input, its effect on the expert's roles, and a proposal from the rating record. Pure.</summary>
public static class TeamDecisionRules
{
    public const int ReasonMaxLength = 1000;

    public static string Label(TeamDecision decision) => decision switch
    {
        TeamDecision.Keep => "继续聘用",
        TeamDecision.Suspend => "暂停该类别",
        TeamDecision.Remove => "调出该类别",
    };

    public static IReadOnlyList<FieldError> Check(TeamDecision? decision, string? reason)
    {
        var errors = new List<FieldError>();
        if (decision is not { } d || !Enum.IsDefined(d))
        {
            errors.Add(new FieldError("Decision", "请选择调整决定（继续聘用、暂停或调出）"));
        }
        else if (d is TeamDecision.Suspend or TeamDecision.Remove && string.IsNullOrWhiteSpace(reason))
        {
            // 5.3.2 a suspension or removal changes the team: the reason is recorded with it
            errors.Add(new FieldError("Reason", $"“{Label(d)}”须写明理由"));
        }
        if (reason?.Trim().Length > ReasonMaxLength)
        {
            errors.Add(new FieldError("Reason", $"理由不能超过{ReasonMaxLength}字"));
        }
        return errors;
    }

    /// <summary>
    /// The expert's roles after the decision. A changed decision first undoes what the previous one of the same record did (a removal gives the
    /// role back), so the record always shows the effect of the decision now on file.
    /// </summary>
    public static RoleState Apply(RoleState state, AssignmentRole role, TeamDecision decision, TeamDecision? previous)
    {
        if (previous == TeamDecision.Remove && decision != TeamDecision.Remove)
        {
            state = ExpertRoles.Grant(state, role);
        }
        return decision switch
        {
            // 5.3.2 继续聘用: a suspension of the role is lifted
            TeamDecision.Keep => ExpertRoles.Keep(state, role),
            // 5.3.2 暂停: not assigned in the role until lifted
            TeamDecision.Suspend => ExpertRoles.Suspend(state, role),
            // 5.3.2 调出: the role flag is cleared
            TeamDecision.Remove => ExpertRoles.Remove(state, role),
        };
    }

    // 5.3.2 根据专家的评价情况调整: a proposal only, from the accumulated ratings of the role (ExpertRatingRules.Summarize).
    public static DecisionSuggestion Suggest(RatingSummary? summary)
    {
        if (summary is null)
        {
            return new(TeamDecision.Keep, "尚无该类别的评价记录");
        }
        if (summary.Latest == ExpertRatingLevel.Poor && summary.Poor >= 2)
        {
            return new(TeamDecision.Remove, $"最近一次评价为“差”，累计 {summary.Poor} 次“差”");
        }
        if (summary.NeedsAttention)
        {
            return new(TeamDecision.Suspend, summary.Latest == ExpertRatingLevel.Poor ? "最近一次评价为“差”" : $"累计 {summary.Poor} 次“差”");
        }
        return new(TeamDecision.Keep, $"累计好 {summary.Good} 次、中 {summary.Fair} 次、差 {summary.Poor} 次");
    }
}

/// <summary>What the Office types for an improvement action (5.3.1).</summary>
public sealed record ImprovementInput(ProcedureArea? Area, string? Action, string? Owner, DateOnly? DueOn, ImprovementStatus? Status, string? Outcome);

/// <summary>An action of an earlier programme offered for carrying over, and the programme it would go into.</summary>
public sealed record CarrySource(Guid ProgrammeId, int ProgrammeYear, DateTime ProgrammeCreatedAt, ImprovementStatus Status, bool AlreadyCarried);

public sealed record CarryTarget(Guid ProgrammeId, int Year, DateTime CreatedAt, ProgrammeStage Stage);

/// <summary>5.3.1 持续完善和改进: the improvement actions' labels, input and carrying over into the next programme. Pure.</summary>
public static class ImprovementRules
{
    public const int OwnerMaxLength = 100;

    public static string Area(ProcedureArea area) => area switch
    {
        ProcedureArea.CourseSetup => "理论课程设置",
        ProcedureArea.SiteVisitArrangement => "现场扶优安排",
        ProcedureArea.ShowcaseExchange => "培育孵化成果展示及交流",
        ProcedureArea.Forms => "相关表单设计",
    };

    public static string Status(ImprovementStatus status) => status switch
    {
        ImprovementStatus.Open => "待开始",
        ImprovementStatus.InProgress => "进行中",
        ImprovementStatus.Done => "已完成",
        ImprovementStatus.Dropped => "已放弃",
    };

    /// <summary>Still to be done: open or in progress.</summary>
    public static bool IsOpen(ImprovementStatus status) => status is ImprovementStatus.Open or ImprovementStatus.InProgress;

    public static IReadOnlyList<FieldError> Check(ImprovementInput input)
    {
        var errors = new List<FieldError>();
        // 5.3.1 理论课程设置、现场扶优安排、培育孵化成果展示及交流相关表单设计
        if (input.Area is not { } area || !Enum.IsDefined(area))
        {
            errors.Add(new FieldError(nameof(ImprovementInput.Area), "请选择改进方面"));
        }
        Text(errors, nameof(ImprovementInput.Action), "改进措施", input.Action, ImprovementAction.TextMaxLength, required: true);
        Text(errors, nameof(ImprovementInput.Owner), "责任人", input.Owner, OwnerMaxLength, required: true);
        if (input.DueOn is null)
        {
            errors.Add(new FieldError(nameof(ImprovementInput.DueOn), "请填写完成期限"));
        }
        if (input.Status is not { } status || !Enum.IsDefined(status))
        {
            errors.Add(new FieldError(nameof(ImprovementInput.Status), "请选择状态"));
        }
        else
        {
            // 5.3.1 持续完善和改进: a finished or dropped action says what came of it
            Text(errors, nameof(ImprovementInput.Outcome), "完成情况", input.Outcome, ImprovementAction.TextMaxLength, required: !IsOpen(status),
                missing: status == ImprovementStatus.Done ? "已完成的措施须填写完成情况" : "放弃的措施须写明原因");
        }
        return errors;
    }

    /// <summary>Programmes are ordered by year, then by when they were created.</summary>
    public static bool IsEarlier(int year, DateTime createdAt, CarryTarget target) =>
        year < target.Year || (year == target.Year && createdAt < target.CreatedAt);

    /// <summary>The refusal of a second carry, whether the first was saved before or at the same moment.</summary>
    public const string AlreadyCarried = "该改进措施已纳入后续培育计划";

    // 5.3.1 an action still open in an earlier programme carries into the next one once, as a new action pointing back; the old one stays untouched.
    public static string? CarryRefusal(CarrySource source, CarryTarget target)
    {
        if (ReviewStage.CarryRefusal(target.Stage) is { } stage)
        {
            return stage;
        }
        if (source.ProgrammeId == target.ProgrammeId || !IsEarlier(source.ProgrammeYear, source.ProgrammeCreatedAt, target))
        {
            return "只能纳入以前培育计划的改进措施";
        }
        if (!IsOpen(source.Status))
        {
            return $"该改进措施{Status(source.Status)}，无需纳入";
        }
        return source.AlreadyCarried ? AlreadyCarried : null;
    }

    private static void Text(List<FieldError> errors, string field, string label, string? value, int max, bool required, string? missing = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(new FieldError(field, missing ?? $"请填写{label}"));
            }
        }
        else if (value.Trim().Length > max)
        {
            errors.Add(new FieldError(field, $"{label}不能超过{max}字"));
        }
    }
}
