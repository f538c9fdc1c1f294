using System.Globalization;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.ScaleData;

public enum ScaleProvider
{
    Sqlite,
    Postgres,
}

/// <summary>What to generate and where.</summary>
public sealed class ScaleOptions
{
    public const int DefaultSeed = 19580;

    public ScaleSize Size { get; init; } = ScaleSize.City;

    /// <summary>Same seed, size and as-of date: the same data set (names, codes, answers, scores, dates, counts).</summary>
    public int Seed { get; init; } = DefaultSeed;

    public ScaleProvider Provider { get; init; } = ScaleProvider.Sqlite;

    /// <summary>SQLite: optional (default {DataPath}/qualityincubator.db, where the site finds it). PostgreSQL: default a local qi_bench_{size} database.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The data folder (Storage:DataPath): the SQLite file, the file store and scale.json.</summary>
    public required string DataPath { get; init; }

    /// <summary>The day the data set describes (China date); the current year's programmes stand where they would be on it. Default: today.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Delete the database and the file store first (otherwise a database that already holds programmes is refused).</summary>
    public bool Reset { get; init; }

    /// <summary>The password of every generated login and of the Office administrator; default derived from the seed.</summary>
    public string? Password { get; init; }

    /// <summary>About this many records per save.</summary>
    public int BatchSize { get; init; } = 500;

    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=qi_test;Password=qi_test;Database=postgres";

    public string ResolvedPassword => Password ?? string.Create(CultureInfo.InvariantCulture, $"Scale-{Seed}-bench");

    public DateOnly ResolvedAsOf => AsOf ?? ChinaTime.Today(TimeProvider.System);

    public string FullDataPath => Path.GetFullPath(DataPath);

    public string ResolvedConnectionString => ConnectionString is { Length: > 0 } cs ? cs
        : Provider == ScaleProvider.Postgres
            ? new Npgsql.NpgsqlConnectionStringBuilder(DefaultPostgres) { Database = $"qi_bench_{Size.Name}" }.ConnectionString
            : $"Data Source={Path.Combine(FullDataPath, "qualityincubator.db")};Pooling=true";
}
