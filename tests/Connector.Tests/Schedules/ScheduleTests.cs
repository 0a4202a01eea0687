using Connector.Sandbox.Data;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Schedules;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Connector.Tests.Schedules;

/// <summary>Schedules live as Quartz triggers in the clustered store; checked through the scheduler itself, no waiting for the clock.</summary>
public sealed class ScheduleTests(ConnectWorld<ScheduleTests> world) : IClassFixture<ConnectWorld<ScheduleTests>>
{
    async Task<IScheduler> SchedulerAsync() => await world.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    /// <summary>What the connection form does: save the connection, then apply its schedule.</summary>
    Task<Connection> ScheduleAsync(string site, Guid connectionId, Schedule schedule, string time = "02:00", int day = 1) =>
        world.InTenantAsync(site, async services =>
        {
            var store = services.GetRequiredService<ConnectionStore>();
            var connection = (await store.FindAsync(connectionId, default))!;
            (connection.Schedule, connection.ScheduleTime, connection.ScheduleDay) = (schedule, TimeOnly.Parse(time), day);
            await store.SaveAsync(connection, default);
            await services.GetRequiredService<ConnectionSchedules>()
                .ApplyAsync(services.GetRequiredService<TenantContext>().RequiredTenant, connection, default);
            return connection;
        });

    async Task<Guid> TenantIdAsync(string site) =>
        await world.WithDbAsync(db => db.Set<Tenant>().Where(t => t.ClientKey == world.Site(site).ClientKey).Select(t => t.Id).SingleAsync());

    [Fact]
    public async Task A_page_load_teaches_the_app_the_sites_time_zone()
    {
        await world.InstallAsync("globex");
        await world.Http.GetAsync(world.FrameUrl("globex", "/getting-started"));
        Assert.Equal("Europe/Berlin", await world.WithDbAsync(db => db.Set<Tenant>().Where(t => t.ClientKey == world.Site("globex").ClientKey).Select(t => t.TimeZone).SingleAsync()));
    }

