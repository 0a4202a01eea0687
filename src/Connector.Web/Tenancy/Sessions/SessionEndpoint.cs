using Connector.Web.Tenancy.Access;

namespace Connector.Web.Tenancy.Sessions;

/// <summary>
/// A page left open longer than a session token lives trades a fresh token (AP.context.getToken() inside
/// Connect, or its own still-valid session token) for a new session token here.
/// </summary>
public static class SessionEndpoint
{
    public static void MapSessionEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/session", (PageSession session) => Results.Json(new { token = session.Token }))
            .RequireAuthorization(AccessPolicies.SiteAdmin)
            .WithMetadata(new AcceptsTokensAttribute(CallerTokenKind.ProductContext | CallerTokenKind.Session))
            .RequireRateLimiting(RateLimits.Sessions);
}
