using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Connector.Web.Sources.HubSpot;

/// <summary>
/// HubSpot's CRM API with a private app's access token (a Bearer token): GETs and POSTs of JSON, and HubSpot's errors
/// ({"status": "error", "message", "category"}) in a HubSpot admin's words.
/// </summary>
sealed class HubSpotClient(HttpClient http, SourceAccess access, string apiUrl)
{
    public const string SourceName = "HubSpot";

    /// <summary>When HubSpot answered the first call, by its own clock (the Date header): a read's "since" for the next one.</summary>
    public DateTimeOffset? FirstAnswerAt { get; private set; }

    public Task<(JsonObject? Answer, string? Problem)> TryGetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, apiUrl.TrimEnd('/') + path), cancellationToken);

    public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken) =>
        Required(await TryGetAsync(path, cancellationToken));

    public async Task<JsonObject?> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        Required(await SendAsync(new HttpRequestMessage(HttpMethod.Post, apiUrl.TrimEnd('/') + path) { Content = JsonContent.Create(body) }, cancellationToken));

    async Task<(JsonObject? Answer, string? Problem)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.Secret);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken);
        FirstAnswerAt ??= response.Headers.Date ?? DateTimeOffset.UtcNow;
        var body = await SourceHttp.ReadJsonAsync<JsonObject>(response, cancellationToken);
        return response.IsSuccessStatusCode ? (body, null) : (null, Problem(response, body));
    }

    static JsonObject? Required((JsonObject? Answer, string? Problem) result) =>
        result.Problem is null ? result.Answer : throw new SourceReadException(result.Problem);

    static string Problem(HttpResponseMessage response, JsonObject? body) => ((string?)body?["category"], response.StatusCode) switch
    {
        ("EXPIRED_AUTHENTICATION", _) => "The HubSpot access token has expired. Create or rotate the private app's token and enter the new one.",
        (_, HttpStatusCode.Unauthorized) => "HubSpot did not accept this access token: it is wrong, or it was rotated. Copy the private app's current token.",
        ("MISSING_SCOPES", _) or (_, HttpStatusCode.Forbidden) =>
            "The private app may not read contacts and companies. Give it the scopes crm.objects.contacts.read and crm.objects.companies.read.",
        _ => SourceHttp.Problem(response, SourceName, "the access token") + ((string?)body?["message"] is { } message ? $" ({message})" : ""),
    };
}
