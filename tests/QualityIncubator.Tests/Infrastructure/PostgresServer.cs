using Npgsql;

namespace QualityIncubator.Tests.Infrastructure;

/// <summary>The PostgreSQL server for tests: QI_TEST_POSTGRES, or a local default. Each factory gets a database of its own.</summary>
public static class PostgresServer
{
    public const string DefaultConnection = "Host=127.0.0.1;Port=5432;Username=qi_test;Password=qi_test;Database=postgres;Timeout=5";

    public static string AdminConnection => Environment.GetEnvironmentVariable("QI_TEST_POSTGRES") is { Length: > 0 } cs ? cs : DefaultConnection;

    private static readonly Lazy<Task<string?>> Problem = new(CheckAsync);

    /// <summary>Null when the server answers; otherwise why it cannot be used.</summary>
    public static Task<string?> UnavailableReasonAsync() => Problem.Value;

    private static async Task<string?> CheckAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnection);
            await connection.OpenAsync();
            return null;
        }
        catch (Exception ex)
        {
            return $"PostgreSQL 不可用，跳过 PostgreSQL 测试（设置 QI_TEST_POSTGRES 或运行 .ci/run）：{ex.GetType().Name}: {ex.Message}";
        }
    }

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "qi_test_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(AdminConnection);
        await connection.OpenAsync();
        await using (var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        // each test instance keeps its own pool small: many instances share one server in a test run
        return new NpgsqlConnectionStringBuilder(AdminConnection) { Database = name, Timeout = 15, MaxPoolSize = 30 }.ConnectionString;
    }

    /// <summary>
    /// Drops a test database. A server process of another role (autovacuum) may hold it for a moment and FORCE may not end it:
    /// try a few times, then leave it — a leftover test database harms no test, and cleaning up must not fail one.
    /// </summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnection);
                await connection.OpenAsync();
                await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException) when (attempt < 5)
            {
                await Task.Delay(200 * attempt);
            }
            catch (PostgresException)
            {
                return;
            }
        }
    }
}
