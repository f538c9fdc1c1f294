namespace QualityIncubator.Tests.Infrastructure;

public enum DbProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Every integration test runs once per database provider.</summary>
public sealed class Providers : TheoryData<DbProvider>
{
    public Providers()
    {
        Add(DbProvider.Sqlite);
        Add(DbProvider.Postgres);
    }
}
