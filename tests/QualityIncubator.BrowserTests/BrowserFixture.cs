using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QualityIncubator.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(QualityIncubator.BrowserTests.BrowserFixture))]

namespace QualityIncubator.BrowserTests;

/// <summary>Debian's Chromium driven by Playwright (its own browser download does not work here).</summary>
public sealed class BrowserFixture : IAsyncDisposable
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _problem;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public BrowserFixture()
    {
        // CI runs these beside the integration tests on two cores and one PostgreSQL server: a page that answers in 100 ms alone
        // has taken more than Playwright's default 5 s there (a sign-in, a seal). Waiting longer changes no assertion's outcome.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("QI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The browser, or a skip (a failure under CI=true) saying why there is none.</summary>
    public async Task<IBrowser> BrowserAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is null && _problem is null)
            {
                if (!File.Exists(ChromiumPath))
                {
                    _problem = $"Chromium 不在 {ChromiumPath}，跳过浏览器测试（apt-get install chromium，或设置 QI_CHROMIUM）";
                }
                else
                {
                    try
                    {
                        _playwright = await Playwright.CreateAsync();
                        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                        {
                            ExecutablePath = ChromiumPath,
                            Headless = true,
                            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                        });
                    }
                    catch (Exception ex)
                    {
                        _problem = $"Chromium 无法启动，跳过浏览器测试：{ex.Message}";
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
        if (_problem is not null)
        {
            Requirements.Unavailable(_problem);
        }
        return _browser!;
    }

    /// <summary>The application on a real port, so the browser can reach it.</summary>
    public static async Task<(AppFactory App, string BaseUrl)> StartAppAsync(DbProvider provider)
    {
        var app = await AppFactory.CreateAsync(provider, kestrel: true);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        _gate.Dispose();
    }
}
