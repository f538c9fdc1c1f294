using System.Collections;
using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Tests.Infrastructure;

/// <summary>
/// Counts the SQL commands, and the rows they read, of one HTTP request: the request carries a header with its own id, and the
/// interceptor (one per application) adds each command run inside that request to the id's tally. Requests without the header
/// (signing in, other tests, background work) are not counted, so tests measuring in parallel do not see each other's commands.
/// </summary>
public sealed class QueryCounter : DbCommandInterceptor
{
    public const string Header = "X-Query-Bounds";

    // HttpContextAccessor keeps the current request in a static AsyncLocal: any instance reads the one the host set for this request.
    private static readonly HttpContextAccessor Accessor = new();

    private readonly ConcurrentDictionary<string, Tally> _tallies = new(StringComparer.Ordinal);

    /// <summary>What one request did in the database.</summary>
    public sealed record Measurement(System.Net.HttpStatusCode Status, string Body, int Commands, long Rows, IReadOnlyList<string> Sql)
    {
        /// <summary>The commands with the rows each read, for an assertion's message.</summary>
        public string Describe() => $"{Commands} commands, {Rows} rows read:\n" + string.Join("\n", Sql.Select((s, i) => $"[{i + 1}] {s}"));
    }

    private sealed class Tally
    {
        private int _commands;
        private long _rows;
        public ConcurrentQueue<string> Sql { get; } = new();
        public int Commands => _commands;
        public long Rows => Interlocked.Read(ref _rows);
        public void Command(string sql)
        {
            Interlocked.Increment(ref _commands);
            Sql.Enqueue(sql.Length > 600 ? sql[..600] + " …" : sql);
        }

        public void Row() => Interlocked.Increment(ref _rows);
    }

    /// <summary>Registers the counter with the application's DbContext (whichever provider): pass to <c>AppFactory.CreateAsync(provider, configure: …)</c>.</summary>
    public void Register(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddHttpContextAccessor();
        services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(this));
        services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(this));
    });

    /// <summary>Sends one request tagged with a fresh id and returns what it answered with the commands it ran.</summary>
    public async Task<Measurement> SendAsync(HttpClient http, HttpMethod method, string url)
    {
        var id = Guid.NewGuid().ToString("N");
        var tally = new Tally();
        _tallies[id] = tally;
        try
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add(Header, id);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new Measurement(response.StatusCode, body, tally.Commands, tally.Rows, [.. tally.Sql]);
        }
        finally
        {
            _tallies.TryRemove(id, out _);
        }
    }

    private Tally? Current() =>
        Accessor.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } id && _tallies.TryGetValue(id, out var tally) ? tally : null;

    private void Count(DbCommand command) => Current()?.Command(command.CommandText);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) => Counted(eventData, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(eventData, result));

    // The rows of queries are counted; SaveChanges' readers (generated keys, concurrency tokens) are left to the provider, which
    // reads them as its own reader type (Npgsql casts to NpgsqlDataReader).
    private DbDataReader Counted(CommandExecutedEventData eventData, DbDataReader result) =>
        eventData.CommandSource != CommandSource.SaveChanges && Current() is { } tally ? new CountingReader(result, tally) : result;

    /// <summary>The provider's reader, counting each row read: a list that loads every row into memory shows up here even when it pages afterwards.</summary>
    private sealed class CountingReader(DbDataReader inner, Tally tally) : DbDataReader
    {
        public override bool Read()
        {
            var more = inner.Read();
            if (more)
            {
                tally.Row();
            }
            return more;
        }

        public override async Task<bool> ReadAsync(CancellationToken cancellationToken)
        {
            var more = await inner.ReadAsync(cancellationToken);
            if (more)
            {
                tally.Row();
            }
            return more;
        }

        public override object this[int ordinal] => inner[ordinal];
        public override object this[string name] => inner[name];
        public override int Depth => inner.Depth;
        public override int FieldCount => inner.FieldCount;
        public override int VisibleFieldCount => inner.VisibleFieldCount;
        public override bool HasRows => inner.HasRows;
        public override bool IsClosed => inner.IsClosed;
        public override int RecordsAffected => inner.RecordsAffected;
        public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);
        public override byte GetByte(int ordinal) => inner.GetByte(ordinal);
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
        public override char GetChar(int ordinal) => inner.GetChar(ordinal);
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
        public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);
        public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);
        public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);
        public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);
        public override IEnumerator GetEnumerator() => ((IEnumerable)inner).GetEnumerator();
        public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);
        public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);
        public override Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken) => inner.GetFieldValueAsync<T>(ordinal, cancellationToken);
        public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);
        public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);
        public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);
        public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);
        public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);
        public override string GetName(int ordinal) => inner.GetName(ordinal);
        public override int GetOrdinal(string name) => inner.GetOrdinal(name);
        public override Type GetProviderSpecificFieldType(int ordinal) => inner.GetProviderSpecificFieldType(ordinal);
        public override object GetProviderSpecificValue(int ordinal) => inner.GetProviderSpecificValue(ordinal);
        public override int GetProviderSpecificValues(object[] values) => inner.GetProviderSpecificValues(values);
        public override DataTable? GetSchemaTable() => inner.GetSchemaTable();
        public override Stream GetStream(int ordinal) => inner.GetStream(ordinal);
        public override string GetString(int ordinal) => inner.GetString(ordinal);
        public override TextReader GetTextReader(int ordinal) => inner.GetTextReader(ordinal);
        public override object GetValue(int ordinal) => inner.GetValue(ordinal);
        public override int GetValues(object[] values) => inner.GetValues(values);
        public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);
        public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => inner.IsDBNullAsync(ordinal, cancellationToken);
        public override bool NextResult() => inner.NextResult();
        public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => inner.NextResultAsync(cancellationToken);
        public override void Close() => inner.Close();
        public override Task CloseAsync() => inner.CloseAsync();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
