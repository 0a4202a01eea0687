using Connector.Web.Imports;

namespace Connector.Web.Notifications;

/// <summary>
/// A failed run opens an incident (one per connection, however often it fails); a clean run closes it. A run paused at
/// the safety stop asks the admins to decide, until a run of the connection gets past it.
/// </summary>
sealed class RunAlerts(Alerts alerts) : IRunObserver
{
    public async Task RecordedAsync(RunOutcome outcome, CancellationToken cancellationToken)
    {
        // A preview writes nothing: it neither fails an import nor proves one works again.
        if (outcome.Run.Kind == RunKind.Preview) return;
        var (connection, summary) = (outcome.Connection, outcome.Summary);
        var (failedKey, recordsKey, link) = ($"run-failed:{connection.Id}", $"record-errors:{connection.Id}", $"/runs/{outcome.Run.Id}");
        var safetyKey = $"safety-stop:{connection.Id}";
        if (outcome.Status is RunStatus.Succeeded or RunStatus.Partial)
            await alerts.ResolveAsync(safetyKey, $"The import of “{connection.Name}” got past its safety stop: {summary}", cancellationToken);
        switch (outcome.Status)
        {
            case RunStatus.Paused:
                await alerts.RaiseAsync(safetyKey, AlertKind.SafetyStop, $"The import of “{connection.Name}” is waiting for your confirmation", summary, link, cancellationToken);
                break;
            case RunStatus.Failed:
                await alerts.RaiseAsync(failedKey, AlertKind.RunFailed, $"The import of “{connection.Name}” failed", summary, link, cancellationToken);
                break;
            case RunStatus.Partial:
                await alerts.ResolveAsync(failedKey, $"“{connection.Name}” imports again.", cancellationToken);
                await alerts.RaiseAsync(recordsKey, AlertKind.RecordErrors, $"Some records of “{connection.Name}” could not be imported", summary, link, cancellationToken);
                break;
            case RunStatus.Succeeded:
                await alerts.ResolveAsync(failedKey, $"The import of “{connection.Name}” succeeded again: {summary}", cancellationToken);
                await alerts.ResolveAsync(recordsKey, $"The latest import of “{connection.Name}” had no record errors: {summary}", cancellationToken);
                break;
        }
    }
}
