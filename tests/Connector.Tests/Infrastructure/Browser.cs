using Microsoft.Playwright;

namespace Connector.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright: one browser per test class, a fresh context per test.
/// Playwright's own browser download cannot work here, so the executable is always the system one.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    IPlaywright? playwright;
    IBrowser? browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/test.sh, which installs Debian's chromium.");
        playwright = await Playwright.CreateAsync();
        // The suite runs browser classes side by side on two cores, where a form post can take seconds: expectations
        // wait as long as actions do (15 s), not Playwright's default 5 s. A wait is still bounded; a wrong page still fails.
        Assertions.SetDefaultExpectTimeout(15_000);
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>Runs a test in a fresh page; on failure saves a screenshot and a trace under tests/artifacts.</summary>
    public async Task RunAsync(string testName, Func<IPage, Task> test)
    {
        await using var context = await browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await context.Tracing.StartAsync(new() { Screenshots = true, Snapshots = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        try
        {
            await test(page);
            await context.Tracing.StopAsync();
        }
        catch
        {
            var artifacts = Path.Combine(RepositoryRoot.Path, "tests", "artifacts");
            Directory.CreateDirectory(artifacts);
            await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, testName + ".png"), FullPage = true });
            await context.Tracing.StopAsync(new() { Path = Path.Combine(artifacts, testName + ".trace.zip") });
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
