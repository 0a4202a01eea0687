using Connector.Web.Connections;
using Connector.Web.Tenancy;
using Quartz;

namespace Connector.Web.Schedules;

/// <summary>
/// Keeps each connection's Quartz trigger in step with its schedule. Triggers live in the clustered
/// store, so with several instances each scheduled import fires once; a tenant's triggers share a
/// group, so uninstalling pauses them all and reinstalling resumes them.
/// </summary>
public sealed class ConnectionSchedules(ISchedulerFactory schedulers, TimeProvider time)
{
    /// <summary>Spreads daily and weekly imports over half an hour, hourly ones over the hour, so sites do not all fire at once.</summary>
    public static int SpreadMinutes(Guid connectionId, int range) => (int)(BitConverter.ToUInt32(connectionId.ToByteArray(), 12) % (uint)range);

    /// <summary>The Quartz cron expression of a schedule, in the site's time zone; null for None.</summary>
    public static string? Cron(Connection connection)
    {
        var time = connection.ScheduleTime ?? new TimeOnly(2, 0);
        var daily = time.AddMinutes(SpreadMinutes(connection.Id, 30));
        return connection.Schedule switch
        {
            Schedule.Hourly => $"0 {SpreadMinutes(connection.Id, 60)} * * * ?",
            Schedule.Daily => $"0 {daily.Minute} {daily.Hour} * * ?",
            Schedule.Weekly => $"0 {daily.Minute} {daily.Hour} ? * {Day(connection.ScheduleDay ?? 1)}",
            _ => null,
        };
    }

    public async Task ApplyAsync(Tenant tenant, Connection connection, CancellationToken cancellationToken)
    {
        var job = JobKeyOf(connection.Id);
        if (Cron(connection) is not { } cron)
        {
            await RemoveAsync(connection.Id, cancellationToken);
            return;
        }
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var detail = JobBuilder.Create<ScheduledImportJob>()
            .WithIdentity(job)
            .UsingJobData(ScheduledImportJob.TenantIdKey, tenant.Id.ToString())
            .UsingJobData(ScheduledImportJob.ConnectionIdKey, connection.Id.ToString())
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(TriggerKeyOf(tenant.Id, connection.Id))
            .WithCronSchedule(cron, c => c.InTimeZone(TenantClock.ZoneOf(tenant))
                // Missed while every instance was down: run once when one is back, not once per missed slot.
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(detail, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
        if (!tenant.Installed) await scheduler.PauseTrigger(trigger.Key, cancellationToken);
    }

    /// <summary>
    /// One extra attempt of a scheduled import after a failure the site caused (usually an update in the
    /// night window), so an admin does not wait for the next regular slot.
    /// </summary>
    public async Task<DateTimeOffset> ScheduleRetryAsync(Tenant tenant, Guid connectionId, TimeSpan after, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var at = time.GetUtcNow() + after;
        var retry = TriggerBuilder.Create()
            .WithIdentity($"retry-{connectionId}", Group(tenant.Id))
            .ForJob(JobKeyOf(connectionId))
            .StartAt(at)
            .Build();
        await scheduler.ScheduleJob(retry, new ScheduleJobOptions { Replace = true }, cancellationToken);
        return at;
    }

    public async Task RemoveAsync(Guid connectionId, CancellationToken cancellationToken) =>
        await (await schedulers.GetScheduler(cancellationToken)).DeleteJob(JobKeyOf(connectionId), cancellationToken);

    public async Task PauseTenantAsync(Guid tenantId, CancellationToken cancellationToken) =>
        await (await schedulers.GetScheduler(cancellationToken)).PauseTriggerGroups(GroupMatcher<TriggerKey>.GroupEquals(Group(tenantId)), cancellationToken);

    public async Task ResumeTenantAsync(Guid tenantId, CancellationToken cancellationToken) =>
        await (await schedulers.GetScheduler(cancellationToken)).ResumeTriggerGroups(GroupMatcher<TriggerKey>.GroupEquals(Group(tenantId)), cancellationToken);

    /// <summary>The next regular run, computed from the schedule itself (no scheduler round trip; pages list many connections).</summary>
    public static DateTimeOffset? NextRun(Connection connection, Tenant tenant, DateTimeOffset after) =>
        Cron(connection) is { } cron && tenant.Installed
            ? new CronExpression(cron, TenantClock.ZoneOf(tenant)).GetNextValidTimeAfter(after)
            : null;

    public static TriggerKey TriggerKeyOf(Guid tenantId, Guid connectionId) => new($"connection-{connectionId}", Group(tenantId));

    static JobKey JobKeyOf(Guid connectionId) => new($"scheduled-import-{connectionId}", "schedules");

    static string Group(Guid tenantId) => $"tenant-{tenantId}";

    static string Day(int dayOfWeek) => ((DayOfWeek)dayOfWeek).ToString()[..3].ToUpperInvariant();
}
