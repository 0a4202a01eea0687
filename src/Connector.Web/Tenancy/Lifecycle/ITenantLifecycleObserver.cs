using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Tenancy.Lifecycle;

/// <summary>
/// What features above Tenancy do when a site installs, comes back, or leaves (Schedules pauses and
/// resumes its triggers). Connect and Forge report lifecycle events here; they never call features.
/// </summary>
public interface ITenantLifecycleObserver
{
    Task InstalledAsync(Tenant tenant, CancellationToken cancellationToken);

    Task UninstalledAsync(Tenant tenant, CancellationToken cancellationToken);
}

/// <summary>Records what happened to a site's installation and tells every registered observer, in registration order.</summary>
public sealed class TenantLifecycle(IEnumerable<ITenantLifecycleObserver> observers, ConnectorDb db, TimeProvider time,
    ILogger<TenantLifecycle> logger)
{
    /// <summary>
    /// A site that stopped answering the app (its token revoked: no uninstall event reaches a Forge remote) is
    /// treated as uninstalled: schedules paused, data kept for the grace period, revived by its next invocation.
    /// </summary>
    public async Task DormantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (await db.Set<Tenant>().SingleOrDefaultAsync(t => t.Id == tenantId && t.Installed, cancellationToken) is not { } tenant) return;
        var now = time.GetUtcNow();
        (tenant.Installed, tenant.Enabled, tenant.UninstalledAt, tenant.UpdatedAt) = (false, false, now, now);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("{Tenant} no longer accepts the app's token; it is dormant until Atlassian invokes the app again", tenant.Key);
        await UninstalledAsync(tenant, cancellationToken);
    }

    public async Task InstalledAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        foreach (var observer in observers) await observer.InstalledAsync(tenant, cancellationToken);
    }

    public async Task UninstalledAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        foreach (var observer in observers) await observer.UninstalledAsync(tenant, cancellationToken);
    }
}
