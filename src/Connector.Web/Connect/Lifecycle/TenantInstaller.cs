using Connector.Web.Connect.Tenants;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Connector.Web.Schedules;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Connector.Web.Connect.Lifecycle;

/// <summary>
/// Applies verified lifecycle events. installed is an upsert that always takes the new secret and
/// URLs (it fires on install, upgrade, secret rotation, site rename and site import).
/// </summary>
public sealed class TenantInstaller(
    ConnectorDb db, SecretProtector secrets, TenantInfoClient tenantInfo, ISchedulerFactory schedulers, TimeProvider time,
    ILogger<TenantInstaller> logger)
{
    public async Task InstallAsync(LifecyclePayload payload, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // One statement, so two concurrent installs of a new site cannot both insert.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            insert into tenants (id, client_key, base_url, display_url, product_type, shared_secret_protected,
                oauth_client_id, service_entitlement_number, entitlement_id, entitlement_number, server_version,
                plugins_version, description, installed, enabled, edition, created_at, updated_at, uninstalled_at)
            values ({Guid.CreateVersion7()}, {payload.ClientKey}, {payload.BaseUrl}, {payload.DisplayUrl}, {payload.ProductType},
                {secrets.Protect(payload.SharedSecret!)}, {payload.OauthClientId}, {payload.ServiceEntitlementNumber},
                {payload.EntitlementId}, {payload.EntitlementNumber}, {payload.ServerVersion}, {payload.PluginsVersion},
                {payload.Description}, true, true, 'standard', {now}, {now}, null)
            on conflict (client_key) do update set
                base_url = excluded.base_url, display_url = excluded.display_url, product_type = excluded.product_type,
                shared_secret_protected = excluded.shared_secret_protected, oauth_client_id = excluded.oauth_client_id,
                service_entitlement_number = excluded.service_entitlement_number,
                entitlement_id = excluded.entitlement_id, entitlement_number = excluded.entitlement_number,
                server_version = excluded.server_version, plugins_version = excluded.plugins_version,
                description = excluded.description, installed = true, enabled = true,
                updated_at = excluded.updated_at, uninstalled_at = null
            """, cancellationToken);
        logger.LogInformation("Installed for {ClientKey} at {BaseUrl}", payload.ClientKey, payload.BaseUrl);

        var tenantId = await db.Tenants.Where(t => t.ClientKey == payload.ClientKey).Select(t => t.Id).SingleAsync(cancellationToken);
        await ConnectionSchedules.ResumeTenantAsync(await schedulers.GetScheduler(cancellationToken), tenantId, cancellationToken);

        var cloudId = await tenantInfo.FindCloudIdAsync(payload.BaseUrl!, cancellationToken);
        if (cloudId is not null)
            await db.Tenants.Where(t => t.ClientKey == payload.ClientKey)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.CloudId, cloudId), cancellationToken);
    }

    /// <summary>Marks the installation gone, pauses its schedules, and keeps its data for the grace period in case it comes back.</summary>
    public async Task UninstallAsync(string clientKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = await db.Tenants.Where(t => t.ClientKey == clientKey && t.Installed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Installed, false)
                .SetProperty(t => t.Enabled, false)
                .SetProperty(t => t.UninstalledAt, now)
                .SetProperty(t => t.UpdatedAt, now), cancellationToken);
        logger.LogInformation("Uninstalled for {ClientKey} ({Changed} row)", clientKey, changed);
        if (await db.Tenants.Where(t => t.ClientKey == clientKey).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(cancellationToken) is { } tenantId)
            await ConnectionSchedules.PauseTenantAsync(await schedulers.GetScheduler(cancellationToken), tenantId, cancellationToken);
    }

    public Task SetEnabledAsync(string clientKey, bool enabled, CancellationToken cancellationToken) =>
        db.Tenants.Where(t => t.ClientKey == clientKey)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Enabled, enabled)
                .SetProperty(t => t.UpdatedAt, time.GetUtcNow()), cancellationToken);
}
