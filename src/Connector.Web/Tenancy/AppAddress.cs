namespace Connector.Web.Tenancy;

/// <summary>Where Atlassian and browsers reach this backend (the descriptor's baseUrl, the Forge remote's baseUrl).</summary>
public interface IAppAddress
{
    Uri BaseUri { get; }

    public string Url(string path) => BaseUri.ToString().TrimEnd('/') + "/" + path.TrimStart('/');
}

/// <summary>
/// A link an admin can follow from outside (an email) to one of the app's pages inside the site. Each host
/// builds its own: Connect's plugin servlet URL, Forge's admin page URL.
/// </summary>
public interface IAppLinks
{
    bool Serves(Tenant tenant);

    /// <param name="page">The app page to open (for example "connections").</param>
    /// <param name="parameters">Page state to hand to the app (a run to show).</param>
    string PageUrl(Tenant tenant, string page, IReadOnlyDictionary<string, string>? parameters = null);
}
