using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Connector.Web.Csm;

/// <summary>The directory refused one write (a value, a record); the message is Atlassian's own.</summary>
public sealed record CsmRefusal(int Status, string Message, string? Field = null)
{
    /// <summary>
    /// Null when the response succeeded. A failure of the whole destination (credentials, outage) throws
    /// <see cref="CsmUnavailableException"/> instead, so the caller stops rather than fail every record.
    /// </summary>
    public static async Task<CsmRefusal?> OfAsync(HttpResponseMessage response, CsmRoute route, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return null;
        CsmProblems.EnsureUsable(response, route);
        return new CsmRefusal((int)response.StatusCode, await MessageAsync(response, cancellationToken));
    }

    // CSM answers {"errorMessage"}, JSM {"errorMessage"} or {"errorMessages": []}, the gateway {"message"}.
    static async Task<string> MessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            return (string?)body?["errorMessage"] ?? (string?)body?["errorMessages"]?[0] ?? (string?)body?["message"] ?? $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
        {
            return $"HTTP {(int)response.StatusCode}";
        }
    }

    public override string ToString() => Field is null ? Message : $"{Field}: {Message}";
}
