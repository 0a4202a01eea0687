namespace Connector.Web.Sources;

/// <summary>A source as the audit trail describes it: the fields of its form, never its secret.</summary>
static class SourceAudit
{
    public static IReadOnlyList<(string Field, string? Value)> Describe(ExternalSource source) =>
    [
        ("Name", source.Name),
        ("Type", SourceTypeNames.Of(source.Type)),
        ("Site", source.Settings.SiteUrl),
        ("Email", source.Settings.Email),
        ("Organization", source.Settings.OrganizationName ?? source.Settings.OrganizationId),
        ("Directory", source.Settings.DirectoryId),
        ("Client ID", source.Settings.ClientId),
        ("Group", source.Settings.GroupName ?? source.Settings.GroupId),
        ("File", source.Settings.FileName),
        ("Delimiter", source.Settings.Delimiter),
        ("Deactivated users included", source.Type is SourceType.Csv or SourceType.Salesforce or SourceType.HubSpot ? null : source.Settings.IncludeInactive ? "yes" : "no"),
        ($"{source.CredentialName} expires", source.ExpiresOn?.ToString("yyyy-MM-dd")),
    ];
}
