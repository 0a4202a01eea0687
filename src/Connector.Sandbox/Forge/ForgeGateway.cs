using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Forge;

/// <summary>
/// Atlassian's API gateway for Forge: {gateway}/ex/jira/{cloudId}/rest/... and .../jsm/csm/api/v1/..., where a
/// site's APIs answer the app's system token (Bearer). A valid token is handed on to the site's own endpoints as
/// the app; anything else is refused with 401, as a revoked or expired token is in reality.
/// </summary>
public sealed class ForgeGateway(RequestDelegate next, SiteDirectory sites, TimeProvider time)
{
    public const string AppCaller = "forge-app";

    public Task InvokeAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value?.Split('/', 5) ?? [];
        if (segments is not ["", "ex", "jira", var cloudId, var rest]) return next(context);
        if (sites.All.FirstOrDefault(s => s.CloudId == cloudId) is not { } site)
            return Results.Json(new { code = 404, message = "Cloud not found" }, statusCode: 404).ExecuteAsync(context);

        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (!site.Forge.Accepts(token, time.GetUtcNow()))
            return Results.Json(new { code = 401, message = "Unauthorized; scope does not match" }, statusCode: 401).ExecuteAsync(context);

        context.Items[AppCaller] = site;
        context.Request.Path = rest.StartsWith("jsm/csm/api/v1/", StringComparison.Ordinal)
            ? $"/gateway/jsm/csm/cloudid/{cloudId}/api/v1/{rest["jsm/csm/api/v1/".Length..]}"
            : $"/site/{site.Name}/{rest}";
        return next(context);
    }

    /// <summary>Whether this request came through the gateway with the app's valid system token for this site.</summary>
    public static bool IsApp(HttpContext context, Site site) => context.Items[AppCaller] == site;
}
