using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Connector.Web.Connect.Lifecycle;

/// <summary>
/// Applies verified lifecycle events. installed is an upsert that always takes the new secret and
/// URLs (it fires on install, upgrade, secret rotation, site rename and site import).
/// </summary>
public sealed class TenantInstaller(
    ConnectorDb db, SecretProtector secrets, TenantInfoClient tenantInfo, TenantLifecycle lifecycle, TimeProvider time,
    ILogger<TenantInstaller> logger)
{
    public async Task InstallAsync(LifecyclePayload payload, CancellationToken cancellationToken)
    {
        var tenant = await UpsertAsync(payload, cancellationToken);
        logger.LogInformation("Installed for {ClientKey} at {BaseUrl}", payload.ClientKey, payload.BaseUrl);
        await lifecycle.InstalledAsync(tenant, cancellationToken);

        if (await tenantInfo.FindCloudIdAsync(tenant.SiteUrl, cancellationToken) is { } cloudId)
        {
            tenant.CloudId = cloudId;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Two concurrent installs of a new site race to insert; the unique client key lets one win, the other updates.</summary>
    async Task<Tenant> UpsertAsync(LifecyclePayload payload, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var tenant = await db.Set<Tenant>().SingleOrDefaultAsync(t => t.ClientKey == payload.ClientKey, cancellationToken)
                ?? await ForgeInstallationAsync(payload.InstallationId, cancellationToken);
            var isNew = tenant is null;
            tenant ??= new Tenant { BaseUrl = "", ProductType = "", CreatedAt = time.GetUtcNow() };
            Apply(payload, tenant);
            if (isNew) db.Add(tenant);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return tenant;
            }
            catch (DbUpdateException e) when (isNew && attempt == 0 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.Entry(tenant).State = EntityState.Detached;
            }
        }
    }

    /// <summary>The tenant the site's Forge installation made before its Connect install arrived, if any.</summary>
    Task<Tenant?> ForgeInstallationAsync(string? installationId, CancellationToken cancellationToken) => installationId is null
        ? Task.FromResult<Tenant?>(null)
        : db.Set<Tenant>().SingleOrDefaultAsync(t => t.ForgeInstallationId == installationId, cancellationToken);

    void Apply(LifecyclePayload payload, Tenant tenant)
    {
        tenant.ClientKey = payload.ClientKey;
        tenant.ForgeInstallationId ??= payload.InstallationId;
        tenant.BaseUrl = payload.BaseUrl!;
        tenant.DisplayUrl = payload.DisplayUrl;
        tenant.ProductType = payload.ProductType!;
        tenant.SharedSecretProtected = secrets.Protect(payload.SharedSecret!);
        tenant.OauthClientId = payload.OauthClientId;
        tenant.ServiceEntitlementNumber = payload.ServiceEntitlementNumber;
        tenant.EntitlementId = payload.EntitlementId;
        tenant.EntitlementNumber = payload.EntitlementNumber;
        tenant.ServerVersion = payload.ServerVersion;
        tenant.PluginsVersion = payload.PluginsVersion;
        tenant.Description = payload.Description;
        tenant.Installed = tenant.Enabled = true;
        tenant.UpdatedAt = time.GetUtcNow();
        tenant.UninstalledAt = null;
    }

    /// <summary>Marks the installation gone, pauses what it scheduled, and keeps its data for the grace period in case it comes back.</summary>
    public async Task UninstallAsync(string clientKey, CancellationToken cancellationToken)
    {
        if (await db.Set<Tenant>().SingleOrDefaultAsync(t => t.ClientKey == clientKey, cancellationToken) is not { } tenant) return;
        if (tenant.Installed)
        {
            var now = time.GetUtcNow();
            (tenant.Installed, tenant.Enabled, tenant.UninstalledAt, tenant.UpdatedAt) = (false, false, now, now);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Uninstalled for {ClientKey}", clientKey);
        }
        await lifecycle.UninstalledAsync(tenant, cancellationToken);
    }

    public Task SetEnabledAsync(string clientKey, bool enabled, CancellationToken cancellationToken) =>
        db.Set<Tenant>().Where(t => t.ClientKey == clientKey)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Enabled, enabled)
                .SetProperty(t => t.UpdatedAt, time.GetUtcNow()), cancellationToken);
}
