using System.Text.Json.Serialization;
using Connector.Web.Connect.Descriptor;

namespace Connector.Web.Connect.Lifecycle;

/// <summary>The JSON body of every lifecycle callback (CONNECT.md §2.1).</summary>
public sealed record LifecyclePayload
{
    [JsonPropertyName("key")] public string? Key { get; init; }
    [JsonPropertyName("clientKey")] public string? ClientKey { get; init; }
    [JsonPropertyName("sharedSecret")] public string? SharedSecret { get; init; }
    [JsonPropertyName("baseUrl")] public string? BaseUrl { get; init; }
    [JsonPropertyName("displayUrl")] public string? DisplayUrl { get; init; }
    [JsonPropertyName("productType")] public string? ProductType { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("serverVersion")] public string? ServerVersion { get; init; }
    [JsonPropertyName("pluginsVersion")] public string? PluginsVersion { get; init; }
    [JsonPropertyName("serviceEntitlementNumber")] public string? ServiceEntitlementNumber { get; init; }
    [JsonPropertyName("entitlementId")] public string? EntitlementId { get; init; }
    [JsonPropertyName("entitlementNumber")] public string? EntitlementNumber { get; init; }
    [JsonPropertyName("oauthClientId")] public string? OauthClientId { get; init; }
    [JsonPropertyName("eventType")] public string? EventType { get; init; }

    /// <summary>The Forge installation of a Connect app on Forge (FORGE-REMOTE.md A.7): the same site, one tenant.</summary>
    [JsonPropertyName("installationId")] public string? InstallationId { get; init; }

    /// <summary>What is wrong with an installed payload, or null when it can be stored.</summary>
    public string? InstalledProblem(ProductDescriptor app) =>
        Key != app.Key ? "key is not this app's key"
        : string.IsNullOrWhiteSpace(ClientKey) ? "clientKey is missing"
        : string.IsNullOrWhiteSpace(SharedSecret) ? "sharedSecret is missing"
        : !IsHttpUrl(BaseUrl) ? "baseUrl is not an http(s) URL"
        : DisplayUrl is not null && !IsHttpUrl(DisplayUrl) ? "displayUrl is not an http(s) URL"
        : string.IsNullOrWhiteSpace(ProductType) ? "productType is missing"
        : ConnectProducts.FromProductType(ProductType) != app.Product ? $"productType is not {app.Product.ProductType()}, which this app is for"
        : null;

    static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";
}
