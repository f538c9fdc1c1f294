using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;

namespace QualityIncubator.Tests.Integration;

/// <summary>Every page, form handler and endpoint × every persona (anonymous, Office, experts in five states, own / other / withdrawn / exited organization) → allowed or refused.</summary>
public sealed partial class AuthorizationMatrixTests(AppFactories factories)
{
    public static TheoryData<DbProvider, string, string> Cases()
    {
        var data = new TheoryData<DbProvider, string, string>();
        foreach (var provider in Enum.GetValues<DbProvider>())
        {
            foreach (var row in AuthorizationMatrix.Rows)
            {
                data.Add(provider, row.Method, row.Pattern);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Each_persona_is_allowed_or_refused_as_the_matrix_says(DbProvider provider, string method, string pattern)
    {
        var row = AuthorizationMatrix.Rows.Single(r => r.Method == method && r.Pattern == pattern);
        var world = await MatrixWorld.GetAsync(factories, provider, "matrix");
        var url = world.Url(pattern);
        var failures = new List<string>();
        foreach (var persona in Enum.GetValues<Persona>())
        {
            var allowed = row.Allowed.Contains(persona);
            if (allowed && row.IsPageHandler)
            {
                // the handler would run: CsrfTests shows the allowed personas reach it (400 without the token, nothing changed)
                continue;
            }
            var response = await world.SendAsync(persona, row, withToken: persona != Persona.Anonymous || row.IsPageHandler);
            var status = (int)response.StatusCode;
            var refused = MatrixWorld.IsRefusal(response);
            var ok = allowed ? (method == "GET" ? status == 200 : !refused && status < 500) : refused;
            if (!ok)
            {
                failures.Add($"{persona}: expected {(allowed ? "allowed" : "refused")}, got {status} {response.Headers.Location?.OriginalString}");
            }
        }
        Assert.True(failures.Count == 0, $"{method} {url}\n" + string.Join("\n", failures) + "\n" + string.Join("\n", world.App.ServerErrors.TakeLast(3)));
    }

    /// <summary>
    /// 4.3.5 / 4.4.4.3: the withdrawn and the exited organization read their own case, application and course history, are shown why
    /// they can do no more, and every action in the programme is refused with that reason (the matrix proves the refusals row by row).
    /// </summary>
    [Theory, ClassData(typeof(Providers))]
    public async Task A_withdrawn_or_exited_organization_reads_its_own_records_and_is_told_why_it_can_act_no_more(DbProvider provider)
    {
        var world = await MatrixWorld.GetAsync(factories, provider, "matrix");
        var programme = world.Values["programmeId"];
        foreach (var (persona, caseKey, state, reason) in new[]
                 {
                     (Persona.WithdrawnOrganization, "withdrawnCaseId", "已退出", "本组织已退出本期培育孵化"),
                     (Persona.ExitedOrganization, "exitedCaseId", "已退出培育孵化库", "本组织已退出培育孵化库"),
                 })
        {
            var client = world.Clients[persona];
            var timeline = await client.GetStringAsync($"/Cases/{world.Values[caseKey]}");
            Assert.Contains(state, timeline);
            Assert.Contains("矩阵：", timeline);
            var form = await client.GetStringAsync($"/Applications/Form/{programme}");
            Assert.Contains(reason, form);
            Assert.DoesNotContain("handler=Withdraw", form);
            Assert.Contains(state, await client.GetStringAsync($"/Courses/Mine/{programme}"));
            Assert.DoesNotContain("/Courses/Material/", await client.GetStringAsync($"/Courses/Mine/{programme}"));

            var api = await client.PostJsonAsync($"/api/v1/me/programmes/{programme}/decision", new { choice = "Continue", caseVersion = 0 });
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, api.StatusCode);
            Assert.Contains(reason, await api.Content.ReadAsStringAsync());
            var page = await client.PostFormAsync($"/Assessment/SelfEvaluation/{programme}?handler=Save", []);
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("不能再办理", html);
            Assert.Contains(reason, html);
        }
    }

    /// <summary>
    /// The route table and every page's handlers, against the matrix: a new endpoint, page or form handler without a row fails here
    /// (and a row whose route no longer exists too).
    /// </summary>
    [Theory, ClassData(typeof(Providers))]
    public async Task Every_route_in_the_route_table_has_a_row_in_the_matrix(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        var covered = AuthorizationMatrix.Rows.Select(r => (r.Method, Canonical(r.Pattern))).ToHashSet();
        var exempt = AuthorizationMatrix.Exempt.Keys.Select(Canonical).ToHashSet();
        var required = await RequiredRowsAsync(app);
        var missing = required.Where(r => !exempt.Contains(r.Path.Split('?')[0]) && !covered.Contains(r)).Select(r => $"{r.Method} {r.Path}").Distinct().ToList();
        Assert.True(missing.Count == 0, "routes without a row in AuthorizationMatrix.Rows:\n" + string.Join("\n", missing));
        var middleware = AuthorizationMatrix.Middleware.Keys.Select(Canonical).ToHashSet();
        var rows = AuthorizationMatrix.Rows;
        var personas = Enum.GetValues<Persona>().Length;
        var checks = rows.Sum(r => r.IsPageHandler ? personas - r.Allowed.Length : personas);
        TestContext.Current.TestOutputHelper?.WriteLine($"{required.Count} routes and handlers, {rows.Length} rows ({rows.Count(r => !r.ChangesState)} GET, "
            + $"{rows.Count(r => r.ChangesState && !r.IsPageHandler)} API writes, {rows.Count(r => r.IsPageHandler)} form handlers) × {personas} personas: "
            + $"{checks} checks per provider here, the {rows.Sum(r => r.IsPageHandler ? r.Allowed.Length : 0)} allowed form posts in CsrfTests");
        var stale = covered.Where(c => !required.Contains(c) && !middleware.Contains(c.Item2)).Select(c => $"{c.Item1} {c.Item2}").ToList();
        Assert.True(stale.Count == 0, "rows in AuthorizationMatrix.Rows for routes that do not exist:\n" + string.Join("\n", stale));
    }

    /// <summary>(method, canonical path) for every endpoint's methods and every page's handlers (<c>?handler=name</c>).</summary>
    public static async Task<HashSet<(string Method, string Path)>> RequiredRowsAsync(AppFactory app)
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var required = new HashSet<(string, string)>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = Canonical("/" + endpoint.RoutePattern.RawText!.TrimStart('/'));
            var page = endpoint.Metadata.OfType<PageActionDescriptor>().FirstOrDefault();
            if (page is not null)
            {
                required.Add(("GET", path));
                var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods.Where(h => !string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase) || h.Name is not null))
                {
                    required.Add((handler.HttpMethod.ToUpperInvariant(), handler.Name is null ? path : $"{path}?handler={handler.Name.ToLowerInvariant()}"));
                }
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                required.Add((method, path));
            }
        }
        return required;
    }

    /// <summary>Lower case, placeholders without names or constraints, no trailing slash or /Index; of the query only the page handler.</summary>
    private static string Canonical(string pattern)
    {
        var parts = Placeholder().Replace(pattern, "{}").Split('?', 2);
        var p = parts[0].ToLowerInvariant().TrimEnd('/');
        if (p.EndsWith("/index", StringComparison.Ordinal))
        {
            p = p[..^"/index".Length];
        }
        p = p.Length == 0 ? "/" : p;
        var handler = parts.Length > 1 ? parts[1].Split('&').FirstOrDefault(q => q.StartsWith("handler=", StringComparison.OrdinalIgnoreCase)) : null;
        return handler is null ? p : $"{p}?handler={handler["handler=".Length..].ToLowerInvariant()}";
    }

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex Placeholder();
}
