using System.Diagnostics;

namespace Connector.Benchmarks;

/// <summary>What a page answered under load: how many requests, and how long each took.</summary>
sealed record PageLoadResult(int Requests, double Seconds, double P50, double P99)
{
    public double PerSecond => Requests / Seconds;

    public string Latency => $"p50 {P50:0.0} ms, p99 {P99:0.0} ms (p99/p50 {P99 / P50:0.0})";
}

/// <summary>Clients that each load a page again as soon as it answered, for a fixed time.</summary>
static class PageLoad
{
    /// <summary>
    /// Load, uncounted, before a measurement: .NET compiles hot code again, optimised, in the background during the
    /// first tens of seconds under load (V8 does the same for ACE), and a server lives far longer than that.
    /// </summary>
    public static async Task WarmUpAsync(Func<Task> load, int clients, int seconds)
    {
        await load();
        if (seconds > 0) await MeasureAsync(load, clients, seconds);
    }

    public static async Task<PageLoadResult> MeasureAsync(Func<Task> load, int clients, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var perClient = Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            while (DateTime.UtcNow < deadline)
            {
                var watch = Stopwatch.StartNew();
                await load();
                mine.Add(watch.Elapsed.TotalMilliseconds);
            }
            return mine;
        });
        var latencies = (await Task.WhenAll(perClient)).SelectMany(l => l).Order().ToList();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        return new PageLoadResult(latencies.Count, seconds, Percentile(0.50), Percentile(0.99));
    }

    /// <summary>Loads a page and fails on anything but 200, so an error page is never counted as a fast page.</summary>
    public static Func<Task> Get(HttpClient http, string url) => async () =>
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url[..url.IndexOf('?')]} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    };
}
