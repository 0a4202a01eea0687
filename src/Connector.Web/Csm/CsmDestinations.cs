using Connector.Web.Platform.Database;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Csm;

/// <summary>How CSM's API is reached for one tenant, resolved once per piece of work (a Build, a run).</summary>
public sealed record CsmDestination(Tenant Tenant, string Email, string TokenProtected)
{
    public override string ToString() => $"CsmDestination {{ Tenant = {Tenant.Id} (credential not shown) }}";
}

/// <summary>Finds the tenant's way into its customer directory.</summary>
public sealed class CsmDestinations(ConnectorDb db)
{
    /// <summary>Null when the tenant has not set one up (a Connect site without a stored CSM credential).</summary>
    public async Task<CsmDestination?> FindAsync(Tenant tenant, CancellationToken cancellationToken) =>
        await db.Set<CsmAccess>().AsNoTracking().SingleOrDefaultAsync(cancellationToken) is { } access
            ? new CsmDestination(tenant, access.Email, access.TokenProtected)
            : null;

    public async Task<CsmDestination> RequireAsync(Tenant tenant, CancellationToken cancellationToken) =>
        await FindAsync(tenant, cancellationToken) ?? throw new CsmUnavailableException(CsmProblem.NoAccess);
}
