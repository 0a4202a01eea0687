using System.ComponentModel.DataAnnotations;

namespace Connector.Web.Connect;

/// <summary>The "Connect" configuration section (environment: Connect__BaseUrl and so on).</summary>
public sealed class ConnectOptions : IValidatableObject
{
    public const string Section = "Connect";

    /// <summary>Where Atlassian reaches this app; becomes the descriptor's baseUrl and the install tokens' aud.</summary>
    [Required(ErrorMessage = "Connect__BaseUrl is required: the public URL Atlassian uses to reach this app.")]
    public string BaseUrl { get; set; } = "";

    /// <summary>Serves the public keys of signed installs, by kid.</summary>
    public string InstallKeysBaseUrl { get; set; } = "https://connect-install-keys.atlassian.com";

    /// <summary>The Connect JavaScript API our pages load; the sandbox serves a stand-in.</summary>
    public string AllJsUrl { get; set; } = "https://connect-cdn.atl-paas.net/all.js";

    public Uri BaseUri() => new(BaseUrl.TrimEnd('/') + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            yield return new ValidationResult("Connect__BaseUrl must be an absolute http(s) URL.", [nameof(BaseUrl)]);
        if (!Uri.TryCreate(InstallKeysBaseUrl, UriKind.Absolute, out _))
            yield return new ValidationResult("Connect__InstallKeysBaseUrl must be an absolute URL.", [nameof(InstallKeysBaseUrl)]);
        if (!Uri.TryCreate(AllJsUrl, UriKind.Absolute, out _))
            yield return new ValidationResult("Connect__AllJsUrl must be an absolute URL.", [nameof(AllJsUrl)]);
    }
}
