using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace Connector.Web.Tenancy.Lifecycle;

/// <summary>
/// Deletes the data of installations that stayed uninstalled for longer than the grace period.
/// Tenant-owned tables reference tenants with ON DELETE CASCADE, so one delete removes everything.
/// </summary>
[DisallowConcurrentExecution]
public sealed class UninstalledTenantPurge(
    IServiceScopeFactory scopes, IOptions<TenancyOptions> options, TimeProvider time, ILogger<UninstalledTenantPurge> logger)
    : IJob
{
    public static readonly JobKey Key = new("uninstalled-tenant-purge");

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorDb>();
        var cutoff = time.GetUtcNow() - options.Value.UninstallGracePeriod;
        var purged = await db.Set<Tenant>()
            .Where(t => !t.Installed && t.UninstalledAt != null && t.UninstalledAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        if (purged > 0) logger.LogInformation("Purged {Count} installation(s) uninstalled before {Cutoff}", purged, cutoff);
        return purged;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await RunOnceAsync(cancellationToken);
}
