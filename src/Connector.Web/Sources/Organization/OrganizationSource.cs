using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Connector.Web.Tenancy;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Connector.Web.Sources.Organization;

/// <summary>
/// Managed users of an Atlassian organization, through the Admin API with an organization API key
/// (Bearer). The check lists the organizations the key sees; records come from the v2 directory
/// users API, whose next link is an opaque cursor.
/// </summary>
public sealed class OrganizationSource(IHttpClientFactory httpClients, IOptions<AtlassianOptions> atlassian) : ISourceAdapter
{
    const string System = "Atlassian Administration";

    public SourceType Type => SourceType.AtlassianOrganization;

    public async Task<SourceCheck> CheckAsync(SourceAccess access, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(SourceHttp.CheckClient);
        try
        {
            using var response = await http.SendAsync(Request(access, "admin/v1/orgs"), cancellationToken);
            if (SourceHttp.Problem(response, System, "this API key (it may have expired or been revoked)") is { } problem)
                return SourceCheck.Failed(problem);
            var orgs = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["data"]?.AsArray() ?? [];
            if (orgs.FirstOrDefault() is not JsonObject org)
                return SourceCheck.Failed("This API key cannot see any organization. Create the key in the organization you want to import from.");
            var name = (string?)org["attributes"]?["name"] ?? "";
            return SourceCheck.Connected(learned: access.Settings with { OrganizationId = (string?)org["id"], OrganizationName = name });
        }
        catch (Exception e) when (SourceHttp.Problem(e, System) is { } problem)
        {
            return SourceCheck.Failed(problem);
        }
    }

    public IReadOnlyList<SourceField> Fields(SourceSettings settings) =>
    [
        new("accountId", "Account ID", "5b10ac8d82e05b22cc7d4ef5"),
        new("name", "Name", "Ada Lovelace"),
        new("nickname", "Nickname", "Ada"),
        new("email", "Email", "ada@example.com"),
        new("emailDomain", "Email domain", "example.com"),
        new("accountStatus", "Account status", "active"),
    ];

    public async IAsyncEnumerable<SourcePage> ReadAsync(SourceAccess access, string? cursor, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(SourceHttp.ReadClient);
        var limit = Math.Clamp(pageSize, 1, 100);
        var path = $"admin/v2/orgs/{Uri.EscapeDataString(access.Settings.OrganizationId!)}/directories/-/users?limit={limit}";
        while (true)
        {
            var url = cursor is null ? path : $"{path}&cursor={Uri.EscapeDataString(cursor)}";
            using var response = await http.SendAsync(Request(access, url), cancellationToken);
            if (SourceHttp.Problem(response, System, "the stored API key (it may have expired)") is { } problem) throw new SourceReadException(problem);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            var records = (body?["data"]?.AsArray() ?? []).OfType<JsonObject>()
                .Where(u => access.Settings.IncludeInactive || (string?)u["accountStatus"] == "active")
                .Select(ToRecord)
                .ToList();
            cursor = NextCursor((string?)body?["links"]?["next"]);
            yield return new SourcePage(records, [], cursor);
            if (cursor is null) yield break;
        }
    }

    // links.next is an opaque cursor in v2; older endpoints give a full URL carrying it.
    static string? NextCursor(string? next) =>
        string.IsNullOrEmpty(next) ? null
        : Uri.TryCreate(next, UriKind.Absolute, out var url) && QueryHelpers.ParseQuery(url.Query).TryGetValue("cursor", out var value) ? value.ToString()
        : next;

    static SourceRecord ToRecord(JsonObject user)
    {
        var email = (string?)user["email"];
        return new SourceRecord((string)user["accountId"]!, new Dictionary<string, string?>
        {
            ["accountId"] = (string?)user["accountId"],
            ["name"] = (string?)user["name"],
            ["nickname"] = (string?)user["nickname"],
            ["email"] = email,
            ["emailDomain"] = email?.Split('@').LastOrDefault(),
            ["accountStatus"] = (string?)user["accountStatus"],
        });
    }

    HttpRequestMessage Request(SourceAccess access, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, atlassian.Value.Gateway(pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.Secret);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
