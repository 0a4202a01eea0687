using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Connector.Web.Connect.Lifecycle;

/// <summary>Finds a site's cloudId at {baseUrl}/_edge/tenant_info, which the CSM API addresses sites by.</summary>
public sealed class TenantInfoClient(HttpClient http, ILogger<TenantInfoClient> logger)
{
    public const string HttpClientName = "tenant-info";

    public async Task<string?> FindCloudIdAsync(string baseUrl, CancellationToken cancellationToken)
    {
        try
        {
            var info = await http.GetFromJsonAsync<TenantInfo>(baseUrl.TrimEnd('/') + "/_edge/tenant_info", cancellationToken);
            return string.IsNullOrWhiteSpace(info?.CloudId) ? null : info.CloudId;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
        {
            // Not fatal for the install: the destination client asks again when it first needs the cloudId.
            logger.LogWarning(e, "Could not read the cloudId of {BaseUrl}", baseUrl);
            return null;
        }
    }

    sealed record TenantInfo([property: JsonPropertyName("cloudId")] string? CloudId);
}
