using System.ComponentModel.DataAnnotations;
using Connector.Web.Sources;

namespace Connector.Web.Pages.Sources;

/// <summary>What the source form posts. Secrets are only ever typed in, never filled in from storage.</summary>
public sealed class SourceInput
{
    [Required(ErrorMessage = "Give the source a name.")]
    [StringLength(100, ErrorMessage = "Keep the name under 100 characters.")]
    public string Name { get; set; } = "";

    public SourceType Type { get; set; } = SourceType.AtlassianOrganization;

    [DataType(DataType.Password)]
    public string? ApiKey { get; set; }

    public DateOnly? ExpiresOn { get; set; }

    public string? SiteUrl { get; set; }

    /// <summary>The site as typed, with https:// added when the admin typed only its host (globex.atlassian.net).</summary>
    public string? SiteAddress => SiteUrl?.Trim().TrimEnd('/') switch
    {
        null or "" => null,
        var typed when typed.Contains("://", StringComparison.Ordinal) => typed,
        var host => "https://" + host,
    };

    public string? Email { get; set; }

    [DataType(DataType.Password)]
    public string? ApiToken { get; set; }

    public bool IncludeInactive { get; set; }

    /// <summary>Microsoft Entra ID: the directory (tenant) ID, the app registration's client ID and secret, an optional group.</summary>
    public string? DirectoryId { get; set; }
    public string? ClientId { get; set; }

    [DataType(DataType.Password)]
    public string? ClientSecret { get; set; }

    public string? GroupId { get; set; }

    /// <summary>Jira Data Center: a personal access token and the group whose members are read.</summary>
    [DataType(DataType.Password)]
    public string? PersonalAccessToken { get; set; }

    public string? GroupName { get; set; } = "jira-software-users";

    /// <summary>Salesforce: the connected app's consumer secret (its consumer key is <see cref="ClientId"/>).</summary>
    [DataType(DataType.Password)]
    public string? ConsumerSecret { get; set; }

    /// <summary>HubSpot: a private app's access token.</summary>
    [DataType(DataType.Password)]
    public string? AccessToken { get; set; }

    public IFormFile? File { get; set; }

    /// <summary>Empty for "detect it", else one of , ; | or "tab".</summary>
    public string? Delimiter { get; set; }

    public static SourceInput From(ExternalSource source) => new()
    {
        Name = source.Name,
        Type = source.Type,
        ExpiresOn = source.ExpiresOn,
        SiteUrl = source.Settings.SiteUrl,
        Email = source.Settings.Email,
        IncludeInactive = source.Settings.IncludeInactive,
        DirectoryId = source.Settings.DirectoryId,
        ClientId = source.Settings.ClientId,
        GroupId = source.Settings.GroupId,
        GroupName = source.Settings.GroupName,
        Delimiter = source.Settings.Delimiter == "\t" ? "tab" : source.Settings.Delimiter,
    };

    /// <summary>The secret typed in for this type, or null to keep the stored one.</summary>
    public string? TypedSecret => Type switch
    {
        SourceType.AtlassianOrganization => Blank(ApiKey),
        SourceType.JiraCloud => Blank(ApiToken),
        SourceType.EntraId => Blank(ClientSecret),
        SourceType.JiraDataCenter => Blank(PersonalAccessToken),
        SourceType.Salesforce => Blank(ConsumerSecret),
        SourceType.HubSpot => Blank(AccessToken),
        _ => null,
    };

    public SourceSettings ApplyTo(SourceSettings settings) => Type switch
    {
        SourceType.JiraCloud => settings with { SiteUrl = SiteAddress, Email = Email?.Trim(), IncludeInactive = IncludeInactive },
        SourceType.AtlassianOrganization => settings with { IncludeInactive = IncludeInactive },
        SourceType.EntraId => settings with
        {
            DirectoryId = Blank(DirectoryId), ClientId = Blank(ClientId), GroupId = Blank(GroupId), IncludeInactive = IncludeInactive,
        },
        SourceType.JiraDataCenter => settings with { SiteUrl = SiteAddress, GroupName = Blank(GroupName), IncludeInactive = IncludeInactive },
        SourceType.Salesforce => settings with { SiteUrl = SiteAddress, ClientId = Blank(ClientId) },
        SourceType.HubSpot => settings,
        _ => settings with { Delimiter = Delimiter switch { null or "" => null, "tab" => "\t", var d => d } },
    };

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
