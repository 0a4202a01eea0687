using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace Connector.Web.Platform.Http;

/// <summary>How patient one kind of outgoing call may be.</summary>
public sealed record CallPatience(int MaxRetries, TimeSpan AttemptTimeout, TimeSpan MaxRetryAfter, bool BreakerPerPartition)
{
    /// <summary>Calls made while a person waits: retry a little, never for minutes.</summary>
    public static CallPatience Interactive { get; } = new(2, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), false);

    /// <summary>Calls to a site on behalf of a tenant, with a breaker per tenant.</summary>
    public static CallPatience Site { get; } = new(4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), true);

    /// <summary>Unattended imports, often in Atlassian's maintenance window: patient with 429 and 503.</summary>
    public static CallPatience Import { get; } = new(6, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), true);

    /// <summary>Reading a source: patient, no breaker (the source is not the tenant's site).</summary>
    public static CallPatience SourceRead { get; } = new(4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), false);
}

/// <summary>
/// Every outgoing call goes through Microsoft.Extensions.Http.Resilience with our rule: retry 429, 502, 503,
/// 504 and network errors, honouring Retry-After (seconds or a date) up to a cap, with a timeout per attempt;
/// a circuit breaker per partition (tenant) where asked. Each retry is told to the <see cref="OutgoingCallLog"/>.
/// </summary>
public static class CallResilience
{
    public static IHttpClientBuilder AddCallResilience(this IHttpClientBuilder client, CallPatience patience)
    {
        // The factory's own logging handlers open a log scope and write lines for every call; an import makes
        // hundreds of thousands. Retries and failures are logged by the pipeline, and runs log a line per page.
        client.RemoveAllLoggers();
        // Polly reports every attempt of every call (logs at debug, metrics); only what went wrong is worth the cost.
        client.Services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider = args =>
            args.Event.Severity < ResilienceEventSeverity.Warning ? ResilienceEventSeverity.None : args.Event.Severity);
        var handler = client.AddResilienceHandler("calls", (pipeline, context) =>
        {
            if (patience.MaxRetries > 0) pipeline.AddRetry(Retry(patience, context.ServiceProvider.GetRequiredService<TimeProvider>()));
            if (patience.BreakerPerPartition) pipeline.AddCircuitBreaker(Breaker());
            pipeline.AddTimeout(patience.AttemptTimeout);
        });
        // One pipeline (and so one breaker) per partition; calls without one share the "" pipeline.
        if (patience.BreakerPerPartition) handler.SelectPipelineBy(_ => OutgoingCall.PartitionOf);
        // A tenant's site is paced (inside the retries, so each attempt waits for its slot); sources and Atlassian's key services are not.
        if (patience.BreakerPerPartition)
        {
            client.Services.TryAddSingleton<Pacers>();
            client.AddHttpMessageHandler(services => new PacingHandler(services.GetRequiredService<Pacers>(), services.GetRequiredService<TimeProvider>()));
        }
        return client;
    }

    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    static RetryStrategyOptions<HttpResponseMessage> Retry(CallPatience patience, TimeProvider time) => new()
    {
        MaxRetryAttempts = patience.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(300),
        ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>(e => e.InnerException is not AddressRefusedException) // a refused address stays refused
            .Handle<TimeoutRejectedException>()
            .HandleResult(IsTransient),
        DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time.GetUtcNow(), patience.MaxRetryAfter)),
        OnRetry = args =>
        {
            OutgoingCallLog.Record(new RetriedCall((int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception?.GetType().Name,
                args.AttemptNumber + 1, args.RetryDelay));
            args.Outcome.Result?.Dispose();
            return ValueTask.CompletedTask;
        },
    };

    static CircuitBreakerStrategyOptions<HttpResponseMessage> Breaker() => new()
    {
        // Most calls failing for a while (an outage, a maintenance window): stop at once for a short break
        // instead of hammering the site.
        FailureRatio = 0.8,
        MinimumThroughput = 20,
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = BreakDuration,
        ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>(e => e.InnerException is not AddressRefusedException)
            .HandleResult(r => (int)r.StatusCode >= 500),
    };

    public static bool IsTransient(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The server's own wait, when it gave one, capped; null lets the backoff decide.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset now, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        if (wait is null) return null;
        if (wait < TimeSpan.Zero) return TimeSpan.Zero;
        return wait > cap ? cap : wait;
    }
}
