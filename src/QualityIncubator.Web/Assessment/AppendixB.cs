using QualityIncubator.Web.Applications;

namespace QualityIncubator.Web.Assessment;

/// <summary>How a question of Appendix B is answered.</summary>
public enum AnswerKind
{
    /// <summary>□是 □否.</summary>
    YesNo,
    /// <summary>One of the listed options.</summary>
    SingleChoice,
    /// <summary>Several of the listed options, answered as codes separated by commas.</summary>
    MultipleChoice,
    /// <summary>Free text.</summary>
    Text,
}

/// <summary>An allowed answer: a stable code and its label as printed in the standard.</summary>
public sealed record AnswerOption(string Code, string Label);

/// <param name="Code">Stable code, the key of the answer ("B-01").</param>
/// <param name="Group">The appendix's group label (e.g. 战略制定与实施); null for a row that stands on its own.</param>
/// <param name="Text">The question as printed in the standard.</param>
/// <param name="MaxLength">For text answers: the longest accepted answer.</param>
public sealed record Question(string Code, string? Group, string Text, AnswerKind Kind, IReadOnlyList<AnswerOption> Options, bool Required, int MaxLength = 0);

/// <summary>Appendix B 《松江区政府质量奖培育孵化前期自评表》 (4.4.1.3–4.4.1.4): the form as the standard lays it out, and its rule.</summary>
public static class AppendixB
{
    public const string Title = "松江区政府质量奖培育孵化前期自评表";

    /// <summary>专项课程培育需求（最多选3项）.</summary>
    public const int MaxCourseNeeds = 3;

    public const string CourseNeedsCode = "B-32";
    public const string CourseNeedsOtherCode = "B-33";
    public const string OtherCourseTopic = "OTHER";

    public const string Yes = "YES";
    public const string No = "NO";

    private static readonly AnswerOption[] YesNoOptions = [new(Yes, "是"), new(No, "否")];

    private static Question Text(string code, string text, int maxLength, bool required = true) => new(code, null, text, AnswerKind.Text, [], required, maxLength);
    private static Question YesNo(string code, string group, string text) => new(code, group, text, AnswerKind.YesNo, YesNoOptions, true);
    private static Question Choice(string code, string? group, string text, params AnswerOption[] options) => new(code, group, text, AnswerKind.SingleChoice, options, true);

    /// <summary>Every row of the form, in the order the appendix prints them.</summary>
    public static readonly IReadOnlyList<Question> Questions =
    [
        Text("B-01", "组织名称", 200),
        Text("B-02", "联系人", 50),
        Text("B-03", "所在部门", 100),
        Text("B-04", "联系电话", 30),
        Text("B-05", "电子邮箱", 100),
        Choice("B-06", null, "组织规模", new("LARGE", "大型"), new("MEDIUM", "中型"), new("SMALL", "小型"), new("MICRO", "微型")),
        Choice("B-07", null, "行业类别", new("MANUFACTURING", "制造业"), new("SERVICE", "服务业")),

        YesNo("B-08", "战略制定与实施", "是否确立使命、愿景和价值观"),
        YesNo("B-09", "战略制定与实施", "是否制定发展战略规划"),

        YesNo("B-10", "质量管理", "是否设立专门的质量管理部门"),
        YesNo("B-11", "质量管理", "是否建立并实施首席质量官制度"),
        Choice("B-12", "质量管理", "是否建立相关的质量体系",
            new("NONE", "未建立"), new("ESTABLISHED", "已建立，未认证注册"), new("CERTIFIED", "已获认证注册")),
        YesNo("B-13", "质量管理", "是否导入并运用数字化系统对生产及经营进行管理"),
        YesNo("B-14", "质量管理", "对员工的绩效考核是否包含质量相关指标和激励制度"),

        YesNo("B-15", "质量文化", "是否形成组织质量文化"),
        YesNo("B-16", "质量文化", "是否定期开展全员参与的质量文化活动"),

        YesNo("B-17", "质量教育", "是否建立了员工职业发展规划"),
        YesNo("B-18", "质量教育", "是否每年组织员工参加技能培训"),

        YesNo("B-19", "质量改进与提升", "是否开展质量改进活动（例如QC小组等）"),

        Choice("B-20", "质量水平", "组织执行的标准",
            new("INTERNATIONAL", "国际标准"), new("NATIONAL", "国家标准"), new("INDUSTRY", "行业标准"), new("ENTERPRISE", "企业标准")),
        Choice("B-21", "质量水平", "所提供的产品或服务的关键质量指标水平",
            new("AVERAGE", "行业平均水平"), new("ABOVE_AVERAGE", "高于行业平均水平"), new("LEADING", "行业领先，国际先进")),

        YesNo("B-22", "创新能力", "是否拥有有效发明专利"),
        YesNo("B-23", "创新能力", "承担或参与国家重大科技项目"),
        YesNo("B-24", "创新能力", "是否有参与制修订国家、行业标准"),

        YesNo("B-25", "品牌定位", "是否制定品牌规划"),
        YesNo("B-26", "品牌定位", "品牌是否纳入组织战略"),

        YesNo("B-27", "品牌保护", "品牌是否已注册为商标"),
        YesNo("B-28", "品牌保护", "品牌是否在国外注册"),

        YesNo("B-29", "组织效益情况自评", "近3年内的主营业务收入是否持续增长"),
        YesNo("B-30", "组织效益情况自评", "是否定期向社会发布社会责任报告"),
        YesNo("B-31", "组织效益情况自评", "是否参加社会组织、承担社会责任"),

        new(CourseNeedsCode, null, "专项课程培育需求（最多选3项）", AnswerKind.MultipleChoice,
            [.. CodeLists.CourseTopics.Select(t => new AnswerOption(t.Code, t.Label))], false),
        Text(CourseNeedsOtherCode, "其他：", 200, required: false),
        Text("B-34", "其他需求和建议", 2000, required: false),
    ];

