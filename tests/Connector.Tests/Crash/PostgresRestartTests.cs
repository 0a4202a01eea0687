using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Microsoft.EntityFrameworkCore;

namespace Connector.Tests.Crash;

/// <summary>
/// Tests that stop the shared PostgreSQL cluster, that measure rates which other tests' CPU load would distort (the
/// pacer's share of 429s), or that kill processes and wait, bounded, for another to finish a 20,000-user import (under the
/// parallel phase's load it once needed more than its three minutes): they run alone, after every other test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}

public sealed class PostgresRestartWorld : ConnectWorld<PostgresRestartTests>
{
    protected override Dictionary<string, string?> AppSettings => new()
    {
        ["Imports:StaleRunAfter"] = "00:00:03",
        ["Imports:SweepInterval"] = "00:00:02",
    };
}

/// <summary>PostgreSQL restarts in the middle of a Full Import: the run resumes from its checkpoint, and nothing is lost or doubled.</summary>
[Collection(RunsAlone.Name)]
public sealed class PostgresRestartTests(PostgresRestartWorld world) : IClassFixture<PostgresRestartWorld>
{
    [Fact]
    public async Task A_Full_Import_survives_PostgreSQL_restarting_under_it_and_finishes_with_exactly_the_source()
    {
        var people = new DataSet { Users = 5_000, Companies = 10, Seed = 43 };
        world.Site("globex").People = people;
        var connection = await world.ConnectionFromJiraAsync("acme", "globex", Destination.CustomersAndOrganizations);
        await world.BuildAsync("acme", connection.Id);
        await world.SetFaultsAsync("acme", new FaultSettings { LatencyMs = 2 });
        var runId = (await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await ReadAsync(runId)).RecordsRead < 1_000)
        {
            Assert.True(DateTime.UtcNow < deadline, "the run made no progress");
            await Task.Delay(50);
        }

        var restartedAt = DateTimeOffset.UtcNow;
        await TestPostgres.RestartPrivateClusterAsync(down: TimeSpan.FromSeconds(3));
        await world.ClearFaultsAsync("acme");

        var run = await world.WaitForRunAsync(runId, TimeSpan.FromMinutes(3));
        Assert.True(run.Status == RunStatus.Succeeded, $"{run.Status}: {run.Message}");
        Assert.True(run.FinishedAt > restartedAt.AddSeconds(3), "the run was still going when PostgreSQL went down");
        var globex = world.Site("globex");
        var expected = people.Range(0, people.Users).Where(p => p.AccountType != "app" && p.Active && p.Email is not null).Select(p => p.Email!)
            .Concat([globex.Admin.Email, globex.Agent.Email]).Order().ToList();
        Assert.Equal(expected, world.Site("acme").Csm.Customers().Select(c => c.Email).Order().ToList());
        var organizations = world.Site("acme").Csm.Organizations();
        Assert.Equal(organizations.Count, organizations.Select(o => o.Name).Distinct().Count());
        Assert.All(world.Site("acme").Csm.Customers(), c => Assert.Single(c.Organizations));
        Assert.Equal(expected.Count, await world.WithDbAsync(db => db.Set<ImportedRecord>().IgnoreQueryFilters()
            .CountAsync(r => r.ConnectionId == connection.Id && r.Entity == Connector.Web.Csm.CsmEntity.Customer)));
    }

    Task<ImportRun> ReadAsync(Guid runId) =>
        world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == runId));
}
