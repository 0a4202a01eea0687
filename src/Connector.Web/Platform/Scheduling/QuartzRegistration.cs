using Quartz;

namespace Connector.Web.Platform.Scheduling;

public static class QuartzRegistration
{
    /// <summary>
    /// Quartz with its clustered job store in our PostgreSQL database: every app instance runs a
    /// scheduler, and each trigger fires on exactly one of them. Features add their own jobs
    /// (<see cref="AddRecurringJob{TJob}"/>); this only configures the store.
    /// </summary>
    public static void AddScheduling(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Connector")!;
        var cluster = builder.Configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        builder.Services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "connector";
                scheduler.GenerateInstanceId = true;
                // On shutdown a running import is asked to stop at its next page and handed back to the
                // cluster, which fires it again on another instance (or this one when it returns).
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.ConfigureStore(options =>
                {
                    options.TablePrefix = QuartzSchema.TablePrefix;
                    // A schedule missed while every instance was down is caught up within seconds of one coming back.
                    options.MisfireThreshold = TimeSpan.FromSeconds(15);
                    options.MisfireHandlerFrequency = TimeSpan.FromSeconds(5);
                });
                store.UseClustering(clustering =>
                {
                    // An instance silent for longer than the threshold is dead: its running jobs (imports) are recovered elsewhere.
                    clustering.CheckinInterval = cluster.ClusterCheckinInterval;
                    clustering.CheckinMisfireThreshold = cluster.ClusterCheckinMisfireThreshold;
                });
                store.UseSystemTextJsonSerializer();
            });
        });
        // Registered after the migrations' hosted service, so the scheduler starts on a migrated schema.
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
    }

    /// <summary>A durable job of a feature's, with the one trigger that fires it. Each feature registers its own.</summary>
    public static void AddRecurringJob<TJob>(this IServiceCollection services, JobKey key, string triggerName, IScheduleBuilder schedule)
        where TJob : class, IJob
    {
        services.AddTransient<TJob>();
        services.ConfigureAllQuartzSchedulers(quartz =>
        {
            quartz.AddJob<TJob>(job => job.WithIdentity(key).StoreDurably());
            quartz.AddTrigger(trigger => trigger.ForJob(key).WithIdentity(triggerName).WithSchedule(schedule));
        });
    }
}

/// <summary>The "Scheduling" configuration section: how soon the cluster notices an instance that died.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Schedules of recurring jobs. Missed while every instance was down: fire once when one is back, not per missed slot.</summary>
public static class RecurringSchedule
{
    public static IScheduleBuilder Every(TimeSpan interval) =>
        SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount);

    public static IScheduleBuilder DailyUtc(int hour, int minute) =>
        CronScheduleBuilder.Create($"0 {minute} {hour} * * ?").InTimeZone(TimeZoneInfo.Utc)
            .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed);
}
