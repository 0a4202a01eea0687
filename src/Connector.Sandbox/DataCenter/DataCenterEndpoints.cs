using Connector.Sandbox.Data;
using Connector.Sandbox.Sites;
using Microsoft.Extensions.Options;

namespace Connector.Sandbox.DataCenter;

/// <summary>
/// Jira Data Center's REST API v2 as a source reads it, at /dc/{site}: GET myself and GET group/member (pages of at
/// most 50: {self, nextPage, maxResults, startAt, total, isLast, values}), with personal access tokens as Bearer
/// tokens and Jira's {"errorMessages": [], "errors": {}} bodies. Users carry a key (JIRAUSER…) and a username.
/// </summary>
public static class DataCenterEndpoints
{
    public static void MapDataCenter(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dc/{siteName}/rest/api/2/myself", (string siteName, HttpRequest request, SiteDirectory sites) =>
            sites.Find(siteName) is not { } site ? Results.NotFound()
            : site.DataCenter.MayBrowseUsers(Bearer(request)) is null ? Unauthorized()
            : Results.Json(new { key = "JIRAUSER10000", name = "admin", displayName = site.Admin.DisplayName, emailAddress = site.Admin.Email, active = true }));

        app.MapGet("/dc/{siteName}/rest/api/2/group/member", (string siteName, string? groupname, int? startAt, int? maxResults, bool? includeInactiveUsers,
            HttpRequest request, SiteDirectory sites, IOptions<SandboxOptions> options) =>
        {
            if (sites.Find(siteName) is not { } site) return Results.NotFound();
            if (site.DataCenter.MayBrowseUsers(Bearer(request)) is not { } mayBrowse) return Unauthorized();
            if (!mayBrowse) return Error(403, "You do not have the permission to see the specified group.");
            if (groupname != DataCenterSite.UsersGroup) return Error(404, $"The specified group '{groupname}' does not exist.");
            var members = Members(site.People, includeInactiveUsers == true).ToList();
            var (start, size) = (Math.Max(0, startAt ?? 0), Math.Clamp(maxResults ?? 50, 1, 50));
            var page = members.Skip(start).Take(size).Select(p => UserJson(site, p, options.Value)).ToList();
            var isLast = start + page.Count >= members.Count;
            var self = $"{options.Value.BaseUrl.TrimEnd('/')}/dc/{siteName}/rest/api/2/group/member?groupname={groupname}";
            return Results.Json(new
            {
                self = $"{self}&startAt={start}&maxResults={size}",
                nextPage = isLast ? null : $"{self}&startAt={start + size}&maxResults={size}",
                maxResults = size, startAt = start, total = members.Count, isLast, values = page,
            });
        });
    }

    static IEnumerable<Person> Members(DataSet people, bool includeInactive) =>
        people.Range(0, people.Users).Where(p => p.AccountType != "app" && (includeInactive || p.Active));

    static object UserJson(Site site, Person person, SandboxOptions options)
    {
        var username = person.Email?.Split('@')[0] ?? $"user{person.Index}";
        return new
        {
            self = $"{options.BaseUrl.TrimEnd('/')}/dc/{site.Name}/rest/api/2/user?username={username}",
            key = $"JIRAUSER{10100 + person.Index}", name = username, emailAddress = person.Email ?? "",
            avatarUrls = new Dictionary<string, string>(), displayName = person.DisplayName, active = person.Active,
            timeZone = "Europe/Berlin", locale = "en_US",
        };
    }

    static string? Bearer(HttpRequest request) =>
        request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;

    /// <summary>Jira answers a missing, wrong, expired or revoked token alike.</summary>
    static IResult Unauthorized() => Error(401, "You are not authenticated. Authentication required to perform this operation.");

    static IResult Error(int status, string message) =>
        Results.Json(new { errorMessages = new[] { message }, errors = new Dictionary<string, string>() }, statusCode: status);
}
