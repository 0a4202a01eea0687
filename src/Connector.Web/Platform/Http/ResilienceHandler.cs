using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Connector.Web.Platform.Http;

/// <summary>
/// Every outgoing call goes through this: retries on 429, 502, 503, 504 and network errors, honouring
/// Retry-After (seconds or a date) when the server sends one, with a timeout on each attempt.
/// (Microsoft.Extensions.Http.Resilience is not available from our package source, so Polly.Core is
/// wired into HttpClient here.)
/// </summary>
public sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(
            static async (state, token) => await state.self.SendOnceAsync(state.request, token),
            (self: this, request), cancellationToken);

    Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(
        TimeProvider time, int maxRetries = 4, TimeSpan? attemptTimeout = null, TimeSpan? maxRetryAfter = null)
    {
        var retryAfterCap = maxRetryAfter ?? TimeSpan.FromSeconds(60);
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(300),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(IsTransient),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time, retryAfterCap)),
                OnRetry = args =>
                {
                    var what = args.Outcome.Result is { } response ? $"answered {(int)response.StatusCode}" : $"failed ({args.Outcome.Exception?.GetType().Name})";
                    Imports.RetryLog.Record($"A call {what}; retry {args.AttemptNumber + 1} after {args.RetryDelay.TotalSeconds:0.0} s.");
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(attemptTimeout ?? TimeSpan.FromSeconds(30))
            .Build();
    }

    public static bool IsTransient(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The server's own wait, when it gave one; null lets the backoff decide.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (wait is null) return null;
        if (wait < TimeSpan.Zero) return TimeSpan.Zero;
        return wait > cap ? cap : wait;
    }
}
