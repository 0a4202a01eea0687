using Connector.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Tests.EndToEnd;

/// <summary>A world whose session tokens live 65 seconds, so a page renews its token five seconds after it loads.</summary>
public sealed class ShortSessionWorld : ConnectWorld<SessionRenewalTests>
{
    protected override Dictionary<string, string?> AppSettings => new() { ["Tenancy:SessionTokenLifetime"] = "00:01:05" };
}

/// <summary>A page left open keeps working: it trades its session token for a fresh one before it expires, in Connect and in Forge.</summary>
public sealed class SessionRenewalTests(ShortSessionWorld world, Browser browser) : IClassFixture<ShortSessionWorld>, IClassFixture<Browser>
{
    static async Task<string> RenewedTokenAsync(IFrameLocator app)
    {
        var first = await app.Locator("meta[name=connect-session]").GetAttributeAsync("content");
        await Expect(app.Locator("meta[name=connect-session]")).Not.ToHaveAttributeAsync("content", first!, new() { Timeout = 20_000 });
        var renewed = (await app.Locator("meta[name=connect-session]").GetAttributeAsync("content"))!;
        // Links and forms now carry the new token, so the next click works whenever it comes.
        await Expect(app.Locator("input[name=jwt]").First).ToHaveValueAsync(renewed);
        var link = await app.GetByRole(AriaRole.Navigation, new() { Name = "App pages" }).GetByRole(AriaRole.Link, new() { Name = "Connections" }).GetAttributeAsync("href");
        Assert.Contains(Uri.EscapeDataString(renewed), link);
        return renewed;
    }

    [Fact]
    public Task A_Connect_page_renews_its_session_through_the_context_token_of_all_js() =>
        browser.RunAsync(nameof(A_Connect_page_renews_its_session_through_the_context_token_of_all_js), async page =>
        {
            await world.InstallAsync("acme");
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/admin/settings");
            var app = page.FrameLocator("#app-frame");
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Settings" })).ToBeVisibleAsync();

            await RenewedTokenAsync(app);
            await app.GetByRole(AriaRole.Navigation, new() { Name = "App pages" }).GetByRole(AriaRole.Link, new() { Name = "Connections" }).ClickAsync();
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Connections" })).ToBeVisibleAsync();
        });

    [Fact]
    public Task A_Forge_page_renews_its_session_by_asking_the_shell() =>
        browser.RunAsync(nameof(A_Forge_page_renews_its_session_by_asking_the_shell), async page =>
        {
            await world.ForgeInstallAsync("globex");
            var forge = await ForgeAdminPage.OpenAsync(page, world, "globex", "settings");
            await Expect(forge.App.GetByRole(AriaRole.Heading, new() { Name = "Settings" })).ToBeVisibleAsync();

            await RenewedTokenAsync(forge.App);
            await forge.App.GetByRole(AriaRole.Navigation, new() { Name = "App pages" }).GetByRole(AriaRole.Link, new() { Name = "Connections" }).ClickAsync();
            await Expect(forge.App.GetByRole(AriaRole.Heading, new() { Name = "Connections" })).ToBeVisibleAsync();
        });
}
