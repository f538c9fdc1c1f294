using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;

namespace QualityIncubator.Tests.Rules;

/// <summary>4.4.1.3–4.4.1.4 and Appendix B: the 前期自评表 as printed in the standard, and its validation rule.</summary>
public sealed class AppendixBTests
{
    /// <summary>A complete, valid set of answers: every required row answered.</summary>
    private static Dictionary<string, string?> Complete()
    {
        var answers = new Dictionary<string, string?>
        {
            ["B-01"] = "上海某某精密机械有限公司",
            ["B-02"] = "张三",
            ["B-03"] = "质量部",
            ["B-04"] = "021-57001234",
            ["B-05"] = "zhangsan@example.com",
            ["B-06"] = "MEDIUM",
            ["B-07"] = "MANUFACTURING",
            ["B-12"] = "CERTIFIED",
            ["B-20"] = "NATIONAL",
            ["B-21"] = "ABOVE_AVERAGE",
            ["B-32"] = "DIGITAL,LEAN",
            ["B-34"] = "希望增加现场辅导次数",
        };
        foreach (var q in AppendixB.Questions.Where(q => q.Kind == AnswerKind.YesNo))
        {
            answers[q.Code] = AppendixB.Yes;
        }
        return answers;
    }

    private static Dictionary<string, string?> With(string code, string? value)
    {
        var answers = Complete();
        answers[code] = value;
        return answers;
    }

    [Fact]
    public void Every_group_of_the_appendix_is_present_in_order()
    {
        Assert.Equal(["战略制定与实施", "质量管理", "质量文化", "质量教育", "质量改进与提升", "质量水平", "创新能力", "品牌定位", "品牌保护", "组织效益情况自评"],
            AppendixB.Groups);
        // a group's questions are printed together, not scattered
        var groupsInRowOrder = AppendixB.Questions.Select(q => q.Group).OfType<string>().ToList();
        var collapsed = groupsInRowOrder.Where((g, n) => n == 0 || groupsInRowOrder[n - 1] != g).ToList();
        Assert.Equal(AppendixB.Groups, collapsed);
        Assert.Equal([2, 5, 2, 2, 1, 2, 3, 2, 2, 3], AppendixB.Groups.Select(g => AppendixB.Questions.Count(q => q.Group == g)));
    }

    [Fact]
    public void The_rows_outside_the_groups_come_where_the_appendix_prints_them()
    {
        var texts = AppendixB.Questions.Select(q => q.Text).ToList();
        Assert.Equal(["组织名称", "联系人", "所在部门", "联系电话", "电子邮箱", "组织规模", "行业类别"], texts.Take(7));
        Assert.Equal(["专项课程培育需求（最多选3项）", "其他：", "其他需求和建议"], texts.TakeLast(3));
        Assert.All(AppendixB.Questions.Take(7).Concat(AppendixB.Questions.TakeLast(3)), q => Assert.Null(q.Group));
        Assert.Equal(34, AppendixB.Questions.Count);
    }

