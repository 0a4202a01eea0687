using Connector.Web.Imports;

namespace Connector.Web.Notifications;

/// <summary>A failed run opens an incident (one per connection, however often it fails); a clean run closes it.</summary>
sealed class RunAlerts(Alerts alerts) : IRunObserver
{
    public async Task RecordedAsync(RunOutcome outcome, CancellationToken cancellationToken)
    {
        var (connection, summary) = (outcome.Connection, outcome.Summary);
        var (failedKey, recordsKey, link) = ($"run-failed:{connection.Id}", $"record-errors:{connection.Id}", $"/runs/{outcome.Run.Id}");
        switch (outcome.Status)
        {
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
