using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Connector.Web.Sources.Jira;

/// <summary>
/// Users of another Jira Cloud site, read with a Jira administrator's email and API token (basic auth).
/// users/search answers bare arrays, so we page by startAt until a page comes back empty.
/// </summary>
public sealed class JiraCloudSource(IHttpClientFactory httpClients) : ISourceAdapter
{
    const string System = "The Jira site";

    public SourceType Type => SourceType.JiraCloud;

    public async Task<SourceCheck> CheckAsync(SourceAccess access, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(access.Settings.SiteUrl, UriKind.Absolute, out var site) || site.Scheme is not ("https" or "http"))
            return SourceCheck.Failed("The site URL must be a full address, for example https://your-site.atlassian.net.");
        var http = httpClients.CreateClient(SourceHttp.CheckClient);
        try
        {
            using var myself = await http.SendAsync(Request(access, "rest/api/3/myself"), cancellationToken);
            if (SourceHttp.Problem(myself, System, "this email and API token") is { } problem) return SourceCheck.Failed(problem);

            using var permissions = await http.SendAsync(Request(access, "rest/api/3/mypermissions?permissions=ADMINISTER"), cancellationToken);
            if (SourceHttp.Problem(permissions, System, "this email and API token") is { } permissionProblem) return SourceCheck.Failed(permissionProblem);
            var answer = await permissions.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            if (answer?["permissions"]?["ADMINISTER"]?["havePermission"]?.GetValue<bool>() != true)
                return SourceCheck.Failed($"This user is not a Jira administrator of {site.Host}. Use the email and API token of a Jira administrator.");
            return SourceCheck.Connected();
        }
        catch (Exception e) when (SourceHttp.Problem(e, System) is { } problem)
        {
            return SourceCheck.Failed(problem);
        }
    }

    public IReadOnlyList<SourceField> Fields(SourceSettings settings) =>
    [
        new("accountId", "Account ID", "5b10ac8d82e05b22cc7d4ef5"),
        new("displayName", "Name", "Ada Lovelace"),
        new("emailAddress", "Email", "ada@example.com"),
        new("emailDomain", "Email domain", "example.com"),
        new("active", "Active", "true"),
        new("accountType", "Account type", "atlassian"),
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
            using var response = await http.SendAsync(Request(access, $"rest/api/3/users/search?startAt={startAt}&maxResults={pageSize}"), cancellationToken);
            if (SourceHttp.Problem(response, System, "the stored email and API token") is { } problem) throw new SourceReadException(problem);
            var users = await response.Content.ReadFromJsonAsync<List<JiraUser>>(cancellationToken) ?? [];
            if (users.Count == 0) yield break;

            startAt += users.Count;
            var records = users
                .Where(u => u.AccountType != "app")
                .Where(u => access.Settings.IncludeInactive || u.Active != false)
                .Select(ToRecord)
                .ToList();
            yield return new SourcePage(records, [], startAt.ToString());
        }
    }

    static SourceRecord ToRecord(JiraUser user) => new(user.AccountId, new Dictionary<string, string?>
    {
        ["accountId"] = user.AccountId,
        ["displayName"] = user.DisplayName,
        ["emailAddress"] = user.EmailAddress,
        ["emailDomain"] = user.EmailAddress?.Split('@').LastOrDefault(),
        ["active"] = user.Active is { } active ? (active ? "true" : "false") : null,
        ["accountType"] = user.AccountType,
        ["timeZone"] = user.TimeZone,
        ["locale"] = user.Locale,
    });

    /// <summary>The fields of Jira's user object we read (System.Text.Json matches them case-insensitively).</summary>
    sealed record JiraUser(string AccountId, string? AccountType, string? DisplayName, string? EmailAddress, bool? Active, string? TimeZone, string? Locale);

    static HttpRequestMessage Request(SourceAccess access, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, access.Settings.SiteUrl!.TrimEnd('/') + "/" + pathAndQuery);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{access.Settings.Email}:{access.Secret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
