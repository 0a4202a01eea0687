using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Tests.EndToEnd;

/// <summary>
/// The three steps guide an admin: Test and Full Import wait for Build, nothing starts while a run is
/// active (and a Test asked for during a Full Import says it did not start), Cancel asks first; and the
/// pages hold in an 800 px frame.
/// </summary>
public sealed class GuidedStepsTests(ConnectWorld<GuidedStepsTests> world, Browser browser)
    : IClassFixture<ConnectWorld<GuidedStepsTests>>, IClassFixture<Browser>
{
    [Fact]
    public Task Test_and_Full_Import_wait_for_Build_and_for_the_running_import_and_Cancel_asks_first() =>
        browser.RunAsync(nameof(Test_and_Full_Import_wait_for_Build_and_for_the_running_import_and_Cancel_asks_first), async page =>
        {
            world.Site("globex").People = new DataSet { Users = 1_500, Seed = 5 };
            var connection = await world.ConnectionFromJiraAsync("acme", "globex", Destination.Customers);
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/admin/connections");
            var app = page.FrameLocator("#app-frame");
            var test = app.GetByRole(AriaRole.Button, new() { Name = $"Step 2: Test import of {connection.Name}" });
            var full = app.GetByRole(AriaRole.Button, new() { Name = $"Step 3: Full Import of {connection.Name}" });

            await Expect(test).ToBeDisabledAsync();
            await Expect(full).ToBeDisabledAsync();
            await Expect(app.GetByText("Run Build first: it creates the detail fields this mapping needs.")).ToBeVisibleAsync();

            await app.GetByRole(AriaRole.Button, new() { Name = $"Step 1: Build fields for {connection.Name}" }).ClickAsync();
            await Expect(app.GetByRole(AriaRole.Button, new() { Name = "Step 2: Test with 10 records" })).ToBeVisibleAsync();
            await app.GetByRole(AriaRole.Link, new() { Name = "← Connections" }).ClickAsync();
            await Expect(app.GetByRole(AriaRole.Button, new() { Name = $"Step 1: Build fields for {connection.Name} (done)" })).ToBeVisibleAsync();
            await Expect(app.GetByText("Next: Test")).ToBeVisibleAsync();
            await Expect(test).ToBeEnabledAsync();

            // A slow destination keeps the Full Import running while the admin looks around.
            await world.SetFaultsAsync("acme", new FaultSettings { LatencyMs = 40 });
            try
            {
                await full.ClickAsync();
                await Expect(app.Locator("[data-field=summary]")).ToContainTextAsync("records read so far");
                var cancel = app.GetByRole(AriaRole.Button, new() { Name = "Cancel import" });
                await cancel.ClickAsync();
                var dialog = app.GetByRole(AriaRole.Dialog, new() { Name = "Cancel this import?" });
                await Expect(dialog).ToBeVisibleAsync();
                await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it running" }).ClickAsync();
                await Expect(dialog).ToBeHiddenAsync();
                await Expect(cancel).ToBeFocusedAsync();

                await app.GetByRole(AriaRole.Link, new() { Name = "← Connections" }).ClickAsync();
                await Expect(test).ToBeDisabledAsync();
                await Expect(full).ToBeDisabledAsync();
                await Expect(app.GetByText("A Full Import is running.")).ToBeVisibleAsync();

                // A page opened before the run started can still post a Test: it does not start, and says so.
                var admin = await AppSession.OpenAsync(world, "acme");
                var (_, html) = await admin.PostAsync($"/connections/{connection.Id}/run?kind=Test", []);
                Assert.Contains("The Test did not start: this Full Import of the connection is running.", html);

                await app.GetByRole(AriaRole.Link, new() { Name = "See its progress" }).ClickAsync();
                await cancel.ClickAsync();
                await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel import" }).ClickAsync();
                await Expect(app.Locator("#run[data-active=false] [data-field=status]")).ToHaveTextAsync("Cancelled", new() { Timeout = 60_000 });
                await Expect(app.Locator("[data-field=status]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("lozenge-neutral"));
                await Expect(app.Locator("[data-field=bar]")).ToHaveClassAsync("bar-cancelled");
            }
            finally
            {
                await world.ClearFaultsAsync("acme");
            }
        });

    /// <summary>The README's screenshots come from here, so they show what the pages really are.</summary>
    static readonly string[] Pictured = ["/connections", "/sources", "/runs/"];

    [Fact]
    public Task In_an_800_px_frame_every_action_is_in_view_and_nothing_scrolls_sideways() =>
        browser.RunAsync(nameof(In_an_800_px_frame_every_action_is_in_view_and_nothing_scrolls_sideways), async page =>
        {
            var connection = await world.ConnectionFromJiraAsync("initech", "globex");
            await world.BuildAsync("initech", connection.Id);
            var run = await world.WaitForRunAsync((await world.StartRunAsync("initech", connection.Id, Connector.Web.Imports.RunKind.Test)).Run.Id);
            await page.SetViewportSizeAsync(800, 900);
            // UPDATE_SCREENSHOTS=1 scripts/test.sh refreshes the README's pictures; otherwise they land with the test artifacts.
            var screenshots = Directory.CreateDirectory(Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
                ? System.IO.Path.Combine(RepositoryRoot.Path, "docs", "screenshots")
                : System.IO.Path.Combine(RepositoryRoot.Path, "tests", "artifacts", "screenshots")).FullName;

            foreach (var path in new[] { "/connections", "/sources", "/activity", "/settings", "/audit", "/getting-started", $"/runs/{run.Id}", $"/connections/edit/{connection.Id}" })
            {
                await page.GotoAsync(world.FrameUrl("initech", path));
                await Expect(page.Locator("h1")).ToBeVisibleAsync();
                if (Pictured.FirstOrDefault(p => path == p || (p.EndsWith('/') && path.StartsWith(p, StringComparison.Ordinal))) is { } pictured)
                    await ScreenshotsAsync(page, System.IO.Path.Combine(screenshots, pictured.Trim('/')));
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow} px at 800 px");
                var outside = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll("main button, main a.button, main input[type=submit], main td a")]
                      .filter(e => e.offsetParent !== null && !e.closest("dialog:not([open])"))
                      .filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > document.documentElement.clientWidth; })
                      .map(e => (e.getAttribute("aria-label") || e.textContent).trim())
                    """);
                Assert.True(outside.Length == 0, $"{path}: off-screen at 800 px: {string.Join(", ", outside)}");
            }
        });

    /// <summary>The page as Jira's admin frame shows it, wide (1400 px) and narrow (800 px).</summary>
    static async Task ScreenshotsAsync(IPage page, string name)
    {
        await page.SetViewportSizeAsync(1400, 900);
        await page.ScreenshotAsync(new() { Path = $"{name}-1400.png", FullPage = true });
        await page.SetViewportSizeAsync(800, 900);
        await page.ScreenshotAsync(new() { Path = $"{name}-800.png", FullPage = true });
    }
}
