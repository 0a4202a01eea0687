using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Tenancy;

/// <summary>
/// One installation of the app in one Atlassian site: a Connect install (its clientKey), a Forge installation
/// (its installation id), or both, when the site's Connect install names its Forge installation.
/// </summary>
public sealed class Tenant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The Connect install's key; null for a site that only reached us through Forge.</summary>
    public string? ClientKey { get; set; }

    public required string BaseUrl { get; set; }
    public string? DisplayUrl { get; set; }
    public required string ProductType { get; set; }

    /// <summary>The Connect installation's shared secret, encrypted with Data Protection; never log or render it.</summary>
    public string? SharedSecretProtected { get; set; }

    /// <summary>The Forge installation (ARI); survives upgrades, changes on reinstall.</summary>
    public string? ForgeInstallationId { get; set; }

    /// <summary>The Forge environment (ARI) the installation runs in; it names the app's pages inside the site.</summary>
    public string? ForgeEnvironmentId { get; set; }

    /// <summary>Where the site's REST APIs answer Forge's app tokens (https://api.atlassian.com/ex/jira/{cloudId}).</summary>
    public string? ForgeApiBaseUrl { get; set; }

    /// <summary>The latest app system token Forge sent, encrypted; it lets us call Jira, JSM and CSM as the app.</summary>
    public string? ForgeSystemTokenProtected { get; set; }

    public DateTimeOffset? ForgeSystemTokenExpiresAt { get; set; }

    public string? OauthClientId { get; set; }
    public string? CloudId { get; set; }
    public string? ServiceEntitlementNumber { get; set; }
    public string? EntitlementId { get; set; }
    public string? EntitlementNumber { get; set; }
    public string? ServerVersion { get; set; }
    public string? PluginsVersion { get; set; }
    public string? Description { get; set; }
    public bool Installed { get; set; }
    public bool Enabled { get; set; }
    public Edition Edition { get; set; } = Edition.Standard;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? UninstalledAt { get; set; }

    /// <summary>The site's time zone (IANA id) as the product last reported it; UTC until then.</summary>
    public string? TimeZone { get; set; }

    /// <summary>An install into Confluence: its REST APIs live below /wiki, and Jira's (JSM, CSM) are not its to call.</summary>
    public bool IsConfluence => string.Equals(ProductType, "confluence", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The site's own root, where Jira and its Service Management answer: a Confluence install's baseUrl carries
    /// Confluence's /wiki context path (CONNECT.md §2.1), which Jira's APIs and /_edge/tenant_info do not have.
    /// </summary>
    public string SiteUrl => IsConfluence && BaseUrl.TrimEnd('/') is var url && url.EndsWith("/wiki", StringComparison.OrdinalIgnoreCase)
        ? url[..^"/wiki".Length]
        : BaseUrl.TrimEnd('/');

    /// <summary>Where the user sees the site: the custom domain when there is one.</summary>
    public string UserFacingUrl => DisplayUrl ?? BaseUrl;

    /// <summary>Forge gave us a token to call the site as the app (it may have lapsed since).</summary>
    public bool HasForgeAccess => ForgeSystemTokenProtected is not null && ForgeApiBaseUrl is not null;

    /// <summary>How logs and operators name the site without revealing a secret.</summary>
    public string Key => ClientKey ?? ForgeInstallationId ?? Id.ToString();
}

public enum Edition
{
    Standard,
    Advanced,
}

sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> tenant)
    {
        tenant.HasKey(t => t.Id);
        tenant.HasIndex(t => t.ClientKey).IsUnique();
        tenant.ToTable("tenants");
        tenant.Property(t => t.Edition).HasConversion(EnumText.Converter<Edition>());
        tenant.Ignore(t => t.UserFacingUrl);
        tenant.Ignore(t => t.HasForgeAccess);
        tenant.Ignore(t => t.Key);
        tenant.Ignore(t => t.IsConfluence);
        tenant.Ignore(t => t.SiteUrl);
    }
}
