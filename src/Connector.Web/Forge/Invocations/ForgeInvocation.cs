using System.Text.Json;
using Connector.Web.Tenancy.Access;

namespace Connector.Web.Forge.Invocations;

/// <summary>What a verified Forge Invocation Token says (FORGE-REMOTE.md A.2): which installation, site and user.</summary>
public sealed record ForgeInvocation(
    string InstallationId, string? EnvironmentId, string ApiBaseUrl, string CloudId, string? SiteUrl, string? Principal, string? ModuleKey)
{
    /// <summary>Reads the claims of a token whose signature, issuer, audience and lifetime were checked.</summary>
    public static ForgeInvocation From(JsonElement payload)
    {
        var app = Property(payload, "app");
        var context = Property(payload, "context");
        var installationId = Text(app, "installationId") ?? Text(Property(app, "installation"), "id");
        var apiBaseUrl = Text(app, "apiBaseUrl");
        var cloudId = Text(context, "cloudId") ?? FirstContextCloudId(app);
        if (installationId is null || apiBaseUrl is null || cloudId is null || !Uri.TryCreate(apiBaseUrl, UriKind.Absolute, out _))
            throw new TokenRefusedException(TokenRefusal.InvalidPayload, "no installation, apiBaseUrl or cloudId");
        return new ForgeInvocation(installationId, Text(Property(app, "environment"), "id"), apiBaseUrl, cloudId,
            Text(context, "siteUrl"), Text(payload, "principal"), Text(context, "moduleKey") ?? Text(Property(app, "module"), "key"));
    }

    static string? FirstContextCloudId(JsonElement app) =>
        Property(Property(app, "installation"), "contexts") is { ValueKind: JsonValueKind.Array } contexts
            ? contexts.EnumerateArray().Select(c => Text(c, "cloudId")).FirstOrDefault(id => id is not null)
            : null;

    static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;
}
