using System.Diagnostics.Metrics;
using Connector.Web.Platform.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Platform;

/// <summary>The exposition format itself, on meters made for the test through the same kind of factory the app uses.</summary>
public sealed class PrometheusTextTests : IDisposable
{
    readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    readonly IMeterFactory meters;
    readonly MetricsCollector collector;

    public PrometheusTextTests()
    {
        meters = services.GetRequiredService<IMeterFactory>();
        collector = new MetricsCollector(meters);
    }

    [Fact]
    public void Counters_add_up_per_label_set_and_escape_label_values()
    {
        var counter = meters.Create("Connector.Test").CreateCounter<long>("connector.test.things", "{thing}", "Things \\ seen.");

        counter.Add(2, new KeyValuePair<string, object?>("outcome", "say \"hi\"\nnow"));
        counter.Add(3, new KeyValuePair<string, object?>("outcome", "say \"hi\"\nnow"));
        counter.Add(1, new KeyValuePair<string, object?>("outcome", "plain"), new("server.address", "acme.atlassian.net"));

        Assert.Equal("""
            # HELP connector_test_things_total Things \\ seen.
            # TYPE connector_test_things_total counter
            connector_test_things_total{outcome="plain"} 1
            connector_test_things_total{outcome="say \"hi\"\nnow"} 5

            """.Replace("\r", ""), Render());
    }

    [Fact]
    public void Histograms_count_into_cumulative_buckets_with_sum_and_count()
    {
        var histogram = meters.Create("Connector.Test").CreateHistogram<double>("connector.test.wait", "s");

        histogram.Record(0.003);
        histogram.Record(0.2);
        histogram.Record(7200);

        var text = Render();
        Assert.Contains("# TYPE connector_test_wait_seconds histogram\n", text);
        Assert.Contains("connector_test_wait_seconds_bucket{le=\"0.005\"} 1\n", text);
        Assert.Contains("connector_test_wait_seconds_bucket{le=\"0.1\"} 1\n", text);
        Assert.Contains("connector_test_wait_seconds_bucket{le=\"0.25\"} 2\n", text);
        Assert.Contains("connector_test_wait_seconds_bucket{le=\"3600\"} 2\n", text);
        Assert.Contains("connector_test_wait_seconds_bucket{le=\"+Inf\"} 3\n", text);
        Assert.Contains("connector_test_wait_seconds_sum 7200.203\n", text);
        Assert.Contains("connector_test_wait_seconds_count 3\n", text);
    }

    [Fact]
    public void Observable_instruments_report_their_latest_level_and_up_down_counters_their_running_sum()
    {
        var meter = meters.Create("Connector.Test");
        var queued = 7;
        meter.CreateObservableGauge("connector.test.queued", () => queued);
        var active = meter.CreateUpDownCounter<int>("connector.test.active");

        active.Add(3);
        active.Add(-1);
        collector.Snapshot();
        queued = 4;

        var text = Render();
        Assert.Contains("# TYPE connector_test_queued gauge\nconnector_test_queued 4\n", text);
        Assert.Contains("# TYPE connector_test_active gauge\nconnector_test_active 2\n", text);
    }

    [Fact]
    public void Meters_of_another_factory_are_not_collected()
    {
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        otherServices.GetRequiredService<IMeterFactory>().Create("Connector.Test").CreateCounter<long>("connector.test.elsewhere").Add(1);

        Assert.DoesNotContain("elsewhere", Render());
    }

    // The process' own runtime meter is collected too; these tests look at theirs only.
    string Render() => PrometheusText.Render(collector.Snapshot().Where(s => s.Instrument.Meter.Name == "Connector.Test"));

    public void Dispose()
    {
        collector.Dispose();
        services.Dispose();
    }
}
