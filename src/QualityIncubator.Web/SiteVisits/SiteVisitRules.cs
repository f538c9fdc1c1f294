using System.ComponentModel.DataAnnotations;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>One refusal of a rule, with the form field it belongs to (empty for the whole form).</summary>
public sealed record VisitError(string Field, string Message);

/// <summary>Someone expected at a visit and what was recorded for them on the day.</summary>
public sealed record AttendanceMark(string Name, bool? Attended);

/// <summary>The pure decisions of on-site coaching (现场扶优, 4.6.1–4.6.3): plan input, postponement, cancellation, holding, the team.</summary>
public static class SiteVisitRules
{
    public const int MaxChecklistItems = 50;
    public const int MaxChecklistText = 500;

    public const string NoTeam = "请先在专家任务中为该组织分配现场扶优指导专家（含组长）";
    public const string NoLead = "现场扶优指导专家中尚未指定组长，请先在专家任务中指定组长";

    /// <summary>The plan form: date, start, end, place and format are all needed, the end after the start.</summary>
    public static IReadOnlyList<VisitError> CheckPlan(DateOnly? date, TimeOnly? starts, TimeOnly? ends, string? place, SiteVisitFormat? format)
    {
        var errors = new List<VisitError>();
        // 4.6.2: the organization prepares for a visit it knows the day and time of
        if (date is null)
        {
            errors.Add(new(nameof(SiteVisitInput.Date), "请填写现场扶优日期"));
        }
        if (starts is null)
        {
            errors.Add(new(nameof(SiteVisitInput.Starts), "请填写开始时间"));
        }
        if (ends is null)
        {
            errors.Add(new(nameof(SiteVisitInput.Ends), "请填写结束时间"));
        }
        // 4.6.2: a visit has a duration; the end must come after the start
        if (starts is { } s && ends is { } e && e <= s)
        {
            errors.Add(new(nameof(SiteVisitInput.Ends), "结束时间应晚于开始时间"));
        }
        // 4.6.1: the visit is on site, so its place is needed
        if (string.IsNullOrWhiteSpace(place))
        {
            errors.Add(new(nameof(SiteVisitInput.Place), "请填写现场扶优地点"));
        }
        else if (place.Trim().Length > 300)
        {
            errors.Add(new(nameof(SiteVisitInput.Place), "地点不能超过300个字"));
        }
        // 4.6.3: 座谈交流、现场参观指导 or both
        if (format is not { } f || !Enum.IsDefined(f))
        {
            errors.Add(new(nameof(SiteVisitInput.Format), "请选择现场扶优方式（座谈交流、现场参观指导或两者结合）"));
        }
        return errors;
    }

    /// <summary>The checklist typed one item per line: blank lines dropped, each line at most 500 characters, at most 50 items.</summary>
    public static (IReadOnlyList<string> Items, string? Error) ParseChecklist(string? text)
    {
        var items = (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        // 4.6.2: the Office's requirements for the preparation, as items the organization can tick
        if (items.Count > MaxChecklistItems)
        {
            return (items, $"准备事项不能超过{MaxChecklistItems}项");
        }
        if (items.FirstOrDefault(i => i.Length > MaxChecklistText) is { } tooLong)
        {
            return (items, $"准备事项“{tooLong[..20]}…”超过{MaxChecklistText}个字");
        }
        return (items, null);
    }

    /// <summary>A postponement: only a planned visit, to a different time, with a reason.</summary>
    public static string? CheckPostpone(SiteVisitStatus status, DateTime currentStartsAt, DateTime currentEndsAt, DateTime newStartsAt, DateTime newEndsAt, string? reason)
    {
        // 4.6.1: only an arrangement still to happen can be moved; held and cancelled visits stay as they were
        if (status != SiteVisitStatus.Planned)
        {
            return $"该现场扶优{SiteVisitLabels.Status(status)}，不能改期";
        }
        // 4.6.1: a postponement changes the time; the same time is not a postponement
        if (newStartsAt == currentStartsAt && newEndsAt == currentEndsAt)
        {
            return "新的时间与原安排相同，请填写新的日期或时间";
        }
        if (newEndsAt <= newStartsAt)
        {
            return "结束时间应晚于开始时间";
        }
        // 4.6.2: the organization and the experts are told why the arrangement changed
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "请填写改期原因";
        }
        return null;
    }

