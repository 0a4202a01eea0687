using System.Net;

namespace Connector.Web.Csm;

/// <summary>Why the customer directory cannot be used at all (as opposed to one record being refused).</summary>
public enum CsmProblem
{
    /// <summary>We do not know the site's cloud id, which the CSM API addresses sites by.</summary>
    SiteUnknown,

    /// <summary>The site has no Customer Service Management (its CSM API answers 404).</summary>
    NotAvailable,

    /// <summary>The site has no Jira Service Management (its servicedeskapi answers 404), checked for a Confluence install.</summary>
    NoServiceManagement,

    /// <summary>No way to reach CSM is set up: a Connect site without a stored credential.</summary>
    NoAccess,

    /// <summary>The site refused our credentials (401).</summary>
    CredentialsRefused,

    /// <summary>The site refused the app's own token (401): usually the app was uninstalled.</summary>
    AppTokenRefused,

    /// <summary>The app's token may not use the CSM API (403): a scope the installed version lacks.</summary>
    AppNotPermitted,

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

/// <summary>Which API a call went to, and whether as the app (Forge's token) or with credentials.</summary>
public enum CsmRoute
{
    /// <summary>JSM's servicedeskapi, as a Connect app.</summary>
    Jsm,

    /// <summary>The CSM API (and, for a Confluence install, JSM's) with a Jira administrator's stored email and API token.</summary>
    CsmWithCredential,

    /// <summary>JSM or CSM with the app's own Forge token.</summary>
    AsApp,
}

static class CsmProblems
{
    /// <summary>The problem a whole-destination failure stands for, or null when the response is fine or only a record's.</summary>
    public static CsmProblem? Of(HttpResponseMessage response, CsmRoute route) => response.StatusCode switch
    {
        _ when response.IsSuccessStatusCode => null,
        HttpStatusCode.Unauthorized => route == CsmRoute.AsApp ? CsmProblem.AppTokenRefused : CsmProblem.CredentialsRefused,
        HttpStatusCode.Forbidden when route == CsmRoute.CsmWithCredential => CsmProblem.NotAdmin,
        HttpStatusCode.Forbidden when route == CsmRoute.AsApp && IsCsm(response) => CsmProblem.AppNotPermitted,
        HttpStatusCode.TooManyRequests => CsmProblem.RateLimited,
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => CsmProblem.SiteUnavailable,
        _ => null,
    };

    public static void EnsureUsable(HttpResponseMessage response, CsmRoute route)
    {
        if (Of(response, route) is { } problem) throw new CsmUnavailableException(problem, (int)response.StatusCode);
    }

    static bool IsCsm(HttpResponseMessage response) => response.RequestMessage?.RequestUri?.AbsolutePath.Contains("/jsm/csm/") == true;
}
