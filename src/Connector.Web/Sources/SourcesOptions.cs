namespace Connector.Web.Sources;

/// <summary>The "Sources" configuration section.</summary>
public sealed class SourcesOptions
{
    public const string Section = "Sources";

    /// <summary>The largest CSV file accepted.</summary>
    public long CsvMaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Keys expiring within this many days are flagged on the page.</summary>
    public int ExpiryWarningDays { get; set; } = 14;

    /// <summary>The hosts a Jira Cloud source may point at: Atlassian's site domains (and their subdomains).</summary>
    public List<string> AllowedSiteDomains { get; set; } = ["atlassian.net", "jira.com", "jira-dev.com"];

    /// <summary>The Microsoft identity platform, where an Entra ID source gets its token (the sandbox sets its own).</summary>
    public string EntraLoginUrl { get; set; } = "https://login.microsoftonline.com";

    /// <summary>Microsoft Graph, where an Entra ID source reads its users.</summary>
    public string GraphUrl { get; set; } = "https://graph.microsoft.com";

    /// <summary>
    /// Private networks (CIDR, "10.20.0.0/16") sources may call although they are not public: for an operator who runs the
    /// app inside the network of a Jira Data Center site. Empty by default: private, local and link-local addresses are refused.
    /// </summary>
    public List<string> AllowedPrivateNetworks { get; set; } = [];

    /// <summary>HubSpot's API, where a HubSpot source reads contacts and companies (the sandbox sets its own).</summary>
    public string HubSpotUrl { get; set; } = "https://api.hubapi.com";

    /// <summary>The sandbox and the tests run on loopback; production never sets this.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Whether a typed site is one we may call: an Atlassian site's host, or loopback when allowed.</summary>
    public bool AcceptsSite(Uri site) =>
        AllowedSiteDomains.Any(domain => site.Host.Equals(domain, StringComparison.OrdinalIgnoreCase)
                                         || site.Host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))
        || (AllowLoopback && (site.IsLoopback || site.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)));
}
