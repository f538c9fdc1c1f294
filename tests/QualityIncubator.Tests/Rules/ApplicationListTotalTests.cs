using QualityIncubator.Web.Applications;
using static QualityIncubator.Web.Applications.ApplicationQueries;

namespace QualityIncubator.Tests.Rules;

/// <summary>The application list's total read off the status × decision counts the page shows anyway (one query fewer per request).</summary>
public sealed class ApplicationListTotalTests
{
    private static readonly Guid Programme = Guid.NewGuid();

    private static readonly StatusDecisionCount[] Groups =
    [
        new(ApplicationStatus.Draft, EligibilityDecision.Pending, 7),
        new(ApplicationStatus.Submitted, EligibilityDecision.Pending, 11),
        new(ApplicationStatus.Submitted, EligibilityDecision.Eligible, 13),
        new(ApplicationStatus.Submitted, EligibilityDecision.Ineligible, 2),
        new(ApplicationStatus.Returned, EligibilityDecision.Pending, 3),
        new(ApplicationStatus.Withdrawn, EligibilityDecision.Ineligible, 5),
    ];

    [Fact]
    public void Without_a_status_the_list_counts_every_application_but_the_drafts() =>
        Assert.Equal(11 + 13 + 2 + 3 + 5, TotalFromCounts(new ApplicationFilter(Programme), Groups));

    [Theory]
    [InlineData(ApplicationStatus.Draft, 7)]
    [InlineData(ApplicationStatus.Submitted, 26)]
    [InlineData(ApplicationStatus.Returned, 3)]
    [InlineData(ApplicationStatus.Withdrawn, 5)]
    public void A_status_counts_its_own_applications(ApplicationStatus status, int expected) =>
        Assert.Equal(expected, TotalFromCounts(new ApplicationFilter(Programme, status), Groups));

    [Fact]
    public void A_decision_narrows_the_status_or_every_status_but_the_drafts()
    {
        Assert.Equal(13, TotalFromCounts(new ApplicationFilter(Programme, ApplicationStatus.Submitted, EligibilityDecision.Eligible), Groups));
        Assert.Equal(2 + 5, TotalFromCounts(new ApplicationFilter(Programme, Decision: EligibilityDecision.Ineligible), Groups));
        Assert.Equal(11 + 3, TotalFromCounts(new ApplicationFilter(Programme, Decision: EligibilityDecision.Pending), Groups));
    }

    [Fact]
    public void The_sort_does_not_change_the_total() =>
        Assert.Equal(26, TotalFromCounts(new ApplicationFilter(Programme, ApplicationStatus.Submitted, Sort: "-revenue"), Groups));

    [Theory]
    [InlineData("industry")]
    [InlineData("district")]
    [InlineData("priority")]
    [InlineData("from")]
    [InlineData("to")]
    [InlineData("q")]
    public void Any_other_filter_leaves_the_count_to_the_list(string which)
    {
        var f = new ApplicationFilter(Programme, ApplicationStatus.Submitted);
        f = which switch
        {
            "industry" => f with { Industry = "C" },
            "district" => f with { District = "310117" },
            "priority" => f with { PriorityGroup = "上海“3+6”" },
            "from" => f with { SubmittedFrom = new DateOnly(2026, 3, 1) },
            "to" => f with { SubmittedTo = new DateOnly(2026, 3, 1) },
            _ => f with { Q = "松江" },
        };
        Assert.Null(TotalFromCounts(f, Groups));
    }

    [Fact]
    public void Blank_filters_are_no_filters() =>
        Assert.Equal(26, TotalFromCounts(new ApplicationFilter(Programme, ApplicationStatus.Submitted, Industry: " ", Q: ""), Groups));
}