    /// <summary>A cancellation: only a planned visit, with a reason.</summary>
    public static string? CheckCancel(SiteVisitStatus status, string? reason)
    {
        // 4.6.1: held visits are a record; cancelled ones are already off
        if (status != SiteVisitStatus.Planned)
        {
            return $"该现场扶优{SiteVisitLabels.Status(status)}，不能取消";
        }
        // 4.6.2: everyone preparing is told why
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "请填写取消原因";
        }
        return null;
    }

    /// <summary>Marking a visit held: only a planned visit that has begun, with attendance recorded for everyone expected.</summary>
    public static IReadOnlyList<string> CheckHeld(SiteVisitStatus status, DateTime startsAt, DateTime now, IReadOnlyList<AttendanceMark> attendance)
    {
        // 4.6.1: only a planned visit can have taken place
        if (status != SiteVisitStatus.Planned)
        {
            return [$"该现场扶优{SiteVisitLabels.Status(status)}，不能再标记为已举行"];
        }
        // 4.6.3: a visit is held on the day, not before it
        if (startsAt > now)
        {
            return ["现场扶优尚未开始，不能标记为已举行"];
        }
        // 4.6.2: the responsible persons' (and experts') presence is part of the record
        var missing = attendance.Where(a => a.Attended is null).Select(a => a.Name).ToList();
        return missing.Count == 0 ? [] : [$"请记录以下人员是否出席：{string.Join("、", missing)}"];
    }

    /// <summary>The coaching team for a visit on <paramref name="date"/>: present, with a lead, and nobody unavailable that day.</summary>
    public static string? CheckTeam(IReadOnlyList<TeamMember> team, DateOnly date, IReadOnlyDictionary<Guid, IReadOnlySet<DateOnly>> unavailable)
    {
        // 4.6.1: the Office arranges site coaching experts for the organization
        if (team.Count == 0)
        {
            return NoTeam;
        }
        // 4.6.4: the team's lead answers for the opinion the team writes after the visit
        if (!team.Any(m => m.IsLead))
        {
            return NoLead;
        }
        // 4.6.1: the arranged experts must be able to come on the day
        var away = team.Where(m => unavailable.TryGetValue(m.ExpertId, out var days) && days.Contains(date)).Select(m => m.Name).ToList();
        return away.Count == 0 ? null : $"{string.Join("、", away)}已登记{ChinaTime.DateText(date)}不能参加，请调整日期或在专家任务中调整现场扶优指导专家";
    }
}

/// <summary>Chinese labels of the visit's enums.</summary>
public static class SiteVisitLabels
{
    public static string Status(SiteVisitStatus s) => s switch
    {
        SiteVisitStatus.Planned => "已安排",
        SiteVisitStatus.Held => "已举行",
        SiteVisitStatus.Cancelled => "已取消",
    };

    public static string Format(SiteVisitFormat f) => f switch
    {
        SiteVisitFormat.Discussion => "座谈交流",
        SiteVisitFormat.Tour => "现场参观指导",
        SiteVisitFormat.Both => "座谈交流和现场参观指导",
    };

    public static string Change(SiteVisitChangeKind k) => k switch
    {
        SiteVisitChangeKind.Planned => "安排",
        SiteVisitChangeKind.Postponed => "改期",
        SiteVisitChangeKind.Cancelled => "取消",
        SiteVisitChangeKind.Held => "举行",
    };

    public static string Side(AttendeeSide s) => s switch
    {
        AttendeeSide.Team => "指导专家",
        AttendeeSide.Organization => "组织相关负责人",
    };
}

/// <summary>What the Office types to plan (or postpone) a visit: China-local date and times, place, format (4.6.1, 4.6.3).</summary>
public sealed class SiteVisitInput : IValidatableObject
{
    [Display(Name = "日期")] public DateOnly? Date { get; set; }
    [Display(Name = "开始时间")] public TimeOnly? Starts { get; set; }
    [Display(Name = "结束时间")] public TimeOnly? Ends { get; set; }
    [Display(Name = "地点")] public string? Place { get; set; }
    [Display(Name = "方式")] public SiteVisitFormat? Format { get; set; }

    [Display(Name = "备注")]
    [StringLength(2000, ErrorMessage = "备注不能超过2000个字")]
    public string? Notes { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        SiteVisitRules.CheckPlan(Date, Starts, Ends, Place, Format).Select(e => new ValidationResult(e.Message, [e.Field]));

    // methods, not properties: model validation reads every property, also before the fields are known to be filled
    public DateTime StartsAtUtc() => ChinaTime.ToUtc(Date!.Value.ToDateTime(Starts!.Value));
    public DateTime EndsAtUtc() => ChinaTime.ToUtc(Date!.Value.ToDateTime(Ends!.Value));
}
