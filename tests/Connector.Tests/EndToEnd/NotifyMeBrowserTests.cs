using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Tests.EndToEnd;

public sealed class NotifyMeBrowserTests(ConnectWorld<NotifyMeBrowserTests> world, Browser browser)
    : IClassFixture<ConnectWorld<NotifyMeBrowserTests>>, IClassFixture<Browser>
{
    [Fact]
    public Task An_admin_sets_notify_me_sees_a_failed_import_as_a_banner_and_acknowledges_it() =>
        browser.RunAsync(nameof(An_admin_sets_notify_me_sees_a_failed_import_as_a_banner_and_acknowledges_it), async page =>
        {
            var connection = await world.ConnectionFromJiraAsync("acme", "globex", Destination.Customers);
            await world.BuildAsync("acme", connection.Id);
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/admin/settings");
            var app = page.FrameLocator("#app-frame");

            await app.GetByLabel("Email addresses").FillAsync("ops@acme.example");
            await app.GetByLabel("an import fails").CheckAsync();
            await app.GetByRole(AriaRole.Button, new() { Name = "Save notification settings" }).ClickAsync();
            await Expect(app.GetByText("Notification settings saved.")).ToBeVisibleAsync();

            // The source site starts refusing the stored API token.
            await world.SetFaultsAsync("globex", new FaultSettings { PathPrefix = "/rest/api/3/users", FailNext = 1000, FailStatus = 401 });
            await app.GetByRole(AriaRole.Navigation, new() { Name = "App pages" }).GetByRole(AriaRole.Link, new() { Name = "Connections" }).ClickAsync();
            await app.GetByRole(AriaRole.Button, new() { Name = $"Step 3: Full Import of {connection.Name}" }).ClickAsync();
            await Expect(app.Locator("[data-field=status]")).ToHaveTextAsync("Failed", new() { Timeout = 30_000 });
            await Expect(app.Locator("#run")).ToHaveAttributeAsync("data-active", "false"); // the page has reloaded with the finished run

            await app.GetByRole(AriaRole.Link, new() { Name = "← Connections" }).ClickAsync();
            var banner = app.GetByRole(AriaRole.Alert).Filter(new() { HasText = $"The import of “{connection.Name}” failed" });
            await Expect(banner).ToBeVisibleAsync();
            await Expect(banner).ToContainTextAsync("did not accept the stored email and API token");
            var email = Assert.Single(await world.Mail.WaitForAsync($"The import of “{connection.Name}” failed"));

            await app.GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
            var siteToday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(world.Site("acme").TimeZone));
            await Expect(app.Locator($"[data-date='{siteToday:yyyy-MM-dd}']")).ToHaveAttributeAsync("data-outcome", "failed");

            await banner.GetByRole(AriaRole.Button, new() { Name = $"Acknowledge: The import of “{connection.Name}” failed" }).ClickAsync();
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Activity" })).ToBeVisibleAsync();
            await Expect(app.GetByRole(AriaRole.Alert).Filter(new() { HasText = "failed" })).ToHaveCountAsync(0);
            await world.ClearFaultsAsync("globex");

            // The email's link opens the run inside Jira.
            var link = System.Text.RegularExpressions.Regex.Match(email.Text, @"See the run in Jira: (\S+)").Groups[1].Value;
            await page.GotoAsync(link);
            await Expect(page.FrameLocator("#app-frame").GetByRole(AriaRole.Heading, new() { Name = $"Full Import of {connection.Name}" })).ToBeVisibleAsync();
        });
}
