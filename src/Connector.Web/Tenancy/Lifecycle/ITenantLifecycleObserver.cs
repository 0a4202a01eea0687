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

/// <summary>Tells every registered observer, in registration order.</summary>
public sealed class TenantLifecycle(IEnumerable<ITenantLifecycleObserver> observers)
{
    public async Task InstalledAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        foreach (var observer in observers) await observer.InstalledAsync(tenant, cancellationToken);
    }

    public async Task UninstalledAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        foreach (var observer in observers) await observer.UninstalledAsync(tenant, cancellationToken);
    }
}
