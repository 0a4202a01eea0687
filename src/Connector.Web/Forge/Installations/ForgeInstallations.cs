using Connector.Web.Forge.Invocations;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Connector.Web.Forge.Installations;

/// <summary>
/// A Forge installation is a tenant. Every verified invocation records what it says: the installation (new or
/// known, or the site's Connect install that named it), its API base, and the newest app system token. A
/// dormant installation that is invoked again comes back to life.
/// </summary>
public sealed class ForgeInstallations(ConnectorDb db, SecretProtector secrets, TenantLifecycle lifecycle, TimeProvider time,
    ILogger<ForgeInstallations> logger)
{
    public async Task<Tenant> RecordAsync(ForgeInvocation invocation, string? systemToken, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var tenant = await db.Set<Tenant>().SingleOrDefaultAsync(t => t.ForgeInstallationId == invocation.InstallationId, cancellationToken);
            var (isNew, wasInstalled) = (tenant is null, tenant?.Installed == true);
            tenant ??= db.Add(new Tenant { ForgeInstallationId = invocation.InstallationId, BaseUrl = "", ProductType = "jira", CreatedAt = time.GetUtcNow() }).Entity;
            Apply(invocation, systemToken, tenant);
            try
            {
                if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (isNew && attempt == 0 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.Entry(tenant).State = EntityState.Detached; // another instance recorded the same new installation first
                continue;
            }
            if (!wasInstalled)
            {
                logger.LogInformation("Forge installation {Installation} of cloud {CloudId} is active", invocation.InstallationId, invocation.CloudId);
                await lifecycle.InstalledAsync(tenant, cancellationToken);
            }
            return tenant;
        }
    }

    void Apply(ForgeInvocation invocation, string? systemToken, Tenant tenant)
    {
        var now = time.GetUtcNow();
        if (invocation.SiteUrl is { } siteUrl) tenant.BaseUrl = siteUrl.TrimEnd('/');
        else if (tenant.BaseUrl.Length == 0) tenant.BaseUrl = invocation.ApiBaseUrl; // a trigger names no site; a page load will
        tenant.CloudId = invocation.CloudId;
        tenant.ForgeApiBaseUrl = invocation.ApiBaseUrl.TrimEnd('/');
        tenant.ForgeEnvironmentId = invocation.EnvironmentId ?? tenant.ForgeEnvironmentId;
        if (!tenant.Installed) (tenant.Installed, tenant.Enabled, tenant.UninstalledAt, tenant.UpdatedAt) = (true, true, null, now);
        if (systemToken is { Length: > 0 } && (tenant.ForgeSystemTokenProtected is null || secrets.Unprotect(tenant.ForgeSystemTokenProtected) != systemToken))
        {
            tenant.ForgeSystemTokenProtected = secrets.Protect(systemToken);
            tenant.ForgeSystemTokenExpiresAt = SystemTokens.ExpiryOf(systemToken, now);
            tenant.UpdatedAt = now;
        }
    }
}
