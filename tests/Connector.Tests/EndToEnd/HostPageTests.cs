using Connector.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Tests.EndToEnd;

/// <summary>What a person sees: our pages inside the sandbox's Jira-like admin screen, in a real browser.</summary>
public sealed class HostPageTests(ConnectWorld<HostPageTests> world, Browser browser)
    : IClassFixture<ConnectWorld<HostPageTests>>, IClassFixture<Browser>
{
    [Fact]
    public Task An_admin_sees_the_getting_started_page_and_navigates_inside_the_iframe() =>
        browser.RunAsync(nameof(An_admin_sees_the_getting_started_page_and_navigates_inside_the_iframe), async page =>
        {
            await EnsureInstalledAsync("acme");
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/admin/getting-started");
            var app = page.FrameLocator("#app-frame");

            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Get started with MultiSource Connector" })).ToBeVisibleAsync();
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Give the app access to your customer directory (to do)" })).ToBeVisibleAsync();
            await Expect(app.GetByRole(AriaRole.Link, new() { Name = "Go to Settings" })).ToBeVisibleAsync();

            var menu = app.GetByRole(AriaRole.Navigation, new() { Name = "App pages" });
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Get started" })).ToHaveAttributeAsync("aria-current", "page");
            await menu.GetByRole(AriaRole.Link, new() { Name = "Connections" }).ClickAsync();
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Connections", Exact = true })).ToBeVisibleAsync();
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Connections" })).ToHaveAttributeAsync("aria-current", "page");
            await Expect(menu.Locator("[aria-current]")).ToHaveCountAsync(1);
        });

    [Fact]
    public Task Jira_keeps_the_inner_page_in_its_URL_so_a_reload_returns_to_it() =>
        browser.RunAsync(nameof(Jira_keeps_the_inner_page_in_its_URL_so_a_reload_returns_to_it), async page =>
        {
            await EnsureInstalledAsync("acme");
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/admin/getting-started");
            var app = page.FrameLocator("#app-frame");
            await app.GetByRole(AriaRole.Navigation, new() { Name = "App pages" }).GetByRole(AriaRole.Link, new() { Name = "External Sources" }).ClickAsync();
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "External Sources", Exact = true })).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/admin/getting-started\?ac\.page=%2Fsources$"));

            await page.ReloadAsync();

            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "External Sources", Exact = true })).ToBeVisibleAsync();
            await Expect(app.GetByRole(AriaRole.Navigation, new() { Name = "App pages" }).GetByRole(AriaRole.Link, new() { Name = "External Sources" }))
                .ToHaveAttributeAsync("aria-current", "page");
        });

    [Theory]
    [InlineData("/runs/1?level=error", true)]
    [InlineData("//evil.example/x", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("/connections?jwt=stolen", false)]
    public void Only_our_own_paths_are_restored_from_Jiras_URL(string page, bool followed) =>
        Assert.Equal(followed, Connector.Web.Pages.PageRestore.IsLocalPage(page));

    [Fact]
    public Task Page_scripts_get_a_context_token_from_the_host_and_trade_it_for_a_session() =>
        browser.RunAsync(nameof(Page_scripts_get_a_context_token_from_the_host_and_trade_it_for_a_session), async page =>
        {
            await EnsureInstalledAsync("acme");
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/admin/getting-started");
            await Expect(page.FrameLocator("#app-frame").GetByRole(AriaRole.Heading).First).ToBeVisibleAsync();
            Assert.Equal(200, await HostFrames.TradeContextTokenAsync(page, world.AppUrl));
        });

    [Fact]
    public Task A_user_who_is_not_a_jira_admin_is_refused() =>
        browser.RunAsync(nameof(A_user_who_is_not_a_jira_admin_is_refused), async page =>
        {
            await EnsureInstalledAsync("acme");
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/admin/getting-started");
            await page.GetByLabel("User").SelectOptionAsync(new SelectOptionValue { Label = "Acme Agent" });

            var app = page.FrameLocator("#app-frame");
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Forbidden: only Jira administrators can use MultiSource Connector" }))
                .ToBeVisibleAsync();
            await Expect(app.GetByText("Get started with MultiSource Connector")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task Another_site_installs_the_app_from_the_host_page_and_gets_its_own_pages() =>
        browser.RunAsync(nameof(Another_site_installs_the_app_from_the_host_page_and_gets_its_own_pages), async page =>
        {
            await EnsureInstalledAsync("acme");
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/admin/getting-started");
            await page.GetByLabel("Site").SelectOptionAsync("umbrella");

            await Expect(page.GetByText("The app is not installed in umbrella's Jira.")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Install the app" }).ClickAsync();

            await Expect(page.FrameLocator("#app-frame").GetByRole(AriaRole.Heading, new() { Name = "Get started with MultiSource Connector" }))
                .ToBeVisibleAsync();
            Assert.True(world.Site("umbrella").Installed);
        });

    async Task EnsureInstalledAsync(string site)
    {
        if (!world.Site(site).Installed) await world.InstallAsync(site);
    }
}
