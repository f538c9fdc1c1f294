using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace QualityIncubator.Web.Platform.Web;

/// <summary>
/// What the pager partial needs: page numbers and links that keep the current filters. The page number travels as "p" ("page" is Razor
/// Pages' own route value); a second list on the same page pages with a parameter of its own.
/// </summary>
public sealed class PagerModel(HttpRequest request, int page, int pageCount, int total, string parameter = "p")
{
    public int Page { get; } = page;
    public int PageCount { get; } = pageCount;
    public int Total { get; } = total;

    public string Url(int page)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        var builder = new QueryBuilder(query.Where(kv => !string.Equals(kv.Key, parameter, StringComparison.OrdinalIgnoreCase)));
        builder.Add(parameter, page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request.Path + builder.ToQueryString().Value;
    }

    public static PagerModel For<T>(HttpRequest request, PagedList<T> list, string parameter = "p") => new(request, list.Page, list.PageCount, list.Total, parameter);
}
