namespace Connector.Sandbox;

/// <summary>The "Sandbox" configuration section.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Where the sandbox itself is reached; site base URLs hang below it (…/site/acme).</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:5090";

    /// <summary>Where our app is reached (its descriptor is read from {AppBaseUrl}/atlassian-connect.json).</summary>
    public string AppBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The sites this sandbox plays, by short name; acme and globex when none are configured.</summary>
    public List<string> Sites { get; set; } = [];

    public IReadOnlyList<string> SiteNames => Sites.Count > 0 ? Sites : ["acme", "globex"];

    /// <summary>The Forge app the sandbox plays the platform for; the app's Forge__AppId must name it.</summary>
    public string ForgeAppId { get; set; } = "ari:cloud:ecosystem::app/5d1e8b0c-3f4a-4b6e-9c2d-7a8b9c0d1e2f";

    /// <summary>The app's Forge environment (production, in the sandbox).</summary>
    public string ForgeEnvironmentUuid { get; set; } = "8c4e2b1a-9f3d-4e5c-a6b7-0d1e2f3a4b5c";

    /// <summary>The remote's trigger routes, as manifest.yml names them (a test keeps the two in step).</summary>
    public string ForgeLifecycleRoute { get; set; } = "/forge/lifecycle";
    public string ForgeRefreshRoute { get; set; } = "/forge/refresh";

    /// <summary>Forge waits 60 s between retries of a trigger; the sandbox waits this long.</summary>
    public TimeSpan ForgeRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where the Custom UI shell is served from. Atlassian serves it from its CDN, never from the site, so the
    /// sandbox uses another origin than its own (localhost instead of 127.0.0.1) unless told otherwise.
    /// </summary>
    public string? ForgeShellBaseUrl { get; set; }

    public string ShellBaseUrl => (ForgeShellBaseUrl ?? BaseUrl.Replace("://127.0.0.1", "://localhost")).TrimEnd('/');

    /// <summary>The folder holding the real shell (src/Connector.Forge/static/shell); found from the build output when unset.</summary>
    public string? ForgeShellPath { get; set; }

    public string ForgeAppUuid => ForgeAppId[(ForgeAppId.LastIndexOf('/') + 1)..];
}
