namespace Connector.Sandbox.HubSpot;

/// <summary>
/// A HubSpot account's private apps: one with the contacts and companies read scopes, one with contacts only. Its
/// contacts are the site's people (id 1001 + index); its companies their companies (id 9000 + number).
/// </summary>
public sealed class HubSpotAccount(string siteName)
{
    public string AccessToken { get; } = $"pat-na1-{siteName}-full";
    public string ContactsOnlyToken { get; } = $"pat-na1-{siteName}-contacts";

    /// <summary>An OAuth access token past its expiry (private app tokens do not expire; OAuth ones do, after 30 minutes).</summary>
    public string ExpiredToken { get; } = $"pat-na1-{siteName}-expired";

    /// <summary>null: not a token of this account; else whether it may read companies too.</summary>
    public bool? MayReadCompanies(string? token) => token == AccessToken ? true : token == ContactsOnlyToken ? false : null;

    /// <summary>The site a bearer token belongs to (tokens name their site, so the fault knobs find it).</summary>
    public static string? SiteOfToken(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer pat-na1-", StringComparison.Ordinal)
            ? authorization["Bearer pat-na1-".Length..][..authorization["Bearer pat-na1-".Length..].LastIndexOf('-')]
            : null;
}
