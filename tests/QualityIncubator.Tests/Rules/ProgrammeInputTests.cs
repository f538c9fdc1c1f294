using System.ComponentModel.DataAnnotations;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Tests.Rules;

public sealed class ProgrammeInputTests
{
    private static List<ValidationResult> Validate(ProgrammeInput input)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void A_blank_schedule_has_every_stage_from_4_1_to_6()
    {
        var input = ProgrammeInput.Blank(2026);
        Assert.Equal(["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "5", "6"], input.Schedule.Select(w => ProgrammeStages.Clause(w.Stage)));
    }

    [Fact]
    public void Missing_year_and_title_give_chinese_messages()
    {
        var results = Validate(new ProgrammeInput());
        Assert.Contains(results, r => r.ErrorMessage == "请填写年度");
        Assert.Contains(results, r => r.ErrorMessage == "请填写计划名称");
    }

    [Fact]
    public void An_end_before_its_start_and_stages_out_of_order_are_refused()
    {
        var input = ProgrammeInput.Blank(2026);
        input.Title = "计划";
        input.Schedule[0].StartsOn = new DateOnly(2026, 3, 10);
        input.Schedule[0].EndsOn = new DateOnly(2026, 3, 1);
        input.Schedule[1].StartsOn = new DateOnly(2026, 2, 1);
        var results = Validate(input);
        Assert.Contains(results, r => r.ErrorMessage!.Contains("结束日期不能早于开始日期") && r.MemberNames.Contains("Schedule[0].EndsOn"));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("早于前一阶段") && r.MemberNames.Contains("Schedule[1].StartsOn"));
    }

    [Fact]
    public void A_sensible_schedule_validates()
    {
        var input = ProgrammeInput.Blank(2026);
        input.Title = "2026年度计划";
        var day = new DateOnly(2026, 3, 1);
        foreach (var w in input.Schedule)
        {
            w.StartsOn = day;
            w.EndsOn = day.AddDays(20);
            day = day.AddDays(30);
        }
        Assert.Empty(Validate(input));
    }
}
