using System.ComponentModel.DataAnnotations;
using QualityIncubator.Web.Courses;

namespace QualityIncubator.Tests.Rules;

/// <summary>What the Office types for a course and a session (4.3.2, 4.5.1), and what an organization types for a 相关负责人 (4.5.3).</summary>
public sealed class CourseInputTests
{
    // as the API does (ProgrammesApi.Validate): attributes first, IValidatableObject only when they pass
    private static List<ValidationResult> Validate(object input)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        return results;
    }

    private static CourseInput Course(CourseStage stage = CourseStage.Theory, CourseKind kind = CourseKind.Mandatory, string? topic = null) =>
        new() { Stage = stage, Kind = kind, Title = "GB/T 19580 条款解析与应用", Description = "条款要求与案例", Topic = topic, SortOrder = 1 };

    private static SessionInput Session() => new()
    {
        Date = new DateOnly(2026, 6, 10), Starts = new TimeOnly(9, 0), Ends = new TimeOnly(12, 0), Place = "松江区市场监管局三楼会议室", Capacity = 80,
    };

    [Theory]
    [InlineData(CourseStage.Awareness, CourseKind.Mandatory, null)]
    [InlineData(CourseStage.Theory, CourseKind.Mandatory, null)]
    [InlineData(CourseStage.Theory, CourseKind.Elective, "LEAN")]
    [InlineData(CourseStage.Theory, CourseKind.Elective, "OTHER")]
    [InlineData(CourseStage.Theory, CourseKind.Elective, null)]
    [InlineData(CourseStage.Theory, CourseKind.Elective, "")]
    public void Sensible_courses_validate(CourseStage stage, CourseKind kind, string? topic) =>
        Assert.Empty(Validate(Course(stage, kind, topic)));

    [Fact]
    public void An_elective_in_the_awareness_stage_is_refused()
    {
        var results = Validate(Course(CourseStage.Awareness, CourseKind.Elective));
        var r = Assert.Single(results);
        Assert.Contains("普及培育阶段的课程均为必修", r.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal([nameof(CourseInput.Kind)], r.MemberNames);
    }

    [Theory]
    [InlineData("NOPE")]
    [InlineData("lean")]          // codes are exact
    [InlineData("数字化转型管理")]  // the label is not the code
    public void An_unknown_topic_is_refused(string topic)
    {
        var r = Assert.Single(Validate(Course(kind: CourseKind.Elective, topic: topic)));
        Assert.Equal("专项课程需求无效", r.ErrorMessage);
        Assert.Equal([nameof(CourseInput.Topic)], r.MemberNames);
    }

    [Fact]
    public void Undefined_stage_and_kind_are_refused()
    {
        var results = Validate(Course((CourseStage)7, (CourseKind)9));
        Assert.Contains(results, r => r.ErrorMessage == "课程阶段无效");
        Assert.Contains(results, r => r.ErrorMessage == "课程类别无效");
    }

    [Fact]
    public void Title_is_required_and_lengths_and_order_are_bounded()
    {
        var blank = Course();
        blank.Title = null;
        Assert.Contains(Validate(blank), r => r.ErrorMessage == "请填写课程名称");

        var long1 = Course();
        long1.Title = new string('课', 201);
        long1.Description = new string('述', 4001);
        long1.SortOrder = 1000;
        var results = Validate(long1);
        Assert.Contains(results, r => r.ErrorMessage == "课程名称不能超过200个字");
        Assert.Contains(results, r => r.ErrorMessage == "课程简介不能超过4000个字");
        Assert.Contains(results, r => r.ErrorMessage == "排序应在0至999之间");
    }

    [Fact]
    public void Apply_trims_and_keeps_a_topic_only_for_electives()
    {
        var course = new Course();
        var input = Course(CourseStage.Theory, CourseKind.Mandatory, "LEAN");
        input.Title = "  条款解析  ";
        input.Description = "   ";
        input.ApplyTo(course);
        Assert.Equal("条款解析", course.Title);
        Assert.Null(course.Description);
        Assert.Null(course.Topic);

        Course(CourseStage.Theory, CourseKind.Elective, "LEAN").ApplyTo(course);
        Assert.Equal("LEAN", course.Topic);
    }

    // ---------- SessionInput ----------

    [Fact]
    public void A_sensible_session_validates_with_a_place_or_a_link()
    {
        Assert.Empty(Validate(Session()));
        var online = Session();
        online.Place = null;
        online.OnlineLink = " https://meeting.tencent.com/dm/abc ";
        Assert.Empty(Validate(online));
        online.OnlineLink = "http://intranet.example/room";
        Assert.Empty(Validate(online));
    }

    [Theory]
    [InlineData(12, 0, 9, 0)]
    [InlineData(9, 0, 9, 0)]
    public void An_end_not_after_the_start_is_refused(int sh, int sm, int eh, int em)
    {
        var input = Session();
        input.Starts = new TimeOnly(sh, sm);
        input.Ends = new TimeOnly(eh, em);
        var r = Assert.Single(Validate(input));
        Assert.Equal("结束时间应晚于开始时间", r.ErrorMessage);
        Assert.Equal([nameof(SessionInput.Ends)], r.MemberNames);
    }

    [Fact]
    public void Neither_place_nor_link_is_refused()
    {
        var input = Session();
        input.Place = "  ";
        input.OnlineLink = null;
        Assert.Equal("请填写上课地点或线上链接", Assert.Single(Validate(input)).ErrorMessage);
    }

    [Theory]
    [InlineData("ftp://files.example/course")]
    [InlineData("javascript:alert(1)")]
    [InlineData("www.example.com/meeting")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/path")]
    public void A_link_that_is_not_http_or_https_is_refused(string link)
    {
        var input = Session();
        input.OnlineLink = link;
        var r = Assert.Single(Validate(input));
        Assert.Equal("线上链接应以 http:// 或 https:// 开头", r.ErrorMessage);
        Assert.Equal([nameof(SessionInput.OnlineLink)], r.MemberNames);
    }

    [Fact]
    public void Date_and_times_are_required_and_capacity_is_bounded()
    {
        var results = Validate(new SessionInput { Place = "会议室", Capacity = 0 });
        Assert.Contains(results, r => r.ErrorMessage == "请填写上课日期");
        Assert.Contains(results, r => r.ErrorMessage == "请填写开始时间");
        Assert.Contains(results, r => r.ErrorMessage == "请填写结束时间");
        Assert.Contains(results, r => r.ErrorMessage == "容量应在1至10000人之间");
    }

    [Fact]
    public void Session_times_are_china_time_stored_as_utc()
    {
        var input = Session();
        Assert.Equal(new DateTime(2026, 6, 10, 1, 0, 0), input.StartsAtUtc());
        Assert.Equal(new DateTime(2026, 6, 10, 4, 0, 0), input.EndsAtUtc());
    }

    // ---------- ResponsiblePersonInput ----------

    [Fact]
    public void A_complete_responsible_person_passes()
    {
        Assert.Empty(new ResponsiblePersonInput { Name = "张伟", Title = "总经理", Phone = "13812345678" }.Check(0));
        Assert.Empty(new ResponsiblePersonInput { Name = "李娜", Title = "质量部部长", Phone = "021-57812345" }.Check(1));
    }

    [Fact]
    public void Missing_name_title_and_phone_are_each_named_with_the_persons_number()
    {
        var errors = new ResponsiblePersonInput { Name = " ", Title = null, Phone = "" }.Check(1).ToList();
        Assert.Equal(["第2位负责人：请填写姓名", "第2位负责人：请填写职务", "第2位负责人：请填写联系电话"], errors);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("23812345678")]
    [InlineData("电话")]
    public void A_bad_phone_is_refused(string phone)
    {
        var error = Assert.Single(new ResponsiblePersonInput { Name = "张伟", Title = "总经理", Phone = phone }.Check(0));
        Assert.StartsWith("第1位负责人的联系电话应为手机号码或带区号的固定电话", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_and_title_are_at_most_fifty_characters()
    {
        var errors = new ResponsiblePersonInput { Name = new string('张', 51), Title = new string('长', 51), Phone = "13812345678" }.Check(0).ToList();
        Assert.Equal(["第1位负责人：姓名不能超过50个字", "第1位负责人：职务不能超过50个字"], errors);
        Assert.Empty(new ResponsiblePersonInput { Name = new string('张', 50), Title = new string('长', 50), Phone = "13812345678" }.Check(0));
    }

    [Fact]
    public void A_row_left_empty_is_blank()
    {
        Assert.True(new ResponsiblePersonInput { Name = " ", Title = "", Phone = null }.IsBlank);
        Assert.False(new ResponsiblePersonInput { Phone = "13812345678" }.IsBlank);
    }
}
