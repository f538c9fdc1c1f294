using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace QualityIncubator.Web.Platform.Web;

/// <summary>Gives every validation attribute without its own message a Chinese one, and Chinese model-binding messages.</summary>
public sealed class ChineseValidationMetadataProvider : IValidationMetadataProvider
{
    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
        {
            if (!string.IsNullOrEmpty(attribute.ErrorMessage) || attribute.ErrorMessageResourceType is not null)
            {
                continue;
            }
            attribute.ErrorMessage = attribute switch
            {
                RequiredAttribute => "请填写{0}",
                StringLengthAttribute { MinimumLength: > 0 } => "{0}应为{2}至{1}个字符",
                StringLengthAttribute => "{0}不能超过{1}个字符",
                MaxLengthAttribute => "{0}不能超过{1}个字符",
                MinLengthAttribute => "{0}至少需要{1}个字符",
                RangeAttribute => "{0}应在{1}至{2}之间",
                EmailAddressAttribute => "{0}格式不正确",
                PhoneAttribute => "{0}格式不正确",
                CompareAttribute => "{0}与{1}不一致",
                RegularExpressionAttribute => "{0}格式不正确",
                _ => "{0}填写不正确",
            };
        }
    }

    public static void Configure(MvcOptions options)
    {
        options.ModelMetadataDetailsProviders.Add(new ChineseValidationMetadataProvider());
        var m = options.ModelBindingMessageProvider;
        m.SetValueIsInvalidAccessor(v => $"“{v}”不是有效的值");
        m.SetAttemptedValueIsInvalidAccessor((v, f) => $"{f}的值“{v}”无效");
        m.SetMissingBindRequiredValueAccessor(f => $"缺少{f}");
        m.SetMissingKeyOrValueAccessor(() => "缺少值");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "请求内容不能为空");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(v => $"“{v}”不是有效的值");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "填写的值无效");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "必须填写数字");
        m.SetUnknownValueIsInvalidAccessor(f => $"{f}的值无效");
        m.SetValueMustBeANumberAccessor(f => $"{f}必须是数字");
        m.SetValueMustNotBeNullAccessor(v => $"请填写{v}");
    }
}
