using QualityIncubator.Web;
using QualityIncubator.Web.Platform;

// Commands: (none) serve the site; `migrate` apply migrations and exit; `verify-audit` check the audit chain and exit;
// `recount-tallies` count the programmes' tallies afresh from the records and exit (the rest: StartupCommand).
// Switch: `--demo` also loads the labelled demo programme (演示).
// The composition (every stage's services, pages and endpoints) is in QualityIncubatorApp, shared with the tools in bench/.
var command = StartupCommand.Parse(args, out var hostArgs);
var app = QualityIncubatorApp.Create(hostArgs);

var exitCode = await StartupTasks.RunAsync(app, command);
if (exitCode is { } code)
{
    return code;
}

QualityIncubatorApp.MapEndpoints(app);

await app.RunAsync();
return 0;

public partial class Program;
