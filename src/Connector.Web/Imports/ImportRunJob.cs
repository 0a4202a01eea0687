using Connector.Web.Tenancy;
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
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantStore>().FindAsync(tenantId, cancellationToken);
        if (tenant is null) return;
        scope.ServiceProvider.GetRequiredService<TenantContext>().Establish(tenant, accountId: null);
        await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunAsync(runId, cancellationToken);
    }
}
