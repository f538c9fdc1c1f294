using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace QualityIncubator.Tests.Infrastructure;

/// <summary>A browser-like HTTP client: keeps cookies, reads antiforgery tokens from forms, sends the API's CSRF header.</summary>
public sealed partial class TestClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public static TestClient For(AppFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public static async Task<TestClient> SignedInAsync(AppFactory factory, string userName, string password)
    {
        var client = For(factory);
        var response = await client.SignInAsync(userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static Task<TestClient> OfficeAsync(AppFactory factory) => SignedInAsync(factory, AppFactory.AdminUserName, AppFactory.AdminPassword);

    public async Task<HttpResponseMessage> SignInAsync(string userName, string password) =>
        await PostFormAsync("/Account/Login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });

    public async Task<string> GetStringAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode}: {body[..Math.Min(500, body.Length)]}");
        return body;
    }

    /// <summary>Opens the page that holds the form (or <paramref name="formPage"/>), takes its antiforgery token and posts the fields.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string?> fields, string? formPage = null)
    {
        var page = await Http.GetAsync(formPage ?? StripHandler(url));
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {formPage ?? url} ({(int)page.StatusCode})");
        fields["__RequestVerificationToken"] = token.Groups[1].Value;
        return await Http.PostAsync(url, new FormUrlEncodedContent(fields.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value ?? ""))));
    }

    /// <summary>Posts a multipart form with one file, as a browser's file input does, with the token of <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string url, string formPage, string field, byte[] content, string fileName, Dictionary<string, string>? fields = null)
    {
        var html = await GetStringAsync(formPage);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, field, fileName);
        foreach (var (name, value) in fields ?? [])
        {
            form.Add(new StringContent(value), name);
        }
        form.Add(new StringContent(TokenPattern().Match(html).Groups[1].Value), "__RequestVerificationToken");
        return await Http.PostAsync(url, form);
    }

    public async Task<string> CsrfTokenAsync()
    {
        var response = await Http.GetFromJsonAsync<Dictionary<string, string>>("/api/v1/antiforgery");
        return response!["token"];
    }

    public async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string url, object? body, bool withCsrf = true)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (withCsrf)
        {
            request.Headers.Add("X-CSRF-TOKEN", await CsrfTokenAsync());
        }
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string url, object? body, bool withCsrf = true) => SendJsonAsync(HttpMethod.Post, url, body, withCsrf);

    /// <summary>The antiforgery token a page's form carries (for posting several forms loaded earlier at one moment).</summary>
    public static string TokenOf(string html) => TokenPattern().Match(html).Groups[1].Value;

    private static string StripHandler(string url) => url.Split('?')[0];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public void Dispose() => Http.Dispose();
}
