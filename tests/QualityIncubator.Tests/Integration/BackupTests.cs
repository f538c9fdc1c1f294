using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Programmes;
using WebBackup = QualityIncubator.Web.Platform.Backup.Backup;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// Nothing lost: a backup taken while the site keeps writing restores into an empty instance with every record that existed when
/// it began and every file, byte for byte; the restored audit chain verifies and the Office signs in there.
/// </summary>
public sealed class BackupTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task A_backup_taken_while_the_site_writes_restores_every_record_and_file_and_the_audit_chain_verifies(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        var programme = await app.CreateProgrammeAsync(ProgrammeStage.Mobilization, "备份计划");
        var before = new List<Guid>();
        var files = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (org, caseId) = await app.CreateCaseAsync(programme, $"备份组织{i}");
            before.Add(caseId);
            files.Add(await app.WithScopeAsync(async s =>
            {
                var saved = await s.GetRequiredService<FileStore>().SaveAsync(new MemoryStream([.. FileTypesTests.Pdf(), (byte)i]), $"证明{i}.pdf", nameof(Case), caseId, org, programme, "证明材料");
                await s.GetRequiredService<AppDbContext>().SaveChangesAsync();
                return saved.Attachment!.Sha256;
            }));
        }
        var (filesRoot, sourceEvents) = await app.WithScopeAsync(async s =>
            (s.GetRequiredService<FileStore>().Root, await s.GetRequiredService<AppDbContext>().AuditEvents.CountAsync()));

        // the site keeps writing while the backup runs
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await app.CreateCaseAsync(programme, $"写入中{Interlocked.Increment(ref writes)}");
            }
        });
        while (Volatile.Read(ref writes) == 0)
        {
            await Task.Delay(10);
        }
        var target = Path.Combine(app.DataPath, "backup-" + Guid.NewGuid().ToString("N")[..6]);
        var manifest = await WebBackup.CreateAsync(app.ConnectionString, provider == DbProvider.Postgres, filesRoot, target, CancellationToken.None);
        await stop.CancelAsync();
        await writer;
        Assert.Equal(5, manifest.Files);

        var (cs, dataPath) = await AppFactory.EmptyDatabaseAsync(provider);
        var restoredRoot = Path.Combine(dataPath, "files");
        await WebBackup.RestoreAsync(target, cs, provider == DbProvider.Postgres, restoredRoot, CancellationToken.None);
        await using var restored = AppFactory.Open(provider, cs, dataPath);

        var (cases, events, chain) = await restored.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Cases.Where(c => c.ProgrammeId == programme).Select(c => c.Id).ToListAsync(), await db.AuditEvents.CountAsync(), await AuditVerifier.VerifyAsync(db));
        });
        Assert.All(before, id => Assert.Contains(id, cases));
        Assert.True(events >= sourceEvents, $"{events} < {sourceEvents}");
        Assert.True(chain.Intact, chain.Message);
        foreach (var sha in files)
        {
            var path = Path.Combine(restoredRoot, sha[..2], sha[2..4], sha);
            Assert.True(File.Exists(path), sha);
            Assert.Equal(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path))));
        }
        using var office = await TestClient.OfficeAsync(restored);
        // searched by name: the cases written during the backup sort before it and may fill the first page (how many depends on speed)
        var page = await office.Http.GetAsync($"/Programmes/Details/{programme}?q={Uri.EscapeDataString("备份组织0")}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("备份组织0", await page.Content.ReadAsStringAsync());
        // a file restored is downloadable through the restored instance
        var attachment = await restored.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attachments.Where(a => a.Sha256 == files[0]).Select(a => a.Id).SingleAsync());
        Assert.Equal(FileTypesTests.Pdf().Append((byte)0).ToArray(), await office.Http.GetByteArrayAsync($"/files/{attachment}"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_backup_is_not_restored_over_a_database_that_holds_data(DbProvider provider)
    {
        await using var app = await AppFactory.CreateAsync(provider);
        var filesRoot = await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<FileStore>().Root));
        var target = Path.Combine(app.DataPath, "backup-" + Guid.NewGuid().ToString("N")[..6]);
        await WebBackup.CreateAsync(app.ConnectionString, provider == DbProvider.Postgres, filesRoot, target, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<IOException>(() => WebBackup.RestoreAsync(target, app.ConnectionString, provider == DbProvider.Postgres, filesRoot, CancellationToken.None));
        Assert.Contains("未恢复", refused.Message);
        var again = await Assert.ThrowsAsync<IOException>(() => WebBackup.CreateAsync(app.ConnectionString, provider == DbProvider.Postgres, filesRoot, target, CancellationToken.None));
        Assert.Contains("备份目录须为空", again.Message);
    }
}
