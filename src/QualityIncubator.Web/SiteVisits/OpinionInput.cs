using System.ComponentModel.DataAnnotations;

namespace QualityIncubator.Web.SiteVisits;

/// <summary>The four textareas of the lead's form (Appendix C 扶优意见).</summary>
public sealed class OpinionInput
{
    [Display(Name = "基本情况")] public string? Basics { get; set; }
    [Display(Name = "主要优势")] public string? Strengths { get; set; }
    [Display(Name = "改进意见")] public string? Improvements { get; set; }
    [Display(Name = "管理模式提炼")] public string? ManagementModel { get; set; }

    public OpinionText ToText() => new(Basics, Strengths, Improvements, ManagementModel);

    public static OpinionInput From(OpinionText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new() { Basics = text.Basics, Strengths = text.Strengths, Improvements = text.Improvements, ManagementModel = text.ManagementModel };
    }
}
