using Connector.Web.Tenancy.Access;
using Connector.Web.Tenancy.Sessions;

namespace Connector.Web.Notifications;

public static class AlertEndpoints
{
    public static void MapAlertEndpoints(this WebApplication app) =>
        app.MapPost("/alerts/{id:guid}/acknowledge", async (Guid id, HttpRequest request, Alerts alerts, PageSession session, CancellationToken cancellationToken) =>
        {
            if (!await alerts.AcknowledgeAsync(id, cancellationToken)) return Results.NotFound();
            var returnTo = (await request.ReadFormAsync(cancellationToken))["returnTo"].ToString();
            // Only paths inside this app: never an open redirect.
            var path = returnTo.StartsWith('/') && !returnTo.StartsWith("//") ? returnTo : "/connections";
            return Results.Redirect(session.Link(path));
        }).RequireAuthorization(AccessPolicies.SiteAdmin);
}
