using System.Collections.Concurrent;

namespace Connector.Web.Imports;

/// <summary>
/// Collects the retries the HTTP layer makes on behalf of a run, so the run's log can show them.
/// Flows with the async context of the run (AsyncLocal); outside a run nothing is collected.
/// </summary>
public sealed class RetryLog
{
    static readonly AsyncLocal<RetryLog?> Current = new();
    readonly ConcurrentQueue<string> entries = new();

    public static IDisposable Observe(RetryLog log)
    {
        Current.Value = log;
        return new Scope();
    }

    public static void Record(string message) => Current.Value?.entries.Enqueue(message);

    public IReadOnlyList<string> Drain()
    {
        var drained = new List<string>();
        while (entries.TryDequeue(out var entry)) drained.Add(entry);
        return drained;
    }

    sealed class Scope : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}

/// <summary>A run cannot go on (no CSM access, the source refused us); the message is for the admin.</summary>
public sealed class ImportStoppedException(string message) : Exception(message);
