using System.Collections.Concurrent;

namespace Connector.Sandbox.Salesforce;

/// <summary>
/// A Salesforce org reached at /salesforce/{site} (its My Domain): a connected app allowed the client credentials flow,
/// one whose Run As user may not read contacts, one without the flow enabled, and the sessions handed out.
/// </summary>
public sealed class SalesforceOrg(string siteName)
{
    public string ClientId { get; } = $"3MVG9sandbox.{siteName}.consumer";
    public string ClientSecret { get; } = $"sf-secret-{siteName}";
    public string UnpermittedClientId { get; } = $"3MVG9sandbox.{siteName}.noread";
    public string FlowDisabledClientId { get; } = $"3MVG9sandbox.{siteName}.noflow";

    /// <summary>The org's allowance of API requests per 24 hours, as /limits reports it.</summary>
    public int DailyApiRequests { get; set; } = 15_000;

    public int ApiRequestsUsed => used;

    readonly ConcurrentDictionary<string, bool> sessions = new();
    int used;

    public bool KnowsClient(string clientId) => clientId == ClientId || clientId == UnpermittedClientId || clientId == FlowDisabledClientId;

    public string OpenSession(string clientId)
    {
        var token = $"00Dsandbox!{siteName}.{Guid.NewGuid():N}";
        sessions[token] = clientId == ClientId;
        return token;
    }

    /// <summary>null: no such session (or it lapsed); else whether it may read contacts. Each call counts against the allowance.</summary>
    public bool? Session(string? token)
    {
        if (token is null || !sessions.TryGetValue(token, out var mayRead)) return null;
        Interlocked.Increment(ref used);
        return mayRead;
    }

    /// <summary>Makes every session lapse (as the org's session timeout would).</summary>
    public void ExpireSessions() => sessions.Clear();
}
