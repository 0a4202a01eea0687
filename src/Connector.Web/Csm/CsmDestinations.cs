using Connector.Web.Platform.Database;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Product;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Csm;

/// <summary>A Jira administrator's email and API token for the CSM API (Connect sites), encrypted.</summary>
public sealed record CsmCredential(string Email, string TokenProtected)
{
    public override string ToString() => $"CsmCredential {{ Email = {Email} (token not shown) }}";
}

/// <summary>
/// How CSM's API is reached for one tenant, resolved once per piece of work (a Build, a run): as the app
/// itself when Forge gave it a token (<see cref="Credential"/> is null), else with the stored credential.
/// </summary>
public sealed record CsmDestination(Tenant Tenant, CsmCredential? Credential)
{
    public CsmRoute Route => Credential is null ? CsmRoute.AsApp : CsmRoute.CsmWithCredential;

    /// <summary>
    /// A Confluence install's JWT is Confluence's, which Jira refuses: its customers and organizations go to the
    /// JSM of the Jira on the same site with the stored credential, like its CSM calls.
    /// </summary>
    public bool CallsJsmWithCredential => Credential is not null && Tenant.IsConfluence;
}

/// <summary>Finds the tenant's way into its customer directory.</summary>
public sealed class CsmDestinations(ConnectorDb db, ProductClient product)
{
    /// <summary>Null when the tenant has none yet (a Connect site without a stored CSM credential).</summary>
    public async Task<CsmDestination?> FindAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        if (product.ReachesCsm(tenant)) return new CsmDestination(tenant, null);
        return await db.Set<CsmAccess>().AsNoTracking().SingleOrDefaultAsync(cancellationToken) is { } access
            ? new CsmDestination(tenant, new CsmCredential(access.Email, access.TokenProtected))
            : null;
    }

    public async Task<CsmDestination> RequireAsync(Tenant tenant, CancellationToken cancellationToken) =>
        await FindAsync(tenant, cancellationToken) ?? throw new CsmUnavailableException(CsmProblem.NoAccess);
}
