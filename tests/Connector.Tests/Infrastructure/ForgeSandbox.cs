using System.Text.Json.Nodes;
using Connector.Sandbox.Forge;
using Connector.Web.Platform.Database;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Infrastructure;

/// <summary>Driving the sandbox's Forge: installs, triggers, and Custom UI invocations, as Atlassian would make them.</summary>
public static class ForgeSandbox
{
    public sealed record Delivery(string EventType, int[] Attempts, double LastAttemptMs);

    public static Task<Delivery> ForgeInstallAsync<T>(this ConnectWorld<T> world, string site) => TriggerAsync(world, site, "install");

    public static Task<Delivery> ForgeRefreshAsync<T>(this ConnectWorld<T> world, string site, int? tokenLifetimeSeconds = null) =>
        TriggerAsync(world, site, "refresh" + (tokenLifetimeSeconds is { } s ? $"?tokenLifetimeSeconds={s}" : ""));

    public static async Task ForgeControlAsync<T>(this ConnectWorld<T> world, string site, string verb) =>
        (await world.Http.PostAsync($"{world.SandboxUrl}/sandbox/sites/{site}/forge/{verb}", null)).EnsureSuccessStatusCode();

    static async Task<Delivery> TriggerAsync<T>(ConnectWorld<T> world, string site, string verb)
    {
        using var response = await world.Http.PostAsync($"{world.SandboxUrl}/sandbox/sites/{site}/forge/{verb}", null);
        return (await response.Content.ReadFromJsonAsync<Delivery>())!;
    }

    public static ForgeSigning ForgeSigning<T>(this ConnectWorld<T> world) => world.Sandbox.Services.GetRequiredService<ForgeSigning>();

    /// <summary>What the shell's invokeRemote gets back: Forge proxies the call with a FIT for this user.</summary>
    public static async Task<(HttpStatusCode Status, JsonObject? Body)> ForgeInvokeAsync<T>(this ConnectWorld<T> world, string site, string path,
        object? body = null, string? accountId = null)
    {
        var shell = world.SandboxUrl.Replace("://127.0.0.1", "://localhost");
        using var response = await world.Http.PostAsJsonAsync($"{shell}/forge-cdn/{site}/invoke?as={accountId ?? world.Site(site).Admin.AccountId}&module=connector-admin",
            new { path, method = "POST", body });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject);
    }

    public static Task<Tenant?> ForgeTenantAsync<T>(this ConnectWorld<T> world, string site)
    {
        var installationId = world.Site(site).Forge.InstallationId;
        return world.WithDbAsync(db => db.Set<Tenant>().AsNoTracking().SingleOrDefaultAsync(t => t.ForgeInstallationId == installationId));
    }
}
