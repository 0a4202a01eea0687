using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Internal;

namespace Connector.Web.Platform.Database;

/// <summary>
/// Hands out pooled <see cref="ConnectorDb"/> contexts for the current scope's tenant. A context goes back to the pool
/// when it is disposed (the scope's own at the scope's end); the next one to take it names its own tenant here.
/// </summary>
#pragma warning disable EF1001 // PooledDbContextFactory and IDbContextPool are EF's own pool, public but marked internal API
sealed class TenantContexts(IDbContextPool<ConnectorDb> pool, ICurrentTenant tenant) : IDbContextFactory<ConnectorDb>
{
    readonly PooledDbContextFactory<ConnectorDb> pooled = new(pool);

    public ConnectorDb CreateDbContext()
    {
        var db = pooled.CreateDbContext();
        db.Serve(tenant);
        return db;
    }
}
#pragma warning restore EF1001
