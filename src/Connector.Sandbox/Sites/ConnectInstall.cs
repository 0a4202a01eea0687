namespace Connector.Sandbox.Sites;

/// <summary>The Atlassian products of a site that our Connect app installs into; each install is its own (own clientKey, secret, baseUrl).</summary>
public enum SiteProduct
{
    Jira,
    Confluence,
}

public static class SiteProducts
{
    /// <summary>Where the product's pages and APIs live on the site: Confluence's below /wiki.</summary>
    public static string ContextPath(this SiteProduct product) => product == SiteProduct.Confluence ? "/wiki" : "";
}

/// <summary>
/// What one product of a site knows about our app's installation. Jira's baseUrl is the site's root; Confluence's
/// carries its /wiki context path (CONNECT.md §2.1), and its clientKey is its own.
/// </summary>
public sealed class ConnectInstall(SiteProduct product, string clientKey, string baseUrl)
{
    public SiteProduct Product { get; } = product;
    public string ClientKey { get; } = clientKey;
    public string BaseUrl { get; } = baseUrl;

    /// <summary>What the install payload says: "jira" or "confluence".</summary>
    public string ProductType => Product == SiteProduct.Confluence ? "confluence" : "jira";

    /// <summary>The product's name in its lifecycle payload's description and its admin screens.</summary>
    public string ProductName => Product == SiteProduct.Confluence ? "Confluence" : "Jira";

    /// <summary>The secret handed to our app at its latest install; null until installed.</summary>
    public string? SharedSecret { get; set; }
    public bool Installed { get; set; }
    public bool Enabled { get; set; }
}
