using Npgsql;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Tests.Rules;

public sealed class DatabaseSetupTests
{
    [Fact]
    public void A_PostgreSQL_connection_string_skips_the_reset_of_pooled_connections_prepares_repeated_statements_and_keeps_everything_else()
    {
        var result = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Port=5433;Database=qi;Username=u;Password=p;Maximum Pool Size=40"));

        Assert.True(result.NoResetOnClose);
        Assert.Equal(DatabaseSetup.MaxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal(("db", 5433, "qi", "u", "p", 40), (result.Host, result.Port, result.Database, result.Username, result.Password, result.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Database=qi;No Reset On Close=false")]
    [InlineData("Host=db;Database=qi;NoResetOnClose=false")]
    public void A_setting_the_operator_chose_is_kept(string configured) =>
        Assert.False(new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured)).NoResetOnClose);

    [Fact]
    public void A_password_that_reads_like_a_setting_does_not_keep_the_defaults_out()
    {
        var result = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Database=qi;Password=NoResetOnClose-MaxAutoPrepare"));

        Assert.True(result.NoResetOnClose);
        Assert.Equal(DatabaseSetup.MaxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal("NoResetOnClose-MaxAutoPrepare", result.Password);
    }

    [Theory]
    [InlineData("Host=db;Database=qi;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=qi;MaxAutoPrepare=200", 200)]
    public void The_operators_own_auto_prepare_setting_is_kept(string configured, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured)).MaxAutoPrepare);

    [Theory]
    [InlineData("Host=127.0.0.1;Database=qi")]
    [InlineData("Host=localhost;Port=5433;Database=qi")]
    [InlineData("Host=::1;Database=qi")]
    [InlineData("Host=127.0.0.2,localhost:5433;Database=qi")]
    public void A_database_on_this_machines_loopback_is_reached_without_tls(string configured) =>
        Assert.Equal(SslMode.Disable, new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured)).SslMode);

    [Theory]
    [InlineData("Host=db;Database=qi", SslMode.Prefer)]
    [InlineData("Host=10.0.0.5;Database=qi", SslMode.Prefer)]
    [InlineData("Host=localhost,db;Database=qi", SslMode.Prefer)]
    [InlineData("Host=127.0.0.1;Database=qi;SSL Mode=Require", SslMode.Require)]
    [InlineData("Host=localhost;Database=qi;SslMode=VerifyFull", SslMode.VerifyFull)]
    [InlineData("Host=/var/run/postgresql;Database=qi", SslMode.Prefer)]
    public void Any_other_host_or_the_operators_own_tls_setting_keeps_its_mode(string configured, SslMode expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured)).SslMode);
}
