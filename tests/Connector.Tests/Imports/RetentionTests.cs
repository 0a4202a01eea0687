using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Imports;

/// <summary>A world that keeps two finished runs per connection.</summary>
public sealed class RetentionWorld : ConnectWorld<RetentionTests>
{
    protected override Dictionary<string, string?> AppSettings => new() { ["Retention:RunsPerConnection"] = "2" };
}

/// <summary>Run history does not grow without bound: old log entries and runs beyond the count go, by an injected clock.</summary>
public sealed class RetentionTests(RetentionWorld world) : IClassFixture<RetentionWorld>
{
    RunRetention Retention => world.App.Services.GetRequiredService<RunRetention>();

    [Fact]
    public async Task Log_entries_older_than_the_retention_and_finished_runs_beyond_the_count_are_deleted()
    {
        var connection = await world.ConnectionFromJiraAsync("acme", "globex", Destination.Customers);
        await world.BuildAsync("acme", connection.Id);
        var runs = new List<Guid>();
        for (var i = 0; i < 3; i++) runs.Add((await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Test)).Run.Id)).Id);
        Task<int> EventsAsync() => world.WithDbAsync(db => db.Set<ImportEvent>().IgnoreQueryFilters().CountAsync(e => runs.Contains(e.RunId)));
        Assert.True(await EventsAsync() > 0);

        // Today nothing is old enough; only the oldest of three runs is beyond the two kept.
        var today = await Retention.RunOnceAsync(DateTimeOffset.UtcNow);
        var kept = await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().Where(r => r.ConnectionId == connection.Id).Select(r => r.Id).ToListAsync());
        Assert.Equal(1, today.Runs);
        Assert.Equal(runs.Skip(1).Order(), kept.Order());
        Assert.True(await EventsAsync() > 0);

        await world.InTenantAsync("acme", async services =>
        {
            var db = services.GetRequiredService<Connector.Web.Platform.Database.ConnectorDb>();
            db.Add(new Connector.Web.Sources.SourceEvent { SourceId = connection.SourceId, OccurredAt = DateTimeOffset.UtcNow, Kind = "rechecked", Detail = "Connected." });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(1, await world.WithDbAsync(db => db.Set<Connector.Web.Sources.SourceEvent>().IgnoreQueryFilters().CountAsync(e => e.SourceId == connection.SourceId)));

        // 181 days later the remaining runs' log entries and the source's history are past the 180-day retention; the runs stay.
        var later = await Retention.RunOnceAsync(DateTimeOffset.UtcNow.AddDays(181));
        Assert.True(later.Events > 0);
        Assert.Equal(0, await EventsAsync());
        Assert.Equal(0, await world.WithDbAsync(db => db.Set<Connector.Web.Sources.SourceEvent>().IgnoreQueryFilters().CountAsync(e => e.SourceId == connection.SourceId)));
        Assert.Equal(2, await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().CountAsync(r => r.ConnectionId == connection.Id)));

        // The audit trail (Build and three runs, done as the admin) outlives run logs: two years.
        Task<int> AuditAsync() => world.WithDbAsync(db => db.Set<Connector.Web.Tenancy.Audit.AuditEntry>().IgnoreQueryFilters().CountAsync());
        Assert.Equal(4, await AuditAsync());
        await Retention.RunOnceAsync(DateTimeOffset.UtcNow.AddDays(729));
        Assert.Equal(4, await AuditAsync());
        await Retention.RunOnceAsync(DateTimeOffset.UtcNow.AddDays(731));
        Assert.Equal(0, await AuditAsync());
    }
}
