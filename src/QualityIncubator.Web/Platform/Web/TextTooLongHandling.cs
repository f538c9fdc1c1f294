using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Platform.Web;

/// <summary>
/// A page whose save was refused by <see cref="TextLengthGuard"/> (text longer than its column, or a post carrying refused control characters) is shown again with the user's input and the Chinese message
/// (in the layout's message box), instead of the error page.
/// </summary>
internal sealed class TextTooLongPageFilter : IAsyncPageFilter
{
    public const string ViewDataKey = "InputProblem";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        var refusals = TextInput.Refusals(context.HttpContext);
        if (executed.Exception is TextTooLongException or RefusedInputException && !executed.ExceptionHandled && executed.HandlerInstance is PageModel page)
        {
            executed.ExceptionHandled = true;
            var message = executed.Exception is TextTooLongException tooLong ? tooLong.Message : TextLengthGuard.RefusedInputMessage;
            page.ModelState.AddModelError("", message);
            page.ViewData[ViewDataKey] = refusals.Count == 0 ? message : message + " " + string.Join("；", refusals.Distinct());
            executed.Result = page.Page();
        }
        else if (refusals.Count > 0 && executed.Result is PageResult && executed.HandlerInstance is PageModel shown)
        {
            // the page is shown again (or a search ran without the refused characters): say what was refused, whatever the page shows itself
            shown.ViewData[ViewDataKey] = string.Join("；", refusals.Distinct());
        }
    }
}

/// <summary>API answer to a text longer than its column: 400 with the Chinese message.</summary>
internal sealed class TextTooLongProblem(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not TextTooLongException tooLong || !httpContext.Request.Path.StartsWithSegments("/api") || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "填写内容有误", Detail = tooLong.Message };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }
}
