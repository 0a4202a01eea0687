namespace Connector.Sandbox.Sites;

/// <summary>One simulated Atlassian site and what it knows about our app's installation.</summary>
public sealed class Site(string name, string baseUrl)
{
    public string Name { get; } = name;
    public string BaseUrl { get; } = baseUrl;
    public string CloudId { get; } = DeterministicGuid("cloud-id:" + name).ToString();
    public string TimeZone { get; init; } = "Europe/Berlin";

    public SiteUser Admin { get; } = new($"admin-{name}", $"{Capitalise(name)} Admin", $"admin@{name}.example", IsAdmin: true);
    public SiteUser Agent { get; } = new($"agent-{name}", $"{Capitalise(name)} Agent", $"agent@{name}.example", IsAdmin: false);

    /// <summary>Our app in the site's Jira (at the site's root).</summary>
    public ConnectInstall Jira { get; } = new(SiteProduct.Jira, DeterministicGuid("client-key:" + name).ToString(), baseUrl);

    /// <summary>Our app in the site's Confluence (below /wiki), a separate install with its own clientKey and secret.</summary>
    public ConnectInstall Confluence { get; } = new(SiteProduct.Confluence, DeterministicGuid("confluence-client-key:" + name).ToString(), baseUrl + "/wiki");

    public ConnectInstall Install(SiteProduct product) => product == SiteProduct.Confluence ? Confluence : Jira;

    // The Jira install's, as most of the sandbox and its tests speak of "the site's" install.
    public string ClientKey => Jira.ClientKey;
    public string? SharedSecret => Jira.SharedSecret;
    public bool Installed => Jira.Installed;
    public bool Enabled => Jira.Enabled;

    public Faults.SiteFaults Faults { get; } = new();

    /// <summary>The Microsoft Entra ID directory the site's company keeps its staff in (its users are <see cref="People"/>).</summary>
    public Entra.EntraDirectory Entra { get; } = new(name, DeterministicGuid("entra:" + name).ToString());

    /// <summary>The app as a Forge app on this site: its installation and the system tokens Forge has handed out.</summary>
    public Forge.ForgeInstallation Forge { get; } = new();

    /// <summary>The site's customer directory (JSM customers and organizations, CSM details).</summary>
    public Csm.CsmStore Csm { get; private set; } = new();

    /// <summary>The site's asynchronous CSM tasks (bulk operations).</summary>
    public Csm.CsmTasks Tasks { get; private set; } = new();

    public void ResetDirectory()
    {
        Csm = new();
        Tasks = new();
    }

    /// <summary>The people the site's Jira (and its organization's directory, Entra ID, Salesforce, …) hold besides Admin and Agent.</summary>
    public Data.DataSet People
    {
        get => people;
        set
        {
            Changes.Record(people, value, DateTimeOffset.UtcNow);
            people = value;
        }
    }

    Data.DataSet people = new();

    /// <summary>When each person last changed (for sources read by modification time).</summary>
    public Data.PeopleChanges Changes { get; } = new();

    /// <summary>The site's Jira Data Center twin: personal access tokens (its users are the site's people).</summary>
    public DataCenter.DataCenterSite DataCenter { get; } = new(name);

    /// <summary>A Salesforce org whose contacts are the site's people and whose accounts are their companies.</summary>
    public Salesforce.SalesforceOrg Salesforce { get; } = new(name);

    /// <summary>A HubSpot account whose contacts are the site's people and whose companies are their companies.</summary>
    public HubSpot.HubSpotAccount HubSpot { get; } = new(name);

    /// <summary>The Atlassian organization the site belongs to, for the Admin API.</summary>
    public string OrganizationId { get; } = DeterministicGuid("org:" + name).ToString();
    public string OrganizationName => $"{Capitalise(Name)} Org";

    /// <summary>Organization API keys by value, with the day each expires.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, DateOnly> OrgApiKeys { get; } = new()
    {
        [$"org-key-{name}"] = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(1)),
        [$"expired-org-key-{name}"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)),
    };

    public IReadOnlyList<SiteUser> Users => [Admin, Agent];

    public SiteUser? FindUser(string? accountId) => Users.FirstOrDefault(u => u.AccountId == accountId);

    static Guid DeterministicGuid(string seed) =>
        new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));

    static string Capitalise(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}

public sealed record SiteUser(string AccountId, string DisplayName, string Email, bool IsAdmin)
{
    /// <summary>The user's API token for basic auth (email:token), as id.atlassian.com would issue it.</summary>
    public string ApiToken => $"ATATT-{AccountId}";
}
