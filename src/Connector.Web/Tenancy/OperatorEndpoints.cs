using Connector.Web.Platform;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Text;
using Connector.Web.Tenancy.Access;
using Connector.Web.Tenancy.Audit;
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
        if (OperatorKey.Configured(app.Configuration) is not { } operatorKey) return;
        // A site by its Connect clientKey, its tenant id, or the id at the end of its Forge installation ARI.
        app.MapPut("/operator/tenants/{site}/edition", async (string site, EditionChange change, HttpRequest request, ConnectorDb db,
            TenantContext tenantContext, AuditTrail audit, CancellationToken cancellationToken) =>
        {
            if (!OperatorKey.IsPresentedIn(request, operatorKey)) return Results.Unauthorized();
            if (!Enum.TryParse<Edition>(change.Edition, ignoreCase: true, out var edition) || !Enum.IsDefined(edition)) return Results.BadRequest(new { error = "edition must be standard or advanced" });
            var id = Guid.TryParse(site, out var parsed) ? parsed : Guid.Empty;
            var tenant = await db.Set<Tenant>()
                .FirstOrDefaultAsync(t => t.ClientKey == site || t.Id == id || (t.ForgeInstallationId != null && t.ForgeInstallationId.EndsWith("/" + site)), cancellationToken);
            if (tenant is null) return Results.NotFound();
            var before = tenant.Edition;
            tenant.Edition = edition;
            tenantContext.Establish(tenant, accountId: null);
            // The site's admins see in their audit trail that we changed their edition.
            await audit.RecordAsync(AuditAction.EditionChanged, "Edition", [new AuditChange("Edition", EnumWords.Of(before), EnumWords.Of(edition))],
                cancellationToken, AuditActor.Operator);
            return Results.NoContent();
        }).AllowAnonymous().RequireRateLimiting(RateLimits.Operator);
    }

    public sealed record EditionChange(string Edition);
}
