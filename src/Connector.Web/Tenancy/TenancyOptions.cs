namespace Connector.Web.Tenancy;

/// <summary>The "Tenancy" configuration section: how long we trust who a caller is, and keep what a site left behind.</summary>
public sealed class TenancyOptions
{
    public const string Section = "Tenancy";

    /// <summary>Leeway on exp/nbf/iat of incoming tokens, for clock skew between Atlassian and us.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime of the session tokens our pages carry between navigations inside the product's frame.</summary>
    public TimeSpan SessionTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a user's site-admin answer from the product is trusted.</summary>
    public TimeSpan AdminCheckCacheDuration { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long an uninstalled (or dormant) site's data is kept in case the app comes back.</summary>
    public TimeSpan UninstallGracePeriod { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>The "Atlassian" configuration section: Atlassian's cloud as seen from here.</summary>
public sealed class AtlassianOptions
{
    public const string Section = "Atlassian";

    /// <summary>Atlassian's API gateway (Admin API, CSM API); the sandbox serves one under /gateway.</summary>
    public string ApiGatewayUrl { get; set; } = "https://api.atlassian.com";

    public string Gateway(string pathAndQuery) => ApiGatewayUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');
}
