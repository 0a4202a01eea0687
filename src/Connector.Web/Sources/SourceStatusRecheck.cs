using Connector.Web.Tenancy;
using Quartz;

namespace Connector.Web.Sources;

/// <summary>
/// Rechecks every source of every installed tenant once a day, so an expired key or a revoked token
/// shows up as Error (and is recorded as an event) before an import trips over it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SourceStatusRecheck(IServiceScopeFactory scopes, ILogger<SourceStatusRecheck> logger) : IJob
{
    public static readonly JobKey Key = new("source-status-recheck");

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        List<Tenant> tenants;
        await using (var scope = scopes.CreateAsyncScope())
            tenants = await scope.ServiceProvider.GetRequiredService<TenantStore>().InstalledAsync(cancellationToken);

        var checkedSources = 0;
        foreach (var tenant in tenants)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Establish(tenant, accountId: null);
            var sources = scope.ServiceProvider.GetRequiredService<ExternalSources>();
            foreach (var source in await sources.ListAsync(cancellationToken))
            {
                try
                {
                    await sources.RecheckAsync(source, cancellationToken);
                    checkedSources++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Rechecking source {SourceId} of {ClientKey} failed", source.Id, tenant.ClientKey);
                }
            }
        }
        return checkedSources;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await RunOnceAsync(cancellationToken);
}
