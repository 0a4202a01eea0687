using Connector.Sandbox.Data;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Schedules;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Tests.Crash;

/// <summary>A world whose scheduler cluster notices instances within seconds.</summary>
public sealed class TwoInstanceWorld : ConnectWorld<TwoInstanceTests>
{
    protected override Dictionary<string, string?> AppSettings => new()
    {
        ["Scheduling:ClusterCheckinInterval"] = "00:00:01",
        ["Scheduling:ClusterCheckinMisfireThreshold"] = "00:00:03",
    };
}

/// <summary>Two app processes on one database: a schedule that comes due starts exactly one run.</summary>
public sealed class TwoInstanceTests(TwoInstanceWorld world) : IClassFixture<TwoInstanceWorld>
{
    [Fact]
    public async Task Two_app_processes_on_one_database_start_exactly_one_run_when_a_schedule_comes_due()
    {
        world.Site("globex").People = new DataSet { Users = 300, Seed = 41 };
        var connection = await world.ConnectionFromJiraAsync("acme", "globex", Destination.Customers);
        await world.BuildAsync("acme", connection.Id);
        // A daily schedule (twelve hours away, so its own slot stays out of the test), whose job then comes due in 30 s
        // in the clustered store both processes share.
        var due = await world.InTenantAsync("acme", async services =>
        {
            var tenant = services.GetRequiredService<TenantContext>().RequiredTenant;
            var stored = (await services.GetRequiredService<ConnectionStore>().FindAsync(connection.Id, default))!;
            (stored.Schedule, stored.ScheduleTime) = (Schedule.Daily, new TimeOnly(DateTime.UtcNow.AddHours(12).Hour, 0));
            await services.GetRequiredService<ConnectionStore>().SaveAsync(stored, default);
            var schedules = services.GetRequiredService<ConnectionSchedules>();
            await schedules.ApplyAsync(tenant, stored, default);
            return await schedules.ScheduleRetryAsync(tenant, connection.Id, TimeSpan.FromSeconds(30), default);
        });
        await world.App.StopAsync();

        var instances = await AppProcess.StartManyAsync([world.AppUrl, $"http://127.0.0.1:{FreePort.Next()}"], world.AppConfiguration());
        await using var first = instances[0];
        await using var second = instances[1];
        Assert.True(DateTimeOffset.UtcNow < due, "both instances were up before the schedule came due");
        Assert.True(await SchedulerInstancesAsync() >= 2, "both processes checked in with the scheduler cluster");

        var deadline = due.AddSeconds(45);
        while (await RunsAsync(connection.Id) is { Count: 0 } && DateTimeOffset.UtcNow < deadline) await Task.Delay(200);
        var run = Assert.Single(await RunsAsync(connection.Id));
        Assert.Equal(RunTrigger.Schedule, run.Trigger);
        Assert.Equal(RunStatus.Succeeded, (await world.WaitForRunAsync(run.Id)).Status);
        // Long enough for a second firing on the other instance to have shown.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Single(await RunsAsync(connection.Id));
    }

    Task<List<ImportRun>> RunsAsync(Guid connectionId) =>
        world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().AsNoTracking().Where(r => r.ConnectionId == connectionId).ToListAsync());

    /// <summary>Scheduler instances that checked in with the cluster in the last few seconds.</summary>
    async Task<long> SchedulerInstancesAsync()
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count(*) from {Connector.Web.Platform.Scheduling.QuartzSchema.TablePrefix}scheduler_state where last_checkin_time > $1", connection);
        command.Parameters.Add(new() { Value = DateTimeOffset.UtcNow.AddSeconds(-5).UtcTicks });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
