using System.Text;
using Connector.Sandbox.Data;
using Connector.Sandbox.Sites;
using Microsoft.Extensions.Options;

namespace Connector.Sandbox.Entra;

/// <summary>
/// The Microsoft identity platform's token endpoint (client credentials) and Microsoft Graph's user lists, in their
/// wire formats: the token answer and AADSTS error bodies as learn.microsoft.com documents them, Graph's
/// {"@odata.context", "@odata.nextLink", "value"} pages with $select, $top (at most 999) and an opaque $skiptoken,
/// and Graph's {"error": {"code", "message"}} errors.
/// </summary>
public static class EntraEndpoints
{
    public static void MapEntra(this IEndpointRouteBuilder app)
    {
        app.MapPost("/entra/{directoryId}/oauth2/v2.0/token", async (string directoryId, HttpRequest request, SiteDirectory sites) =>
        {
            var form = await request.ReadFormAsync();
            if (sites.All.FirstOrDefault(s => s.Entra.DirectoryId == directoryId) is not { } site)
                return TokenError(400, "invalid_request", 90002, $"Tenant '{directoryId}' not found.");
            var directory = site.Entra;
            var (clientId, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
            if (form["grant_type"] != "client_credentials") return TokenError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
            if (clientId != directory.ClientId && clientId != directory.UnpermittedClientId)
                return TokenError(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory.");
            if (secret == directory.ExpiredClientSecret)
                return TokenError(401, "invalid_client", 7000222, $"The provided client secret keys for app '{clientId}' are expired.");
            if (secret != directory.ClientSecret) return TokenError(401, "invalid_client", 7000215, "Invalid client secret provided.");
            return Results.Json(new { token_type = "Bearer", expires_in = 3599, ext_expires_in = 3599,
                access_token = directory.IssueToken(mayReadUsers: clientId == directory.ClientId) });
        });

        app.MapGet("/graph/v1.0/users", (HttpRequest request, SiteDirectory sites, IOptions<SandboxOptions> options) =>
            RefuseReader(request, sites, out var site)
            ?? (GraphDelta.IdsFilter(request.Query["$filter"]) is { } ids
                ? UsersWithIds(request, site, ids)
                : UserPage(request, site, options.Value, "v1.0/users", _ => true)));

        app.MapGet("/graph/v1.0/users/delta", (HttpRequest request, SiteDirectory sites, IOptions<SandboxOptions> options) =>
            RefuseReader(request, sites, out var site) ?? GraphDelta.Page(request, site, options.Value));

        app.MapGet("/graph/v1.0/groups/{groupId}/members/microsoft.graph.user", (string groupId, HttpRequest request, SiteDirectory sites,
            IOptions<SandboxOptions> options) =>
            RefuseReader(request, sites, out var site)
            ?? (groupId != site.Entra.GroupId
                ? GraphError(404, "Request_ResourceNotFound", $"Resource '{groupId}' does not exist or one of its queried reference-property objects are not present.")
                : UserPage(request, site, options.Value, $"v1.0/groups/{groupId}/members/microsoft.graph.user", p => p.Index % 3 == 0)));
    }

    /// <summary>$filter=id in ('…', …): the users with those ids (at most 15, as Graph allows), with what $select names.</summary>
    static IResult UsersWithIds(HttpRequest request, Site site, IReadOnlyList<string> ids)
    {
        if (ids.Count > 15) return GraphError(400, "Request_UnsupportedQuery", "Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15.");
        var select = request.Query["$select"].ToString();
        var users = ids.Select(id => GraphDelta.PersonOf(site, id)).OfType<Person>().Select(p => Selected(UserJson(site, p), select)).ToList();
        return Results.Json(new Dictionary<string, object?> { ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users({select})", ["value"] = users });
    }

    /// <summary>Graph's refusal of a caller whose token is unknown (401) or may not read users (403); null when it may.</summary>
    static IResult? RefuseReader(HttpRequest request, SiteDirectory sites, out Site site)
    {
        site = null!;
        if (SiteOf(request, sites) is not { } found || found.Entra.Permission(Bearer(request)) is not { } mayRead)
            return GraphError(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
        site = found;
        return mayRead ? null : GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }

    static IResult UserPage(HttpRequest request, Site site, SandboxOptions options, string collection, Func<Person, bool> member)
    {
        var top = int.TryParse(request.Query["$top"], out var asked) ? Math.Clamp(asked, 1, 999) : 100;
        var select = request.Query["$select"].ToString();
        var start = SkipToken.Read(request.Query["$skiptoken"]);
        var users = new List<Dictionary<string, object?>>();
        var index = start;
        for (; index < site.People.Users && users.Count < top; index++)
        {
            var person = site.People[index];
            if (person.AccountType == "app" || !member(person)) continue;
            users.Add(Selected(UserJson(site, person), select));
        }
        var page = new Dictionary<string, object?>
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users({select})",
            ["value"] = users,
        };
        if (index < site.People.Users)
            page["@odata.nextLink"] = $"{options.BaseUrl.TrimEnd('/')}/graph/{collection}?$select={Uri.EscapeDataString(select)}&$top={top}&$skiptoken={SkipToken.Write(index)}";
        return Results.Json(page);
    }

    internal static Dictionary<string, object?> UserJson(Site site, Person person)
    {
        var names = person.DisplayName.Split(' ', 2);
        return new()
        {
            ["id"] = GraphDelta.IdOf(site, person.Index),
            ["displayName"] = person.DisplayName,
            ["givenName"] = names[0],
            ["surname"] = names.ElementAtOrDefault(1),
            ["mail"] = person.Email,
            ["userPrincipalName"] = person.Email ?? $"user{person.Index}@{site.Name}.onmicrosoft.com",
            ["jobTitle"] = person.Title,
            ["department"] = null,
            ["companyName"] = person.Company,
            ["officeLocation"] = null,
            ["city"] = null,
            ["country"] = person.Country,
            ["mobilePhone"] = person.Phone,
            ["accountEnabled"] = person.Active,
        };
    }

    /// <summary>Graph returns only what $select names (and always the id).</summary>
    internal static Dictionary<string, object?> Selected(Dictionary<string, object?> user, string select)
    {
        if (string.IsNullOrEmpty(select)) return user;
        var wanted = select.Split(',', StringSplitOptions.TrimEntries).Append("id").ToHashSet(StringComparer.OrdinalIgnoreCase);
        return user.Where(p => wanted.Contains(p.Key)).ToDictionary();
    }

    static Site? SiteOf(HttpRequest request, SiteDirectory sites) =>
        EntraDirectory.SiteOfToken(request.Headers.Authorization.ToString()) is { } name ? sites.Find(name) : null;

    static string? Bearer(HttpRequest request) =>
        request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;

    static IResult TokenError(int status, string error, int code, string description) => Results.Json(new
    {
        error,
        error_description = $"AADSTS{code}: {description} Trace ID: 00000000-0000-0000-0000-000000000000",
        error_codes = new[] { code },
        timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ"),
    }, statusCode: status);

    internal static IResult GraphError(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    /// <summary>Graph's $skiptoken is opaque; ours is the next person's index, base64url.</summary>
    internal static class SkipToken
    {
        public static string Write(int index) => Opaque($"i:{index}");

        public static int Read(string? token) => string.IsNullOrEmpty(token) ? 0 : int.Parse(Plain(token)[2..]);

        public static string Opaque(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static string Plain(string token)
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
    }
}
