using System.Text.RegularExpressions;

namespace QualityIncubator.Tests.Rules;

/// <summary>The content security policy allows no inline styles or scripts: pages carry none, so nothing is silently dropped by the browser.</summary>
public sealed partial class MarkupTests
{
    [GeneratedRegex(@"\sstyle\s*=\s*""|\son[a-z]+\s*=\s*""|<script(?![^>]*\bsrc=)", RegexOptions.IgnoreCase)]
    private static partial Regex Inline();

    [Fact]
    public void No_page_has_an_inline_style_attribute_event_handler_or_script()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QualityIncubator.slnx")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        var pages = Directory.GetFiles(Path.Combine(dir.FullName, "src"), "*.cshtml", SearchOption.AllDirectories);
        Assert.NotEmpty(pages);
        var found = pages.SelectMany(p => File.ReadAllLines(p).Select((line, i) => (p, i, line)))
            .Where(x => Inline().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(dir.FullName, x.p)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.True(found.Count == 0, "inline style, handler or script:\n" + string.Join("\n", found));
    }
}
