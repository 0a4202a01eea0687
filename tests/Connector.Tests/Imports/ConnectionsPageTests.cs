using System.Text.RegularExpressions;
using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Imports;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connector.Tests.Imports;

/// <summary>The rules around connections and runs, through real HTTP as the admin pages use them.</summary>
public sealed class ConnectionsPageTests(ConnectWorld<ConnectionsPageTests> world) : IClassFixture<ConnectWorld<ConnectionsPageTests>>
{
    [Fact]
    public async Task Only_an_operator_with_the_key_can_change_a_sites_edition_and_advanced_allows_a_second_connection()
    {
        await world.ConnectionFromJiraAsync("globex", "acme");
        var admin = await AppSession.OpenAsync(world, "globex");
        var (_, standard) = await admin.GetAsync("/connections/edit");
        Assert.Contains("The Standard edition includes one connection", standard);

        async Task<HttpStatusCode> SetEditionAsync(string? key)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"{world.AppUrl}/operator/tenants/{world.Site("globex").ClientKey}/edition")
            {
                Content = JsonContent.Create(new { edition = "advanced" }),
            };
            if (key is not null) request.Headers.Add("X-Operator-Key", key);
            using var response = await world.Http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await SetEditionAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await SetEditionAsync("guess"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SetEditionAsync(admin.Token));
        Assert.Equal(HttpStatusCode.NoContent, await SetEditionAsync(ConnectWorld<ConnectionsPageTests>.OperatorKey));

