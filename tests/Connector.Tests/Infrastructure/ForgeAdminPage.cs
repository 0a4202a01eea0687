using Connector.Sandbox;
using Microsoft.Playwright;

namespace Connector.Tests.Infrastructure;

/// <summary>
/// The app as an admin sees it through Forge: Jira's admin page (the sandbox host), the Custom UI shell in its
/// frame (served from another origin), and our page inside the shell's frame.
/// </summary>
public sealed class ForgeAdminPage(IPage page)
{
    public IFrameLocator Shell => page.FrameLocator("#forge-frame");

    public IFrameLocator App => Shell.FrameLocator("#app");

    public static async Task<ForgeAdminPage> OpenAsync<T>(IPage page, ConnectWorld<T> world, string site, string route, string? accountId = null)
    {
        var options = new SandboxOptions();
        await page.GotoAsync($"{world.SandboxUrl}/site/{site}/jira/settings/apps/{options.ForgeAppUuid}/{options.ForgeEnvironmentUuid}/{route}"
            + (accountId is null ? "" : $"?as={Uri.EscapeDataString(accountId)}"));
        return new ForgeAdminPage(page);
    }
}
