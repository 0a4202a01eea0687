using System.Collections.Concurrent;
using Connector.Sandbox.Sites;
using Microsoft.AspNetCore.Routing;

namespace Connector.Sandbox.Faults;

/// <summary>Counts every API request per site and endpoint, and injects the site's configured faults.</summary>
public sealed class RequestCounts
{
    readonly ConcurrentDictionary<string, int> counts = new();

    public void Add(string key) => counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, int> Snapshot() => new SortedDictionary<string, int>(counts);

    public int this[string key] => counts.GetValueOrDefault(key);

    public void Reset() => counts.Clear();
}

public sealed class FaultMiddleware(RequestDelegate next, SiteDirectory sites, RequestCounts counts)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var siteName = context.Request.RouteValues["siteName"] as string;
        if (siteName is null || context.GetEndpoint() is not RouteEndpoint endpoint || sites.Find(siteName) is not { } site
            || endpoint.RoutePattern.RawText!.Contains("/admin/") || endpoint.RoutePattern.RawText.EndsWith("/context-token"))
        {
            await next(context);
            return;
        }

        var sitePath = context.Request.Path.Value![("/site/" + siteName).Length..];
        var route = endpoint.RoutePattern.RawText![("/site/{siteName}").Length..];
        counts.Add($"{site.Name} {context.Request.Method} {route}");

        var faults = site.Faults;
        if (faults.Settings.LatencyMs > 0) await Task.Delay(faults.Settings.LatencyMs, context.RequestAborted);
        if (faults.ShouldFail(sitePath))
        {
            counts.Add($"{site.Name} {context.Request.Method} {route} (failed)");
            context.Response.StatusCode = faults.Settings.Maintenance ? 503 : faults.Settings.FailStatus;
            if (faults.Settings.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString();
            await context.Response.WriteAsJsonAsync(new
            {
                errorMessages = new[] { faults.Settings.Maintenance ? "This site is being updated." : "Injected fault." },
                errors = new Dictionary<string, string>(),
            });
            return;
        }
        await next(context);
    }
}
