using Connector.Web.Connect.Descriptor;
using Connector.Web.Tenancy;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Connector.Web.Connect;

/// <summary>This backend's public address is the descriptor's baseUrl (Connect__BaseUrl).</summary>
sealed class ConnectAppAddress(IOptions<ConnectOptions> options) : IAppAddress
{
    public Uri BaseUri => options.Value.BaseUri();
}

/// <summary>
/// The product's address for a Connect app's page: /plugins/servlet/ac/{app key}/{module} below the site's URL (Confluence's
/// ends in /wiki). The product hands ac.* parameters on to the app, signed into the page's JWT, so a link can say which run to show.
/// </summary>
sealed class ConnectAppLinks(AppDescriptor descriptor) : IAppLinks
{
    public bool Serves(Tenant tenant) => tenant.ClientKey is not null && !tenant.HasForgeAccess;

    public string PageUrl(Tenant tenant, string page, IReadOnlyDictionary<string, string>? parameters = null) =>
        QueryHelpers.AddQueryString($"{tenant.UserFacingUrl.TrimEnd('/')}/plugins/servlet/ac/{descriptor.For(tenant).Key}/{page}",
            (parameters ?? new Dictionary<string, string>()).ToDictionary(p => "ac." + p.Key, p => (string?)p.Value));
}
