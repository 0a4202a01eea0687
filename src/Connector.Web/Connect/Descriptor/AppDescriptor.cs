using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Connector.Web.Connect.Descriptor;

/// <summary>
/// The app descriptor: the top-level atlassian-connect.json template (embedded in the assembly)
/// with this deployment's baseUrl filled in. The app key is read from it, so it is stated once.
/// </summary>
public sealed class AppDescriptor
{
    readonly JsonObject template;

    public AppDescriptor(IOptions<ConnectOptions> options)
    {
        template = LoadTemplate();
        Key = template["key"]!.GetValue<string>();
        BaseUrl = options.Value.BaseUrl.TrimEnd('/');
        var rendered = (JsonObject)template.DeepClone();
        rendered["baseUrl"] = BaseUrl;
        Json = rendered.ToJsonString();
    }

    public string Key { get; }
    public string BaseUrl { get; }
    public string Json { get; }

    /// <summary>The URLs of every module and lifecycle hook: the ones that must demand a qsh-bound token.</summary>
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
