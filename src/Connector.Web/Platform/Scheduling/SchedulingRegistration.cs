using Connector.Web.Connect.Lifecycle;
using Connector.Web.Imports;
using Connector.Web.Sources;
using Quartz;

namespace Connector.Web.Platform.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>
    /// Quartz with its clustered job store in our PostgreSQL database: every app instance runs a
    /// scheduler, and each trigger fires on exactly one of them.
    /// </summary>
    public static void AddScheduling(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Connector")!;
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
                    clustering.CheckinInterval = TimeSpan.FromSeconds(10);
                    clustering.CheckinMisfireThreshold = TimeSpan.FromSeconds(30);
                });
                store.UseSystemTextJsonSerializer();
            });

            quartz.AddJob<UninstalledTenantPurge>(job => job.WithIdentity(UninstalledTenantPurge.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(UninstalledTenantPurge.Key)
                .WithIdentity("uninstalled-tenant-purge-hourly")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            quartz.AddJob<ImportRunSweeper>(job => job.WithIdentity(ImportRunSweeper.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(ImportRunSweeper.Key)
                .WithIdentity("import-run-sweeper-every-30s")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(30)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            quartz.AddJob<SourceStatusRecheck>(job => job.WithIdentity(SourceStatusRecheck.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(SourceStatusRecheck.Key)
                .WithIdentity("source-status-recheck-daily")
                .WithCronSchedule("0 30 3 * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        // Registered after the migrations' hosted service, so the scheduler starts on a migrated schema.
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
    }
}
