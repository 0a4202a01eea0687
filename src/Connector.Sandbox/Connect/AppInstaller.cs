using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Connector.Sandbox.Sites;
using Microsoft.Extensions.Options;

namespace Connector.Sandbox.Connect;

/// <summary>
/// Does what the product does when an admin installs, uninstalls, enables or disables our app:
/// reads the descriptor, then calls its lifecycle URLs with signed tokens.
/// Every install hands out a fresh shared secret, as Atlassian does.
/// </summary>
public sealed class AppInstaller(HttpClient http, SiteDirectory sites, TokenMinter tokens, IOptions<SandboxOptions> options)
{
    public async Task<LifecycleOutcome> InstallAsync(Site site, CancellationToken cancellationToken)
    {
        var descriptor = await ReadDescriptorAsync(cancellationToken);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(64));
        var outcome = await SendLifecycleAsync(site, descriptor, "installed", signedInstall: true, secret, cancellationToken);
        if (outcome.Succeeded)
        {
            site.SharedSecret = secret;
            site.Installed = true;
            site.Enabled = true;
        }
        return outcome;
    }

    public async Task<LifecycleOutcome> UninstallAsync(Site site, CancellationToken cancellationToken)
    {
        var outcome = await SendLifecycleAsync(site, await ReadDescriptorAsync(cancellationToken), "uninstalled", true, null, cancellationToken);
        site.Installed = false;
        site.Enabled = false;
        return outcome;
    }

    public async Task<LifecycleOutcome> SetEnabledAsync(Site site, bool enabled, CancellationToken cancellationToken)
    {
        var outcome = await SendLifecycleAsync(site, await ReadDescriptorAsync(cancellationToken),
            enabled ? "enabled" : "disabled", signedInstall: false, null, cancellationToken);
        if (outcome.Succeeded) site.Enabled = enabled;
        return outcome;
    }

    async Task<JsonObject> ReadDescriptorAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.AppBaseUrl.TrimEnd('/') + "/atlassian-connect.json";
        var descriptor = (await http.GetFromJsonAsync<JsonObject>(url, cancellationToken))!;
        sites.AppDescriptor = descriptor;
        return descriptor;
    }

    async Task<LifecycleOutcome> SendLifecycleAsync(
        Site site, JsonObject descriptor, string eventType, bool signedInstall, string? newSecret, CancellationToken cancellationToken)
    {
        var appBaseUrl = descriptor["baseUrl"]!.GetValue<string>().TrimEnd('/');
        var path = descriptor["lifecycle"]?[eventType]?.GetValue<string>();
        if (path is null) return new LifecycleOutcome(eventType, 0, "The descriptor has no such lifecycle URL.");
        var url = new Uri(appBaseUrl + path);

        var payload = new Dictionary<string, object?>
        {
            ["key"] = descriptor["key"]!.GetValue<string>(),
            ["clientKey"] = site.ClientKey,
            ["sharedSecret"] = newSecret,
            ["serverVersion"] = "100274",
            ["pluginsVersion"] = "1001.0.0",
            ["baseUrl"] = site.BaseUrl,
            ["displayUrl"] = site.BaseUrl,
            ["productType"] = "jira",
            ["description"] = $"Atlassian JIRA at {site.BaseUrl}",
            ["eventType"] = eventType,
            ["oauthClientId"] = $"oauth-{site.Name}",
        };
        if (newSecret is null) payload.Remove("sharedSecret");
        // A Connect app on Forge: the install names the site's Forge installation (FORGE-REMOTE.md A.7).
        if (site.Forge.InstallationId is { } installationId) payload["installationId"] = installationId;

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(payload) };
        var token = signedInstall
            ? tokens.InstallToken(site, appBaseUrl, HttpMethod.Post, url)
            : tokens.RequestToken(site, null, HttpMethod.Post, url, appBaseUrl);
        request.Headers.Authorization = new("JWT", token);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new LifecycleOutcome(eventType, (int)response.StatusCode, body);
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record LifecycleOutcome(string EventType, int Status, string Body)
{
    public bool Succeeded => Status is 200 or 204;
}
