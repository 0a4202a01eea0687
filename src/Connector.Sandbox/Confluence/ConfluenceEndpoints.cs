using Connector.Sandbox.Connect;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Confluence;

/// <summary>
/// The Confluence endpoints our Confluence app calls, below the site's /wiki context path and only with the
/// Confluence install's JWT (a Jira token is another install's and is refused). Shapes from Confluence Cloud's REST
/// API v1 as confluence.js documents them (Parameters.GetUser, Models.User, OperationCheckResult; README "Confluence"
/// says more). Its personal data report is <see cref="Privacy.PrivacyEndpoints"/>' below /wiki.
/// </summary>
public static class ConfluenceEndpoints
{
    public static void MapConfluence(this IEndpointRouteBuilder app)
    {
        // GET /wiki/rest/api/user?accountId=…&expand=operations: the user, and with "operations" what they may do;
        // a Confluence administrator has {"operation":"administer","targetType":"application"}.
        app.MapGet("/site/{siteName}/wiki/rest/api/user", async (string siteName, string? accountId, string? expand, HttpRequest request,
            SiteDirectory sites, AppJwtVerifier verifier) =>
        {
            if (sites.Find(siteName) is not { } site) return ConfluenceError(404, "Site not found.");
            if (await verifier.RefuseAsync(site.Confluence, request) is { } refusal) return ConfluenceError(401, refusal);
            if (site.FindUser(accountId) is not { } user) return ConfluenceError(404, $"No user with accountId {accountId}.");
            var expanded = (expand ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return Results.Json(UserJson(site, user, expanded.Contains("operations")));
        });
    }

    static Dictionary<string, object?> UserJson(Site site, SiteUser user, bool withOperations)
    {
        var json = new Dictionary<string, object?>
        {
            ["type"] = "known",
            ["accountId"] = user.AccountId,
            ["accountType"] = "atlassian",
            ["email"] = user.Email,
            ["publicName"] = user.DisplayName,
            ["displayName"] = user.DisplayName,
            ["isExternalCollaborator"] = false,
            ["_expandable"] = withOperations ? new { personalSpace = "" } : new { operations = "", personalSpace = "" },
            ["_links"] = new { @base = site.Confluence.BaseUrl, context = "/wiki" },
        };
        if (withOperations) json["operations"] = Operations(user);
        return json;
    }

    static object[] Operations(SiteUser user) => user.IsAdmin
        ? [Operation("administer", "application"), Operation("use", "application"), Operation("create", "space")]
        : [Operation("use", "application"), Operation("create", "space")];

    static object Operation(string operation, string targetType) => new { operation, targetType };

    /// <summary>Confluence's error body: {"statusCode", "message"}.</summary>
    static IResult ConfluenceError(int status, string message) => Results.Json(new { statusCode = status, message }, statusCode: status);
}
