using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Connector.Web.Sources.JiraDataCenter;

/// <summary>
/// Users of a Jira Data Center (or Server) site, read with a personal access token (a Bearer token, Jira 8.14 and
/// later). They are read as the members of one group (REST API v2 group/member: pages of at most 50 with startAt,
/// total and isLast), because user/search caps startAt + maxResults at the first 100 results on recent versions.
/// The user's key, not its username, identifies it: a renamed user keeps its key.
/// </summary>
public sealed class JiraDataCenterSource(IHttpClientFactory httpClients) : ISourceAdapter
{
    const string System = "The Jira Data Center site";
    const int MaxPage = 50;

    public SourceType Type => SourceType.JiraDataCenter;

    public async Task<SourceCheck> CheckAsync(SourceAccess access, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(access.Settings.SiteUrl, UriKind.Absolute, out var site) || site.Scheme is not ("https" or "http"))
            return SourceCheck.Failed("The base URL must be a full address, for example https://jira.example.com.");
        var http = httpClients.CreateClient(SourceHttp.CheckClient);
        try
        {
            using var myself = await http.SendAsync(Request(access, "rest/api/2/myself"), cancellationToken);
            if (myself.StatusCode is HttpStatusCode.Unauthorized)
                return SourceCheck.Failed("Jira did not accept this personal access token: it is wrong, expired or revoked. Create a new one under your profile → Personal Access Tokens.");
            if (SourceHttp.Problem(myself, System, "this personal access token") is { } problem) return SourceCheck.Failed(problem);

            using var members = await http.SendAsync(Request(access, MembersPath(access.Settings, 0, 1)), cancellationToken);
            if (members.StatusCode == HttpStatusCode.NotFound)
                return SourceCheck.Failed($"There is no group named {access.Settings.GroupName} on this site. Check the name under Administration → User management → Groups.");
            if (members.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
                return SourceCheck.Failed("The token's user may not list group members. Use the token of a user with the Jira System administrators or Browse users and groups permission.");
            if (SourceHttp.Problem(members, System, "this personal access token") is { } membersProblem) return SourceCheck.Failed(membersProblem);
            var total = (int?)(await members.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["total"];
            return SourceCheck.Connected(total is { } count ? $"The group {access.Settings.GroupName} has {count:N0} members." : null);
        }
        catch (Exception e) when (SourceHttp.Problem(e, System) is { } problem)
        {
            return SourceCheck.Failed(problem);
        }
    }

    public IReadOnlyList<SourceField> Fields(SourceSettings settings) =>
    [
        new("key", "User key", "JIRAUSER10100"),
        new("name", "Username", "alovelace"),
        new("displayName", "Name", "Ada Lovelace"),
        new("emailAddress", "Email", "ada@example.com"),
        new("emailDomain", "Email domain", "example.com"),
        new("active", "Active", "true"),
        new("timeZone", "Time zone", "Europe/Berlin"),
        new("locale", "Locale", "en_US"),
    ];

    public async IAsyncEnumerable<SourcePage> ReadAsync(SourceAccess access, string? cursor, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(SourceHttp.ReadClient);
        var startAt = int.TryParse(cursor, out var resumeAt) ? resumeAt : 0;
        while (true)
        {
            using var response = await http.SendAsync(Request(access, MembersPath(access.Settings, startAt, Math.Clamp(pageSize, 1, MaxPage))), cancellationToken);
            if (SourceHttp.Problem(response, System, "the stored personal access token") is { } problem) throw new SourceReadException(problem);
            var page = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            var users = (page?["values"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
            startAt += users.Count;
            var last = (bool?)page?["isLast"] ?? users.Count == 0;
            var records = users.Where(u => access.Settings.IncludeInactive || (bool?)u["active"] != false).Select(ToRecord).ToList();
            yield return new SourcePage(records, [], last ? null : startAt.ToString());
            if (last) yield break;
        }
    }

    static SourceRecord ToRecord(JsonObject user)
    {
        string? Text(string name) => user[name] is JsonValue value ? value.ToString() : null;
        var email = Text("emailAddress") is { Length: > 0 } address ? address : null;
        return new SourceRecord(Text("key") ?? Text("name")!, new Dictionary<string, string?>
        {
            ["key"] = Text("key"),
            ["name"] = Text("name"),
            ["displayName"] = Text("displayName"),
            ["emailAddress"] = email,
            ["emailDomain"] = email?.Split('@').LastOrDefault(),
            ["active"] = (bool?)user["active"] is { } active ? (active ? "true" : "false") : null,
            ["timeZone"] = Text("timeZone"),
            ["locale"] = Text("locale"),
        });
    }

    /// <summary>Inactive members are asked for always and left out here, so paging never depends on the filter.</summary>
    static string MembersPath(SourceSettings settings, int startAt, int maxResults) =>
        $"rest/api/2/group/member?groupname={Uri.EscapeDataString(settings.GroupName ?? "")}&includeInactiveUsers=true&startAt={startAt}&maxResults={maxResults}";

    static HttpRequestMessage Request(SourceAccess access, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, access.Settings.SiteUrl!.TrimEnd('/') + "/" + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.Secret);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
