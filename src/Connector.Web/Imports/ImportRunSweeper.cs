using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace Connector.Web.Imports;

/// <summary>
/// Finds runs that nobody is working on and hands them back to the scheduler: runs an instance
/// released when it stopped (queued, but started before), runs queued while no scheduler took them,
/// and runs whose worker vanished (a running run renews its heartbeat with every page).
/// </summary>
[DisallowConcurrentExecution]
public sealed class ImportRunSweeper(IServiceScopeFactory scopes, IOptions<ImportsOptions> options, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("import-run-sweeper");

    public async Task<int> RunOnceAsync(IScheduler scheduler, TimeSpan? staleAfter = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorDb>();
        var cutoff = time.GetUtcNow() - (staleAfter ?? options.Value.StaleRunAfter);
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
