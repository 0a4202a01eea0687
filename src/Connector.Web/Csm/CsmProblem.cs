using System.Net;

namespace Connector.Web.Csm;

/// <summary>Why the customer directory cannot be used at all (as opposed to one record being refused).</summary>
public enum CsmProblem
{
    /// <summary>We do not know the site's cloud id, which the CSM API addresses sites by.</summary>
    SiteUnknown,

    /// <summary>The site has no Customer Service Management (its CSM API answers 404).</summary>
    NotAvailable,

    /// <summary>No way to reach CSM is set up: a Connect site without a stored credential.</summary>
    NoAccess,

    /// <summary>The site refused our credentials (401).</summary>
    CredentialsRefused,

    /// <summary>The CSM credential does not belong to a Jira administrator (403 from CSM).</summary>
    NotAdmin,

    /// <summary>The site kept limiting our requests even after waiting as asked (429).</summary>
    RateLimited,

    /// <summary>The site was unavailable (502, 503, 504), usually an update in Atlassian's night window.</summary>
    SiteUnavailable,

    /// <summary>The site did not answer (network, timeouts, or our breaker stopped calling it).</summary>
    Unreachable,

    /// <summary>Any other refusal.</summary>
    Refused,
}

/// <summary>The destination cannot be written to at all; the edge (page or job) says so in the admin's words.</summary>
public sealed class CsmUnavailableException(CsmProblem problem, int? status = null, Exception? inner = null)
    : Exception($"The customer directory cannot be used: {problem}{(status is null ? "" : $" (HTTP {status})")}", inner)
{
    public CsmProblem Problem { get; } = problem;
}

static class CsmProblems
{
    /// <summary>The problem a whole-destination failure stands for, or null when the response is fine or only a record's.</summary>
    public static CsmProblem? Of(HttpResponseMessage response, bool fromCsmApi) => response.StatusCode switch
    {
        _ when response.IsSuccessStatusCode => null,
        HttpStatusCode.Unauthorized => CsmProblem.CredentialsRefused,
        HttpStatusCode.Forbidden when fromCsmApi => CsmProblem.NotAdmin,
        HttpStatusCode.TooManyRequests => CsmProblem.RateLimited,
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => CsmProblem.SiteUnavailable,
        _ => null,
    };

    public static void EnsureUsable(HttpResponseMessage response, bool fromCsmApi)
    {
        if (Of(response, fromCsmApi) is { } problem) throw new CsmUnavailableException(problem, (int)response.StatusCode);
    }
}
