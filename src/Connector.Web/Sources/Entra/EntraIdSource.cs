using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Connector.Web.Sources.Entra;

/// <summary>
/// Users of a Microsoft Entra ID directory, read from Microsoft Graph as an app registration (OAuth 2.0 client
/// credentials, application permission User.Read.All; GroupMember.Read.All when one group is read). All users are
/// read through a delta query (users/delta), so a later read asks only for what changed since its deltaLink; one
/// group's members are read whole every time. Graph's @odata.nextLink is the resumable cursor. Formats: the Microsoft
/// identity platform's token endpoint and AADSTS codes, Graph v1.0 "List users", "List group members" and "user: delta"
/// (docs/sources.md says where they were found).
/// </summary>
public sealed class EntraIdSource(IHttpClientFactory httpClients, IOptions<SourcesOptions> options) : ISourceAdapter, ISourceChangeReader
{
    /// <summary>The user properties we ask Graph for ($select): Graph returns only a default few otherwise.</summary>
    static readonly string[] Selected =
        ["id", "displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "department", "companyName",
         "officeLocation", "city", "country", "mobilePhone", "accountEnabled"];

    static readonly string Select = string.Join(',', Selected);

    public SourceType Type => SourceType.EntraId;

    string Graph => options.Value.GraphUrl.TrimEnd('/');

    public async Task<SourceCheck> CheckAsync(SourceAccess access, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(access.Settings.DirectoryId) || string.IsNullOrWhiteSpace(access.Settings.ClientId))
            return SourceCheck.Failed("Enter the directory (tenant) ID and the application (client) ID of the app registration.");
        var graph = new GraphSession(httpClients.CreateClient(SourceHttp.CheckClient), access, options.Value);
        try
        {
            var (_, problem) = await graph.TryGetAsync(CheckUrl(access.Settings), null, cancellationToken);
            return problem is null ? SourceCheck.Connected() : SourceCheck.Failed(problem);
        }
        catch (Exception e) when (SourceHttp.Problem(e, EntraWords.SourceName) is { } problem)
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

    public IAsyncEnumerable<SourcePage> ReadAsync(SourceAccess access, string? cursor, int pageSize, CancellationToken cancellationToken) =>
        PagesAsync(access, cursor ?? FirstUrl(access.Settings, Math.Clamp(pageSize, 1, 999)), pageSize, changesOnly: false, cancellationToken);

    /// <summary>Graph tracks changes of all users (users/delta), not of one group's members' properties.</summary>
    public bool ReadsChanges(SourceSettings settings) => string.IsNullOrWhiteSpace(settings.GroupId);

    /// <summary>The change token is the previous read's deltaLink; what it answers are delta pages again, ending in a new deltaLink.</summary>
    public IAsyncEnumerable<SourcePage> ReadChangesAsync(SourceAccess access, string changeToken, string? cursor, int pageSize,
        CancellationToken cancellationToken) =>
        PagesAsync(access, cursor ?? changeToken, pageSize, changesOnly: true, cancellationToken);

    async IAsyncEnumerable<SourcePage> PagesAsync(SourceAccess access, string firstUrl, int pageSize, bool changesOnly,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!IsGraphUrl(firstUrl)) throw new SourceReadException("The stored position in Microsoft Graph is not a Graph address; run a Full Import from the start.");
        var graph = new GraphSession(httpClients.CreateClient(SourceHttp.ReadClient), access, options.Value);
        for (var url = firstUrl; url is not null;)
        {
            JsonObject? page;
            try
            {
                page = await graph.GetAsync(url, Math.Clamp(pageSize, 1, 999), cancellationToken);
            }
            catch (DeltaExpiredException) when (changesOnly)
            {
                // Graph forgets a delta state after a while: everything is read again, ending in a new deltaLink.
                (url, changesOnly) = (FirstUrl(access.Settings, pageSize), false);
                continue;
            }
            var (next, deltaLink) = ((string?)page?["@odata.nextLink"], (string?)page?["@odata.deltaLink"]);
            if ((next ?? deltaLink) is { } link && !IsGraphUrl(link)) throw new SourceReadException("Microsoft Graph sent a next page on another address; the read stopped.");
            // A delta query lists a deleted user with "@removed" (the periodic full read deactivates it), and may list a
            // changed user with only its changed properties: a change is read again whole.
            var users = (page?["value"]?.AsArray() ?? []).OfType<JsonObject>().Where(user => user["@removed"] is null).ToList();
            if (changesOnly) users = await graph.WholeUsersAsync(users.Select(u => (string)u["id"]!).ToList(), Select, cancellationToken);
            var records = users.Where(user => access.Settings.IncludeInactive || (bool?)user["accountEnabled"] != false).Select(ToRecord).ToList();
            yield return new SourcePage(records, [], next, next is null ? deltaLink : null);
            url = next;
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

    /// <summary>All users through users/delta, whose last page carries the deltaLink; one group's members through its member list.</summary>
    string FirstUrl(SourceSettings settings, int top) => string.IsNullOrWhiteSpace(settings.GroupId)
        ? $"{Graph}/v1.0/users/delta?$select={Select}"
        : $"{Graph}/v1.0/groups/{Uri.EscapeDataString(settings.GroupId.Trim())}/members/microsoft.graph.user?$select={Select}&$top={top}";

    /// <summary>One user (of the group, when one is set): proves the sign-in, the permission and the group.</summary>
    string CheckUrl(SourceSettings settings) => string.IsNullOrWhiteSpace(settings.GroupId)
        ? $"{Graph}/v1.0/users?$select=id&$top=1"
        : FirstUrl(settings, 1);

    /// <summary>The cursor is Graph's own link: followed only while it stays on Graph (never a stored address elsewhere).</summary>
    bool IsGraphUrl(string url) => url.StartsWith(Graph + "/", StringComparison.OrdinalIgnoreCase);
}
