using Connector.Web.Csm;
using Connector.Web.Platform.Http;
using Connector.Web.Sources;
using Connector.Web.Tenancy.Product;
using Polly.CircuitBreaker;

namespace Connector.Web.Imports;

public enum StopCause
{
    /// <summary>The tenant has no way into its customer directory yet.</summary>
    NoDestination,

    /// <summary>The mapping needs detail fields that Build has not created.</summary>
    FieldsMissing,

    /// <summary>The source stopped answering or refused us mid-read.</summary>
    SourceFailed,

    /// <summary>The customer directory cannot be used (see <see cref="RunFailure.Problem"/>).</summary>
    DestinationUnavailable,

    /// <summary>Most calls to the site failed for a while, so our breaker stopped calling it.</summary>
    SiteKeptFailing,

    /// <summary>A site we read from or write to did not answer, even after retries (network, timeouts).</summary>
    NoAnswer,

    /// <summary>The app's Forge token lapsed and Atlassian has not sent a fresh one.</summary>
    AccessLapsed,
}

/// <summary>Why a run stopped before its end, as a type; <see cref="RunMessages"/> says it in the admin's words.</summary>
public sealed record RunFailure(StopCause Cause, CsmProblem? Problem = null, IReadOnlyList<string>? MissingFields = null, string? SourceMessage = null,
    DateTimeOffset? LapsedAt = null)
{
    /// <summary>The site itself was unavailable (usually an update in Atlassian's night window): worth another try soon.</summary>
    public bool SiteWasUnavailable => Cause == StopCause.SiteKeptFailing || Problem == CsmProblem.SiteUnavailable;

    /// <summary>Why an exception from inside a run stopped it; null for anything a run does not expect (a bug: it propagates).</summary>
    public static RunFailure? Of(Exception e) => e switch
    {
        RunStoppedException stopped => stopped.Failure,
        CsmUnavailableException unavailable => new RunFailure(StopCause.DestinationUnavailable, unavailable.Problem),
        SourceReadException source => new RunFailure(StopCause.SourceFailed, SourceMessage: source.Message),
        BrokenCircuitException => new RunFailure(StopCause.SiteKeptFailing),
        ProductAccessLapsedException lapsed => new RunFailure(StopCause.AccessLapsed, LapsedAt: lapsed.LapsedAt),
        _ when OutgoingCall.IsUnanswered(e) => new RunFailure(StopCause.NoAnswer),
        _ => null,
    };
}

/// <summary>Thrown inside a run when it cannot go on; the runner turns it into the run's outcome.</summary>
public sealed class RunStoppedException(RunFailure failure) : Exception(failure.Cause.ToString())
{
    public RunFailure Failure { get; } = failure;
}

/// <summary>The words a run's log and its alert use for why it stopped.</summary>
public static class RunMessages
{
    public static string SafetyStop(int vanished, int customers, Connections.Connection connection) =>
        $"Paused before deactivating: {vanished:N0} of {customers:N0} customers ({100.0 * vanished / customers:0.#}%) are no longer in the source, "
        + $"more than this connection's safety stop of {connection.SafetyStopPercent}%. Check the source; then confirm to "
        + (connection.DeactivationPolicy == Connections.DeactivationPolicy.MarkInactive ? "mark them Inactive" : "remove them from their organizations")
        + ", or cancel to leave them as they are.";

    public static string Preview(PageTally totals, int organizationMoves, int vanished, int customers, Connections.Connection connection)
    {
        var text = $"Preview, nothing written: {totals.Created:N0} would be created, {totals.Updated:N0} updated"
            + (organizationMoves > 0 ? $" ({organizationMoves:N0} joining another organization)" : "")
            + $", {totals.Unchanged:N0} unchanged, {totals.Skipped:N0} skipped, {totals.Failed:N0} would fail";
        if (connection.DeactivationPolicy == Connections.DeactivationPolicy.Ignore || !connection.ImportsCustomers) return text + ".";
        text += $"; {vanished:N0} would be {(connection.DeactivationPolicy == Connections.DeactivationPolicy.MarkInactive ? "marked Inactive" : "removed from their organizations")}.";
        return customers > 0 && 100L * vanished > (long)connection.SafetyStopPercent * customers
            ? text + $" That is more than the safety stop of {connection.SafetyStopPercent}%: a Full Import would pause and ask before deactivating."
            : text;
    }

