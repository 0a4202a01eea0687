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
}
