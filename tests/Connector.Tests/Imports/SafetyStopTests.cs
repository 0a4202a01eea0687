using System.Net;
using Connector.Sandbox.Data;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Notifications;
using Connector.Web.Tenancy.Audit;
using Microsoft.EntityFrameworkCore;

namespace Connector.Tests.Imports;

/// <summary>The safety stop: a Full Import that would deactivate more than the connection allows pauses and asks.</summary>
public sealed class SafetyStopTests(ConnectWorld<SafetyStopTests> world) : IClassFixture<ConnectWorld<SafetyStopTests>>
{
    [Fact]
    public async Task A_run_that_would_deactivate_too_many_pauses_until_an_admin_confirms_and_a_cancel_deactivates_nobody()
    {
        var everyone = new DataSet { Users = 200, Seed = 53 };
        world.Site("globex").People = everyone;
        var connection = await world.ConnectionFromJiraAsync("hooli", "globex", Destination.Customers, DeactivationPolicy.MarkInactive);
        await world.BuildAsync("hooli", connection.Id);
        await world.WaitForRunAsync((await world.StartRunAsync("hooli", connection.Id, RunKind.Full)).Run.Id);
        var admin = await AppSession.OpenAsync(world, "hooli");

        // A quarter of the source is gone: more than the default 10%.
        world.Site("globex").People = everyone with { Users = 150 };
        var paused = await PausedAsync((await world.StartRunAsync("hooli", connection.Id, RunKind.Full)).Run.Id);
        var gone = Vanished(everyone, 150, 50);
        Assert.Empty(Inactive());
        Assert.StartsWith($"Paused before deactivating: {gone.Count} of {gone.Count + Remaining(everyone, 150)} customers", paused.Message);
        Assert.True((await world.StartRunAsync("hooli", connection.Id, RunKind.Full)).AlreadyRunning, "a paused run still holds its connection");
        var raisedBy = DateTime.UtcNow.AddSeconds(10);
        while (await world.WithDbAsync(db => db.Set<Alert>().IgnoreQueryFilters().CountAsync(a => a.Kind == AlertKind.SafetyStop && a.ResolvedAt == null)) == 0)
        {
            Assert.True(DateTime.UtcNow < raisedBy, "the admins were not told about the paused run");
            await Task.Delay(100);
        }
        var (_, page) = await admin.GetAsync($"/runs/{paused.Id}");
        Assert.Contains("Confirm and deactivate", page);

        await admin.PostAsync($"/runs/{paused.Id}?handler=confirm", []);
        var confirmed = await world.WaitForRunAsync(paused.Id);
        Assert.Equal(RunStatus.Succeeded, confirmed.Status);
        Assert.Equal(gone, Inactive());
        Assert.Equal(paused.RecordsRead, confirmed.RecordsRead); // the source was not read again
        // The run's outcome is recorded first, then told to Notify Me: the alert resolves a moment later.
        var resolvedBy = DateTime.UtcNow.AddSeconds(10);
        while (await world.WithDbAsync(db => db.Set<Alert>().IgnoreQueryFilters().CountAsync(a => a.Kind == AlertKind.SafetyStop && a.ResolvedAt == null)) > 0)
        {
            Assert.True(DateTime.UtcNow < resolvedBy, "the safety stop alert was not resolved by the confirmed run");
            await Task.Delay(100);
        }
        Assert.Equal(1, await world.WithDbAsync(db => db.Set<AuditEntry>().IgnoreQueryFilters().CountAsync(e => e.Action == AuditAction.DeactivationConfirmed)));

        // Another third leaves; this time the admin cancels at the stop: nobody more is deactivated.
        world.Site("globex").People = everyone with { Users = 100 };
        var second = await PausedAsync((await world.StartRunAsync("hooli", connection.Id, RunKind.Full)).Run.Id);
        var (status, _) = await admin.PostAsync($"/runs/{second.Id}?handler=cancel", []);
        Assert.Equal(HttpStatusCode.OK, status);
        var cancelled = await world.WaitForRunAsync(second.Id);
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Equal(RunMessages.PausedRunCancelled, cancelled.Message);
        Assert.Equal(gone, Inactive());

        // Under the stop, a run deactivates without asking.
        await world.WithDbAsync(db => db.Set<Connection>().IgnoreQueryFilters().Where(c => c.Id == connection.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SafetyStopPercent, 40)));
        var under = await world.WaitForRunAsync((await world.StartRunAsync("hooli", connection.Id, RunKind.Full)).Run.Id);
        Assert.Equal(RunStatus.Succeeded, under.Status);
        Assert.Equal(gone.Concat(Vanished(everyone, 100, 50)).ToHashSet(), Inactive());
    }

    async Task<ImportRun> PausedAsync(Guid runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == runId));
            if (run.Status == RunStatus.Paused) return run;
            Assert.True(run.IsActive, $"the run ended {run.Status} instead of pausing: {run.Message}");
            Assert.True(DateTime.UtcNow < deadline, "the run did not pause in time");
            await Task.Delay(100);
        }
    }

    static HashSet<string> Vanished(DataSet people, int from, int count) =>
        people.Range(from, count).Where(p => p.AccountType != "app" && p.Active && p.Email is not null).Select(p => p.Email!).ToHashSet();

    /// <summary>Customers still in the source: its first people, and the source site's admin and agent.</summary>
    static int Remaining(DataSet people, int users) => Vanished(people, 0, users).Count + 2;

    HashSet<string> Inactive() => world.Site("hooli").Csm.Customers()
        .Where(c => c.Details.TryGetValue(FieldMapping.StatusField, out var v) && v.SequenceEqual(["Inactive"])).Select(c => c.Email).ToHashSet();
}
