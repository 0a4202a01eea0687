using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Connector.Tests.Crash;

/// <summary>A world whose app takes up a crashed run within seconds (production: two minutes for the run, 40 s for the instance).</summary>
public sealed class CrashWorld : ConnectWorld<CrashTests>
{
    protected override Dictionary<string, string?> AppSettings => new()
    {
        ["Imports:StaleRunAfter"] = "00:00:03",
        ["Imports:SweepInterval"] = "00:00:02",
        ["Scheduling:ClusterCheckinInterval"] = "00:00:01",
        ["Scheduling:ClusterCheckinMisfireThreshold"] = "00:00:03",
    };
}

/// <summary>
/// The app as a separate process, SIGKILLed at the three moments a crash can hurt an import most; a fresh process
/// finishes the run, and the directory holds exactly what the source says: none lost, none duplicated.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class CrashTests(CrashWorld world) : IClassFixture<CrashWorld>
{
    const int Users = 20_000;

    [Fact]
    public async Task A_Full_Import_killed_mid_page_between_its_writes_and_checkpoint_and_during_deactivation_leaves_exactly_the_expected_directory()
    {
        var people = new DataSet { Users = Users, Companies = 40, Seed = 29 };
        world.Site("globex").People = people;
        var connection = await world.ConnectionFromJiraAsync("acme", "globex", Destination.CustomersAndOrganizations, DeactivationPolicy.MarkInactive);
        await world.BuildAsync("acme", connection.Id);
        // From here on only separate processes run imports; this test's in-process instance keeps its services for reading.
        await world.App.StopAsync();
        var app = await AppProcess.StartAsync(world.AppUrl, world.AppConfiguration());
        try
        {
            var admin = await AppSession.OpenAsync(world, "acme");
            await admin.PostAsync($"/connections/{connection.Id}/run?kind=Full", []);
            var runId = await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().Where(r => r.ConnectionId == connection.Id).Select(r => r.Id).SingleAsync());

            // 1. Mid-page: the directory holds records of a page whose checkpoint is not yet written.
            await world.SetFaultsAsync("acme", new FaultSettings { LatencyMs = 3 });
            await UntilAsync("customers written beyond the checkpoint", async () =>
                world.Site("acme").Csm.Customers().Count > await LedgerCustomersAsync(connection.Id) + 20 && await LedgerCustomersAsync(connection.Id) > 1_000);
            await app.KillAsync();
            await world.ClearFaultsAsync("acme");
            app = await RestartedAsync(app, runId, past: (await RunAsync(runId)).RecordsRead);

            // 2. Between the page's writes and its checkpoint: the checkpoint waits on a row lock, the process dies, its statement never commits.
            int beforeLock;
            await using (var blocker = await LockRunAsync(runId))
            {
                beforeLock = (await RunAsync(runId)).RecordsRead; // no page can commit while the lock is held
                await UntilAsync("the checkpoint waiting on the run's row", async () => (await WaitingBackendsAsync()).Count > 0);
                var customersAtKill = world.Site("acme").Csm.Customers().Count;
                await app.KillAsync();
                foreach (var pid in await WaitingBackendsAsync()) await ExecuteAsync($"select pg_terminate_backend({pid})");
                await blocker.Transaction.RollbackAsync();
                Assert.True(customersAtKill > await LedgerCustomersAsync(connection.Id), "the killed page's customers were written but not recorded");
            }
            Assert.Equal(beforeLock, (await RunAsync(runId)).RecordsRead);
            app = await RestartedAsync(app, runId, past: beforeLock);

            var run = await world.WaitForRunAsync(runId, TimeSpan.FromMinutes(3));
            Assert.Equal(RunStatus.Succeeded, run.Status);
            AssertDirectoryHolds(people, inactive: new HashSet<string>());

            // 3. During deactivation: 1,000 people leave the source; the next Full Import is killed while it marks them Inactive.
            var fewer = people with { Users = Users - 1_000 };
            world.Site("globex").People = fewer;
            await admin.PostAsync($"/connections/{connection.Id}/run?kind=Full", []);
            var secondId = await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters()
                .Where(r => r.ConnectionId == connection.Id && r.Id != runId).Select(r => r.Id).SingleAsync());
            await world.SetFaultsAsync("acme", new FaultSettings { LatencyMs = 3 });
            await UntilAsync("some, not all, vanished customers marked Inactive", () =>
                Task.FromResult(InactiveEmails().Count is > 10 and < 500));
            await app.KillAsync();
            await world.ClearFaultsAsync("acme");
            app = await RestartedAsync(app, secondId, past: 0);
            var second = await world.WaitForRunAsync(secondId, TimeSpan.FromMinutes(3));
            Assert.Equal(RunStatus.Succeeded, second.Status);
            AssertDirectoryHolds(people, inactive: Expected(people).Keys.Except(Expected(fewer).Keys).ToHashSet());
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\nApp output:\n{app.Output}");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>A fresh process after a kill; it takes the run up once the dead one's heartbeat is stale.</summary>
    async Task<AppProcess> RestartedAsync(AppProcess dead, Guid runId, int past)
    {
        await dead.DisposeAsync();
        var app = await AppProcess.StartAsync(world.AppUrl, world.AppConfiguration());
        await UntilAsync("the run taken up again", async () => (await RunAsync(runId)) is { } run && (run.RecordsRead > past + 200 || !run.IsActive),
            TimeSpan.FromSeconds(60));
        return app;
    }

    /// <summary>The customers the source should leave in the directory: email → (name, organization, account id).</summary>
    static Dictionary<string, (string Name, string Organization, string AccountId)> Expected(DataSet people) =>
        people.Range(0, people.Users).Where(p => p.AccountType != "app" && p.Active && p.Email is not null)
            .ToDictionary(p => p.Email!, p => (p.DisplayName, p.Email!.Split('@')[1], p.AccountId));

    void AssertDirectoryHolds(DataSet people, ISet<string> inactive)
    {
        var csm = world.Site("acme").Csm;
        var globex = world.Site("globex");
        var expected = Expected(people);
        var customers = csm.Customers().Where(c => c.Email != globex.Admin.Email && c.Email != globex.Agent.Email).ToList();
        Assert.Equal(expected.Keys.Order(), customers.Select(c => c.Email).Order());
        var organizations = csm.Organizations();
        Assert.Equal(organizations.Count, organizations.Select(o => o.Name).Distinct().Count());
        Assert.Equal(expected.Values.Select(v => v.Organization).Concat(["globex.example"]).Distinct().Order(), organizations.Select(o => o.Name).Order());
        var organizationNames = organizations.ToDictionary(o => o.Id, o => o.Name);
        foreach (var customer in customers)
        {
            var (name, organization, accountId) = expected[customer.Email];
            Assert.Equal(name, customer.DisplayName);
            Assert.Equal([organization], customer.Organizations.Select(id => organizationNames[id]));
            Assert.Equal([accountId], customer.Details[FieldMapping.ExternalIdField]);
            var status = customer.Details.TryGetValue(FieldMapping.StatusField, out var values) ? values : [];
            Assert.Equal(inactive.Contains(customer.Email) ? ["Inactive"] : [], status);
        }
    }

    List<string> InactiveEmails() => world.Site("acme").Csm.Customers()
        .Where(c => c.Details.TryGetValue(FieldMapping.StatusField, out var v) && v.Contains("Inactive")).Select(c => c.Email).ToList();

    Task<ImportRun> RunAsync(Guid runId) =>
        world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == runId));

    Task<int> LedgerCustomersAsync(Guid connectionId) =>
        world.WithDbAsync(db => db.Set<ImportedRecord>().IgnoreQueryFilters().CountAsync(r => r.ConnectionId == connectionId && r.Entity == Connector.Web.Csm.CsmEntity.Customer));

    sealed record RowLock(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
    }

    async Task<RowLock> LockRunAsync(Guid runId)
    {
        var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("select 1 from import_runs where id = $1 for update", connection, transaction);
        command.Parameters.Add(new() { Value = runId });
        await command.ExecuteScalarAsync();
        return new RowLock(connection, transaction);
    }

    /// <summary>Backends of this test's database waiting for a lock: the killed process' checkpoint statement.</summary>
    async Task<List<int>> WaitingBackendsAsync()
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()", connection);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }

    async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    static async Task UntilAsync(string what, Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
