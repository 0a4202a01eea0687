using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Connector.Web.Sources.Entra;

/// <summary>
/// One read's conversation with Microsoft Graph as an app registration: the client-credentials sign-in at the
/// directory's token endpoint, Graph GETs with the token (renewed once when it lapses mid-read), and Graph's
/// refusals in an Entra administrator's words.
/// </summary>
sealed class GraphSession(HttpClient http, SourceAccess access, SourcesOptions options)
{
    /// <summary>Graph's "in" filter takes at most 15 values.</summary>
    const int IdsPerFilter = 15;

    string? token;

    string Graph => options.GraphUrl.TrimEnd('/');

    /// <summary>Signs in; the problem in an admin's words when the identity platform refused.</summary>
    public async Task<string?> SignInAsync(CancellationToken cancellationToken)
    {
        var url = $"{options.EntraLoginUrl.TrimEnd('/')}/{Uri.EscapeDataString(access.Settings.DirectoryId!.Trim())}/oauth2/v2.0/token";
        using var response = await http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = access.Settings.ClientId!.Trim(),
            ["client_secret"] = access.Secret ?? "",
            ["scope"] = Graph + "/.default",
            ["grant_type"] = "client_credentials",
        }), cancellationToken);
        var body = await SourceHttp.ReadJsonAsync<JsonObject>(response, cancellationToken);
        token = response.IsSuccessStatusCode ? (string?)body?["access_token"] : null;
        return token is null ? EntraWords.TokenProblem(response.StatusCode, body) : null;
    }

    /// <summary>Graph's answer to a GET, or its refusal in an admin's words.</summary>
    public async Task<(JsonObject? Page, string? Problem)> TryGetAsync(string url, int? pageSize, CancellationToken cancellationToken)
    {
        if (token is null && await SignInAsync(cancellationToken) is { } signInProblem) return (null, signInProblem);
        var response = await http.SendAsync(Request(url, pageSize), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Graph tokens last about an hour; a long read asks for a new one once, then goes on where it was.
            response.Dispose();
            if (await SignInAsync(cancellationToken) is { } renewProblem) return (null, renewProblem);
            response = await http.SendAsync(Request(url, pageSize), cancellationToken);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Gone) throw new DeltaExpiredException();
            if (await ProblemAsync(response, cancellationToken) is { } problem) return (null, problem);
            return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken), null);
        }
    }

    public async Task<JsonObject?> GetAsync(string url, int? pageSize, CancellationToken cancellationToken)
    {
        var (page, problem) = await TryGetAsync(url, pageSize, cancellationToken);
        return problem is null ? page : throw new SourceReadException(problem);
    }

    /// <summary>The users with these ids, each with every selected property, 15 to a request.</summary>
    public async Task<List<JsonObject>> WholeUsersAsync(IReadOnlyList<string> ids, string select, CancellationToken cancellationToken)
    {
        var users = new List<JsonObject>();
        foreach (var chunk in ids.Chunk(IdsPerFilter))
        {
            var filter = Uri.EscapeDataString($"id in ({string.Join(',', chunk.Select(id => $"'{id.Replace("'", "''")}'"))})");
            var page = await GetAsync($"{Graph}/v1.0/users?$filter={filter}&$select={select}", null, cancellationToken);
            users.AddRange((page?["value"]?.AsArray() ?? []).OfType<JsonObject>());
        }
        return users;
    }

    HttpRequestMessage Request(string url, int? pageSize)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // Delta queries take their page size as a preference, not as $top.
        if (pageSize is { } size) request.Headers.Add("Prefer", $"odata.maxpagesize={size}");
        return request;
    }

    async Task<string?> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return null;
        var code = (string?)(await SourceHttp.ReadJsonAsync<JsonObject>(response, cancellationToken))?["error"]?["code"];
        var settings = access.Settings;
        return response.StatusCode switch
        {
            HttpStatusCode.Forbidden => EntraWords.NotPermitted(settings),
            HttpStatusCode.NotFound when settings.GroupId is not null => $"There is no group with the ID {settings.GroupId} in this directory.",
            _ => SourceHttp.Problem(response, EntraWords.SourceName, "the app registration") + (code is null ? "" : $" ({code})"),
        };
    }
}

/// <summary>Graph no longer knows a delta query's state (410 Gone: expired, or reset): the changes must be read from the start.</summary>
sealed class DeltaExpiredException() : SourceReadException("Microsoft Graph no longer knows where the last read ended. Run a Full Import.");
