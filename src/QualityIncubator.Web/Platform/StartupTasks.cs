using Microsoft.Extensions.Options;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Demo;
using QualityIncubator.Web.Platform.Identity;

namespace QualityIncubator.Web.Platform;

public sealed record StartupCommand(string Name, bool Demo)
{
    public const string Serve = "serve";
    public const string Migrate = "migrate";
    public const string VerifyAudit = "verify-audit";

    /// <summary>Takes our own words out of the arguments; the rest goes to the host's configuration.</summary>
    public static StartupCommand Parse(string[] args, out string[] hostArgs)
    {
        var demo = args.Any(a => a is "--demo" or "--Demo");
        var name = args.FirstOrDefault(a => a is Migrate or VerifyAudit) ?? Serve;
        hostArgs = [.. args.Where(a => a is not ("--demo" or "--Demo" or Migrate or VerifyAudit))];
        return new StartupCommand(name, demo || Environment.GetEnvironmentVariable("QI_DEMO") is "1" or "true");
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
        if (command.Name == StartupCommand.VerifyAudit)
        {
            var result = await AuditVerifier.VerifyAsync(db);
            Console.WriteLine(result.Message);
            return result.Intact ? 0 : 1;
        }
        if (options.MigrateOnStartup || command.Name == StartupCommand.Migrate)
        {
            await DatabaseSetup.MigrateAsync(db);
        }
        await Applications.CodeLists.EnsureSeededAsync(db);
        // Create (or load) the data-protection key ring before the first request, so no request races to create the first key
        // while another decrypts a token made with it.
        services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("QualityIncubator.Startup").Protect("ready"u8.ToArray());
        await services.GetRequiredService<AdminBootstrap>().EnsureAsync(services.GetRequiredService<IOptions<BootstrapOptions>>().Value);
        if (command.Demo)
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync();
        }
        if (command.Name == StartupCommand.Migrate)
        {
            Console.WriteLine("数据库迁移已完成 / migrations applied");
            return 0;
        }
        return null;
    }
}
