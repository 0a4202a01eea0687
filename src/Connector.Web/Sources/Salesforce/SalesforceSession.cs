using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Connector.Web.Sources.Salesforce;

/// <summary>
/// One read's conversation with a Salesforce org as a connected app: the OAuth 2.0 client credentials flow at the org's
/// My Domain (/services/oauth2/token), REST API GETs with the access token (renewed once when the session lapses), and
/// Salesforce's refusals in a Salesforce admin's words.
/// </summary>
sealed class SalesforceSession(HttpClient http, SourceAccess access)
{
    public const string ApiVersion = "v62.0";
    public const string SourceName = "Salesforce";

    string? token;

    string MyDomain => access.Settings.SiteUrl!.TrimEnd('/');

    /// <summary>When Salesforce issued the current token, by its own clock: a read's "since" for the next one.</summary>
    public DateTimeOffset IssuedAt { get; private set; }

    public async Task<string?> SignInAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"{MyDomain}/services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = access.Settings.ClientId?.Trim() ?? "",
            ["client_secret"] = access.Secret ?? "",
        }), cancellationToken);
        var body = await SourceHttp.ReadJsonAsync<JsonObject>(response, cancellationToken);
        token = response.IsSuccessStatusCode ? (string?)body?["access_token"] : null;
        if (token is null) return SalesforceWords.TokenProblem(response.StatusCode, body);
        // issued_at is milliseconds since 1970 as a string; anything else falls back to our clock (the minute of overlap covers skew).
        IssuedAt = long.TryParse((string?)body?["issued_at"], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.TryParse((string?)body?["issued_at"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) ? when : DateTimeOffset.UtcNow;
        return null;
    }

    /// <summary>A REST API resource (a path under the My Domain), or Salesforce's refusal in an admin's words.</summary>
    public async Task<(JsonObject? Answer, string? Problem)> TryGetAsync(string path, CancellationToken cancellationToken)
    {
        if (!path.StartsWith("/services/data/", StringComparison.Ordinal))
            return (null, "Salesforce sent a next page outside its REST API; the read stopped.");
        if (token is null && await SignInAsync(cancellationToken) is { } signInProblem) return (null, signInProblem);
        var response = await http.SendAsync(Request(path), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // A session lapses after the org's timeout; a long read signs in again once and goes on where it was.
            response.Dispose();
            if (await SignInAsync(cancellationToken) is { } renewProblem) return (null, renewProblem);
            response = await http.SendAsync(Request(path), cancellationToken);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken), null);
            var errors = await SourceHttp.ReadJsonAsync<JsonArray>(response, cancellationToken);
            return (null, SalesforceWords.ApiProblem(response, errors));
        }
    }

    public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        var (answer, problem) = await TryGetAsync(path, cancellationToken);
        return problem is null ? answer : throw new SourceReadException(problem);
    }

    HttpRequestMessage Request(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, MyDomain + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
