using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Imports;
using Microsoft.EntityFrameworkCore;

namespace Connector.Tests.Imports;

/// <summary>An instance stops in the middle of an import; another one finishes it from the checkpoint.</summary>
public sealed class ImportHandOverTests(ConnectWorld<ImportHandOverTests> world) : IClassFixture<ConnectWorld<ImportHandOverTests>>
{
    [Fact]
    public async Task A_run_interrupted_by_an_instance_stopping_is_finished_by_another_with_no_duplicates_or_gaps()
    {
        var people = new DataSet { Users = 1_500, Companies = 12, Seed = 17 };
        world.Site("globex").People = people;
        var connection = await world.ConnectionFromJiraAsync("acme", "globex");
        await world.BuildAsync("acme", connection.Id);
        await world.SetFaultsAsync("acme", new FaultSettings { LatencyMs = 2 });
        var runId = (await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await ReadAsync(runId)).RecordsRead < 300)
        {
            Assert.True(DateTime.UtcNow < deadline, "the run made no progress");
            await Task.Delay(50);
        }
        await world.App.StopAsync();
        var handedBack = await ReadAsync(runId);
        Assert.True(handedBack.IsActive, $"the stopped instance handed the run back ({handedBack.Status})");
        Assert.True(handedBack.RecordsRead < 1_400, "the run was interrupted before it finished");

        await world.ClearFaultsAsync("acme");
        await using var successor = world.CreateApp(FreePort.Next());
        await successor.StartAsync();
        var run = await world.WaitForRunAsync(runId);

        var expected = people.Range(0, people.Users).Where(p => p.AccountType != "app" && p.Active && p.Email is not null).Select(p => p.Email!)
            .Concat([world.Site("globex").Admin.Email, world.Site("globex").Agent.Email]).Order().ToList();
        var customers = world.Site("acme").Csm.Customers().Select(c => c.Email).Order().ToList();
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(expected, customers);
        Assert.True(run.RecordsRead >= expected.Count, "every record was read, some twice at most");
        var organizations = world.Site("acme").Csm.Organizations().Select(o => o.Name).ToList();
        Assert.Equal(organizations.Distinct().Count(), organizations.Count);
    }

    Task<ImportRun> ReadAsync(Guid runId) =>
        world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == runId));
}
