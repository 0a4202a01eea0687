using System.Collections.Concurrent;

namespace Connector.Web.Platform.Http;

/// <summary>A retry the resilience pipeline made: what the failed attempt got, and how long it waited.</summary>
public sealed record RetriedCall(int? Status, string? Failure, int Retry, TimeSpan Delay);

/// <summary>
/// Collects the retries outgoing calls make on behalf of some piece of work (an import run), so that work
/// can report them in its own words. Flows with the async context of whoever observes; outside an
/// observation nothing is collected.
/// </summary>
public sealed class OutgoingCallLog
{
    static readonly AsyncLocal<OutgoingCallLog?> Current = new();
    readonly ConcurrentQueue<RetriedCall> retries = new();

    public static IDisposable Observe(OutgoingCallLog log)
    {
        Current.Value = log;
        return new Scope();
    }

    internal static void Record(RetriedCall retry) => Current.Value?.retries.Enqueue(retry);

    public IReadOnlyList<RetriedCall> Drain()
    {
        var drained = new List<RetriedCall>();
        while (retries.TryDequeue(out var retry)) drained.Add(retry);
        return drained;
    }

    sealed class Scope : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
