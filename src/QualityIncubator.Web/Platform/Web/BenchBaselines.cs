using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Platform.Web;

/// <summary>
/// The load benchmark's two baselines, measured in the same process as the pages (bench/README.md). Mapped only with
/// <c>Bench:Baselines=true</c>, for the Office: (1) a static page of a given size that touches nothing — the framework's ceiling on this
/// machine; (2) the application list's work written by hand — the same queries through the provider's own ADO.NET classes
/// (Microsoft.Data.Sqlite or Npgsql, no EF Core, no Razor) writing the same HTML table — the practical limit for that work.
/// </summary>
public static class BenchBaselines
{
    private static readonly Dictionary<int, byte[]> StaticPages = [];
    private static readonly Lock Gate = new();

    public static void MapBenchBaselines(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Bench:Baselines", false))
        {
            return;
        }
        var bench = app.MapGroup("/bench").RequireAuthorization(PlatformSetup.OfficePolicy).ExcludeFromDescription();
        bench.MapGet("/static", (int? bytes) => Results.Bytes(StaticPage(Math.Clamp(bytes ?? 20_000, 100, 2_000_000)), "text/html; charset=utf-8"));
        bench.MapGet("/applications-raw", ApplicationsRawAsync);
        // how much the JIT has compiled so far, every tier (the load benchmark warms the server until this stops growing)
        bench.MapGet("/jit", () => Results.Json(new JitProgress(System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalSeconds)));
    }

    /// <summary>Methods compiled by the JIT since the process started (a method compiled again in a higher tier counts again), and the time it took.</summary>
    public sealed record JitProgress(long Methods, double Seconds);

    private static byte[] StaticPage(int bytes)
    {
        lock (Gate)
        {
            if (!StaticPages.TryGetValue(bytes, out var page))
            {
                var html = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>基准页</title></head><body><p>");
                while (Encoding.UTF8.GetByteCount(html.ToString()) < bytes - 20)
                {
                    html.Append("培育孵化基准页面内容 ");
                }
                html.Append("</p></body></html>");
                page = Encoding.UTF8.GetBytes(html.ToString());
                StaticPages[bytes] = page;
            }
            return page;
        }
    }

