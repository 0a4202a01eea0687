using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Connector.Sandbox.Sites;

public sealed class SiteDirectory
{
    readonly ConcurrentDictionary<string, Site> sites = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<SiteProduct, JsonObject> descriptors = new();

    public SiteDirectory(IOptions<SandboxOptions> options)
    {
        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        foreach (var name in options.Value.SiteNames) sites[name] = new Site(name, $"{baseUrl}/site/{name}");
    }

    /// <summary>
    /// The descriptor of our app for one product (Jira's and Confluence's are separate apps), as last read by an
    /// install; every site installs the same apps.
    /// </summary>
    public JsonObject? DescriptorOf(SiteProduct product) => descriptors.GetValueOrDefault(product);

    public void Remember(SiteProduct product, JsonObject descriptor) => descriptors[product] = descriptor;

    public string? AppKeyOf(SiteProduct product) => DescriptorOf(product)?["key"]?.GetValue<string>();

    public IEnumerable<Site> All => sites.Values.OrderBy(s => s.Name);

    public Site? Find(string name) => sites.GetValueOrDefault(name);

    public Site? FindByOrganization(string organizationId) => sites.Values.FirstOrDefault(s => s.OrganizationId == organizationId);
}
