using Microsoft.AspNetCore.Diagnostics;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Platform.Web;

/// <summary>API answer to a write refused by the seal (6.1–6.2): 409 with the Chinese reason and the retention date.</summary>
internal sealed class SealedArchiveProblem(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not SealedArchiveException refusal || !httpContext.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status409Conflict;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "档案已封存", Detail = refusal.Message };
        if (refusal.RetainUntil is { } until)
        {
            details.Extensions["retainUntil"] = ChinaTime.DateText(until);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }
}
