using QualityIncubator.Web.Platform;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Tests.Rules;

public sealed class StartupTests
{
    [Fact]
    public void Our_switches_are_taken_out_of_the_host_arguments()
    {
        var command = StartupCommand.Parse(["--demo", "--urls", "http://127.0.0.1:5099"], out var hostArgs);
        Assert.True(command.Demo);
        Assert.Equal(StartupCommand.Serve, command.Name);
        Assert.Equal(["--urls", "http://127.0.0.1:5099"], hostArgs);

        var migrate = StartupCommand.Parse(["migrate"], out var rest);
        Assert.Equal(StartupCommand.Migrate, migrate.Name);
        Assert.Empty(rest);

        var recount = StartupCommand.Parse(["recount-tallies", "--Database:Provider", "Postgres"], out var hostRest);
        Assert.Equal(StartupCommand.RecountTallies, recount.Name);
        Assert.Equal(["--Database:Provider", "Postgres"], hostRest);
    }

    [Fact]
    public void The_archive_commands_take_their_argument_and_leave_the_rest_to_the_host()
    {
        var verify = StartupCommand.Parse(["verify-archive", "/backup/计划.zip", "--Storage:DataPath", "/srv/qi"], out var hostArgs);
        Assert.Equal(StartupCommand.VerifyArchive, verify.Name);
        Assert.Equal("/backup/计划.zip", verify.Argument);
        Assert.Equal(["--Storage:DataPath", "/srv/qi"], hostArgs);

        var restore = StartupCommand.Parse(["--Database:Provider", "Postgres", "restore-archive", "a.zip"], out var rest);
        Assert.Equal(StartupCommand.RestoreArchive, restore.Name);
        Assert.Equal("a.zip", restore.Argument);
        Assert.Equal(["--Database:Provider", "Postgres"], rest);

        Assert.Null(StartupCommand.Parse(["verify-archive"], out _).Argument);
    }

    [Fact]
    public void Generated_passwords_are_long_mixed_and_never_repeat()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => AdminBootstrap.GeneratePassword()).ToList();
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
        Assert.All(passwords, p =>
        {
            Assert.Equal(20, p.Length);
            Assert.Contains(p, char.IsUpper);
            Assert.Contains(p, char.IsLower);
            Assert.Contains(p, char.IsDigit);
            Assert.Contains(p, c => !char.IsLetterOrDigit(c));
        });
    }
}
