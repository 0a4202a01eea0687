using Connector.Web.Connect.Jwt;

namespace Connector.Web.Connect.Auth;

/// <summary>
/// A page left open longer than a session token lives trades a fresh AP.context.getToken() token
/// (or its still-valid session token) for a new session token here.
/// </summary>
public static class SessionEndpoint
{
    public static void MapSessionEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/session", (ConnectSession session) => Results.Json(new { token = session.Token }))
            .RequireAuthorization(ConnectPolicies.SiteAdmin)
            .WithMetadata(new AcceptsConnectTokensAttribute(ConnectTokenKind.ProductContext | ConnectTokenKind.Session));
}
