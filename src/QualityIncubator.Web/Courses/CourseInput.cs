using System.ComponentModel.DataAnnotations;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Courses;

/// <summary>What the Office types for a course (4.3.2, 4.5.1), shared by the page and the API.</summary>
public sealed class CourseInput : IValidatableObject
{
    [Display(Name = "课程阶段")] public CourseStage Stage { get; set; }
    [Display(Name = "课程类别")] public CourseKind Kind { get; set; }

    [Display(Name = "课程名称")]
    [Required(ErrorMessage = "请填写课程名称")]
    [StringLength(200, ErrorMessage = "课程名称不能超过200个字")]
    public string? Title { get; set; }

    [Display(Name = "课程简介")]
    [StringLength(4000, ErrorMessage = "课程简介不能超过4000个字")]
    public string? Description { get; set; }

    [Display(Name = "对应专项课程需求")] public string? Topic { get; set; }

    [Display(Name = "排序")]
    [Range(0, 999, ErrorMessage = "排序应在0至999之间")]
    public int SortOrder { get; set; }

    public long Version { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Stage))
        {
            yield return new ValidationResult("课程阶段无效", [nameof(Stage)]);
        }
        if (!Enum.IsDefined(Kind))
        {
            yield return new ValidationResult("课程类别无效", [nameof(Kind)]);
        }
        // 4.3: the awareness stage has no electives; every course there is studied by all.
        if (Stage == CourseStage.Awareness && Kind == CourseKind.Elective)
        {
            yield return new ValidationResult("普及培育阶段的课程均为必修，辅助课程只用于理论指导阶段（4.5.1）", [nameof(Kind)]);
        }
        if (!string.IsNullOrEmpty(Topic) && CodeLists.CourseTopics.All(t => t.Code != Topic))
        {
            yield return new ValidationResult("专项课程需求无效", [nameof(Topic)]);
        }
    }

    public static CourseInput From(Course c) => new()
    {
        Stage = c.Stage, Kind = c.Kind, Title = c.Title, Description = c.Description, Topic = c.Topic, SortOrder = c.SortOrder, Version = c.Version,
    };

    public void ApplyTo(Course c)
    {
        c.Stage = Stage;
        c.Kind = Kind;
        c.Title = Title!.Trim();
        c.Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        c.Topic = Kind == CourseKind.Elective && !string.IsNullOrEmpty(Topic) ? Topic : null;
        c.SortOrder = SortOrder;
    }
}

/// <summary>One session of a course: date, time, place or online link, capacity.</summary>
public sealed class SessionInput : IValidatableObject
{
    [Display(Name = "日期")]
    [Required(ErrorMessage = "请填写上课日期")]
    public DateOnly? Date { get; set; }

    [Display(Name = "开始时间")]
    [Required(ErrorMessage = "请填写开始时间")]
    public TimeOnly? Starts { get; set; }

    [Display(Name = "结束时间")]
    [Required(ErrorMessage = "请填写结束时间")]
    public TimeOnly? Ends { get; set; }

    [Display(Name = "地点")]
    [StringLength(200, ErrorMessage = "地点不能超过200个字")]
    public string? Place { get; set; }

    [Display(Name = "线上链接")]
    [StringLength(1000, ErrorMessage = "线上链接不能超过1000个字符")]
    public string? OnlineLink { get; set; }

    [Display(Name = "容量（人）")]
    [Range(1, 10000, ErrorMessage = "容量应在1至10000人之间")]
    public int? Capacity { get; set; }

    public long Version { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Starts is { } s && Ends is { } e && e <= s)
        {
            yield return new ValidationResult("结束时间应晚于开始时间", [nameof(Ends)]);
        }
        if (string.IsNullOrWhiteSpace(Place) && string.IsNullOrWhiteSpace(OnlineLink))
        {
            yield return new ValidationResult("请填写上课地点或线上链接", [nameof(Place)]);
        }
        if (!string.IsNullOrWhiteSpace(OnlineLink) && !(Uri.TryCreate(OnlineLink.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            yield return new ValidationResult("线上链接应以 http:// 或 https:// 开头", [nameof(OnlineLink)]);
        }
    }

    // Methods, not properties: model validation reads every property of a bound input, and these throw while the fields are empty
    // (every other form of the page posts without them).
    private DateTime StartsAtUtc() => ChinaTime.ToUtc(Date!.Value.ToDateTime(Starts!.Value));
    private DateTime EndsAtUtc() => ChinaTime.ToUtc(Date!.Value.ToDateTime(Ends!.Value));

    public static SessionInput From(CourseSession s)
    {
        var start = ChinaTime.ToLocal(s.StartsAt);
        var end = ChinaTime.ToLocal(s.EndsAt);
        return new()
        {
            Date = DateOnly.FromDateTime(start), Starts = TimeOnly.FromDateTime(start), Ends = TimeOnly.FromDateTime(end),
            Place = s.Place, OnlineLink = s.OnlineLink, Capacity = s.Capacity, Version = s.Version,
        };
    }

    public void ApplyTo(CourseSession s)
    {
        s.StartsAt = StartsAtUtc();
        s.EndsAt = EndsAtUtc();
        s.Place = string.IsNullOrWhiteSpace(Place) ? null : Place.Trim();
        s.OnlineLink = string.IsNullOrWhiteSpace(OnlineLink) ? null : OnlineLink.Trim();
        s.Capacity = Capacity;
    }
}

/// <summary>A 相关负责人 as the organization types it (4.5.3).</summary>
public sealed class ResponsiblePersonInput
{
    public Guid? Id { get; set; }
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Phone { get; set; }

    public IEnumerable<string> Check(int index)
    {
        var n = index + 1;
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return $"第{n}位负责人：请填写姓名";
        }
        else if (Name.Trim().Length > 50)
        {
            yield return $"第{n}位负责人：姓名不能超过50个字";
        }
        if (string.IsNullOrWhiteSpace(Title))
        {
            yield return $"第{n}位负责人：请填写职务";
        }
        else if (Title.Trim().Length > 50)
        {
            yield return $"第{n}位负责人：职务不能超过50个字";
        }
        if (string.IsNullOrWhiteSpace(Phone))
        {
            yield return $"第{n}位负责人：请填写联系电话";
        }
        else if (PhoneNumbers.Validate(Phone, $"第{n}位负责人的联系电话") is { } error)
        {
            yield return error;
        }
    }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Phone);
}