    [Fact]
    public void Question_codes_are_unique_and_numbered_in_row_order()
    {
        var codes = AppendixB.Questions.Select(q => q.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, codes.Count).Select(n => $"B-{n:00}"), codes);
        Assert.Equal("专项课程培育需求（最多选3项）", AppendixB.Find(AppendixB.CourseNeedsCode)!.Text);
        Assert.Null(AppendixB.Find("B-99"));
    }

    [Fact]
    public void Every_choice_question_has_at_least_two_options_with_codes_of_their_own()
    {
        var choices = AppendixB.Questions.Where(q => q.Kind != AnswerKind.Text).ToList();
        Assert.Equal(27, choices.Count);       // 2 + 24 + the course needs
        Assert.All(choices, q =>
        {
            Assert.True(q.Options.Count >= 2, q.Text);
            Assert.Equal(q.Options.Count, q.Options.Select(o => o.Code).Distinct().Count());
            Assert.Equal(q.Options.Count, q.Options.Select(o => o.Label).Distinct().Count());
        });
        Assert.All(AppendixB.Questions.Where(q => q.Kind == AnswerKind.Text), q =>
        {
            Assert.Empty(q.Options);
            Assert.True(q.MaxLength > 0, q.Text);
        });
    }

    [Fact]
    public void Questions_and_options_match_the_standard_text_verbatim()
    {
        string TextOf(string code) => AppendixB.Find(code)!.Text;
        IEnumerable<string> Labels(string code) => AppendixB.Find(code)!.Options.Select(o => o.Label);

        Assert.Equal("是否确立使命、愿景和价值观", TextOf("B-08"));
        Assert.Equal("是否建立并实施首席质量官制度", TextOf("B-11"));
        Assert.Equal("对员工的绩效考核是否包含质量相关指标和激励制度", TextOf("B-14"));
        Assert.Equal("是否开展质量改进活动（例如QC小组等）", TextOf("B-19"));
        Assert.Equal("承担或参与国家重大科技项目", TextOf("B-23"));
        Assert.Equal("近3年内的主营业务收入是否持续增长", TextOf("B-29"));
        Assert.Equal("是否参加社会组织、承担社会责任", TextOf("B-31"));

        Assert.Equal(["大型", "中型", "小型", "微型"], Labels("B-06"));
        Assert.Equal(["制造业", "服务业"], Labels("B-07"));
        Assert.Equal(["未建立", "已建立，未认证注册", "已获认证注册"], Labels("B-12"));
        Assert.Equal(["国际标准", "国家标准", "行业标准", "企业标准"], Labels("B-20"));
        Assert.Equal(["行业平均水平", "高于行业平均水平", "行业领先，国际先进"], Labels("B-21"));
        Assert.Equal(["是", "否"], Labels("B-30"));
        Assert.Equal(["数字化转型管理", "精益管理", "六西格玛专题课程", "5S现场管理", "QC小组专题课程", "重点产品质量攻关", "其他"], Labels(AppendixB.CourseNeedsCode));
    }

    [Fact]
    public void The_course_needs_use_the_course_topic_codes()
    {
        Assert.Equal(["DIGITAL", "LEAN", "SIXSIGMA", "5S", "QC", "KEYPRODUCT", "OTHER"], AppendixB.Find(AppendixB.CourseNeedsCode)!.Options.Select(o => o.Code));
        Assert.Equal(CodeLists.CourseTopics.Select(t => t.Code), AppendixB.Find(AppendixB.CourseNeedsCode)!.Options.Select(o => o.Code));
        Assert.Equal(AnswerKind.MultipleChoice, AppendixB.Find(AppendixB.CourseNeedsCode)!.Kind);
    }

    [Fact]
    public void A_complete_sample_passes()
    {
        Assert.Empty(AppendixB.Check(Complete()));
        // the optional rows may be left out entirely
        var minimal = Complete();
        minimal.Remove("B-32");
        minimal.Remove("B-34");
        Assert.Empty(AppendixB.Check(minimal));
    }

    [Fact]
    public void Missing_required_answers_are_refused_one_by_one_in_chinese()
    {
        var errors = AppendixB.Check(new Dictionary<string, string?>());
        var required = AppendixB.Questions.Where(q => q.Required).Select(q => q.Code).ToList();
        Assert.Equal(31, required.Count);
        Assert.Equal(required, errors.Select(e => e.Field));
        Assert.Contains(new FieldError("B-01", "请填写组织名称"), errors);
        Assert.Contains(new FieldError("B-06", "请选择组织规模"), errors);
        Assert.Contains(new FieldError("B-08", "请选择是否确立使命、愿景和价值观"), errors);

        // blank is missing too
        Assert.Equal([new FieldError("B-15", "请选择是否形成组织质量文化")], AppendixB.Check(With("B-15", "  ")));
        Assert.Equal([new FieldError("B-05", "请填写电子邮箱")], AppendixB.Check(With("B-05", null)));
    }

    [Theory]
    [InlineData("B-06", "HUGE", "组织规模：请从所列选项中选择")]
    [InlineData("B-06", "大型", "组织规模：请从所列选项中选择")]     // the label is not the code
    [InlineData("B-10", "MAYBE", "是否设立专门的质量管理部门：请从所列选项中选择")]
    [InlineData("B-12", "YES", "是否建立相关的质量体系：请从所列选项中选择")]
    [InlineData("B-20", "NATIONAL,ENTERPRISE", "组织执行的标准：请从所列选项中选择")]
    [InlineData("B-32", "DIGITAL,YOGA", "专项课程培育需求（最多选3项）：请从所列选项中选择")]
    public void Answers_not_among_the_options_are_refused(string code, string answer, string message) =>
        Assert.Equal([new FieldError(code, message)], AppendixB.Check(With(code, answer)));

    [Fact]
    public void Choice_answers_are_trimmed_and_case_sensitive()
    {
        Assert.Empty(AppendixB.Check(With("B-06", " SMALL ")));
        Assert.Single(AppendixB.Check(With("B-06", "small")));
    }

    [Fact]
    public void Exactly_three_course_needs_are_allowed_and_four_refused()
    {
        Assert.Empty(AppendixB.Check(With("B-32", "DIGITAL,LEAN,SIXSIGMA")));
        Assert.Empty(AppendixB.Check(With("B-32", "DIGITAL，LEAN, 5S,LEAN")));      // a repeat counts once; Chinese comma accepted
        var four = AppendixB.Check(With("B-32", "DIGITAL,LEAN,SIXSIGMA,QC"));
        var error = Assert.Single(four);
        Assert.Equal(AppendixB.CourseNeedsCode, error.Field);
        Assert.Equal("专项课程培育需求最多选择3项，已选4项（附录B 专项课程培育需求最多选3项）", error.Message);
        Assert.Contains("附录B 专项课程培育需求最多选3项", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_course_need_requires_its_text_and_the_text_requires_other()
    {
        var answers = With("B-32", "DIGITAL,OTHER");
        Assert.Equal([new FieldError("B-33", "选择“其他”时请注明专项课程培育需求")], AppendixB.Check(answers));
        answers["B-33"] = "   ";
        Assert.Equal([new FieldError("B-33", "选择“其他”时请注明专项课程培育需求")], AppendixB.Check(answers));
        answers["B-33"] = "供应链质量管理";
        Assert.Empty(AppendixB.Check(answers));

        Assert.Equal([new FieldError("B-33", "未选择“其他”，无需填写其他专项课程培育需求")], AppendixB.Check(With("B-33", "供应链质量管理")));
    }

    [Fact]
    public void Free_text_over_its_limit_is_refused()
    {
        Assert.Empty(AppendixB.Check(With("B-34", new string('议', 2000))));
        Assert.Equal([new FieldError("B-34", "其他需求和建议不能超过2000字")], AppendixB.Check(With("B-34", new string('议', 2001))));
        Assert.Equal([new FieldError("B-01", "组织名称不能超过200字")], AppendixB.Check(With("B-01", new string('企', 201))));

        var other = With("B-32", "OTHER");
        other["B-33"] = new string('课', 201);
        Assert.Equal([new FieldError("B-33", "其他专项课程培育需求不能超过200字")], AppendixB.Check(other));
    }

    [Fact]
    public void Answers_to_questions_not_on_the_form_are_refused()
    {
        Assert.Equal([new FieldError("B-99", "自评表中没有该项目")], AppendixB.Check(With("B-99", "YES")));
    }
}
