using System.Text.Json;
using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Sources;

/// <summary>A tenant's connection to a system that holds people and companies.</summary>
public sealed class ExternalSource : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public SourceType Type { get; set; }
    public SourceSettings Settings { get; set; } = new();

    /// <summary>The API key or token, encrypted; null for sources that need none (CSV).</summary>
    public string? SecretProtected { get; set; }

    public SourceStatus Status { get; set; } = SourceStatus.Unchecked;

    /// <summary>What is wrong (or worth knowing), in words an admin can act on.</summary>
    public string? StatusReason { get; set; }

    public DateTimeOffset? StatusCheckedAt { get; set; }
    public DateOnly? ExpiresOn { get; set; }

    /// <summary>What the source's secret is called where the admin creates it: an organization's API key, a user's API token.</summary>
    public string CredentialName => CredentialNames.Of(Type);
    public required string LastUpdatedByAccountId { get; set; }
    public required string LastUpdatedByName { get; set; }
    public DateTimeOffset LastUpdatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum SourceType
{
    AtlassianOrganization,
    JiraCloud,
    Csv,
    EntraId,
    JiraDataCenter,
    Salesforce,
    HubSpot,
}

public static class CredentialNames
{
    /// <summary>What a source type's secret is called where the admin creates it.</summary>
    public static string Of(SourceType type) => type switch
    {
        SourceType.JiraCloud => "API token",
        SourceType.EntraId => "client secret",
        SourceType.JiraDataCenter => "personal access token",
        SourceType.Salesforce => "consumer secret",
        SourceType.HubSpot => "access token",
        _ => "API key",
    };
}

public enum SourceStatus
{
    Unchecked,
    Connected,
    Error,
}

/// <summary>The non-secret settings of a source; which ones apply depends on its type. Stored as jsonb.</summary>
public sealed record SourceSettings
{
    /// <summary>A Jira Cloud site, a Jira Data Center base URL, or a Salesforce org's My Domain URL.</summary>
    public string? SiteUrl { get; init; }
    public string? Email { get; init; }
    public bool IncludeInactive { get; init; }
    public string? OrganizationId { get; init; }
    public string? OrganizationName { get; init; }
    public Guid? FileId { get; init; }
    public string? FileName { get; init; }
    public string? Delimiter { get; init; }
    public string? Encoding { get; init; }
    public IReadOnlyList<string> Headers { get; init; } = [];
    public int? RowCount { get; init; }
    public int? BadRowCount { get; init; }

    /// <summary>Microsoft Entra ID: the directory (tenant) id, the app registration's client id (Salesforce: the connected app's consumer key), and an optional group.</summary>
    public string? DirectoryId { get; init; }
    public string? ClientId { get; init; }
    public string? GroupId { get; init; }

    /// <summary>Jira Data Center: the group whose members are read (SiteUrl is its base URL).</summary>
    public string? GroupName { get; init; }
}

sealed class ExternalSourceConfiguration : IEntityTypeConfiguration<ExternalSource>
{
    public void Configure(EntityTypeBuilder<ExternalSource> source)
    {
        source.ToTable("external_sources");
        source.HasKey(s => s.Id);
        source.Property(s => s.Type).HasConversion(EnumText.Converter<SourceType>());
        source.Property(s => s.Status).HasConversion(EnumText.Converter<SourceStatus>());
        source.Property(s => s.Settings).HasColumnType("jsonb").HasConversion(
            settings => JsonSerializer.Serialize(settings, JsonSerializerOptions.Web),
            json => JsonSerializer.Deserialize<SourceSettings>(json, JsonSerializerOptions.Web)!);
    }
}