    /// <summary>
    /// What <c>/Applications?programmeId=…&amp;status=…&amp;sort=name&amp;p=…</c> does, by hand: the unread-notification count of the layout,
    /// the code book (cached, as for the page), the programmes of the selector, the programme's tallies by status and decision (the counts and the filtered total, as the page), the page sorted by name (the page's ids first, then those rows, as ApplicationQueries.PageAsync),
    /// then the table as HTML (labels from the code book, China time), with the page's filter options and the layout's sign-out form and
    /// its antiforgery token.
    /// </summary>
    private static async Task ApplicationsRawAsync(HttpContext http, AppDbContext db, Guid programmeId, string? status, int? p, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var pageNumber = Math.Max(1, p ?? 1);
        const int pageSize = Paging.DefaultPageSize;
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        // the context's connection (pooled like every request's), opened and used directly: no EF query, no change tracking
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        object Id(Guid id) => postgres ? id : id.ToString().ToUpperInvariant();

        var unread = Convert.ToInt32(await ScalarAsync(connection, "SELECT COUNT(*) FROM \"Notifications\" WHERE \"UserId\" = @u AND \"ReadAt\" IS NULL", [("u", userId)], ct), CultureInfo.InvariantCulture);
        // the code book is cached for the page (CodeBook), so the same cached book serves here: neither reads the lists per request
        var book = await CodeBook.LoadAsync(db, ct);
        var programmes = new List<(Guid, string)>();
        await ReadAsync(connection, "SELECT \"Id\", \"Title\" FROM \"Programmes\" ORDER BY \"Year\" DESC, \"CreatedAt\" DESC", [], r => programmes.Add((r.GetGuid(0), r.GetString(1))), ct);
        var statusFilter = status is { Length: > 0 } ? "\"Status\" = @s" : "\"Status\" <> 'Draft'";
        var where = $"\"ProgrammeId\" = @p AND {statusFilter}";
        (string, object)[] filter = status is { Length: > 0 } ? [("p", Id(programmeId)), ("s", status)] : [("p", Id(programmeId))];
        // the programme's tallies by status and decision (kept by every save, as the page reads them): the counts and the list's total
        var byStatus = new Dictionary<string, long>();
        var byDecision = new Dictionary<string, long>();
        var total = 0L;
        await ReadAsync(connection, "SELECT \"Key\", \"Count\" FROM \"ProgrammeTallies\" WHERE \"ProgrammeId\" = @p AND \"Subject\" = 'Application' AND \"Count\" <> 0", [("p", Id(programmeId))],
            r =>
            {
                var key = r.GetString(0).Split('/');
                var count = Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture);
                byStatus[key[0]] = byStatus.GetValueOrDefault(key[0]) + count;
                if (key[0] == nameof(ApplicationStatus.Submitted))
                {
                    byDecision[key[1]] = byDecision.GetValueOrDefault(key[1]) + count;
                }
                if (status is { Length: > 0 } ? key[0] == status : key[0] != nameof(ApplicationStatus.Draft))
                {
                    total += count;
                }
            }, ct);
        var rows = new StringBuilder();
        await ReadAsync(connection,
            $"SELECT \"Id\", \"OrganizationName\", \"CreditCode\", \"Status\", \"Decision\", \"IndustryCode\", \"DistrictCode\", \"PriorityIndustryCode\", \"EmployeeCount\", \"LastYearRevenue\", \"SubmittedAt\" "
            + $"FROM \"Applications\" WHERE \"Id\" IN (SELECT \"Id\" FROM \"Applications\" WHERE {where} ORDER BY \"OrganizationName\", \"Id\" LIMIT {pageSize} OFFSET {(pageNumber - 1) * pageSize}) "
            + "ORDER BY \"OrganizationName\", \"Id\"", filter, reader =>
            {
                string Label(string list, int column) => reader.IsDBNull(column) ? "" : book.Label(list, reader.GetString(column)) ?? "";
                rows.Append("<tr><td><a href=\"/Applications/Review/").Append(reader.GetGuid(0)).Append("\">").Append(WebUtility.HtmlEncode(reader.GetString(1))).Append("</a></td><td>")
                    .Append(reader.GetString(2)).Append("</td><td>").Append(ApplicationLabels.Status(Enum.Parse<ApplicationStatus>(reader.GetString(3)))).Append("</td><td>")
                    .Append(ApplicationLabels.Decision(Enum.Parse<EligibilityDecision>(reader.GetString(4)))).Append("</td><td>")
                    .Append(WebUtility.HtmlEncode(Label(CodeLists.Industry, 5))).Append("</td><td>").Append(WebUtility.HtmlEncode(Label(CodeLists.District, 6))).Append("</td><td>")
                    .Append(WebUtility.HtmlEncode(Label(CodeLists.PriorityIndustry, 7))).Append("</td><td class=\"num\">")
                    .Append(reader.IsDBNull(8) ? "" : reader.GetInt32(8).ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">")
                    .Append(reader.IsDBNull(9) ? "" : reader.GetDecimal(9).ToString("N2", CultureInfo.InvariantCulture)).Append("</td><td>")
                    .Append(reader.IsDBNull(10) ? "" : ChinaTime.DateTimeText(DateTime.SpecifyKind(reader.GetDateTime(10), DateTimeKind.Utc))).Append("</td></tr>");
            }, ct);
        var counts = new StringBuilder();
        foreach (var (key, count) in byStatus.Concat(byDecision))
        {
            counts.Append("<div class=\"card\">").Append(key).Append("：<strong>").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</strong></div>");
        }
        var html = new StringBuilder(rows.Length + 4096)
            .Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>申请书 - 松江区政府质量奖培育孵化平台</title></head><body><header>通知（")
            .Append(unread.ToString(CultureInfo.InvariantCulture)).Append("）</header><h1>申请书</h1><form><select name=\"programmeId\">");
        foreach (var (id, title) in programmes)
        {
            html.Append("<option value=\"").Append(id).Append("\">").Append(WebUtility.HtmlEncode(title)).Append("</option>");
        }
        html.Append("</select>");
        // the page's other filters, from the same code book and labels (each option's selected state decided as the page does)
        void Options(string name, IEnumerable<(string Value, string Text)> options, string? current)
        {
            html.Append("<select name=\"").Append(name).Append("\"><option value=\"\">全部</option>");
            foreach (var (value, text) in options)
            {
                html.Append("<option value=\"").Append(WebUtility.HtmlEncode(value)).Append('"').Append(value == current ? " selected=\"selected\"" : "").Append('>')
                    .Append(WebUtility.HtmlEncode(text)).Append("</option>");
            }
            html.Append("</select>");
        }
        Options("status", Enum.GetValues<ApplicationStatus>().Select(v => (v.ToString(), ApplicationLabels.Status(v))), status);
        Options("decision", Enum.GetValues<EligibilityDecision>().Select(v => (v.ToString(), ApplicationLabels.Decision(v))), null);
        Options("industry", book.Items(CodeLists.Industry).Select(i => (i.Code, i.Code + " " + i.Label)), null);
        Options("district", book.Items(CodeLists.District).Select(i => (i.Code, i.Label)), null);
        Options("priority", book.Items(CodeLists.PriorityIndustry).Select(i => i.Group ?? "").Distinct().Select(g => (g, g)), null);
        Options("sort", ApplicationQueries.Sorts.Select(v => (v, v)), "name");
        // the layout's sign-out form carries an antiforgery token, as every page's does
        var tokens = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().GetAndStoreTokens(http);
        html.Append("<form method=\"post\" action=\"/Account/Logout\"><input name=\"").Append(tokens.FormFieldName).Append("\" type=\"hidden\" value=\"")
            .Append(tokens.RequestToken).Append("\" /><button type=\"submit\">退出登录</button></form>");
        html.Append("</form><div class=\"grid\">").Append(counts).Append("</div><table><thead><tr><th>组织名称</th><th>统一社会信用代码</th><th>状态</th><th>资格审查</th><th>行业</th><th>镇街</th><th>重点产业</th><th class=\"num\">员工</th><th class=\"num\">销售总额（万元）</th><th>提交时间</th></tr></thead><tbody>")
            .Append(rows).Append("</tbody></table><nav class=\"pager\">共 ").Append(total.ToString(CultureInfo.InvariantCulture)).Append(" 条，第 ")
            .Append(pageNumber.ToString(CultureInfo.InvariantCulture)).Append(" 页</nav></body></html>");
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(html.ToString(), ct);
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, (string, object)[] parameters, CancellationToken ct)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task ReadAsync(DbConnection connection, string sql, (string, object)[] parameters, Action<DbDataReader> row, CancellationToken ct)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }
}
