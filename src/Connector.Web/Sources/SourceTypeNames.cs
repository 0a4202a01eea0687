namespace Connector.Web.Sources;

/// <summary>What each source type is called on the pages and in the audit trail, and the order the form offers them in.</summary>
public static class SourceTypeNames
{
    public static readonly IReadOnlyList<(SourceType Type, string Label)> InFormOrder =
    [
        (SourceType.AtlassianOrganization, "Atlassian organization"),
        (SourceType.JiraCloud, "Jira Cloud"),
        (SourceType.JiraDataCenter, "Jira Data Center"),
        (SourceType.EntraId, "Microsoft Entra ID"),
        (SourceType.Salesforce, "Salesforce"),
        (SourceType.HubSpot, "HubSpot"),
        (SourceType.Csv, "CSV file"),
    ];

    /// <summary>What an admin needs at hand to connect each type, for the getting-started checklist.</summary>
    public static readonly IReadOnlyList<(string Name, string Needs)> WhatEachNeeds =
    [
        ("Atlassian organization", "an organization API key and its expiry date (admin.atlassian.com → Settings → API keys)"),
        ("Jira Cloud", "the site's address, a Jira administrator's email and API token"),
        ("Jira Data Center", "the site's public base URL, a Jira administrator's personal access token and the group to import"),
        ("Microsoft Entra ID", "an app registration with User.Read.All: its directory and client IDs, a client secret and its expiry date"),
        ("Salesforce", "the org's My Domain URL and a connected app allowed the client credentials flow: consumer key and secret"),
        ("HubSpot", "a private app's access token with the contacts and companies read scopes"),
        ("CSV file", "a file with a header row, up to 100 MB"),
    ];

    public static string Of(SourceType type) => InFormOrder.FirstOrDefault(t => t.Type == type).Label ?? type.ToString();
}