    /// <summary>The appendix's group labels, in order.</summary>
    public static IReadOnlyList<string> Groups { get; } = [.. Questions.Select(q => q.Group).OfType<string>().Distinct()];

    private static readonly Dictionary<string, Question> ByCode = Questions.ToDictionary(q => q.Code, StringComparer.Ordinal);

    public static Question? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>An answer as a reader sees it: option labels instead of codes (several joined by "、"), text as typed.</summary>
    public static string AnswerText(Question question, string? answer) =>
        question.Kind == AnswerKind.Text || answer is null
            ? answer ?? ""
            : string.Join("、", SplitChoices(answer).Select(code => question.Options.FirstOrDefault(o => o.Code == code)?.Label ?? code));

    /// <summary>The codes of a multiple-choice answer ("DIGITAL,LEAN"), trimmed and without repeats.</summary>
    public static IReadOnlyList<string> SplitChoices(string? answer) =>
        [.. (answer ?? "").Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    // 4.4.1.3–4.4.1.4 附录B 前期自评表: every required row answered, choices from the printed options, 专项课程培育需求最多选3项, “其他” needs its text.
    public static IReadOnlyList<FieldError> Check(IReadOnlyDictionary<string, string?> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var errors = new List<FieldError>();
        void Add(string field, string message) => errors.Add(new(field, message));
        string? Answer(string code) => answers.TryGetValue(code, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        foreach (var key in answers.Keys.Where(k => !ByCode.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            Add(key, "自评表中没有该项目");
        }

        foreach (var q in Questions)
        {
            var value = Answer(q.Code);
            if (value is null)
            {
                if (q.Required)
                {
                    Add(q.Code, q.Kind == AnswerKind.Text ? $"请填写{q.Text}" : $"请选择{q.Text}");
                }
                continue;
            }
            switch (q.Kind)
            {
                case AnswerKind.YesNo or AnswerKind.SingleChoice:
                    if (!q.Options.Any(o => o.Code == value))
                    {
                        Add(q.Code, $"{q.Text}：请从所列选项中选择");
                    }
                    break;
                case AnswerKind.MultipleChoice:
                    var chosen = SplitChoices(value);
                    if (chosen.Any(c => !q.Options.Any(o => o.Code == c)))
                    {
                        Add(q.Code, $"{q.Text}：请从所列选项中选择");
                    }
                    if (chosen.Count > MaxCourseNeeds)
                    {
                        Add(q.Code, $"专项课程培育需求最多选择{MaxCourseNeeds}项，已选{chosen.Count}项（附录B 专项课程培育需求最多选3项）");
                    }
                    break;
                case AnswerKind.Text:
                    if (value.Length > q.MaxLength)
                    {
                        Add(q.Code, $"{(q.Code == CourseNeedsOtherCode ? "其他专项课程培育需求" : q.Text)}不能超过{q.MaxLength}字");
                    }
                    break;
            }
        }

        var otherChosen = SplitChoices(Answer(CourseNeedsCode)).Contains(OtherCourseTopic);
        var otherText = Answer(CourseNeedsOtherCode);
        if (otherChosen && otherText is null)
        {
            Add(CourseNeedsOtherCode, "选择“其他”时请注明专项课程培育需求");
        }
        else if (!otherChosen && otherText is not null)
        {
            Add(CourseNeedsOtherCode, "未选择“其他”，无需填写其他专项课程培育需求");
        }
        return errors;
    }
}
