using Connector.Web.Imports;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Lifecycle;

namespace Connector.Web.Schedules;

/// <summary>A site that leaves has its schedules paused; one that comes back has them resumed.</summary>
sealed class TenantSchedules(ConnectionSchedules schedules) : ITenantLifecycleObserver
{
    public Task InstalledAsync(Tenant tenant, CancellationToken cancellationToken) => schedules.ResumeTenantAsync(tenant.Id, cancellationToken);

    public Task UninstalledAsync(Tenant tenant, CancellationToken cancellationToken) => schedules.PauseTenantAsync(tenant.Id, cancellationToken);
}

/// <summary>
/// A scheduled run that met a site update (the site unavailable, usually in Atlassian's night window) tries
/// again half an hour later, so an admin does not wait for the next regular slot, and says when.
/// </summary>
sealed class RetryAfterSiteUpdate(ConnectionSchedules schedules, TenantContext tenantContext) : IRunObserver
{
    public static readonly TimeSpan Delay = TimeSpan.FromMinutes(30);

    public async Task<string?> AddToSummaryAsync(RunOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Run.Trigger != RunTrigger.Schedule || outcome.Failure?.SiteWasUnavailable != true) return null;
        var tenant = tenantContext.RequiredTenant;
        var at = await schedules.ScheduleRetryAsync(tenant, outcome.Connection.Id, Delay, cancellationToken);
        var local = TimeZoneInfo.ConvertTime(at, TenantClock.ZoneOf(tenant));
        return $"Atlassian updates sites in these night hours; the next attempt is at {local:yyyy-MM-dd HH:mm} site time.";
    }
}
