using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Tenancy;

/// <summary>One installation of the app in one Atlassian site, keyed by the product's clientKey.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string ClientKey { get; set; }
    public required string BaseUrl { get; set; }
    public string? DisplayUrl { get; set; }
    public required string ProductType { get; set; }

    /// <summary>The installation's shared secret, encrypted with Data Protection; never log or render it.</summary>
    public required string SharedSecretProtected { get; set; }

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

    /// <summary>Where the user sees the site: the custom domain when there is one.</summary>
    public string UserFacingUrl => DisplayUrl ?? BaseUrl;
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
    }
}
