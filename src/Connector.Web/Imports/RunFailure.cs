using Connector.Web.Csm;

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
}

/// <summary>Thrown inside a run when it cannot go on; the runner turns it into the run's outcome.</summary>
public sealed class RunStoppedException(RunFailure failure) : Exception(failure.Cause.ToString())
{
    public RunFailure Failure { get; } = failure;
}

/// <summary>The words a run's log and its alert use for why it stopped.</summary>
public static class RunMessages
{
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
