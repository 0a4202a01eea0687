using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Connector.Sandbox.Sites;

public sealed class SiteDirectory
{
    readonly ConcurrentDictionary<string, Site> sites = new(StringComparer.OrdinalIgnoreCase);

    public SiteDirectory(IOptions<SandboxOptions> options)
    {
        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        foreach (var name in options.Value.SiteNames) sites[name] = new Site(name, $"{baseUrl}/site/{name}");
    }

    readonly ConcurrentDictionary<SiteProduct, System.Text.Json.Nodes.JsonObject> descriptors = new();

    /// <summary>Our Jira app's descriptor as last read by an install; every site installs the same app.</summary>
    public System.Text.Json.Nodes.JsonObject? AppDescriptor => DescriptorOf(SiteProduct.Jira);

    public string? AppKey => AppKeyOf(SiteProduct.Jira);

    /// <summary>The descriptor of our app for one product (Jira's and Confluence's are separate apps), as last read by an install.</summary>
    public System.Text.Json.Nodes.JsonObject? DescriptorOf(SiteProduct product) => descriptors.GetValueOrDefault(product);

    public void Remember(SiteProduct product, System.Text.Json.Nodes.JsonObject descriptor) => descriptors[product] = descriptor;

    public string? AppKeyOf(SiteProduct product) => DescriptorOf(product)?["key"]?.GetValue<string>();

    public IEnumerable<Site> All => sites.Values.OrderBy(s => s.Name);

    public Site? Find(string name) => sites.GetValueOrDefault(name);

    public Site? FindByOrganization(string organizationId) => sites.Values.FirstOrDefault(s => s.OrganizationId == organizationId);
}
