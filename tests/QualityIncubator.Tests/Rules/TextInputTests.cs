using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Tests.Rules;

/// <summary>The platform's one rule for typed text (<see cref="TextInput"/>): what is refused, what is kept, and the Chinese message.</summary>
public sealed class TextInputTests
{
    /// <summary>Every character the rule refuses, as the tests send them: C0 but tab/CR/LF, DEL and C1, bidi embeddings, overrides and isolates.</summary>
    public static IEnumerable<char> RefusedCharacters() =>
        Enumerable.Range(0, 0x20).Where(c => c is not (9 or 10 or 13))
            .Concat(Enumerable.Range(0x7F, 0x21))
            .Concat(Enumerable.Range(0x202A, 5))
            .Concat(Enumerable.Range(0x2066, 4))
            .Select(c => (char)c);

    [Fact]
    public void Control_and_bidi_characters_are_refused_everywhere_in_the_text()
    {
        var refused = RefusedCharacters().ToList();
        Assert.Equal(29 + 33 + 5 + 4, refused.Count);
        foreach (var c in refused)
        {
            Assert.True(TextInput.IsRefused(c), $"U+{(int)c:X4}");
            foreach (var text in new[] { $"{c}", $"质量{c}", $"{c}管理", $"质{c}量" })
            {
                var problem = TextInput.Problem(text, "组织名称");
                Assert.NotNull(problem);
                Assert.StartsWith("组织名称含有不可见的控制字符", problem, StringComparison.Ordinal);
                Assert.Contains($"U+{(int)c:X4}", problem, StringComparison.Ordinal);
                Assert.DoesNotContain(c, TextInput.Strip(text));
            }
        }
    }

    [Theory]
    [InlineData("松江区质量管理\r\n第二行\t缩进")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("O'Brien; DROP TABLE \"Experts\"; --")]
    [InlineData("emoji 👍 and 𠀀 (surrogate pairs)")]
    [InlineData("\u200B\u200D\uFEFF")]
    [InlineData("")]
    [InlineData(null)]
    public void Ordinary_text_line_breaks_tabs_markup_and_supplementary_characters_are_accepted(string? text)
    {
        Assert.Null(TextInput.Problem(text, "内容"));
        Assert.Equal(-1, TextInput.FirstRefused(text));
        if (text is not null)
        {
            Assert.Equal(text, TextInput.Strip(text));
        }
    }

    [Fact]
    public void Lone_surrogates_broken_utf16_are_refused()
    {
        // built here: a test framework's serializer would replace a lone surrogate by U+FFFD
        foreach (var text in new[] { "a" + (char)0xD800 + "b", "a" + (char)0xDC00, ((char)0xD83D).ToString(), "👍" + (char)0xDC00 })
        {
            var problem = TextInput.Problem(text, "姓名");
            Assert.NotNull(problem);
            Assert.Contains("无效的字符", problem, StringComparison.Ordinal);
            Assert.Equal(-1, TextInput.FirstRefused(TextInput.Strip(text)));
        }
    }

    [Fact]
    public void The_json_check_finds_strings_in_records_lists_and_nested_records_by_their_json_path()
    {
        var input = new Web.Applications.ApplicationInput
        {
            ContactName = "张\u0000三",
            Address = "正常地址",
            Honours = [new Web.Applications.HonourInput { Name = "荣誉\u202E称号" }],
        };
        var errors = new Dictionary<string, string[]>();
        TextInputEndpointFilter.Collect(input, "", 0, errors);
        Assert.Equal(["contactName", "honours[0].name"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("U+0000", errors["contactName"][0], StringComparison.Ordinal);
        Assert.Contains("U+202E", errors["honours[0].name"][0], StringComparison.Ordinal);
    }
}
