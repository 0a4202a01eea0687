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

    /// <summary>Our app's descriptor as last read by an install; every site installs the same app.</summary>
    public System.Text.Json.Nodes.JsonObject? AppDescriptor { get; set; }

    public string? AppKey => AppDescriptor?["key"]?.GetValue<string>();

    public IEnumerable<Site> All => sites.Values.OrderBy(s => s.Name);

    public Site? Find(string name) => sites.GetValueOrDefault(name);

    public Site? FindByOrganization(string organizationId) => sites.Values.FirstOrDefault(s => s.OrganizationId == organizationId);

    public Site? FindByClientKey(string clientKey) => sites.Values.FirstOrDefault(s => s.ClientKey == clientKey);
}
