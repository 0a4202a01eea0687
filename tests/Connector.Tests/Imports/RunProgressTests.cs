using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Microsoft.EntityFrameworkCore;

namespace Connector.Tests.Imports;

/// <summary>What the run page's poll tells: how far, of how many (estimated from the previous Full Import when the source cannot count), and how long is left.</summary>
public sealed class RunProgressTests(ConnectWorld<RunProgressTests> world) : IClassFixture<ConnectWorld<RunProgressTests>>
{
    [Fact]
    public async Task A_second_Full_Import_of_a_source_that_cannot_count_shows_N_of_about_M_and_the_time_left()
    {
        world.Site("globex").People = new DataSet { Users = 1_200, Seed = 21 };
        var connection = await world.ConnectionFromJiraAsync("acme", "globex", Destination.Customers);
        await world.BuildAsync("acme", connection.Id);
        var admin = await AppSession.OpenAsync(world, "acme");

        var first = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);
        var finished = await ProgressAsync(admin, first.Id);
        Assert.Matches(new Regex(@"^Finished after \d+ (s|min \d+ s)\.$"), finished.GetProperty("summary").GetString());
        Assert.Equal("succeeded", finished.GetProperty("bar").GetString());

        // The next run re-reads everything; a slow destination keeps it running long enough to watch.
        world.Site("globex").People = new DataSet { Users = 1_200, Seed = 22 };
        await world.SetFaultsAsync("acme", new FaultSettings { LatencyMs = 30 });
        try
        {
            var second = (await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id;
            var summary = "";
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!Regex.IsMatch(summary, "left\\.$") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                summary = (await ProgressAsync(admin, second)).GetProperty("summary").GetString()!;
            }
            Assert.Matches(new Regex($@"^[\d,]+ of ~{first.RecordsRead:N0} records \(\d+%\), about \d+ (s|min \d+ s) left\.$"), summary);
        }
        finally
        {
            await world.ClearFaultsAsync("acme");
        }
    }

    [Fact]
    public async Task Each_connection_lists_its_runs_newest_first_and_each_Activity_day_links_to_its_run()
    {
        var connection = await world.ConnectionFromJiraAsync("umbrella", "initech", Destination.Customers);
        await world.BuildAsync("umbrella", connection.Id);
        var admin = await AppSession.OpenAsync(world, "umbrella");
        var test = await world.WaitForRunAsync((await world.StartRunAsync("umbrella", connection.Id, RunKind.Test)).Run.Id);
        var full = await world.WaitForRunAsync((await world.StartRunAsync("umbrella", connection.Id, RunKind.Full)).Run.Id);

        var (status, history) = await admin.GetAsync($"/connections/{connection.Id}/runs");
        Assert.Equal(HttpStatusCode.OK, status);
        var newestFirst = Regex.Matches(history, @"href=""/runs/([0-9a-f-]{36})\?").Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal([full.Id, test.Id], newestFirst);
        Assert.Contains("Queued (Europe/Berlin)", history);

        var (_, connections) = await admin.GetAsync("/connections");
        Assert.Contains($"href=\"/connections/{connection.Id}/runs?jwt=", connections);
        var (_, activity) = await admin.GetAsync("/activity");
        // Activity shows Full Imports: today's square opens the one that ran today.
        Assert.Matches(new Regex($@"<a class=""day day-success"" href=""/runs/{full.Id}\?jwt="), activity);
    }

    [Fact]
    public async Task Get_started_ticks_what_the_site_has_really_done_and_offers_the_next_step()
    {
        var connection = await world.ConnectionFromJiraAsync("hooli", "initech", Destination.Customers);
        await world.BuildAsync("hooli", connection.Id);
        await world.WaitForRunAsync((await world.StartRunAsync("hooli", connection.Id, RunKind.Test)).Run.Id);
        var admin = await AppSession.OpenAsync(world, "hooli");

        var (_, html) = await admin.GetAsync("/getting-started");

        Assert.Contains("5 of 8 done.", html);
        foreach (var done in new[] { "Give the app access to your customer directory", "Connect an external source", "Create a connection", "Build its detail fields", "Test on 10 records" })
            Assert.Contains($"{done}<span class=\"visually-hidden\"> (done)</span>", html);
        foreach (var todo in new[] { "Run the first Full Import", "Choose a schedule", "Turn on Notify Me" })
            Assert.Contains($"{todo}<span class=\"visually-hidden\"> (to do)</span>", html);
        Assert.Contains("Go to Connections</a>", html);
    }

    [Fact]
    public async Task The_log_names_organizations_by_name_and_never_repeats_a_record_key_in_its_message()
    {
        var connection = await world.ConnectionFromJiraAsync("globex", "initech", Destination.Organizations);
        await world.BuildAsync("globex", connection.Id);
        var run = await world.WaitForRunAsync((await world.StartRunAsync("globex", connection.Id, RunKind.Test)).Run.Id);

        var events = await world.WithDbAsync(db => db.Set<ImportEvent>().IgnoreQueryFilters().Where(e => e.RunId == run.Id && e.RecordKey != null).ToListAsync());
        Assert.NotEmpty(events);
        Assert.All(events, e =>
        {
            Assert.DoesNotMatch("^(name|id):", e.RecordKey!); // our matching keys, not the admin's words
            Assert.DoesNotContain(e.RecordKey!, e.Message);
        });
        Assert.Contains(events, e => e.Kind == EventKind.RecordCreated && e.Message == "Created.");
    }

    static async Task<JsonElement> ProgressAsync(AppSession admin, Guid runId)
    {
        var (status, json) = await admin.GetAsync($"/api/runs/{runId}");
        Assert.Equal(HttpStatusCode.OK, status);
        return JsonDocument.Parse(json).RootElement;
    }
}
