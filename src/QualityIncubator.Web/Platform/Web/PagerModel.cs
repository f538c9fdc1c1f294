using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace QualityIncubator.Web.Platform.Web;

/// <summary>
/// A list's pager: page numbers and links that keep the current filters, written into the page where it stands (<c>@PagerModel.For(…)</c>).
/// The page number travels as "p" ("page" is Razor Pages' own route value); a second list on the same page pages with a parameter of its
/// own. It writes its HTML itself rather than through a partial view: on the application list the partial's lookup, view context and
/// buffers were 2.5 % of the page's processor time (bench/README.md), for four links.
/// </summary>
public sealed class PagerModel(HttpRequest request, int page, int pageCount, int total, string parameter = "p") : IHtmlContent
{
    public int Page { get; } = page;
    public int PageCount { get; } = pageCount;
    public int Total { get; } = total;

    /// <summary>The link to a page of the list: the current path and query with the page parameter replaced (the query parsed once).</summary>
    private Func<int, string> Urls()
    {
        var kept = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(kv => !string.Equals(kv.Key, parameter, StringComparison.OrdinalIgnoreCase)).ToList();
        var path = request.Path.ToString();
        return p =>
        {
            var builder = new QueryBuilder(kept) { { parameter, p.ToString(CultureInfo.InvariantCulture) } };
            return path + builder.ToQueryString().Value;
        };
    }

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(encoder);
        if (PageCount <= 1 && Total <= 0)
        {
            return;
        }
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"<nav class=\"pager\" aria-label=\"分页\">\n    <span>共 {Total} 条，第 {Page} / {PageCount} 页</span>\n"));
        var url = Urls();
        void Link(int target, string text, string? rel)
        {
            writer.Write("    <a href=\"");
            encoder.Encode(writer, url(target));
            writer.Write(rel is null ? "\">" : $"\" rel=\"{rel}\">");
            writer.Write(text);
            writer.Write("</a>\n");
        }
        if (Page > 1)
        {
            Link(1, "首页", null);
            Link(Page - 1, "上一页", "prev");
        }
        if (Page < PageCount)
        {
            Link(Page + 1, "下一页", "next");
            Link(PageCount, "末页", null);
        }
        writer.Write("</nav>\n");
    }

    public static PagerModel For<T>(HttpRequest request, PagedList<T> list, string parameter = "p") => new(request, list.Page, list.PageCount, list.Total, parameter);
}
