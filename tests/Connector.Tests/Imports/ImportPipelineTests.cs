using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Imports;

/// <summary>Build, Test and Full Import against the sandbox's CSM, through the scheduler, checked against what CSM holds.</summary>
public sealed class ImportPipelineTests(ConnectWorld<ImportPipelineTests> world) : IClassFixture<ConnectWorld<ImportPipelineTests>>
{
    Connector.Sandbox.Faults.RequestCounts Counts => world.Sandbox.Services.GetRequiredService<Connector.Sandbox.Faults.RequestCounts>();

    Task<IReadOnlyList<BuildLine>> BuildAsync(string site, Guid connectionId) => world.BuildAsync(site, connectionId);

    [Fact]
    public async Task Build_creates_the_missing_detail_fields_once_and_reports_a_type_clash_without_touching_it()
    {
        var connection = await world.ConnectionFromJiraAsync("umbrella", "globex");
        world.Site("umbrella").Csm.AddField("customer", new("Locale", "SELECT", ["en_US"]));

        var first = await BuildAsync("umbrella", connection.Id);
        var second = await BuildAsync("umbrella", connection.Id);

        Assert.Equal(3, first.Count(l => l.Outcome == BuildOutcome.Created));
        var clash = Assert.Single(first, l => l.Outcome == BuildOutcome.TypeClash);
        Assert.Equal("Locale", clash.Field.Name);
        Assert.Equal(CsmFieldType.SELECT, clash.Existing);
        Assert.DoesNotContain(second, l => l.Outcome == BuildOutcome.Created);
        Assert.Equal(3, second.Count(l => l.Outcome == BuildOutcome.AlreadyPresent));
        Assert.Equal("SELECT", world.Site("umbrella").Csm.Fields("customer").Single(f => f.Name == "Locale").Type);
    }

