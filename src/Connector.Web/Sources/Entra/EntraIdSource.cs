using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Connector.Web.Sources.Entra;

/// <summary>
/// Users of a Microsoft Entra ID directory, read from Microsoft Graph as an app registration (OAuth 2.0 client
/// credentials, application permission User.Read.All; GroupMember.Read.All when one group is read). Graph pages by
/// @odata.nextLink, which is the resumable cursor. Formats: Microsoft identity platform's token endpoint and its
/// AADSTS error codes, Graph v1.0 "List users" and "List group members" (README "Sources" says where they were found).
/// </summary>
public sealed class EntraIdSource(IHttpClientFactory httpClients, IOptions<SourcesOptions> options) : ISourceAdapter
{
    const string SourceName = "Microsoft Entra ID";

    /// <summary>The user properties we ask Graph for ($select): Graph returns only a default few otherwise.</summary>
    static readonly string[] Selected =
        ["id", "displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "department", "companyName",
         "officeLocation", "city", "country", "mobilePhone", "accountEnabled"];

    public SourceType Type => SourceType.EntraId;

    public async Task<SourceCheck> CheckAsync(SourceAccess access, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(access.Settings.DirectoryId) || string.IsNullOrWhiteSpace(access.Settings.ClientId))
            return SourceCheck.Failed("Enter the directory (tenant) ID and the application (client) ID of the app registration.");
        var http = httpClients.CreateClient(SourceHttp.CheckClient);
        try
        {
            var token = await TokenAsync(http, access, cancellationToken);
            if (token.Problem is { } tokenProblem) return SourceCheck.Failed(tokenProblem);
            using var response = await http.SendAsync(GraphRequest(token.AccessToken!, FirstUrl(access.Settings, 1)), cancellationToken);
            return await GraphProblemAsync(response, access.Settings, cancellationToken) is { } problem ? SourceCheck.Failed(problem) : SourceCheck.Connected();
        }
        catch (Exception e) when (SourceHttp.Problem(e, SourceName) is { } problem)
        {
            return SourceCheck.Failed(problem);
        }
    }

    public IReadOnlyList<SourceField> Fields(SourceSettings settings) =>
    [
        new("id", "Object ID", "6e7b768e-07e2-4810-8459-485f84f8f204"),
        new("displayName", "Name", "Ada Lovelace"),
        new("givenName", "First name", "Ada"),
        new("surname", "Last name", "Lovelace"),
        new("mail", "Email", "ada@contoso.com"),
        new("userPrincipalName", "User principal name", "ada@contoso.onmicrosoft.com"),
        new("emailDomain", "Email domain", "contoso.com"),
        new("jobTitle", "Job title", "Engineer"),
        new("department", "Department", "Research"),
        new("companyName", "Company", "Contoso"),
        new("officeLocation", "Office", "Building 4"),
        new("city", "City", "Berlin"),
        new("country", "Country", "DE"),
        new("mobilePhone", "Mobile phone", "+49 30 123456"),
        new("accountEnabled", "Account enabled", "true"),
    ];

    public async IAsyncEnumerable<SourcePage> ReadAsync(SourceAccess access, string? cursor, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(SourceHttp.ReadClient);
        var token = await RequireTokenAsync(http, access, cancellationToken);
        var url = cursor ?? FirstUrl(access.Settings, Math.Clamp(pageSize, 1, 999));
        if (!IsGraphUrl(url)) throw new SourceReadException("The stored position in Microsoft Graph is not a Graph address; run a Full Import from the start.");
        while (url is not null)
        {
            var response = await http.SendAsync(GraphRequest(token, url), cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                // Graph tokens last about an hour; a long read asks for a new one once, then goes on where it was.
                response.Dispose();
                token = await RequireTokenAsync(http, access, cancellationToken);
                response = await http.SendAsync(GraphRequest(token, url), cancellationToken);
            }
            using (response)
            {
                if (await GraphProblemAsync(response, access.Settings, cancellationToken) is { } problem) throw new SourceReadException(problem);
                var page = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                var next = (string?)page?["@odata.nextLink"];
                if (next is not null && !IsGraphUrl(next)) throw new SourceReadException("Microsoft Graph sent a next page on another address; the read stopped.");
                var records = (page?["value"]?.AsArray() ?? []).OfType<JsonObject>()
                    .Where(user => access.Settings.IncludeInactive || (bool?)user["accountEnabled"] != false)
                    .Select(ToRecord)
                    .ToList();
                yield return new SourcePage(records, [], next);
                url = next;
            }
        }
    }

    static SourceRecord ToRecord(JsonObject user)
    {
        var values = Selected.ToDictionary(p => p, p => user[p] is JsonValue value ? value.ToString() : null);
        values["accountEnabled"] = (bool?)user["accountEnabled"] is { } enabled ? (enabled ? "true" : "false") : null;
        // Guests and accounts without a mailbox have no mail; their user principal name is the address they sign in with.
        values["mail"] ??= Email(values["userPrincipalName"]);
        values["emailDomain"] = values["mail"]?.Split('@').LastOrDefault();
        return new SourceRecord((string)user["id"]!, values);
    }

    static string? Email(string? userPrincipalName) =>
        userPrincipalName is not null && userPrincipalName.Contains('@') && !userPrincipalName.Contains("#EXT#") ? userPrincipalName : null;

    string FirstUrl(SourceSettings settings, int top)
    {
        var graph = options.Value.GraphUrl.TrimEnd('/');
        var collection = string.IsNullOrWhiteSpace(settings.GroupId)
            ? "v1.0/users"
            : $"v1.0/groups/{Uri.EscapeDataString(settings.GroupId.Trim())}/members/microsoft.graph.user";
        return $"{graph}/{collection}?$select={string.Join(',', Selected)}&$top={top}";
    }

    /// <summary>The cursor is Graph's own next link: followed only while it stays on Graph (never a stored address elsewhere).</summary>
    bool IsGraphUrl(string url) => url.StartsWith(options.Value.GraphUrl.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase);

    static HttpRequestMessage GraphRequest(string accessToken, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    async Task<string> RequireTokenAsync(HttpClient http, SourceAccess access, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(http, access, cancellationToken);
        return token.AccessToken ?? throw new SourceReadException(token.Problem!);
    }

    /// <summary>Client credentials at the directory's token endpoint, for Graph's default scope.</summary>
    async Task<(string? AccessToken, string? Problem)> TokenAsync(HttpClient http, SourceAccess access, CancellationToken cancellationToken)
    {
        var url = $"{options.Value.EntraLoginUrl.TrimEnd('/')}/{Uri.EscapeDataString(access.Settings.DirectoryId!.Trim())}/oauth2/v2.0/token";
        using var response = await http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = access.Settings.ClientId!.Trim(),
            ["client_secret"] = access.Secret ?? "",
            ["scope"] = options.Value.GraphUrl.TrimEnd('/') + "/.default",
            ["grant_type"] = "client_credentials",
        }), cancellationToken);
        var body = await ReadJsonAsync(response, cancellationToken);
        if (response.IsSuccessStatusCode && (string?)body?["access_token"] is { } accessToken) return (accessToken, null);
        return (null, EntraWords.TokenProblem(response.StatusCode, body));
    }

    static async Task<string?> GraphProblemAsync(HttpResponseMessage response, SourceSettings settings, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return null;
        var code = (string?)(await ReadJsonAsync(response, cancellationToken))?["error"]?["code"];
        return response.StatusCode switch
        {
            HttpStatusCode.Forbidden => EntraWords.NotPermitted(settings),
            HttpStatusCode.NotFound when settings.GroupId is not null => $"There is no group with the ID {settings.GroupId} in this directory.",
            _ => SourceHttp.Problem(response, SourceName, "the app registration") + (code is null ? "" : $" ({code})"),
        };
    }

    static async Task<JsonObject?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
