using System.Net;
using Connector.Web.Platform.Http;

namespace Connector.Web.Sources;

/// <summary>Turns what a source's server answered into words an admin can act on.</summary>
static class SourceHttp
{
    public const string CheckClient = "source-check";
    public const string ReadClient = "source-read";

    public static string? Problem(HttpResponseMessage response, string system, string credentials) => response.StatusCode switch
    {
        _ when response.IsSuccessStatusCode => null,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            $"{system} did not accept {credentials}. Check them, or create new ones, and try again.",
        HttpStatusCode.NotFound => $"There is no {system} at this address. Check the URL.",
        HttpStatusCode.TooManyRequests =>
            $"{system} is limiting how often we may call it right now. Try again in a few minutes.",
        HttpStatusCode.ServiceUnavailable => $"{system} is unavailable at the moment (it may be being updated). Try again later.",
        var status => $"{system} answered with an error (HTTP {(int)status}). Try again later.",
    };

    public static string? Problem(Exception exception, string system) => exception switch
    {
        _ when Refused(exception) is { } refused =>
            $"{refused.Host} is on a private or local network, which MultiSource Connector does not call. Enter the source's public address.",
        _ when OutgoingCall.IsUnanswered(exception) =>
            $"{system} did not answer. Check the address and that it is reachable, then try again.",
        _ => null,
    };

    /// <summary>A response body as JSON, or null when it is not JSON (an error page, an empty body).</summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) where T : System.Text.Json.Nodes.JsonNode
    {
        try
        {
            return await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<T>(response.Content, cancellationToken);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    static AddressRefusedException? Refused(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is AddressRefusedException refused) return refused;
        return null;
    }
}
