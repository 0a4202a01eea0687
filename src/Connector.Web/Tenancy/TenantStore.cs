using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Tenancy;

/// <summary>Finds installations. Tenants are global rows, so no tenant filter applies here.</summary>
public sealed class TenantStore(ConnectorDb db)
{
    public Task<Tenant?> FindInstalledAsync(string clientKey, CancellationToken cancellationToken = default) =>
        db.Set<Tenant>().SingleOrDefaultAsync(t => t.ClientKey == clientKey && t.Installed, cancellationToken);

    public Task<Tenant?> FindInstalledAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.Set<Tenant>().SingleOrDefaultAsync(t => t.Id == id && t.Installed, cancellationToken);

    public Task<Tenant?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.Set<Tenant>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);

    public Task<List<Tenant>> InstalledAsync(CancellationToken cancellationToken = default) =>
        db.Set<Tenant>().Where(t => t.Installed).ToListAsync(cancellationToken);
}
