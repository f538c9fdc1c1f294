using System.Text.RegularExpressions;

namespace QualityIncubator.Tests.Rules;

/// <summary>docs/traceability.md stays true: one row per clause of the standard, and every test it names exists.</summary>
public sealed partial class TraceabilityTests
{
    private static readonly string[] Clauses =
    [
        "4", "4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.2.1", "4.2.2", "4.2.3", "4.3.1", "4.3.2", "4.3.3", "4.3.4", "4.3.5",
        "4.4.1.1", "4.4.1.2", "4.4.1.3", "4.4.1.4", "4.4.2.1", "4.4.2.2", "4.4.3.1", "4.4.3.2", "4.4.3.3", "4.4.4.1", "4.4.4.2", "4.4.4.3",
        "4.5.1", "4.5.2", "4.5.3", "4.5.4", "4.5.5", "4.6.1", "4.6.2", "4.6.3", "4.6.4", "4.6.5", "4.6.6", "4.7.1", "4.7.2", "4.7.3", "4.7.4",
        "5.1.1", "5.1.2", "5.1.3", "5.2.1", "5.2.2", "5.2.3", "5.3.1", "5.3.2", "6.1", "6.2", "A", "B", "C",
    ];

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QualityIncubator.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void Every_clause_has_exactly_one_row_and_every_named_test_exists()
    {
        var root = Root();
        var rows = File.ReadAllLines(Path.Combine(root, "docs", "traceability.md"))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Clause", StringComparison.Ordinal)).Select(l => l.Split('|')).ToList();
        Assert.Equal(Clauses, rows.Select(r => r[1].Trim()));
        var sources = Directory.GetFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Select(File.ReadAllText).ToList();
        var missing = new List<string>();
        foreach (var row in rows)
        {
            foreach (Match m in TestName().Matches(row[4]))
            {
                var (cls, method) = (m.Groups[1].Value, m.Groups[2].Value);
                if (!sources.Any(s => s.Contains($"class {cls}", StringComparison.Ordinal) && Regex.IsMatch(s, $@"\b{method}\(")))
                {
                    missing.Add($"{row[1].Trim()}: {cls}.{method}");
                }
            }
            // A row that points at code must name the tests that prove it.
            Assert.True(!row[3].Contains('`', StringComparison.Ordinal) || TestName().IsMatch(row[4]), $"clause {row[1].Trim()} names code but no test");
        }
        Assert.True(missing.Count == 0, "tests named in docs/traceability.md that do not exist:\n" + string.Join("\n", missing));
    }

    [GeneratedRegex(@"(\w+Tests)\.(\w+)")]
    private static partial Regex TestName();
}
