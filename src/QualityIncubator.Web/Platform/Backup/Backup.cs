using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace QualityIncubator.Web.Platform.Backup;

/// <summary>What a backup holds (backup.json in the backup folder).</summary>
public sealed record BackupManifest(string Format, DateTime CreatedAt, string Provider, string DatabaseFile, long DatabaseBytes, int Files, long FileBytes)
{
    public const string FileName = "backup.json";
    public const string CurrentFormat = "qualityincubator-backup/1";
}

/// <summary>
/// A consistent backup of a running instance and its restore into an empty one. The database is copied first — SQLite through its
/// online backup API, PostgreSQL with pg_dump (one snapshot) — then the file store. Files are content-addressed and never changed,
/// so every file the database refers to was written before the database copy and is in the store when it is copied; each is
/// checked against its SHA-256 name while copied.
/// </summary>
public static class Backup
{
    private const string SqliteFile = "database.sqlite";
    private const string PostgresFile = "database.pgdump";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<BackupManifest> CreateAsync(string connectionString, bool postgres, string filesRoot, string target, CancellationToken ct)
    {
        Directory.CreateDirectory(target);
        if (Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"备份目录须为空：{target}");
        }
        var databaseFile = Path.Combine(target, postgres ? PostgresFile : SqliteFile);
        if (postgres)
        {
            await PgDumpAsync(connectionString, databaseFile, ct);
        }
        else
        {
            await using var source = new SqliteConnection(connectionString);
            await source.OpenAsync(ct);
            await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ConnectionString);
            await destination.OpenAsync(ct);
            source.BackupDatabase(destination);
        }
        var (files, bytes) = await CopyStoreAsync(filesRoot, Path.Combine(target, "files"), ct);
        var manifest = new BackupManifest(BackupManifest.CurrentFormat, DateTime.UtcNow, postgres ? "Postgres" : "Sqlite", Path.GetFileName(databaseFile),
            new FileInfo(databaseFile).Length, files, bytes);
        await File.WriteAllBytesAsync(Path.Combine(target, BackupManifest.FileName), JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct);
        return manifest;
    }

    /// <summary>Restores a backup into an empty database and file store; refuses a database that already holds tables.</summary>
    public static async Task<BackupManifest> RestoreAsync(string source, string connectionString, bool postgres, string filesRoot, CancellationToken ct)
    {
        var manifestPath = Path.Combine(source, BackupManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new IOException($"不是平台备份目录（缺少 {BackupManifest.FileName}）：{source}");
        }
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllBytesAsync(manifestPath, ct), Json)
            ?? throw new IOException("备份清单无法读取");
        if (manifest.Provider != (postgres ? "Postgres" : "Sqlite"))
        {
            throw new IOException($"该备份来自 {manifest.Provider}，不能恢复到 {(postgres ? "Postgres" : "Sqlite")}");
        }
        var databaseFile = Path.Combine(source, manifest.DatabaseFile);
        if (postgres)
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync(ct);
                await using var cmd = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
                if ((long)(await cmd.ExecuteScalarAsync(ct))! > 0)
                {
                    throw new IOException("目标数据库不是空的，未恢复");
                }
            }
            await RunAsync("pg_restore", connectionString, ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname", DatabaseName(connectionString), databaseFile], ct);
        }
        else
        {
            var target = new SqliteConnectionStringBuilder(connectionString).DataSource;
            if (File.Exists(target) && new FileInfo(target).Length > 0)
            {
                throw new IOException($"目标数据库文件已存在，未恢复：{target}");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            await using var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            await backup.OpenAsync(ct);
            await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ConnectionString);
            await destination.OpenAsync(ct);
            backup.BackupDatabase(destination);
        }
        await CopyStoreAsync(Path.Combine(source, "files"), filesRoot, ct);
        return manifest;
    }

    /// <summary>Copies the content-addressed store (xx/yy/sha256), checking each file against its name; skips work folders and archives.</summary>
    private static async Task<(int Files, long Bytes)> CopyStoreAsync(string from, string to, CancellationToken ct)
    {
        var files = 0;
        long bytes = 0;
        if (!Directory.Exists(from))
        {
            return (0, 0);
        }
        foreach (var path in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, path);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            var isContent = parts.Length == 3 && parts[2].Length == 64 && parts[2].StartsWith(parts[0] + parts[1], StringComparison.Ordinal);
            var isArchive = parts.Length == 2 && parts[0] == "archives" && parts[1].EndsWith(".zip", StringComparison.Ordinal);
            if (!isContent && !isArchive)
            {
                continue; // tmp uploads in progress, partial packages
            }
            var target = Path.Combine(to, relative);
            if (File.Exists(target))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = target + ".part";
            await using (var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous))
            await using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await input.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await output.WriteAsync(buffer.AsMemory(0, n), ct);
                    bytes += n;
                }
                if (isContent && Convert.ToHexStringLower(hash.GetHashAndReset()) != parts[2])
                {
                    throw new IOException($"存储中的文件已损坏（内容与其 SHA-256 名称不符）：{relative}");
                }
            }
            File.Move(temp, target);
            files++;
        }
        return (files, bytes);
    }

    private static Task PgDumpAsync(string connectionString, string file, CancellationToken ct) =>
        RunAsync("pg_dump", connectionString, ["--format=custom", "--no-owner", "--file", file, DatabaseName(connectionString)], ct);

    private static string DatabaseName(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database
        ?? throw new InvalidOperationException("连接字符串缺少 Database");

    /// <summary>Runs a PostgreSQL client tool with the connection's host, port, user and password.</summary>
    private static async Task RunAsync(string tool, string connectionString, string[] arguments, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--host");
        start.ArgumentList.Add(cs.Host ?? "127.0.0.1");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--username");
        start.ArgumentList.Add(cs.Username ?? "postgres");
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["PGPASSWORD"] = cs.Password ?? "";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"无法启动 {tool}");
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new IOException($"{tool} 失败（退出码 {process.ExitCode}）：{await error}");
        }
    }
}
