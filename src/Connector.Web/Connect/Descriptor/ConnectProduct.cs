namespace Connector.Web.Connect.Descriptor;

/// <summary>
/// The Atlassian products the app installs into through Connect. Each is its own Connect app (its own key and
/// baseUrl, as Atlassian requires), rendered from one template and served by this one backend.
/// </summary>
public enum ConnectProduct
{
    Jira,
    Confluence,
}

public static class ConnectProducts
{
    /// <summary>Where the Confluence app lives below our address: its descriptor's baseUrl ends with it.</summary>
    public const string ConfluencePathBase = "/confluence";

    /// <summary>The productType an install of this product sends.</summary>
    public static string ProductType(this ConnectProduct product) => product == ConnectProduct.Confluence ? "confluence" : "jira";

    public static ConnectProduct? FromProductType(string? productType) => productType?.ToLowerInvariant() switch
    {
        "jira" => ConnectProduct.Jira,
        "confluence" => ConnectProduct.Confluence,
        _ => null,
    };

    /// <summary>The product app a request addresses: under /confluence the Confluence app, elsewhere the Jira app.</summary>
    public static ConnectProduct Addressed(HttpRequest request) =>
        request.PathBase.Equals(ConfluencePathBase, StringComparison.OrdinalIgnoreCase) ? ConnectProduct.Confluence : ConnectProduct.Jira;
}
