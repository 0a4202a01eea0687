using Connector.Web.Connections;

namespace Connector.Web.Imports;

/// <summary>How a run ended: its status, the summary the admin reads, and why it stopped when it failed.</summary>
public sealed record RunOutcome(ImportRun Run, Connection Connection, RunStatus Status, string Summary, RunFailure? Failure = null);

/// <summary>
/// Reacts to how runs end, from a layer above Imports: Notify Me raises and resolves alerts, Schedules
/// tries a scheduled run again after a site update. The runner only reports; it never calls them itself.
/// </summary>
public interface IRunObserver
{
    /// <summary>Before the outcome is recorded: a sentence to add to the summary (when the next attempt is), or null.</summary>
    Task<string?> AddToSummaryAsync(RunOutcome outcome, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>After the outcome is recorded.</summary>
    Task RecordedAsync(RunOutcome outcome, CancellationToken cancellationToken) => Task.CompletedTask;
}
