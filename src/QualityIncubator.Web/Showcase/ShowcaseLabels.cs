namespace QualityIncubator.Web.Showcase;

/// <summary>The Chinese labels of the showcase's statuses and event kinds.</summary>
public static class ShowcaseLabels
{
    public static string Status(ProfileStatus? status) => status switch
    {
        null => "未填写",
        ProfileStatus.Draft => "草稿",
        ProfileStatus.Submitted => "已提交待审核",
        ProfileStatus.Returned => "已退回修改",
        ProfileStatus.Approved => "已审核通过",
        _ => status.ToString()!,
    };

    public static string Kind(ExchangeKind kind) => kind switch
    {
        ExchangeKind.Showcase => "成果展示交流会",
        ExchangeKind.BenchmarkVisit => "标杆企业学习",
        _ => kind.ToString(),
    };
}
