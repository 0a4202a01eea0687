using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Connector.Web.Platform.Http;

/// <summary>Facts about one outgoing call that the resilience pipeline and its callers share.</summary>
public static class OutgoingCall
{
    static readonly HttpRequestOptionsKey<string> PartitionKey = new("connector.partition");

    /// <summary>
    /// Names whose calls these are (a tenant's id): calls of one partition share a circuit breaker, so one
    /// site in trouble does not stop calls to another.
    /// </summary>
    public static void SetPartition(HttpRequestMessage request, string partition) => request.Options.Set(PartitionKey, partition);

    public static string PartitionOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(PartitionKey, out var partition) ? partition : "";

    /// <summary>The call got no usable answer, even after retries: the network, a timeout, or an open circuit.</summary>
    public static bool IsUnanswered(Exception e) =>
        e is HttpRequestException or TaskCanceledException or TimeoutRejectedException or BrokenCircuitException;
}
