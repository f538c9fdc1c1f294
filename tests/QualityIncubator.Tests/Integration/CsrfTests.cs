using QualityIncubator.Tests.Infrastructure;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// CSRF: every state-changing row of the authorization matrix — each page's form handlers and each API write — sent by every persona
/// without the antiforgery token, and with a token of another session, is refused: 400 for whoever gets past authorization (the token is
/// demanded before the handler runs), the usual refusal for the others; nothing of the world changes. (WebHostTests shows the messages
/// on one form and one API call; this covers all of them.)
/// </summary>
public sealed class CsrfTests(AppFactories factories)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task Every_form_handler_and_api_write_without_a_valid_antiforgery_token_is_refused_and_changes_nothing(DbProvider provider)
    {
        var world = await MatrixWorld.GetAsync(factories, provider, "refusals");
        var before = await world.SnapshotAsync();
        var failures = new List<string>();
        var (rows, requests, demanded) = (0, 0, 0);
        foreach (var row in AuthorizationMatrix.Rows.Where(r => r.ChangesState))
        {
            rows++;
            var reached = 0;
            foreach (var persona in Enum.GetValues<Persona>())
            {
                var response = await world.SendAsync(persona, row, withToken: false);
                requests++;
                if (await IsTokenRefusalAsync(row, response))
                {
                    reached++;
                    // a token issued to another session does not do either
                    var other = persona == Persona.Office ? Persona.OwnOrganization : Persona.Office;
                    using var forged = await ForgedAsync(world, persona, row, await world.TokenAsync(other));
                    requests++;
                    if (!await IsTokenRefusalAsync(row, forged))
                    {
                        failures.Add($"{row} as {persona} with {other}'s token: {(int)forged.StatusCode} {forged.Headers.Location?.OriginalString}");
                    }
                    continue;
                }
                if (row.Allowed.Contains(persona) || !MatrixWorld.IsRefusal(response))
                {
                    failures.Add($"{row} as {persona} without the token: {(int)response.StatusCode} {response.Headers.Location?.OriginalString} (expected 400{(row.Allowed.Contains(persona) ? "" : " or a refusal")})");
                }
            }
            if (reached == 0)
            {
                failures.Add($"{row}: nobody got past authorization to the antiforgery check");
            }
            demanded += reached;
        }
        var after = await world.SnapshotAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"{rows} state-changing rows, {requests} requests without a valid token; the token was demanded {demanded} times; {before.Count} rows of the world unchanged");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(60)) + "\n" + string.Join("\n", world.App.ServerErrors.TakeLast(3)));
        Assert.True(before.SetEquals(after), "the world changed:\n" + MatrixWorld.Difference(before, after));
    }

    /// <summary>400 for the missing or wrong token: the API's problem names the token, a page answers with the Chinese 请求无效 page.</summary>
    private static async Task<bool> IsTokenRefusalAsync(MatrixRow row, HttpResponseMessage response) =>
        (int)response.StatusCode == 400 && (await response.Content.ReadAsStringAsync()).Contains(row.IsPageHandler ? "请求无效" : "防伪令牌", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> ForgedAsync(MatrixWorld world, Persona persona, MatrixRow row, string token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), world.Url(row.Pattern));
        request.Content = row.IsPageHandler ? new FormUrlEncodedContent([new("__RequestVerificationToken", token)]) : new StringContent(row.Body ?? "{}", System.Text.Encoding.UTF8, "application/json");
        if (!row.IsPageHandler)
        {
            request.Headers.Add("X-CSRF-TOKEN", token);
        }
        return await world.Clients[persona].Http.SendAsync(request);
    }
}
