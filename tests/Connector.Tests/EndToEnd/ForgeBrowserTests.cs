using Connector.Sandbox.Data;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Tests.EndToEnd;

/// <summary>The app through Forge in Chromium: Jira's admin page, the shell from Atlassian's CDN origin, our pages inside it.</summary>
public sealed class ForgeBrowserTests(ConnectWorld<ForgeBrowserTests> world, Browser browser)
    : IClassFixture<ConnectWorld<ForgeBrowserTests>>, IClassFixture<Browser>
{
    [Fact]
    public Task An_admin_opens_the_app_through_the_Forge_shell_and_builds_and_tests_a_connection() =>
        browser.RunAsync(nameof(An_admin_opens_the_app_through_the_Forge_shell_and_builds_and_tests_a_connection), async page =>
        {
            world.Site("globex").People = new DataSet { Users = 40, Seed = 17 };
            await world.ForgeInstallAsync("umbrella");
            var connection = await world.ConnectionFromJiraAsync("umbrella", "globex", Destination.Customers);

            var forge = await ForgeAdminPage.OpenAsync(page, world, "umbrella", "connections");

            await forge.App.GetByRole(AriaRole.Button, new() { Name = $"Step 1: Build fields for {connection.Name}" }).ClickAsync();
            await Expect(forge.App.GetByText("4 fields created, 0 already present.")).ToBeVisibleAsync();
            await forge.App.GetByRole(AriaRole.Link, new() { Name = "← Connections" }).ClickAsync();
            await forge.App.GetByRole(AriaRole.Button, new() { Name = $"Step 2: Test import of {connection.Name}" }).ClickAsync();
            await Expect(forge.App.Locator("[data-field=status]")).ToHaveTextAsync("Succeeded", new() { Timeout = 30_000 });
            await Expect(forge.App.Locator("#run")).ToHaveAttributeAsync("data-active", "false");
            Assert.Equal(10, world.Site("umbrella").Csm.Customers().Count);

            await forge.App.GetByRole(AriaRole.Navigation, new() { Name = "App pages" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
            await Expect(forge.App.GetByText("the app reaches your customer directory itself")).ToBeVisibleAsync();
            await Expect(forge.App.GetByLabel("API token")).ToHaveCountAsync(0);

            // The shell keeps the inner page in Jira's URL through Forge's history, so a reload returns to it.
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/connections\?path=%2Fsettings$"));
            await page.ReloadAsync();
            await Expect(forge.App.GetByRole(AriaRole.Heading, new() { Name = "Settings", Exact = true })).ToBeVisibleAsync();
        });

    [Fact]
    public Task Someone_who_is_not_a_Jira_administrator_is_refused_by_the_backend_and_told_why() =>
        browser.RunAsync(nameof(Someone_who_is_not_a_Jira_administrator_is_refused_by_the_backend_and_told_why), async page =>
        {
            await world.ForgeInstallAsync("hooli");

            var forge = await ForgeAdminPage.OpenAsync(page, world, "hooli", "connections", world.Site("hooli").Agent.AccountId);

            await Expect(forge.Shell.GetByRole(AriaRole.Status)).ToContainTextAsync("Only Jira administrators can use MultiSource Connector");
            await Expect(forge.Shell.Locator("#app")).ToBeHiddenAsync();
        });
}
