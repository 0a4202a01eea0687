namespace Connector.Web.Platform.Metrics;

/// <summary>
/// GET /metrics for Prometheus: request rates and latencies per page, outgoing calls by status (429s
/// and 503s show Atlassian pushing back), import runs and records, and the process' memory and CPU.
/// Operators only (the <see cref="OperatorKey"/>); no label names a tenant.
/// </summary>
public static class MetricsEndpoint
{
    public static void AddMetricsExport(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<MetricsCollector>();

    public static void MapMetrics(this WebApplication app)
    {
        if (OperatorKey.Configured(app.Configuration) is not { } key) return;
        // Listening starts now, not at the first scrape, so the first scrape counts everything since start-up.
        var collector = app.Services.GetRequiredService<MetricsCollector>();
        app.MapGet("/metrics", (HttpRequest request) => OperatorKey.IsPresentedIn(request, key)
            ? Results.Text(PrometheusText.Render(collector.Snapshot()), PrometheusText.ContentType)
            : Results.Unauthorized()).AllowAnonymous();
    }
}
