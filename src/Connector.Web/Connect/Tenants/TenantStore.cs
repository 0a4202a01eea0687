using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Connect.Tenants;

/// <summary>Reads and writes installations. Tenants are global rows, so no tenant filter applies here.</summary>
public sealed class TenantStore(ConnectorDb db)
{
    public Task<Tenant?> FindInstalledAsync(string clientKey, CancellationToken cancellationToken = default) =>
        db.Tenants.SingleOrDefaultAsync(t => t.ClientKey == clientKey && t.Installed, cancellationToken);

    public Task<Tenant?> FindAsync(string clientKey, CancellationToken cancellationToken = default) =>
        db.Tenants.SingleOrDefaultAsync(t => t.ClientKey == clientKey, cancellationToken);

    public Task SaveAsync(CancellationToken cancellationToken = default) => db.SaveChangesAsync(cancellationToken);

    public void Add(Tenant tenant) => db.Tenants.Add(tenant);
}
