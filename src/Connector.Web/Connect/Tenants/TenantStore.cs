using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Connect.Tenants;

/// <summary>Finds installations. Tenants are global rows, so no tenant filter applies here.</summary>
public sealed class TenantStore(ConnectorDb db)
{
    public Task<Tenant?> FindInstalledAsync(string clientKey, CancellationToken cancellationToken = default) =>
        db.Tenants.SingleOrDefaultAsync(t => t.ClientKey == clientKey && t.Installed, cancellationToken);
}
