using System.Net.Http.Headers;
using Connector.Tests.Infrastructure;
using Connector.Web.Imports;

namespace Connector.Tests.Platform;

/// <summary>/metrics as Prometheus scrapes it: operators only, what the app did, and nothing that names a tenant.</summary>
public sealed class MetricsTests(ConnectWorld<MetricsTests> world) : IClassFixture<ConnectWorld<MetricsTests>>
{
    [Fact]
    public async Task Only_the_operator_key_reads_metrics_as_a_header_or_a_bearer_token()
    {
        using var anonymous = await world.Http.GetAsync($"{world.AppUrl}/metrics");
        var wrong = new HttpRequestMessage(HttpMethod.Get, $"{world.AppUrl}/metrics") { Headers = { Authorization = new("Bearer", "guess") } };
        var byHeader = new HttpRequestMessage(HttpMethod.Get, $"{world.AppUrl}/metrics") { Headers = { { "X-Operator-Key", ConnectWorld<MetricsTests>.OperatorKey } } };

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.Http.SendAsync(wrong)).StatusCode);
        using var scraped = await world.Http.SendAsync(byHeader);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", scraped.Content.Headers.ContentType!.ToString());
        Assert.Contains("# TYPE dotnet_process_memory_working_set_bytes gauge", await ScrapeAsync());
    }

    [Fact]
    public async Task A_finished_import_shows_in_run_and_record_counters_page_latencies_and_outgoing_calls_without_naming_its_site()
    {
        world.Site("umbrella").People = new Connector.Sandbox.Data.DataSet { Users = 12, Seed = 3 };
        var connection = await world.ConnectionFromJiraAsync("acme", "umbrella", Connector.Web.Connections.Destination.Customers);
        await world.BuildAsync("acme", connection.Id);
        var admin = await AppSession.OpenAsync(world, "acme");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/connections")).Status);

        var run = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Test)).Run.Id);
        Assert.Equal(RunStatus.Succeeded, run.Status);

        // The counters move just after the run's row says it finished.
        var metrics = await ScrapeUntilAsync("connector_import_runs_total{kind=\"test\",status=\"succeeded\"} 1");
        Assert.Contains("connector_import_records_total{outcome=\"created\"} 10\n", metrics);
        Assert.Contains("connector_import_run_duration_seconds_count{kind=\"test\"} 1\n", metrics);
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"connections\"[^}]*\\} 1\n", metrics);
        Assert.Matches("http_client_request_duration_seconds_count\\{[^}]*http_response_status_code=\"201\"[^}]*\\} [1-9]", metrics);
        Assert.DoesNotContain("127.0.0.1", metrics);
        foreach (var site in new[] { "acme", "umbrella" })
        {
            Assert.DoesNotContain(world.Site(site).ClientKey, metrics);
            Assert.DoesNotContain(world.Site(site).CloudId, metrics);
            Assert.DoesNotContain($"/site/{site}", metrics);
        }
    }

    [Fact]
    public async Task Without_an_operator_key_configured_there_is_no_metrics_endpoint()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(Without_an_operator_key_configured_there_is_no_metrics_endpoint));
        await using var app = StandaloneApp.Create(connectionString);
        await app.StartAsync();

        using var response = await world.Http.GetAsync(app.Url() + "/metrics");
        using var unknown = await world.Http.GetAsync(app.Url() + "/no-such-page");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(unknown.StatusCode, response.StatusCode);
    }

    async Task<string> ScrapeAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{world.AppUrl}/metrics")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", ConnectWorld<MetricsTests>.OperatorKey) },
        };
        using var response = await world.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    async Task<string> ScrapeUntilAsync(string line)
    {
        for (var attempt = 0; attempt < 50; attempt++, await Task.Delay(100))
            if (await ScrapeAsync() is var metrics && metrics.Contains(line + "\n")) return metrics;
        throw new Xunit.Sdk.XunitException($"no “{line}” in:\n{await ScrapeAsync()}");
    }
}
