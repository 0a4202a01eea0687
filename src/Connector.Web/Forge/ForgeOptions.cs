using System.ComponentModel.DataAnnotations;

namespace Connector.Web.Forge;

/// <summary>The "Forge" configuration section: the Forge app whose remote this backend is.</summary>
public sealed class ForgeOptions : IValidatableObject
{
    public const string Section = "Forge";
    const string AppPrefix = "ari:cloud:ecosystem::app/";

    /// <summary>Off by default: without it the /forge endpoints do not exist.</summary>
    public bool Enabled { get; set; }

    /// <summary>The app's id as <c>forge register</c> wrote it into manifest.yml (the ARI, or only its uuid).</summary>
    public string AppId { get; set; } = "";

    /// <summary>Where Atlassian publishes the keys that sign Forge Invocation Tokens.</summary>
    public string JwksUrl { get; set; } = "https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json";

    /// <summary>
    /// Origins that serve the Custom UI shell which frames our pages (Forge serves resources from its CDN, not
    /// from the site). Default: https://*.cdn.prod.atlassian-dev.net.
    /// </summary>
    public List<string> ShellOrigins { get; set; } = [];

    /// <summary>The FIT's audience: the app's ARI.</summary>
    public string Audience => AppId.StartsWith(AppPrefix, StringComparison.Ordinal) ? AppId : AppPrefix + AppId;

    /// <summary>The app's uuid, which names its pages in the site's URLs.</summary>
    public string AppUuid => Audience[AppPrefix.Length..];

    public IReadOnlyList<string> FramingOrigins => ShellOrigins.Count > 0 ? ShellOrigins : ["https://*.cdn.prod.atlassian-dev.net"];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled) yield break;
        if (string.IsNullOrWhiteSpace(AppId))
            yield return new ValidationResult("Forge__AppId is required when Forge__Enabled is true: the id manifest.yml names after forge register.", [nameof(AppId)]);
        if (!Uri.TryCreate(JwksUrl, UriKind.Absolute, out _))
            yield return new ValidationResult("Forge__JwksUrl must be an absolute URL.", [nameof(JwksUrl)]);
    }
}
