using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Tenancy;

/// <summary>
/// Finds installations. Tenants are global rows, so no tenant filter applies here. Installed tenants found by id or
/// client key come from the <see cref="TenantCache"/> when it has them: read-only snapshots, changed only through the
/// database (whose announcement makes every instance forget them).
/// </summary>
public sealed class TenantStore(ConnectorDb db, TenantCache cache)
{
    public async Task<Tenant?> FindInstalledAsync(string clientKey, CancellationToken cancellationToken = default) =>
        cache.Find(clientKey) ?? await ReadAsync(t => t.ClientKey == clientKey, cancellationToken);

    public async Task<Tenant?> FindInstalledAsync(Guid id, CancellationToken cancellationToken = default) =>
        cache.Find(id) ?? await ReadAsync(t => t.Id == id, cancellationToken);

    async Task<Tenant?> ReadAsync(System.Linq.Expressions.Expression<Func<Tenant, bool>> which, CancellationToken cancellationToken)
    {
        var generation = cache.Generation;
        var tenant = await db.Set<Tenant>().AsNoTracking().Where(t => t.Installed).SingleOrDefaultAsync(which, cancellationToken);
        if (tenant is not null) cache.Keep(tenant, generation);
        return tenant;
    }

    public Task<Tenant?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.Set<Tenant>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);

    public Task<List<Tenant>> InstalledAsync(CancellationToken cancellationToken = default) =>
        db.Set<Tenant>().Where(t => t.Installed).ToListAsync(cancellationToken);
}
