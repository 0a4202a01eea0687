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
    public async Task<LifecycleOutcome> InstallAsync(Site site, SiteProduct product, CancellationToken cancellationToken)
    {
        var install = site.Install(product);
        var descriptor = await ReadDescriptorAsync(product, cancellationToken);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(64));
        var outcome = await SendLifecycleAsync(site, install, descriptor, "installed", signedInstall: true, secret, cancellationToken);
        if (outcome.Succeeded)
        {
            install.SharedSecret = secret;
            install.Installed = true;
            install.Enabled = true;
        }
        return outcome;
    }

    public async Task<LifecycleOutcome> UninstallAsync(Site site, SiteProduct product, CancellationToken cancellationToken)
    {
        var install = site.Install(product);
        var outcome = await SendLifecycleAsync(site, install, await ReadDescriptorAsync(product, cancellationToken), "uninstalled", true, null, cancellationToken);
        install.Installed = false;
        install.Enabled = false;
        return outcome;
    }

    public async Task<LifecycleOutcome> SetEnabledAsync(Site site, SiteProduct product, bool enabled, CancellationToken cancellationToken)
    {
        var install = site.Install(product);
        var outcome = await SendLifecycleAsync(site, install, await ReadDescriptorAsync(product, cancellationToken),
            enabled ? "enabled" : "disabled", signedInstall: false, null, cancellationToken);
        if (outcome.Succeeded) install.Enabled = enabled;
        return outcome;
    }

    /// <summary>Each product installs its own app: the Confluence app's descriptor is served below /confluence.</summary>
    async Task<JsonObject> ReadDescriptorAsync(SiteProduct product, CancellationToken cancellationToken)
    {
        var path = product == SiteProduct.Confluence ? "/confluence/atlassian-connect.json" : "/atlassian-connect.json";
        var descriptor = (await http.GetFromJsonAsync<JsonObject>(options.Value.AppBaseUrl.TrimEnd('/') + path, cancellationToken))!;
        sites.Remember(product, descriptor);
        return descriptor;
    }

    async Task<LifecycleOutcome> SendLifecycleAsync(Site site, ConnectInstall install, JsonObject descriptor, string eventType,
        bool signedInstall, string? newSecret, CancellationToken cancellationToken)
    {
        var appBaseUrl = descriptor["baseUrl"]!.GetValue<string>().TrimEnd('/');
        var path = descriptor["lifecycle"]?[eventType]?.GetValue<string>();
        if (path is null) return new LifecycleOutcome(eventType, 0, "The descriptor has no such lifecycle URL.");
        var url = new Uri(appBaseUrl + path);

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(Payload(site, install, descriptor, eventType, newSecret)),
        };
        var token = signedInstall
            ? tokens.InstallToken(site, install, appBaseUrl, HttpMethod.Post, url)
            : tokens.RequestToken(install, null, HttpMethod.Post, url, appBaseUrl);
        request.Headers.Authorization = new("JWT", token);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new LifecycleOutcome(eventType, (int)response.StatusCode, body);
    }

    /// <summary>The lifecycle payload as the product sends it (CONNECT.md §2.1): Confluence's baseUrl ends in /wiki.</summary>
    static Dictionary<string, object?> Payload(Site site, ConnectInstall install, JsonObject descriptor, string eventType, string? newSecret)
    {
        var payload = new Dictionary<string, object?>
        {
            ["key"] = descriptor["key"]!.GetValue<string>(),
            ["clientKey"] = install.ClientKey,
            ["sharedSecret"] = newSecret,
            ["serverVersion"] = "100274",
            ["pluginsVersion"] = "1001.0.0",
            ["baseUrl"] = install.BaseUrl,
            ["displayUrl"] = install.BaseUrl,
            ["productType"] = install.ProductType,
            ["description"] = install.Product == SiteProduct.Confluence ? $"Atlassian Confluence at {install.BaseUrl}" : $"Atlassian JIRA at {install.BaseUrl}",
            ["eventType"] = eventType,
            ["oauthClientId"] = $"oauth-{site.Name}-{install.ProductType}",
        };
        if (newSecret is null) payload.Remove("sharedSecret");
        // A Connect app on Forge: the install names the site's Forge installation (FORGE-REMOTE.md A.7). Our Forge app is Jira's.
        if (install.Product == SiteProduct.Jira && site.Forge.InstallationId is { } installationId) payload["installationId"] = installationId;
        return payload;
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record LifecycleOutcome(string EventType, int Status, string Body)
{
    public bool Succeeded => Status is 200 or 204;
}
