using Connector.Sandbox.Sites;
using Connector.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Tests.EndToEnd;

/// <summary>Our pages inside the sandbox's Confluence administration (below /wiki), in a real browser.</summary>
public sealed class ConfluenceHostPageTests(ConnectWorld<ConfluenceHostPageTests> world, Browser browser)
    : IClassFixture<ConnectWorld<ConfluenceHostPageTests>>, IClassFixture<Browser>
{
    [Fact]
    public Task An_admin_installs_the_app_in_Confluence_and_sets_up_CSM_access_from_its_administration() =>
        browser.RunAsync(nameof(An_admin_installs_the_app_in_Confluence_and_sets_up_CSM_access_from_its_administration), async page =>
        {
            var site = world.Site("acme");
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/wiki/admin");

            await Expect(page.GetByText("The app is not installed in acme's Confluence.")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Install the app" }).ClickAsync();

            var app = page.FrameLocator("#app-frame");
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Connections", Exact = true })).ToBeVisibleAsync();
            Assert.True(site.Confluence.Installed);
            Assert.False(site.Jira.Installed);
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Products" }).GetByRole(AriaRole.Link, new() { Name = "Confluence" }))
                .ToHaveAttributeAsync("aria-current", "page");

            await page.GetByRole(AriaRole.Navigation, new() { Name = "Apps" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
            await Expect(app.GetByText("You installed the app in Confluence.")).ToBeVisibleAsync();
            await app.GetByLabel("Jira administrator's email").FillAsync(site.Admin.Email);
            await app.GetByLabel("API token").FillAsync(site.Admin.ApiToken);
            await app.GetByRole(AriaRole.Button, new() { Name = "Check and save" }).ClickAsync();
            await Expect(app.GetByRole(AriaRole.Status).Filter(new() { HasText = "CSM access is connected and saved." })).ToBeVisibleAsync();

            // Page scripts trade the Confluence host's context token for a session, as in Jira.
            Assert.Equal(200, await HostFrames.TradeContextTokenAsync(page, world.AppUrl));
        });

    [Fact]
    public Task A_user_who_is_not_a_Confluence_admin_is_refused_in_Confluences_words() =>
        browser.RunAsync(nameof(A_user_who_is_not_a_Confluence_admin_is_refused_in_Confluences_words), async page =>
        {
            if (!world.Site("globex").Confluence.Installed) await world.InstallAsync("globex", SiteProduct.Confluence);
            await page.GotoAsync($"{world.SandboxUrl}/site/globex/wiki/admin");
            await page.GetByLabel("User").SelectOptionAsync(new SelectOptionValue { Label = "Globex Agent" });

            var app = page.FrameLocator("#app-frame");
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Forbidden: only Confluence administrators can use MultiSource Connector" }))
                .ToBeVisibleAsync();
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Connections", Exact = true })).ToHaveCountAsync(0);
        });
}
