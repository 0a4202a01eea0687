using Connector.Web.Platform;
using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Tenancy;

/// <summary>
/// Endpoints for us, the operators, never for tenant admins: set a site's edition. Guarded by the
/// <see cref="OperatorKey"/>; without one configured they do not exist.
/// </summary>
public static class OperatorEndpoints
{
    public static void MapOperatorEndpoints(this WebApplication app)
    {
        if (OperatorKey.Configured(app.Configuration) is not { } key) return;
        app.MapPut("/operator/tenants/{clientKey}/edition", async (string clientKey, EditionChange change, HttpRequest request, ConnectorDb db,
            CancellationToken cancellationToken) =>
        {
            if (!OperatorKey.IsPresentedIn(request, key)) return Results.Unauthorized();
            if (!Enum.TryParse<Edition>(change.Edition, ignoreCase: true, out var edition) || !Enum.IsDefined(edition)) return Results.BadRequest(new { error = "edition must be standard or advanced" });
            var changed = await db.Set<Tenant>().Where(t => t.ClientKey == clientKey)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Edition, edition), cancellationToken);
            return changed == 0 ? Results.NotFound() : Results.NoContent();
        }).AllowAnonymous();
    }

    public sealed record EditionChange(string Edition);
}