    [Fact]
    public async Task A_daily_import_fires_in_the_quiet_window_of_the_sites_time_zone_spread_within_half_an_hour()
    {
        var connection = await world.ConnectionFromJiraAsync("acme", "globex");
        await world.WithDbAsync(db => db.Set<Tenant>().Where(t => t.ClientKey == world.Site("acme").ClientKey)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.TimeZone, "Pacific/Auckland")));
        await ScheduleAsync("acme", connection.Id, Schedule.Daily, "03:30");

        var trigger = (ICronTrigger)(await (await SchedulerAsync()).GetTrigger(ConnectionSchedules.TriggerKeyOf(await TenantIdAsync("acme"), connection.Id)))!;
        var auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
        var next = TimeZoneInfo.ConvertTime(trigger.NextFireTimeUtc!.Value, auckland);

        Assert.Equal("Pacific/Auckland", trigger.TimeZone.Id);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, (CronTriggerMisfireInstruction)trigger.MisfireInstruction);
        Assert.Equal(new TimeOnly(3, 30).AddMinutes(ConnectionSchedules.SpreadMinutes(connection.Id, 30)), TimeOnly.FromDateTime(next.DateTime));
        Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(1));
    }

    [Theory]
    [InlineData(Schedule.Hourly, "0 {h} * * * ?")]
    [InlineData(Schedule.Daily, "0 {d} 2 * * ?")]
    [InlineData(Schedule.Weekly, "0 {d} 2 ? * WED")]
    [InlineData(Schedule.None, null)]
    public void Each_schedule_becomes_one_cron_expression(Schedule schedule, string? expected)
    {
        var connection = new Connection { Name = "x", Schedule = schedule, ScheduleTime = new TimeOnly(2, 0), ScheduleDay = (int)DayOfWeek.Wednesday };
        var cron = ConnectionSchedules.Cron(connection);
        Assert.Equal(expected?.Replace("{h}", ConnectionSchedules.SpreadMinutes(connection.Id, 60).ToString())
            .Replace("{d}", ConnectionSchedules.SpreadMinutes(connection.Id, 30).ToString()), cron);
        if (cron is not null) Assert.NotNull(new CronExpression(cron).GetNextValidTimeAfter(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Uninstalling_pauses_a_sites_schedules_reinstalling_resumes_them_and_removing_the_schedule_deletes_its_trigger()
    {
        var connection = await world.ConnectionFromJiraAsync("umbrella", "globex");
        await ScheduleAsync("umbrella", connection.Id, Schedule.Hourly);
        var scheduler = await SchedulerAsync();
        var key = ConnectionSchedules.TriggerKeyOf(await TenantIdAsync("umbrella"), connection.Id);
        Assert.Equal(TriggerState.Normal, await scheduler.GetTriggerState(key));

        await world.SandboxLifecycleAsync("umbrella", "uninstall");
        Assert.Equal(TriggerState.Paused, await scheduler.GetTriggerState(key));
        await world.InstallAsync("umbrella");
        Assert.Equal(TriggerState.Normal, await scheduler.GetTriggerState(key));

        await ScheduleAsync("umbrella", connection.Id, Schedule.None);
        Assert.Null(await scheduler.GetTrigger(key));
    }

    [Fact]
    public async Task An_import_missed_for_hours_while_the_app_was_down_runs_once_not_once_per_missed_hour()
    {
        world.Site("hooli").People = new DataSet { Users = 15, Seed = 2 };
        var connection = await world.ConnectionFromJiraAsync("initech", "hooli", Destination.Customers);
        await world.BuildAsync("initech", connection.Id);
        await ScheduleAsync("initech", connection.Id, Schedule.Hourly);
        var key = ConnectionSchedules.TriggerKeyOf(await TenantIdAsync("initech"), connection.Id);

        // As if every instance had been down for five hours: the stored next fire time lies five hourly slots back.
        await using (var db = new Npgsql.NpgsqlConnection(world.ConnectionString))
        {
            await db.OpenAsync();
            await using var late = new Npgsql.NpgsqlCommand("update qrtz_triggers set next_fire_time = $1 where trigger_name = $2 and trigger_group = $3", db);
            late.Parameters.Add(new() { Value = DateTimeOffset.UtcNow.AddHours(-5).UtcTicks });
            late.Parameters.Add(new() { Value = key.Name });
            late.Parameters.Add(new() { Value = key.Group });
            Assert.Equal(1, await late.ExecuteNonQueryAsync());
        }

        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (await RunsAsync(connection.Id) == 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
        await Task.Delay(TimeSpan.FromSeconds(6));

        Assert.Equal(1, await RunsAsync(connection.Id));
        var next = (await (await SchedulerAsync()).GetTrigger(key))!.NextFireTimeUtc!.Value;
        Assert.True(next > DateTimeOffset.UtcNow, "after catching up once, the schedule continues from now");
    }

    [Fact]
    public async Task A_scheduled_import_that_meets_a_site_update_says_so_and_when_it_tries_again_and_schedules_that_attempt()
    {
        world.Site("hooli").People = new DataSet { Users = 10, Seed = 3 };
        var connection = await world.ConnectionFromJiraAsync("globex", "hooli", Destination.Customers);
        await world.BuildAsync("globex", connection.Id);
        await ScheduleAsync("globex", connection.Id, Schedule.Daily);
        await world.SetFaultsAsync("globex", new Connector.Sandbox.Faults.FaultSettings { Maintenance = true });
        try
        {
            var start = await world.InTenantAsync("globex", async services =>
            {
                var loaded = await services.GetRequiredService<ConnectionStore>().FindAsync(connection.Id, default);
                return await services.GetRequiredService<ImportRuns>().StartAsync(loaded!, RunKind.Full, RunTrigger.Schedule, null, default);
            });
            var run = await world.WaitForRunAsync(start.Run.Id, TimeSpan.FromSeconds(120));

            Assert.Equal(RunStatus.Failed, run.Status);
            Assert.Contains("probably because Atlassian was updating it", run.Message);
            Assert.Contains("the next attempt is at", run.Message);
            var retry = await (await SchedulerAsync()).GetTrigger(new TriggerKey($"retry-{connection.Id}", $"tenant-{await TenantIdAsync("globex")}"));
            Assert.InRange(retry!.NextFireTimeUtc!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(31));
        }
        finally
        {
            await world.ClearFaultsAsync("globex");
        }
    }

    [Fact]
    public async Task With_two_instances_sharing_the_database_a_schedule_firing_starts_one_import()
    {
        world.Site("hooli").People = new DataSet { Users = 10, Seed = 4 };
        var connection = await world.ConnectionFromJiraAsync("umbrella", "hooli", Destination.Customers);
        await world.BuildAsync("umbrella", connection.Id);
        await ScheduleAsync("umbrella", connection.Id, Schedule.Weekly);
        await using var second = world.CreateApp(FreePort.Next());
        await second.StartAsync();

        // Fire the schedule now, from the first instance: the cluster runs it on exactly one of the two.
        await (await SchedulerAsync()).TriggerJob(new JobKey($"scheduled-import-{connection.Id}", "schedules"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await RunsAsync(connection.Id) == 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await RunsAsync(connection.Id));
    }

    Task<int> RunsAsync(Guid connectionId) =>
        world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().CountAsync(r => r.ConnectionId == connectionId && r.Trigger == RunTrigger.Schedule));
}