    public static string ChangesOnly(TimeSpan fullReadEvery) =>
        $"Reading only what changed in the source since the last Full Import. Everything is read again every {fullReadEvery.TotalDays:0.#} days, "
        + "and after the source's settings or this connection's mapping change; only then are people who left the source deactivated.";

    public const string PausedRunCancelled = "Cancelled at the safety stop: nobody was deactivated. Everything the run read was imported.";

    public static string Describe(RunFailure failure) => failure.Cause switch
    {
        StopCause.NoDestination => "Set up CSM access on the Settings page before importing.",
        StopCause.FieldsMissing => FieldsMissing(failure.MissingFields ?? []),
        StopCause.SourceFailed => failure.SourceMessage ?? "The source stopped answering.",
        StopCause.SiteKeptFailing =>
            "Your Atlassian site failed most of our calls for a while (it was probably being updated), so the import stopped rather than keep calling it. Run it again later: what was already imported is not written again.",
        StopCause.AccessLapsed =>
            $"The app's access to your site lapsed at {LapsedAt(failure):yyyy-MM-dd HH:mm} UTC and Atlassian has not renewed it. Atlassian renews it every hour while the app is installed; open the app in Jira to renew it now, then run the import again.",
        StopCause.NoAnswer => "A site this import reads from or writes to did not answer, even after several tries. Run it again later: what was already imported is not written again.",
        _ => Destination(failure.Problem ?? CsmProblem.Refused),
    };

    static DateTimeOffset LapsedAt(RunFailure failure) => failure.LapsedAt ?? DateTimeOffset.MinValue;

    static string FieldsMissing(IReadOnlyList<string> fields) => fields.Count == 1
        ? $"Run Build first: the detail field {fields[0]} does not exist in CSM yet."
        : $"Run Build first: the detail fields {string.Join(", ", fields)} do not exist in CSM yet.";

    /// <summary>Why the customer directory cannot be used, for any work that uses the stored access (a run, a Build).</summary>
    public static string Destination(CsmProblem problem) => problem switch
    {
        CsmProblem.NoAccess => "Set up CSM access on the Settings page before importing.",
        CsmProblem.SiteUnknown => "We do not know this site's cloud ID yet. Reinstall the app, then run the import again.",
        CsmProblem.NoServiceManagement => "This site has no Jira Service Management to import customers into. Add it to the site, then run the import again.",
        CsmProblem.NotAvailable => "Customer Service Management is not available on this site. Turn on customer and organization profiles in a service project first.",
        CsmProblem.CredentialsRefused => "The site refused our credentials. Check the CSM access on the Settings page, or reinstall the app.",
        CsmProblem.NotAdmin => "The CSM credential no longer belongs to a Jira administrator. Update it on the Settings page.",
        CsmProblem.AppTokenRefused => "Your site no longer accepts the app's token, usually because the app was uninstalled. Imports pause until the app is opened in Jira again.",
        CsmProblem.AppNotPermitted => "Atlassian did not let the app use the customer directory: the installed version of the app lacks a permission. Update the app in Jira (Manage apps), then run the import again.",
        CsmProblem.RateLimited => "The site kept limiting our requests, even after waiting as it asked.",
        CsmProblem.SiteUnavailable => "The site was unavailable, probably because Atlassian was updating it.",
        CsmProblem.Unreachable => "The site did not answer, even after several tries.",
        _ => "The customer directory refused the import.",
    };

    public static string Retried(Platform.Http.RetriedCall retry) =>
        $"A call {(retry.Status is { } status ? $"answered {status}" : $"failed ({retry.Failure})")}; retry {retry.Retry} after {retry.Delay.TotalSeconds:0.0} s.";
}
