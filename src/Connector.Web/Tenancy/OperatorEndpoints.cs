using Connector.Web.Platform;
using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

using Connector.Web.Tenancy.Access;

namespace Connector.Web.Tenancy;

/// <summary>
/// Endpoints for us, the operators, never for tenant admins: set a site's edition. Guarded by the
/// <see cref="OperatorKey"/>; without one configured they do not exist.
/// </summary>
public static class OperatorEndpoints
{
    public static void MapOperatorEndpoints(this WebApplication app)
    {
        if (OperatorKey.Configured(app.Configuration) is not { } operatorKey) return;
        // A site by its Connect clientKey, its tenant id, or the id at the end of its Forge installation ARI.
        app.MapPut("/operator/tenants/{site}/edition", async (string site, EditionChange change, HttpRequest request, ConnectorDb db,
            CancellationToken cancellationToken) =>
        {
            if (!OperatorKey.IsPresentedIn(request, operatorKey)) return Results.Unauthorized();
            if (!Enum.TryParse<Edition>(change.Edition, ignoreCase: true, out var edition) || !Enum.IsDefined(edition)) return Results.BadRequest(new { error = "edition must be standard or advanced" });
            var id = Guid.TryParse(site, out var parsed) ? parsed : Guid.Empty;
            var changed = await db.Set<Tenant>()
                .Where(t => t.ClientKey == site || t.Id == id || (t.ForgeInstallationId != null && t.ForgeInstallationId.EndsWith("/" + site)))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Edition, edition), cancellationToken);
            return changed == 0 ? Results.NotFound() : Results.NoContent();
        }).AllowAnonymous().RequireRateLimiting(RateLimits.Operator);
    }

    public sealed record EditionChange(string Edition);
}
