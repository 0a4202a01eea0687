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
        if (context.GetEndpoint() is not RouteEndpoint endpoint || SiteOf(context) is not { } site
            || endpoint.RoutePattern.RawText!.Contains("/admin/{") || endpoint.RoutePattern.RawText.EndsWith("/context-token"))
        {
            await next(context);
            return;
        }

        // Faults and counts speak of paths relative to the site (/rest/...) or to the gateway (/gateway/...).
        var sitePrefix = "/site/" + site.Name;
        var sitePath = context.Request.Path.StartsWithSegments(sitePrefix) ? context.Request.Path.Value![sitePrefix.Length..] : context.Request.Path.Value!;
        var route = endpoint.RoutePattern.RawText!.Replace("/site/{siteName}", "");
        counts.Add($"{site.Name} {context.Request.Method} {route}");
        // Detail values are written one field per call: which fields, so a test can say "only Country was written".
        if (context.Request.Query["fieldName"] is [{ } field]) counts.Add($"field:{site.Name} {context.Request.Method} {route} {field}");
        // How each call authenticated, so a test can say "only the app's Forge token was used".
        var scheme = context.Request.Headers.Authorization.ToString().Split(' ')[0];
        counts.Add($"auth:{site.Name} {(scheme.Length > 0 ? scheme : "none")}");

        var faults = site.Faults;
        if (faults.Settings.LatencyMs > 0) await Task.Delay(faults.Settings.LatencyMs, context.RequestAborted);
        var appTraffic = scheme is "JWT" or "Bearer";
        if (faults.Decide(sitePath, $"{context.Request.Method} {route}", appTraffic, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), context.Response.Headers) is { } fault)
        {
            counts.Add($"{site.Name} {context.Request.Method} {route} (failed)");
            context.Response.StatusCode = fault.Status;
            if (fault.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString();
            if (fault.Reason is { } reason) context.Response.Headers["RateLimit-Reason"] = reason;
            await context.Response.WriteAsJsonAsync(new { errorMessages = new[] { fault.Message }, errors = new Dictionary<string, string>() });
            return;
        }
        await next(context);
    }

    Site? SiteOf(HttpContext context) =>
        context.Request.RouteValues["siteName"] is string name ? sites.Find(name)
        : context.Request.RouteValues["orgId"] is string orgId ? sites.FindByOrganization(orgId)
        : context.Request.RouteValues["cloudId"] is string cloudId ? sites.All.FirstOrDefault(s => s.CloudId == cloudId)
        : context.Request.RouteValues["directoryId"] is string directoryId ? sites.All.FirstOrDefault(s => s.Entra.DirectoryId == directoryId)
        : Entra.EntraDirectory.SiteOfToken(context.Request.Headers.Authorization.ToString()) is { } tokenSite ? sites.Find(tokenSite)
        : HubSpot.HubSpotAccount.SiteOfToken(context.Request.Headers.Authorization.ToString()) is { } hubSpotSite ? sites.Find(hubSpotSite)
        : null;
}
