using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Tenancy;
using Quartz;

namespace Connector.Web.Schedules;

/// <summary>A connection's schedule firing: start a Full Import, unless one is already running.</summary>
[DisallowConcurrentExecution]
public sealed class ScheduledImportJob(IServiceScopeFactory scopes, ILogger<ScheduledImportJob> logger) : IJob
{
    public const string TenantIdKey = "tenantId";
    public const string ConnectionIdKey = "connectionId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var tenantId = Guid.Parse(context.MergedJobDataMap.GetString(TenantIdKey)!);
        var connectionId = Guid.Parse(context.MergedJobDataMap.GetString(ConnectionIdKey)!);
        logger.LogInformation("Schedule of connection {ConnectionId} fired (scheduled for {ScheduledAt})", connectionId, context.ScheduledFireTimeUtc);
        await using var scope = scopes.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantStore>().FindInstalledAsync(tenantId, cancellationToken);
        if (tenant is null) return;
        scope.ServiceProvider.GetRequiredService<TenantContext>().Establish(tenant, accountId: null);
        if (await scope.ServiceProvider.GetRequiredService<ConnectionStore>().FindAsync(connectionId, cancellationToken) is not { } connection) return;
        var outcome = await scope.ServiceProvider.GetRequiredService<ImportRuns>().StartAsync(connection, RunKind.Full, RunTrigger.Schedule, null, cancellationToken);
        if (outcome.AlreadyRunning) logger.LogInformation("Scheduled import of {ConnectionId} skipped: run {RunId} is still going", connectionId, outcome.Run.Id);
    }
}
