using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Tests.Rules;

/// <summary>The pager every list shows: links that keep the list's filters and replace only its own page parameter.</summary>
public sealed class PagerTests
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.BasicLatin, UnicodeRanges.CjkUnifiedIdeographs);

    private static string Render(string pathAndQuery, int page, int pageCount, int total, string parameter = "p")
    {
        var context = new DefaultHttpContext();
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        context.Request.QueryString = q < 0 ? QueryString.Empty : new QueryString(pathAndQuery[q..]);
        using var writer = new StringWriter();
        new PagerModel(context.Request, page, pageCount, total, parameter).WriteTo(writer, Encoder);
        return writer.ToString();
    }

    [Fact]
    public void A_middle_page_links_to_the_first_previous_next_and_last_keeping_the_filters()
    {
        var html = Render("/Applications?status=Submitted&sort=name&p=5&q=%E6%B5%A6%E4%B8%9C", 5, 9, 172);
        Assert.Contains("<span>共 172 条，第 5 / 9 页</span>", html);
        Assert.Contains("<a href=\"/Applications?status=Submitted&amp;sort=name&amp;q=%E6%B5%A6%E4%B8%9C&amp;p=1\">首页</a>", html);
        Assert.Contains("<a href=\"/Applications?status=Submitted&amp;sort=name&amp;q=%E6%B5%A6%E4%B8%9C&amp;p=4\" rel=\"prev\">上一页</a>", html);
        Assert.Contains("<a href=\"/Applications?status=Submitted&amp;sort=name&amp;q=%E6%B5%A6%E4%B8%9C&amp;p=6\" rel=\"next\">下一页</a>", html);
        Assert.Contains("<a href=\"/Applications?status=Submitted&amp;sort=name&amp;q=%E6%B5%A6%E4%B8%9C&amp;p=9\">末页</a>", html);
        Assert.StartsWith("<nav class=\"pager\" aria-label=\"分页\">", html, StringComparison.Ordinal);
        Assert.EndsWith("</nav>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_and_last_pages_leave_out_the_links_that_lead_nowhere()
    {
        var first = Render("/Pool/x?mp=1", 1, 3, 45, "mp");
        Assert.DoesNotContain("首页", first);
        Assert.DoesNotContain("上一页", first);
        Assert.Contains("<a href=\"/Pool/x?mp=2\" rel=\"next\">下一页</a>", first);
        var last = Render("/Pool/x?np=2&mp=3", 3, 3, 45, "mp");
        Assert.Contains("<a href=\"/Pool/x?np=2&amp;mp=2\" rel=\"prev\">上一页</a>", last);
        Assert.DoesNotContain("下一页", last);
        Assert.DoesNotContain("末页", last);
    }

    [Fact]
    public void One_page_shows_the_count_only_and_an_empty_list_shows_nothing()
    {
        var one = Render("/Experts", 1, 1, 7);
        Assert.Contains("共 7 条，第 1 / 1 页", one);
        Assert.DoesNotContain("<a ", one);
        Assert.Equal("", Render("/Experts", 1, 1, 0));
    }

    [Fact]
    public void Query_text_is_encoded_in_the_links()
    {
        var html = Render("/Applications?q=%22%3E%3Cscript%3E&p=1", 1, 2, 30);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("q=%22%3E%3Cscript%3E&amp;p=2", html);
    }
}