        var (_, advanced) = await admin.GetAsync("/connections/edit");
        Assert.DoesNotContain("The Standard edition includes one connection", advanced);
        Assert.Equal(Edition.Advanced, await world.WithDbAsync(db => db.Set<Tenant>().Where(t => t.ClientKey == world.Site("globex").ClientKey).Select(t => t.Edition).SingleAsync()));
    }

    [Fact]
    public async Task A_source_used_by_a_connection_cannot_be_deleted_and_the_page_says_which()
    {
        var connection = await world.ConnectionFromJiraAsync("umbrella", "acme");
        var admin = await AppSession.OpenAsync(world, "umbrella");

        var (status, html) = await admin.PostAsync($"/sources/delete/{connection.SourceId}", []);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("cannot be deleted yet", html);
        Assert.Contains(connection.Name, html);
        // The list's Delete dialog is told the same by the row (and then offers only Close).
        var (_, list) = await admin.GetAsync("/sources");
        Assert.Matches(new Regex($"data-delete-action=\"/sources/delete/{connection.SourceId}\"[^>]*data-delete-blocked=\"It is used by the connection “{Regex.Escape(connection.Name)}”"),
            WebUtility.HtmlDecode(list));
        Assert.True(await world.WithDbAsync(db => db.Set<Connector.Web.Sources.ExternalSource>().IgnoreQueryFilters().AnyAsync(s => s.Id == connection.SourceId)));
    }

    [Fact]
    public async Task A_cancelled_run_stops_at_a_page_boundary_and_says_how_far_it_got()
    {
        world.Site("globex").People = new DataSet { Users = 2_000, Seed = 13 };
        var connection = await world.ConnectionFromJiraAsync("initech", "globex", Connector.Web.Connections.Destination.Customers);
        await world.BuildAsync("initech", connection.Id);
        await world.SetFaultsAsync("initech", new FaultSettings { LatencyMs = 20 });
        try
        {
            var admin = await AppSession.OpenAsync(world, "initech");
            var (_, runPage) = await admin.PostAsync($"/connections/{connection.Id}/run?kind=Full", []);
            var runId = await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().Where(r => r.ConnectionId == connection.Id).Select(r => r.Id).SingleAsync());
            Assert.Contains("Cancel import", runPage);

            await admin.PostAsync($"/runs/{runId}?handler=cancel", []);
            var run = await world.WaitForRunAsync(runId);

            Assert.Equal(RunStatus.Cancelled, run.Status);
            Assert.StartsWith("Cancelled after", run.Message);
            Assert.Equal(run.Created, world.Site("initech").Csm.Customers().Count);
            Assert.True(run.RecordsRead < 2_000);
        }
        finally
        {
            await world.ClearFaultsAsync("initech");
        }
    }

    [Fact]
    public async Task A_long_run_log_pages_newest_first_and_finds_a_record_by_part_of_its_key()
    {
        world.Site("hooli").People = new DataSet { Users = 230, Seed = 5 };
        var connection = await world.ConnectionFromJiraAsync("hooli", "hooli", Connector.Web.Connections.Destination.Customers);
        await world.BuildAsync("hooli", connection.Id);
        // A full run logs problems, not successes: a directory refusing every customer makes a long log.
        await world.SetFaultsAsync("hooli", new FaultSettings { PathPrefix = "/rest/servicedeskapi/customer", FailNext = 10_000, FailStatus = 400 });
        Guid runId;
        try
        {
            runId = (await world.StartRunAsync("hooli", connection.Id, RunKind.Full)).Run.Id;
            await world.WaitForRunAsync(runId);
        }
        finally
        {
            await world.ClearFaultsAsync("hooli");
        }
        var entries = await world.WithDbAsync(db => db.Set<ImportEvent>().IgnoreQueryFilters().Where(e => e.RunId == runId).OrderByDescending(e => e.Id).ToListAsync());
        Assert.True(entries.Count > Connector.Web.Pages.Runs.DetailsModel.PageSize, $"the run should log more than a page, logged {entries.Count}");
        var admin = await AppSession.OpenAsync(world, "hooli");

        var (_, newest) = await admin.GetAsync($"/runs/{runId}");
        Assert.Equal(Connector.Web.Pages.Runs.DetailsModel.PageSize, LogRows(newest).Count);
        Assert.Equal(entries[0].Message, LogRows(newest)[0]);
        Assert.DoesNotContain("Newest entries", newest);

        var (_, older) = await admin.GetAsync(LinkWithoutToken(newest, "Older entries →"));
        Assert.Equal(entries.Skip(Connector.Web.Pages.Runs.DetailsModel.PageSize).Select(e => e.Message), LogRows(older));
        Assert.Contains("Newest entries", older);
        Assert.DoesNotContain("Older entries", older);

        var key = entries.First(e => e.RecordKey is not null).RecordKey!;
        var (_, found) = await admin.GetAsync($"/runs/{runId}?record={Uri.EscapeDataString(key[..^2].ToUpperInvariant())}");
        Assert.Equal(entries.Where(e => e.RecordKey?.Contains(key[..^2], StringComparison.OrdinalIgnoreCase) == true).Select(e => e.Message), LogRows(found));
        Assert.Contains(WebUtility.HtmlEncode(key), found);
        var (_, wildcard) = await admin.GetAsync($"/runs/{runId}?record=%25");
        Assert.Empty(LogRows(wildcard));
    }

    static List<string> LogRows(string html) =>
        Regex.Matches(html, @"<tr class=""level-\w+"">(?:\s*<td[^>]*>[^<]*</td>){3}\s*<td>([^<]*)</td>")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    static string LinkWithoutToken(string html, string text)
    {
        var href = WebUtility.HtmlDecode(Regex.Match(html, $@"<a href=""([^""]+)"">{Regex.Escape(text)}</a>").Groups[1].Value);
        Assert.NotEmpty(href);
        return Regex.Replace(href, "[?&]jwt=[^&]*", "");
    }

    [Fact]
    public async Task Another_site_gets_404_for_this_sites_connections_runs_progress_and_failure_exports()
    {
        world.Site("umbrella").People = new DataSet { Users = 20, Seed = 1 };
        var connection = await world.ConnectionFromJiraAsync("acme", "umbrella");
        await world.BuildAsync("acme", connection.Id);
        var runId = (await world.StartRunAsync("acme", connection.Id, RunKind.Test)).Run.Id;
        await world.WaitForRunAsync(runId);
        var owner = await AppSession.OpenAsync(world, "acme");
        var stranger = await AppSession.OpenAsync(world, "globex");

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/runs/{runId}")).Status);
        foreach (var path in new[] { $"/runs/{runId}", $"/runs/{runId}/problems.csv", $"/connections/edit/{connection.Id}", $"/connections/{connection.Id}/preview" })
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/connections/{connection.Id}/run?kind=Full", [])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/connections/{connection.Id}/build", [])).Status);

        var progress = new HttpRequestMessage(HttpMethod.Get, $"{world.AppUrl}/api/runs/{runId}");
        progress.Headers.Authorization = new("JWT", stranger.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Http.SendAsync(progress)).StatusCode);
        Assert.Equal(1, await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().CountAsync(r => r.ConnectionId == connection.Id)));
    }
}
