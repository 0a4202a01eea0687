using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Imports;

/// <summary>Nothing lost, nothing duplicated: when the destination struggles, and across app instances.</summary>
public sealed class ImportResilienceTests(ConnectWorld<ImportResilienceTests> world) : IClassFixture<ConnectWorld<ImportResilienceTests>>
{
    [Fact]
    public async Task Destination_503s_rate_limit_bursts_and_latency_are_retried_and_every_record_arrives()
    {
        var people = new DataSet { Users = 300, Companies = 9, Seed = 21 };
        world.Site("globex").People = people;
        var connection = await world.ConnectionFromJiraAsync("acme", "globex");
        await world.BuildAsync("acme", connection.Id);
        await world.SetFaultsAsync("acme", new FaultSettings { ErrorRatio = 0.1, FailStatus = 503, LatencyMs = 5, Seed = 3 });
        ImportRun run;
        try
        {
            run = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);
        }
        finally
        {
            await world.ClearFaultsAsync("acme");
        }

        var expected = people.Range(0, people.Users).Count(p => p.AccountType != "app" && p.Active && p.Email is not null) + 2;
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(expected, world.Site("acme").Csm.Customers().Count);
        Assert.Equal(expected, run.Created);
        var retries = await world.WithDbAsync(db => db.Set<ImportEvent>().IgnoreQueryFilters().CountAsync(e => e.RunId == run.Id && e.Kind == EventKind.Retry));
        Assert.True(retries > 10, $"the run log shows the retries ({retries})");
    }

    [Fact]
    public async Task Rate_limit_answers_with_retry_after_slow_the_import_but_lose_nothing()
    {
        world.Site("umbrella").People = new DataSet { Users = 120, Seed = 8 };
        var connection = await world.ConnectionFromJiraAsync("initech", "umbrella", Destination.Customers);
        await world.BuildAsync("initech", connection.Id);
        await world.SetFaultsAsync("initech", new FaultSettings { RateLimitPerSecond = 150 });
        try
        {
            var run = await world.WaitForRunAsync((await world.StartRunAsync("initech", connection.Id, RunKind.Full)).Run.Id);
            Assert.Equal(RunStatus.Succeeded, run.Status);
            Assert.Equal(run.Created, world.Site("initech").Csm.Customers().Count);
            Assert.Equal(0, run.Failed);
        }
        finally
        {
            await world.ClearFaultsAsync("initech");
        }
    }

    [Fact]
    public async Task Two_app_instances_on_one_database_start_exactly_one_run()
    {
        world.Site("globex").People = new DataSet { Users = 100, Seed = 2 };
        var connection = await world.ConnectionFromJiraAsync("umbrella", "globex", Destination.Customers);
        await world.BuildAsync("umbrella", connection.Id);
        await using var second = world.CreateApp(FreePort.Next());
        await second.StartAsync();

        async Task<StartOutcome> StartOn(Microsoft.AspNetCore.Builder.WebApplication app) =>
            await world.InTenantAsync("umbrella", async _ =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                var tenant = await scope.ServiceProvider.GetRequiredService<Connector.Web.Platform.Database.ConnectorDb>().Set<Tenant>()
                    .SingleAsync(t => t.ClientKey == world.Site("umbrella").ClientKey);
                scope.ServiceProvider.GetRequiredService<Connector.Web.Tenancy.TenantContext>().Establish(tenant, null);
                var loaded = await scope.ServiceProvider.GetRequiredService<ConnectionStore>().FindAsync(connection.Id, default);
                return await scope.ServiceProvider.GetRequiredService<ImportRuns>().StartAsync(loaded!, RunKind.Full, RunTrigger.User, "test", default);
            });

        var logLinesBefore = world.AppLogs.Lines.Count;
        var starts = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => StartOn(i % 2 == 0 ? world.App : second)));

        Assert.Single(starts.Select(s => s.Run.Id).Distinct());
        Assert.Single(starts, s => !s.AlreadyRunning);
        // Nine refused starts are the database doing its job, not failures worth an error with a stack trace.
        Assert.DoesNotContain(world.AppLogs.Lines.Skip(logLinesBefore), line => line.StartsWith("Error ") || line.StartsWith("Critical "));
        var run = await world.WaitForRunAsync(starts[0].Run.Id);
        Assert.Equal(RunStatus.Succeeded, run.Status);
    }
}
