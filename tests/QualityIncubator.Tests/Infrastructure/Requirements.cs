namespace QualityIncubator.Tests.Infrastructure;

/// <summary>Tests that need PostgreSQL or Chromium skip with a visible reason on a developer's machine and fail under CI=true.</summary>
public static class Requirements
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Unavailable(string reason)
    {
        if (InCi)
        {
            Assert.Fail($"CI=true: a skip is a failure. {reason}");
        }
        Assert.Skip(reason);
    }
}
