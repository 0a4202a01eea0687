using System.Text.Json.Serialization;
using Connector.Sandbox.Connect;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Jira;

/// <summary>The Jira platform endpoints our app calls on a site, in Jira's own shapes and error envelope.</summary>
public static class JiraEndpoints
{
    public static void MapJira(this IEndpointRouteBuilder app)
    {
        var site = app.MapGroup("/site/{siteName}");
        site.MapJiraUsers();
        site.MapJsm();

        site.MapGet("/_edge/tenant_info", (string siteName, SiteDirectory sites) =>
            sites.Find(siteName) is { } s ? Results.Json(new { cloudId = s.CloudId }) : JiraError(404, "Site not found."));

        site.MapPost("/rest/api/3/permissions/check", async (string siteName, PermissionCheck body, HttpRequest request,
            SiteDirectory sites, AppJwtVerifier verifier) =>
        {
            if (sites.Find(siteName) is not { } s) return JiraError(404, "Site not found.");
            if (!Forge.ForgeGateway.IsApp(request.HttpContext, s) && await verifier.RefuseAsync(s, request) is { } refusal) return JiraError(401, refusal);
            var user = s.FindUser(body.AccountId);
            var granted = (body.GlobalPermissions ?? []).Where(p => p == "ADMINISTER" ? user?.IsAdmin == true : user is not null);
            return Results.Json(new { globalPermissions = granted.ToArray(), projectPermissions = Array.Empty<object>() });
        });
    }

    /// <summary>Jira's error envelope: {"errorMessages": [...], "errors": {}}.</summary>
    public static IResult JiraError(int status, string message) =>
        Results.Json(new { errorMessages = new[] { message }, errors = new Dictionary<string, string>() }, statusCode: status);

    public sealed record PermissionCheck(
        [property: JsonPropertyName("accountId")] string? AccountId,
        [property: JsonPropertyName("globalPermissions")] string[]? GlobalPermissions);
}
