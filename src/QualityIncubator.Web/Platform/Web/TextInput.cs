using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace QualityIncubator.Web.Platform.Web;

/// <summary>
/// The platform's one rule for typed text: C0 and C1 control characters other than tab, CR and LF, the bidirectional override and
/// isolate characters (U+202A–U+202E, U+2066–U+2069) and broken UTF-16 (a lone surrogate) are refused in every text field of every
/// form and JSON endpoint. They are invisible on screen, can disguise a name or file extension, and PostgreSQL refuses U+0000.
/// Pure; used by <see cref="TextInputModelBinderProvider"/> (forms, query strings) and <see cref="TextInputEndpointFilter"/> (JSON).
/// </summary>
public static class TextInput
{
    /// <summary>True for a character no text field accepts.</summary>
    public static bool IsRefused(char c) =>
        (c < '\u0020' && c is not ('\t' or '\n' or '\r'))
        || c is >= '\u007F' and <= '\u009F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';

    private const string RefusedKey = "QualityIncubator.RefusedText";

    /// <summary>Records a refusal of the current request's text (the Chinese message), for the page's message box and for the save guard.</summary>
    public static void Record(HttpContext http, string problem)
    {
        if (http.Items[RefusedKey] is not List<string> problems)
        {
            http.Items[RefusedKey] = problems = [];
        }
        problems.Add(problem);
    }

    /// <summary>The refusals recorded for this request.</summary>
    public static IReadOnlyList<string> Refusals(HttpContext http) => http.Items[RefusedKey] as List<string> ?? [];

    /// <summary>True for a request that changes something (not GET/HEAD) and carries refused text: nothing of it may be saved.</summary>
    public static bool RefusedIn(HttpContext http) =>
        !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && http.Items.ContainsKey(RefusedKey);

    /// <summary>The index of the first refused character (or lone surrogate) in <paramref name="value"/>, or -1 when the text is acceptable.</summary>
    public static int FirstRefused(string? value)
    {
        if (value is null)
        {
            return -1;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }
                return i;
            }
            if (char.IsLowSurrogate(c) || IsRefused(c))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The Chinese refusal for <paramref name="field"/> (its display name), or null when the text is acceptable.</summary>
    public static string? Problem(string? value, string field)
    {
        var i = FirstRefused(value);
        if (i < 0)
        {
            return null;
        }
        var code = ((int)value![i]).ToString("X4", CultureInfo.InvariantCulture);
        return char.IsSurrogate(value[i])
            ? $"{field}含有无效的字符（不完整的 Unicode 编码 U+{code}），请删除后重新填写"
            : $"{field}含有不可见的控制字符（U+{code}），请删除后重新填写（可换行，不可含其他控制字符或文字方向控制符）";
    }

    /// <summary>The text without its refused characters (what the form shows again beside the message).</summary>
    public static string Strip(string value)
    {
        if (FirstRefused(value) < 0)
        {
            return value;
        }
        var kept = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                kept.Append(c).Append(value[++i]);
            }
            else if (!char.IsSurrogate(c) && !IsRefused(c))
            {
                kept.Append(c);
            }
        }
        return kept.ToString();
    }
}

/// <summary>
/// Binds every text value of a form, query string or route (Razor Pages): a refused character adds the Chinese message beside the
/// field (so the page's <c>ModelState.IsValid</c> check keeps it from being saved) and the value is bound without those characters,
/// so the form shows the rest of the user's text again, and no query ever sees them.
/// </summary>
public sealed class TextInputModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        if (context.Metadata.ModelType != typeof(string) || context.BindingInfo.BinderType is not null)
        {
            return null;
        }
        var source = context.BindingInfo.BindingSource;
        if (source is not null && (source == BindingSource.Body || source == BindingSource.Header || source == BindingSource.Services || source == BindingSource.FormFile || source == BindingSource.Special))
        {
            return null;
        }
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new Binder(new SimpleTypeModelBinder(typeof(string), loggers));
    }

    private sealed class Binder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (bindingContext.Result.IsModelSet && bindingContext.Result.Model is string value && TextInput.Problem(value, bindingContext.ModelMetadata.GetDisplayName()) is { } problem)
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, problem);
                bindingContext.Result = ModelBindingResult.Success(TextInput.Strip(value));
                TextInput.Record(bindingContext.HttpContext, problem);
            }
        }
    }
}

