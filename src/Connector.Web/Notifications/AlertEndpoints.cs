using Connector.Web.Connect.Auth;

namespace Connector.Web.Notifications;

public static class AlertEndpoints
{
    public static void MapAlertEndpoints(this WebApplication app) =>
        app.MapPost("/alerts/{id:guid}/acknowledge", async (Guid id, HttpRequest request, Alerts alerts, ConnectSession session, CancellationToken cancellationToken) =>
        {
            if (!await alerts.AcknowledgeAsync(id, cancellationToken)) return Results.NotFound();
            var returnTo = (await request.ReadFormAsync(cancellationToken))["returnTo"].ToString();
            // Only paths inside this app: never an open redirect.
            var path = returnTo.StartsWith('/') && !returnTo.StartsWith("//") ? returnTo : "/connections";
            return Results.Redirect(session.Link(path));
        }).RequireAuthorization(ConnectPolicies.SiteAdmin);
}
