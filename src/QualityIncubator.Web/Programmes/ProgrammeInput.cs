using System.ComponentModel.DataAnnotations;

namespace QualityIncubator.Web.Programmes;

/// <summary>What the Office types to create or edit a programme (4.1.1), shared by the page and the API.</summary>
public sealed class ProgrammeInput : IValidatableObject
{
    [Display(Name = "年度")]
    [Required(ErrorMessage = "请填写年度")]
    [Range(2020, 2100, ErrorMessage = "年度应在2020至2100之间")]
    public int? Year { get; set; }

    [Display(Name = "计划名称")]
    [Required(ErrorMessage = "请填写计划名称")]
    [StringLength(200, ErrorMessage = "计划名称不能超过200个字")]
    public string? Title { get; set; }

    [Display(Name = "计划说明")]
    [StringLength(4000, ErrorMessage = "计划说明不能超过4000个字")]
    public string? Description { get; set; }

    [Display(Name = "每位专家任务上限")]
    [Range(1, 100, ErrorMessage = "每位专家任务上限应在1至100之间")]
    public int? ExpertAssignmentLimit { get; set; }

    /// <summary>One window per scheduled stage (4.1–4.7, 5, 6).</summary>
    public List<StageWindowInput> Schedule { get; set; } = [];

    /// <summary>The version the editor started from (optimistic concurrency).</summary>
    public long Version { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Schedule.Count; i++)
        {
            var w = Schedule[i];
            if (!Enum.IsDefined(w.Stage) || !ProgrammeStages.Scheduled.Contains(w.Stage))
            {
                yield return new ValidationResult("阶段无效", [$"Schedule[{i}].Stage"]);
                continue;
            }
            if (w.StartsOn is { } start && w.EndsOn is { } end && end < start)
            {
                yield return new ValidationResult($"“{ProgrammeStages.Label(w.Stage)}”的结束日期不能早于开始日期", [$"Schedule[{i}].EndsOn"]);
            }
            if (Year is { } year && w.StartsOn is { } s && (s.Year < year - 1 || s.Year > year + 1))
            {
                yield return new ValidationResult($"“{ProgrammeStages.Label(w.Stage)}”的开始日期应在{year}年前后", [$"Schedule[{i}].StartsOn"]);
            }
        }
        var ordered = Schedule.Where(w => w.StartsOn is not null && ProgrammeStages.Scheduled.Contains(w.Stage)).OrderBy(w => w.Stage).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].StartsOn < ordered[i - 1].StartsOn)
            {
                var index = Schedule.IndexOf(ordered[i]);
                yield return new ValidationResult(
                    $"“{ProgrammeStages.Label(ordered[i].Stage)}”的开始日期早于前一阶段“{ProgrammeStages.Label(ordered[i - 1].Stage)}”，请按标准程序顺序安排",
                    [$"Schedule[{index}].StartsOn"]);
            }
        }
        if (Schedule.GroupBy(w => w.Stage).Any(g => g.Count() > 1))
        {
            yield return new ValidationResult("同一阶段只能有一个时间安排", [nameof(Schedule)]);
        }
    }

    /// <summary>A blank schedule with every stage, for a new programme.</summary>
    public static ProgrammeInput Blank(int year) => new()
    {
        Year = year,
        ExpertAssignmentLimit = 12,
        Schedule = [.. ProgrammeStages.Scheduled.Select(s => new StageWindowInput { Stage = s })],
    };

    public static ProgrammeInput From(Programme p) => new()
    {
        Year = p.Year,
        Title = p.Title,
        Description = p.Description,
        ExpertAssignmentLimit = p.ExpertAssignmentLimit,
        Version = p.Version,
        Schedule = [.. ProgrammeStages.Scheduled.Select(s =>
        {
            var w = p.Schedule.FirstOrDefault(x => x.Stage == s);
            return new StageWindowInput { Stage = s, StartsOn = w?.StartsOn, EndsOn = w?.EndsOn };
        })],
    };

    /// <summary>Copies the input onto the entity, keeping one window per stage.</summary>
    public void ApplyTo(Programme p)
    {
        p.Year = Year!.Value;
        p.Title = Title!.Trim();
        p.Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        p.ExpertAssignmentLimit = ExpertAssignmentLimit ?? p.ExpertAssignmentLimit;
        foreach (var w in Schedule)
        {
            var existing = p.Schedule.FirstOrDefault(x => x.Stage == w.Stage);
            if (existing is null)
            {
                p.Schedule.Add(new ProgrammeStageWindow { ProgrammeId = p.Id, Stage = w.Stage, StartsOn = w.StartsOn, EndsOn = w.EndsOn });
            }
            else
            {
                existing.StartsOn = w.StartsOn;
                existing.EndsOn = w.EndsOn;
            }
        }
    }
}

public sealed class StageWindowInput
{
    public ProgrammeStage Stage { get; set; }

    [Display(Name = "开始日期")]
    public DateOnly? StartsOn { get; set; }

    [Display(Name = "结束日期")]
    public DateOnly? EndsOn { get; set; }
}