/// <summary>
/// The same rule for the JSON API: every string in an endpoint's arguments (route and query values, and the request body's records,
/// lists and nested records) is checked before the handler runs; a refused character answers 400 with the Chinese message per field.
/// </summary>
public static class TextInputEndpointFilter
{
    private const int MaxDepth = 6;

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var parameters = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.GetParameters();
        var services = context.HttpContext.RequestServices.GetService<IServiceProviderIsService>();
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            var argument = context.Arguments[i];
            // services (the DbContext, the stage's work classes) are not input
            if (argument is null || argument is not string && services?.IsService(argument.GetType()) == true)
            {
                continue;
            }
            var name = parameters is not null && i < parameters.Length ? parameters[i].Name ?? "" : "";
            Collect(argument, name, 0, errors);
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "填写内容有误");
        }
        return await next(context);
    }

    /// <summary>Adds the refusal of each string reachable from <paramref name="value"/>, keyed by its JSON path (camelCase).</summary>
    public static void Collect(object? value, string path, int depth, IDictionary<string, string[]> errors)
    {
        switch (value)
        {
            case null or IQueryable or Microsoft.EntityFrameworkCore.DbContext:
                return;
            case string s:
                if (TextInput.Problem(s, string.IsNullOrEmpty(path) ? "内容" : $"“{path}”") is { } problem)
                {
                    errors[path] = [problem];
                }
                return;
            case IDictionary dictionary when depth < MaxDepth:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
                    Collect(key, $"{path}[{key}]", depth + 1, errors);
                    Collect(entry.Value, $"{path}[{key}]", depth + 1, errors);
                }
                return;
            case IEnumerable list when depth < MaxDepth:
                var index = 0;
                foreach (var item in list)
                {
                    Collect(item, $"{path}[{index++}]", depth + 1, errors);
                }
                return;
            default:
                break;
        }
        var type = value.GetType();
        if (depth >= MaxDepth || type.Assembly != typeof(TextInput).Assembly || type.IsEnum || type.IsPrimitive)
        {
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead)
            {
                continue;
            }
            var t = property.PropertyType;
            if (t != typeof(string) && (t.IsValueType || t.Assembly != typeof(TextInput).Assembly) && !typeof(IEnumerable).IsAssignableFrom(t))
            {
                continue;
            }
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            Collect(property.GetValue(value), string.IsNullOrEmpty(path) ? name : $"{path}.{name}", depth + 1, errors);
        }
    }
}

/// <summary>
/// A JSON request the API cannot read (a letter in a number, "2026-13-45" as a date, an unknown status) or a query value of the wrong
/// type answers 400 with a Chinese title and, where known, the field: never an empty body or an English message.
/// </summary>
internal sealed class BadRequestProblem(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || !httpContext.Request.Path.StartsWithSegments("/api") || httpContext.Response.HasStarted)
        {
            return false;
        }
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
        httpContext.Response.StatusCode = status;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = "请求内容有误" };
        if (bad.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) ? "" : json.Path.TrimStart('$', '.');
            details.Detail = field.Length == 0
                ? "请求内容不是有效的 JSON，请检查格式"
                : $"字段“{field}”的值无法识别：数字须为数字，日期须为有效日期（如 2026-03-01），选项须为列出的值之一";
            if (field.Length > 0)
            {
                details.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [details.Detail] };
            }
        }
        else if (status == StatusCodes.Status413PayloadTooLarge)
        {
            details.Title = "请求内容过大";
            details.Detail = "上传的内容超过了大小限制";
        }
        else
        {
            details.Detail = status == StatusCodes.Status415UnsupportedMediaType
                ? "请求内容须为 JSON（Content-Type: application/json）"
                : "参数的值无效：数字须为数字，日期须为有效日期（如 2026-03-01），编号须为有效的编号";
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }
}

/// <summary>For pages that show their own error box rather than a message beside each field.</summary>
public static class ModelStateProblems
{
    /// <summary>The Chinese messages of every value that could not be bound (a wrong type, an impossible date) or that the text rule refused.</summary>
    public static IReadOnlyList<string> Messages(this ModelStateDictionary state) => MessagesOf(state.Values);

    private static List<string> MessagesOf(IEnumerable<ModelStateEntry> entries) =>
        [.. entries.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Where(m => !string.IsNullOrEmpty(m)).Distinct(StringComparer.Ordinal)];

    /// <summary>The messages joined for one error box, or null when every value was bound.</summary>
    public static string? Summary(this ModelStateDictionary state) => state.IsValid ? null : string.Join("；", state.Messages());

    /// <summary>The same for the named fields only (a page's second form), or null when each of them was bound.</summary>
    public static string? Summary(this ModelStateDictionary state, params string[] keys)
    {
        var messages = MessagesOf(keys.Select(k => state.TryGetValue(k, out var entry) ? entry : null).OfType<ModelStateEntry>());
        return messages.Count == 0 ? null : string.Join("；", messages);
    }
}
