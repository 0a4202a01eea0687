using Connector.Web.Connect.Tenants;
using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Connector.Web.Imports;

/// <summary>
/// Runs one import on whichever instance's scheduler picks it up. Recovery is requested, so a run
/// whose instance died is fired again elsewhere and continues from its checkpoint.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ImportRunJob(IServiceScopeFactory scopes) : IJob
{
    const string RunIdKey = "runId";
    const string TenantIdKey = "tenantId";

    public static async Task ScheduleAsync(IScheduler scheduler, ImportRun run, CancellationToken cancellationToken)
    {
        var key = new JobKey($"import-run-{run.Id}", "imports");
        var job = JobBuilder.Create<ImportRunJob>()
            .WithIdentity(key)
            .UsingJobData(RunIdKey, run.Id.ToString())
            .UsingJobData(TenantIdKey, run.TenantId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity($"import-run-{run.Id}", "imports").StartNow().Build();
        // Replacing is safe: the runner claims a run in the database before working on it, so a
        // second firing of the same run finds it taken and returns.
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var runId = Guid.Parse(context.MergedJobDataMap.GetString(RunIdKey)!);
        var tenantId = Guid.Parse(context.MergedJobDataMap.GetString(TenantIdKey)!);
        await using var scope = scopes.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<ConnectorDb>().Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null) return;
        scope.ServiceProvider.GetRequiredService<TenantContext>().Establish(tenant, accountId: null);
        await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunAsync(runId, cancellationToken);
    }
}

/// <summary>
/// Finds runs that nobody is working on and hands them back to the scheduler: runs an instance
/// released when it stopped (queued, but started before), runs queued while no scheduler took them,
/// and runs whose worker vanished (a running run renews its heartbeat with every page).
/// </summary>
[DisallowConcurrentExecution]
public sealed class ImportRunSweeper(IServiceScopeFactory scopes, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("import-run-sweeper");
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    public async Task<int> RunOnceAsync(IScheduler scheduler, TimeSpan? staleAfter = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorDb>();
        var cutoff = time.GetUtcNow() - (staleAfter ?? StaleAfter);
        var orphans = await db.Set<ImportRun>().IgnoreQueryFilters()
            .Where(r => (r.Status == RunStatus.Queued && (r.StartedAt != null || r.QueuedAt < cutoff))
                || (r.Status == RunStatus.Running && (r.HeartbeatAt == null || r.HeartbeatAt < cutoff)))
            .ToListAsync(cancellationToken);
        foreach (var run in orphans) await ImportRunJob.ScheduleAsync(scheduler, run, cancellationToken);
        return orphans.Count;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await RunOnceAsync(context.Scheduler, cancellationToken: cancellationToken);
}
