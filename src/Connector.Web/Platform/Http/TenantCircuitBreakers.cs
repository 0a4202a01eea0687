using System.Collections.Concurrent;
using Connector.Web.Connect.Product;
using Polly;
using Polly.CircuitBreaker;

namespace Connector.Web.Platform.Http;

/// <summary>
/// One circuit breaker per tenant for calls to that tenant's site: when most calls fail for a while
/// (an outage, a maintenance window), further calls stop at once for a short break instead of
/// hammering the site, and other tenants' calls are not affected.
/// </summary>
public sealed class TenantCircuitBreakers(TimeProvider time)
{
    readonly ConcurrentDictionary<Guid, ResiliencePipeline<HttpResponseMessage>> breakers = new();

    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    public ResiliencePipeline<HttpResponseMessage> For(Guid tenantId) => breakers.GetOrAdd(tenantId, _ =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = 0.8,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = BreakDuration,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(r => (int)r.StatusCode >= 500),
            })
            .Build());
}

/// <summary>Sends each call to a tenant's site through that tenant's breaker (calls without a tenant pass straight).</summary>
public sealed class TenantCircuitBreakerHandler(TenantCircuitBreakers breakers) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(ProductClient.TenantOption, out var tenant)) return await base.SendAsync(request, cancellationToken);
        return await breakers.For(tenant.Id).ExecuteAsync(
            static async (state, token) => await state.self.SendOnceAsync(state.request, token), (self: this, request), cancellationToken);
    }

    Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);
}
