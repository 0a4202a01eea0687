using System.Text.Json.Nodes;
using Connector.Web.Tenancy;
using Microsoft.Extensions.Options;

namespace Connector.Web.Connect.Descriptor;

/// <summary>
/// The app descriptors: the top-level atlassian-connect.json template (embedded in the assembly) is the Jira app;
/// the Confluence app is derived from it, so the key, scopes, lifecycle and pages are stated once.
/// </summary>
public sealed class AppDescriptor
{
    readonly JsonObject template;

    public AppDescriptor(IOptions<ConnectOptions> options)
    {
        template = LoadTemplate();
        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        Jira = ProductDescriptor.Render(ConnectProduct.Jira, template, baseUrl);
        Confluence = ProductDescriptor.Render(ConnectProduct.Confluence, ConfluenceVariant.From(template), baseUrl + ConnectProducts.ConfluencePathBase);
    }

    public ProductDescriptor Jira { get; }
    public ProductDescriptor Confluence { get; }

    public ProductDescriptor For(ConnectProduct product) => product == ConnectProduct.Confluence ? Confluence : Jira;

    /// <summary>The app a tenant installed (Forge-only tenants are Jira's).</summary>
    public ProductDescriptor For(Tenant tenant) => For(ConnectProducts.FromProductType(tenant.ProductType) ?? ConnectProduct.Jira);

    /// <summary>The app a request addresses (its path says which; see <see cref="ConnectProducts.Addressed"/>).</summary>
    public ProductDescriptor For(HttpRequest request) => For(ConnectProducts.Addressed(request));

    /// <summary>The URLs of every module and lifecycle hook: the ones that must demand a qsh-bound token (the same in both apps).</summary>
    public IReadOnlyList<string> ModuleUrls() =>
        template["modules"]!.AsObject()
            .SelectMany(module => module.Value is JsonArray array ? array.Select(m => m!) : [module.Value!])
            .Select(m => m["url"]?.GetValue<string>())
            .OfType<string>()
            .Distinct()
            .ToList();

    static JsonObject LoadTemplate()
    {
        using var stream = typeof(AppDescriptor).Assembly.GetManifestResourceStream("atlassian-connect.json")
            ?? throw new InvalidOperationException("atlassian-connect.json is not embedded in the assembly.");
        return JsonNode.Parse(stream)!.AsObject();
    }
}

/// <summary>One product's Connect app: its key, its baseUrl and the descriptor JSON served for it.</summary>
public sealed record ProductDescriptor(ConnectProduct Product, string Key, string BaseUrl, string Json)
{
    public Uri BaseUri => new(BaseUrl + "/");

    internal static ProductDescriptor Render(ConnectProduct product, JsonObject source, string baseUrl)
    {
        var rendered = (JsonObject)source.DeepClone();
        rendered["baseUrl"] = baseUrl;
        return new ProductDescriptor(product, rendered["key"]!.GetValue<string>(), baseUrl, rendered.ToJsonString());
    }
}
