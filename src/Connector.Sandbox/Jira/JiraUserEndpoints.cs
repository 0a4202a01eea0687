using Connector.Sandbox.Data;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Jira;

/// <summary>Jira's user APIs in their real shapes: users/search answers a bare array and pages by startAt.</summary>
public static class JiraUserEndpoints
{
    public static void MapJiraUsers(this RouteGroupBuilder site)
    {
        site.MapGet("/rest/api/3/myself", async (string siteName, HttpRequest request, SiteDirectory sites, JiraAuth auth) =>
        {
            if (sites.Find(siteName) is not { } s) return JiraEndpoints.JiraError(404, "Site not found.");
            if (await auth.AuthenticateAsync(s, request) is not { User: { } user }) return JiraAuth.Refusal();
            return Results.Json(UserJson(s, user.AccountId, "atlassian", user.DisplayName, user.Email, true));
        });

        site.MapGet("/rest/api/3/mypermissions", async (string siteName, string? permissions, HttpRequest request, SiteDirectory sites, JiraAuth auth) =>
        {
            if (sites.Find(siteName) is not { } s) return JiraEndpoints.JiraError(404, "Site not found.");
            if (await auth.AuthenticateAsync(s, request) is not { } caller) return JiraAuth.Refusal();
            if (string.IsNullOrEmpty(permissions)) return JiraEndpoints.JiraError(400, "The permissions query parameter is required.");
            var answer = permissions.Split(',').ToDictionary(p => p, p => new
            {
                id = p == "ADMINISTER" ? "0" : "1", key = p, name = p, type = "GLOBAL", description = p,
                havePermission = p != "ADMINISTER" || caller.IsAdmin,
            });
            return Results.Json(new { permissions = answer });
        });

        site.MapGet("/rest/api/3/users/search", async (string siteName, int? startAt, int? maxResults, HttpRequest request,
            SiteDirectory sites, JiraAuth auth) =>
        {
            if (sites.Find(siteName) is not { } s) return JiraEndpoints.JiraError(404, "Site not found.");
            if (await auth.AuthenticateAsync(s, request) is null) return JiraAuth.Refusal();
            var start = Math.Max(0, startAt ?? 0);
            var size = Math.Clamp(maxResults ?? 50, 1, 1000);
            return Results.Json(UsersPage(s, start, size));
        });

        // Active users and customers matching a query (email or name), up to maxResults; how the app finds a customer by email.
        site.MapGet("/rest/api/3/user/search", async (string siteName, string? query, int? startAt, int? maxResults, HttpRequest request,
            SiteDirectory sites, JiraAuth auth) =>
        {
            if (sites.Find(siteName) is not { } s) return JiraEndpoints.JiraError(404, "Site not found.");
            if (await auth.AuthenticateAsync(s, request) is null) return JiraAuth.Refusal();
            if (string.IsNullOrWhiteSpace(query)) return JiraEndpoints.JiraError(400, "The query parameter is required.");
            var customers = s.Csm.SearchCustomers(query).Select(c => UserJson(s, c.Id, "customer", c.DisplayName, c.Email, true));
            var users = AllUsers(s).Where(u => u["active"] is true && (Matches(u["emailAddress"], query) || Matches(u["displayName"], query)));
            return Results.Json(customers.Concat(users).Skip(Math.Max(0, startAt ?? 0)).Take(Math.Clamp(maxResults ?? 50, 1, 1000)).ToList());
        });

        site.MapGet("/rest/api/3/user", async (string siteName, string? accountId, HttpRequest request, SiteDirectory sites, JiraAuth auth) =>
        {
            if (sites.Find(siteName) is not { } s) return JiraEndpoints.JiraError(404, "Site not found.");
            if (await auth.AuthenticateAsync(s, request) is null) return JiraAuth.Refusal();
            var found = AllUsers(s).FirstOrDefault(u => (string)u["accountId"]! == accountId);
            return found is null ? JiraEndpoints.JiraError(404, $"User with accountId '{accountId}' was not found.") : Results.Json(found);
        });
    }

    static bool Matches(object? value, string query) => value is string text && text.Contains(query, StringComparison.OrdinalIgnoreCase);

    /// <summary>One page of <see cref="AllUsers"/>, generating only the people on it (benchmarks page through 100,000).</summary>
    static List<Dictionary<string, object?>> UsersPage(Site site, int start, int size)
    {
        var own = site.Users.Skip(start).Take(size).Select(u => UserJson(site, u.AccountId, "atlassian", u.DisplayName, u.Email, true)).ToList();
        var peopleStart = Math.Max(0, start - site.Users.Count);
        return own.Concat(site.People.Range(peopleStart, size - own.Count).Select(p => PersonJson(site, p))).ToList();
    }

    /// <summary>The site's own users first, then its generated people; evaluated lazily page by page.</summary>
    static IEnumerable<Dictionary<string, object?>> AllUsers(Site site) =>
        site.Users.Select(u => UserJson(site, u.AccountId, "atlassian", u.DisplayName, u.Email, true))
            .Concat(site.People.Range(0, site.People.Users).Select(p => PersonJson(site, p)));

    static Dictionary<string, object?> PersonJson(Site site, Person p) =>
        UserJson(site, p.AccountId, p.AccountType, p.DisplayName, p.Email, p.Active);

    static Dictionary<string, object?> UserJson(Site site, string accountId, string accountType, string displayName, string? email, bool active)
    {
        var user = new Dictionary<string, object?>
        {
            ["self"] = $"{site.BaseUrl}/rest/api/3/user?accountId={accountId}",
            ["accountId"] = accountId,
            ["accountType"] = accountType,
            ["avatarUrls"] = new Dictionary<string, string> { ["48x48"] = $"{site.BaseUrl}/avatar/{accountId}.png" },
            ["displayName"] = displayName,
            ["active"] = active,
            ["timeZone"] = site.TimeZone,
            ["locale"] = "en_US",
        };
        if (email is not null) user["emailAddress"] = email;
        return user;
    }
}
