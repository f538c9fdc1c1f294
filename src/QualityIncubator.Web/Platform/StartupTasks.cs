using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Demo;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Platform;

public sealed record StartupCommand(string Name, bool Demo, string? Argument = null)
{
    public const string Serve = "serve";
    public const string Migrate = "migrate";
    public const string VerifyAudit = "verify-audit";

    /// <summary>`recount-tallies`: counts every programme's tallies afresh from the records (after records were changed outside the product).</summary>
    public const string RecountTallies = "recount-tallies";

    /// <summary>`verify-archive {programme id | package.zip}`: recomputes every checksum of a sealed archive (6.1).</summary>
    public const string VerifyArchive = "verify-archive";

    /// <summary>`restore-archive {package.zip}`: brings a sealed programme back, read-only, into this instance.</summary>
    public const string RestoreArchive = "restore-archive";

    /// <summary>`backup {empty folder}`: a consistent copy of the database and the file store while the site runs.</summary>
    public const string BackupCommand = "backup";

    /// <summary>`restore-backup {folder}`: restores a backup into an empty database and file store, then applies migrations.</summary>
    public const string RestoreBackup = "restore-backup";

    private static readonly HashSet<string> WithArgument = [VerifyArchive, RestoreArchive, BackupCommand, RestoreBackup];

    /// <summary>Takes our own words out of the arguments; the rest goes to the host's configuration.</summary>
    public static StartupCommand Parse(string[] args, out string[] hostArgs)
    {
        var demo = args.Any(a => a is "--demo" or "--Demo");
        var index = Array.FindIndex(args, a => a is Migrate or VerifyAudit or RecountTallies || WithArgument.Contains(a));
        var name = index < 0 ? Serve : args[index];
        string? argument = null;
        var skip = new HashSet<int>();
        if (index >= 0)
        {
            skip.Add(index);
            if (WithArgument.Contains(name) && index + 1 < args.Length)
            {
                argument = args[index + 1];
                skip.Add(index + 1);
            }
        }
        hostArgs = [.. args.Where((a, i) => !skip.Contains(i) && a is not ("--demo" or "--Demo"))];
        return new StartupCommand(name, demo || Environment.GetEnvironmentVariable("QI_DEMO") is "1" or "true", argument);
    }
}

public static class StartupTasks
{
    /// <summary>Prepares the database; returns an exit code when the command is not "serve".</summary>
    public static async Task<int?> RunAsync(WebApplication app, StartupCommand command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var options = services.GetRequiredService<DatabaseOptions>();
        var filesRoot = services.GetRequiredService<Files.FileStore>().Root;
        if (command.Name is StartupCommand.BackupCommand or StartupCommand.RestoreBackup && string.IsNullOrWhiteSpace(command.Argument))
        {
            Console.Error.WriteLine($"用法：{command.Name} 备份目录");
            return 2;
        }
        if (command.Name == StartupCommand.BackupCommand)
        {
            var made = await Backup.Backup.CreateAsync(db.Database.GetConnectionString()!, options.IsPostgres, filesRoot, Path.GetFullPath(command.Argument!), CancellationToken.None);
            Console.WriteLine($"备份完成：数据库 {made.DatabaseBytes:N0} 字节，{made.Files} 个文件（{made.FileBytes:N0} 字节）→ {Path.GetFullPath(command.Argument!)}");
            return 0;
        }
        if (command.Name == StartupCommand.RestoreBackup)
        {
            var restored = await Backup.Backup.RestoreAsync(Path.GetFullPath(command.Argument!), db.Database.GetConnectionString()!, options.IsPostgres, filesRoot, CancellationToken.None);
            Console.WriteLine($"已恢复 {ChinaTimeText(restored.CreatedAt)} 的备份：{restored.Files} 个文件");
        }
        if (command.Name == StartupCommand.VerifyAudit)
        {
            var result = await AuditVerifier.VerifyAsync(db);
            Console.WriteLine(result.Message);
            return result.Intact ? 0 : 1;
        }
        if (command.Name == StartupCommand.VerifyArchive)
        {
            return await VerifyArchiveAsync(services, command.Argument);
        }
        if (options.MigrateOnStartup || command.Name is StartupCommand.Migrate or StartupCommand.RestoreBackup)
        {
            await DatabaseSetup.MigrateAsync(db);
        }
        await Applications.CodeLists.EnsureSeededAsync(db);
        // uploads a stopped process left between its record's commit and the file store are finished or dropped
        await services.GetRequiredService<Files.PendingFiles>().RecoverAsync(db);
        // Create (or load) the data-protection key ring before the first request, so no request races to create the first key
        // while another decrypts a token made with it.
        services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("QualityIncubator.Startup").Protect("ready"u8.ToArray());
        await services.GetRequiredService<AdminBootstrap>().EnsureAsync(services.GetRequiredService<IOptions<BootstrapOptions>>().Value);
        if (command.Demo)
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync();
        }
        if (command.Name is StartupCommand.Migrate or StartupCommand.RestoreBackup)
        {
            Console.WriteLine("数据库迁移已完成 / migrations applied");
            return 0;
        }
        if (command.Name == StartupCommand.RecountTallies)
        {
            await ProgrammeTallies.RecountAsync(db, CancellationToken.None);
            Console.WriteLine($"已重新统计各培育计划的计数：{await db.Tallies.CountAsync()} 项");
            return 0;
        }
        if (command.Name == StartupCommand.RestoreArchive)
        {
            if (string.IsNullOrWhiteSpace(command.Argument))
            {
                Console.Error.WriteLine("用法：restore-archive 档案包.zip");
                return 2;
            }
            var restored = await services.GetRequiredService<Archive.ArchiveRestorer>().RestoreAsync(Path.GetFullPath(command.Argument), CancellationToken.None);
            Console.WriteLine(restored.Message);
            return restored.Succeeded ? 0 : 1;
        }
        return null;
    }

    private static string ChinaTimeText(DateTime utc) => Web.ChinaTime.DateTimeText(utc);

    private static async Task<int> VerifyArchiveAsync(IServiceProvider services, string? argument)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            Console.Error.WriteLine("用法：verify-archive 培育计划ID | 档案包.zip");
            return 2;
        }
        Archive.ArchiveVerification? result;
        if (Guid.TryParse(argument, out var programmeId))
        {
            result = await services.GetRequiredService<Archive.ArchiveVerifier>().VerifyAsync(programmeId, CancellationToken.None);
            if (result is null)
            {
                Console.Error.WriteLine("该培育计划尚未封存归档");
                return 2;
            }
        }
        else
        {
            await using var stream = File.OpenRead(Path.GetFullPath(argument));
            var check = await Archive.ArchiveVerifier.VerifyPackageAsync(stream, CancellationToken.None);
            result = new Archive.ArchiveVerification(check.Problems.Count == 0, check.Problems, check.EntriesChecked, check.AuditEventsChecked);
        }
        Console.WriteLine(result.Summary);
        foreach (var problem in result.Problems)
        {
            Console.WriteLine($"  {problem.Path}：{problem.Text}");
        }
        return result.Intact ? 0 : 1;
    }
}
