using System.Diagnostics;
using System.Net.Http.Json;
using Connector.Sandbox.Sites;
using Microsoft.Extensions.Options;

namespace Connector.Sandbox.Forge;

/// <summary>One trigger delivery as Forge reports it: every attempt's status (0 for a timeout) and how long it took.</summary>
public sealed record TriggerDelivery(string EventType, IReadOnlyList<int> Attempts, double LastAttemptMs)
{
    public bool Succeeded => Attempts.Count > 0 && Attempts[^1] is >= 200 and < 300;
}

/// <summary>
/// Delivers triggers to the remote as Forge does (FORGE-REMOTE.md A.1, A.6): a POST to the endpoint's route with a
/// FIT and the app system token, a 5 s timeout, and up to 4 retries that carry a retryContext.
/// </summary>
public sealed class ForgeDelivery(HttpClient http, ForgeSigning signing, IOptions<SandboxOptions> options)
{
    const int MaxRetries = 4;
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public string ApiBaseUrl(Site site) => $"{options.Value.BaseUrl.TrimEnd('/')}/ex/jira/{site.CloudId}";

    public Task<TriggerDelivery> LifecycleAsync(Site site, string eventType, CancellationToken cancellationToken) =>
        DeliverAsync(site, options.Value.ForgeLifecycleRoute, eventType, new Dictionary<string, object?>
        {
            ["id"] = site.Forge.InstallationId, ["eventType"] = eventType, ["context"] = $"ari:cloud:jira::site/{site.CloudId}",
            ["installerAccountId"] = site.Admin.AccountId, ["app"] = new { id = options.Value.ForgeAppId, version = "1" },
            ["environment"] = new { id = $"ari:cloud:ecosystem::environment/{options.Value.ForgeAppUuid}/{options.Value.ForgeEnvironmentUuid}" },
        }, TimeSpan.FromHours(2), cancellationToken);

    /// <summary>The hourly scheduled trigger, on demand; it hands the remote a fresh system token.</summary>
    public Task<TriggerDelivery> RefreshAsync(Site site, TimeSpan tokenLifetime, CancellationToken cancellationToken) =>
        DeliverAsync(site, options.Value.ForgeRefreshRoute, "scheduled-trigger", new Dictionary<string, object?>
        {
            ["context"] = new { cloudId = site.CloudId, moduleKey = "connector-token-refresh" }, ["userAccess"] = new { enabled = false },
        }, tokenLifetime, cancellationToken);

    async Task<TriggerDelivery> DeliverAsync(Site site, string route, string eventType, Dictionary<string, object?> body, TimeSpan tokenLifetime,
        CancellationToken cancellationToken)
    {
        var systemToken = signing.SystemToken(site, tokenLifetime);
        var attempts = new List<int>();
        var clock = Stopwatch.StartNew();
        for (var retry = 0; retry <= MaxRetries; retry++)
        {
            if (retry > 0)
            {
                body["retryContext"] = new { retryCount = retry, retryReason = attempts[^1] == 401 ? "INVALID_FORGE_INVOCATION_TOKEN" : "FUNCTION_ERROR" };
                await Task.Delay(options.Value.ForgeRetryDelay, cancellationToken);
            }
            clock.Restart();
            attempts.Add(await AttemptAsync(site, route, body, systemToken, cancellationToken));
            if (attempts[^1] is >= 200 and < 300) break;
        }
        return new TriggerDelivery(eventType, attempts, clock.Elapsed.TotalMilliseconds);
    }

    async Task<int> AttemptAsync(Site site, string route, object body, string systemToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.AppBaseUrl.TrimEnd('/') + route) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", signing.InvocationToken(site, ApiBaseUrl(site)));
        request.Headers.Add("x-forge-oauth-system", systemToken);
        request.Headers.Add("x-b3-traceid", Guid.NewGuid().ToString("N")[..16]);
        request.Headers.Add("x-b3-spanid", Guid.NewGuid().ToString("N")[..16]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is TaskCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }
}