    [Fact]
    public async Task Test_writes_exactly_ten_records_then_full_import_writes_everyone_and_a_repeat_writes_nothing()
    {
        var people = new DataSet { Users = 5_000, Companies = 40, Seed = 11 };
        world.Site("initech").People = people;
        var connection = await world.ConnectionFromJiraAsync("acme", "initech");
        await BuildAsync("acme", connection.Id);
        var directory = world.Site("acme").Csm;

        var test = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Test)).Run.Id);
        Assert.Equal(RunStatus.Succeeded, test.Status);
        Assert.Equal(10, test.RecordsRead);
        Assert.Equal(10, directory.Customers().Count);
        var outcomes = await world.WithDbAsync(db => db.Set<ImportEvent>().IgnoreQueryFilters().Where(e => e.RunId == test.Id && e.Kind == EventKind.RecordCreated).CountAsync());
        Assert.Equal(10, outcomes);

        var full = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);
        var expected = people.Range(0, people.Users).Where(p => p.AccountType != "app" && p.Active && p.Email is not null).ToList();
        Assert.Equal(RunStatus.Succeeded, full.Status);
        Assert.Equal(expected.Count + 2, directory.Customers().Count); // the source site's admin and agent are users too
        Assert.Equal(expected.Select(p => p.Email!).Order(), directory.Customers().Select(c => c.Email).Where(e => e.EndsWith(".example") && e.Contains("@company")).Order());
        Assert.Equal(expected.Select(p => p.Email!.Split('@')[1]).Distinct().Count() + 1, directory.Organizations().Count);
        var ada = expected[0];
        var customer = directory.Customers().Single(c => c.Email == ada.Email);
        Assert.Equal([ada.AccountId], customer.Details["External ID"]);
        Assert.Equal(directory.Organizations().Single(o => o.Name == ada.Email!.Split('@')[1]).Id, Assert.Single(customer.Organizations));

        Counts.Reset();
        var repeat = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);
        Assert.Equal(RunStatus.Succeeded, repeat.Status);
        Assert.Equal(0, repeat.Created + repeat.Updated);
        Assert.Equal(expected.Count + 2, repeat.Unchanged);
        Assert.DoesNotContain(Counts.Snapshot(), c => c.Key.StartsWith("acme POST") || c.Key.StartsWith("acme PUT") || c.Key.StartsWith("acme DELETE"));

        world.Site("initech").People = people with { Revision = 1, ChangeEvery = 500 };
        Counts.Reset();
        var delta = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);
        var changed = expected.Count(p => p.Index % 500 == 0);
        Assert.Equal(changed, delta.Updated);
        Assert.Equal(0, delta.Created);
        Assert.Equal(expected.Count + 2 - changed, delta.Unchanged);
        var writes = Counts.Snapshot().Where(c => c.Key.StartsWith("acme PUT") || c.Key.StartsWith("acme POST")).Sum(c => c.Value);
        Assert.InRange(writes, 1, changed * 2); // only display names changed: no detail value is written, memberships are confirmed
        Assert.DoesNotContain(Counts.Snapshot(), c => c.Key.StartsWith("field:acme", StringComparison.Ordinal));
    }

    [Fact]
    public async Task People_who_vanish_from_the_source_are_marked_inactive_by_the_next_full_import()
    {
        var everyone = new DataSet { Users = 200, Seed = 31 };
        world.Site("globex").People = everyone;
        var connection = await world.ConnectionFromJiraAsync("hooli", "globex", Destination.Customers, DeactivationPolicy.MarkInactive);
        // A quarter leaving at once would stop at the default safety stop (SafetyStopTests); this connection allows half.
        await world.WithDbAsync(db => db.Set<Connection>().IgnoreQueryFilters().Where(c => c.Id == connection.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.SafetyStopPercent, 50)));
        Assert.Contains(await BuildAsync("hooli", connection.Id), l => l.Field.Name == "Status" && l.Outcome == BuildOutcome.Created);
        await world.WaitForRunAsync((await world.StartRunAsync("hooli", connection.Id, RunKind.Full)).Run.Id);

        world.Site("globex").People = everyone with { Users = 150 };
        var second = await world.WaitForRunAsync((await world.StartRunAsync("hooli", connection.Id, RunKind.Full)).Run.Id);

        var gone = everyone.Range(150, 50).Where(p => p.AccountType != "app" && p.Active && p.Email is not null).Select(p => p.Email!).ToHashSet();
        var inactive = world.Site("hooli").Csm.Customers().Where(c => c.Details.TryGetValue("Status", out var v) && v.SequenceEqual(["Inactive"])).Select(c => c.Email).ToHashSet();
        Assert.Equal(RunStatus.Succeeded, second.Status);
        Assert.Equal(gone, inactive);
        var deactivated = await world.WithDbAsync(db => db.Set<ImportEvent>().IgnoreQueryFilters().CountAsync(e => e.RunId == second.Id && e.Kind == EventKind.Deactivated));
        Assert.Equal(gone.Count, deactivated);
    }

    [Fact]
    public async Task An_import_whose_fields_were_never_built_stops_at_once_and_says_to_run_build()
    {
        world.Site("globex").People = new DataSet { Users = 30, Seed = 4 };
        var connection = await world.ConnectionFromJiraAsync("initech", "globex", Destination.Customers);

        var run = await world.WaitForRunAsync((await world.StartRunAsync("initech", connection.Id, RunKind.Full)).Run.Id);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("Run Build first: the detail fields External ID, Time zone, Locale, Active do not exist in CSM yet.", run.Message);
        Assert.Empty(world.Site("initech").Csm.Customers());
    }

    [Fact]
    public async Task A_second_start_while_a_run_is_active_returns_the_active_run()
    {
        world.Site("globex").People = new DataSet { Users = 300, Seed = 5 };
        var connection = await world.ConnectionFromJiraAsync("umbrella", "globex", Destination.Customers);
        await BuildAsync("umbrella", connection.Id);
        // Slow enough that even a Test run outlasts the burst of starts; otherwise a later start may rightly begin a new run.
        await world.SetFaultsAsync("globex", new FaultSettings { LatencyMs = 50 });
        await world.SetFaultsAsync("umbrella", new FaultSettings { LatencyMs = 200 });
        try
        {
            var starts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
                world.StartRunAsync("umbrella", connection.Id, i % 2 == 0 ? RunKind.Test : RunKind.Full)));

            Assert.Single(starts, s => !s.AlreadyRunning);
            Assert.Single(starts.Select(s => s.Run.Id).Distinct());
            await world.WaitForRunAsync(starts[0].Run.Id);
            Assert.Equal(1, await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().CountAsync(r => r.ConnectionId == connection.Id)));
        }
        finally
        {
            await world.ClearFaultsAsync("globex");
            await world.ClearFaultsAsync("umbrella");
        }
    }
}
