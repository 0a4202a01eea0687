using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Csm;

/// <summary>
/// The credential a Connect tenant gave us for its CSM API: a Jira administrator's email and API token.
/// Connect apps cannot call CSM with their JWT (ATLASSIAN-APIS.md §1.1); a Forge tenant needs none, its
/// app system token reaches CSM (<see cref="CsmDestinations"/>).
/// </summary>
public sealed class CsmAccess : ITenantOwned
{
    public Guid TenantId { get; set; }
    public required string Email { get; set; }
    public required string TokenProtected { get; set; }
    public CsmAccessStatus Status { get; set; }
    public string? StatusReason { get; set; }
    public DateTimeOffset? CheckedAt { get; set; }
    public required string UpdatedByName { get; set; }

    /// <summary>The admin who saved it; null for credentials saved before this was kept.</summary>
    public string? UpdatedByAccountId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum CsmAccessStatus
{
    Unchecked,
    Connected,
    Error,
}

sealed class CsmAccessConfiguration : IEntityTypeConfiguration<CsmAccess>
{
    public void Configure(EntityTypeBuilder<CsmAccess> access)
    {
        access.ToTable("csm_access");
        access.HasKey(a => a.TenantId);
        access.Property(a => a.TenantId).ValueGeneratedNever(); // it is the tenant's id, stamped by ConnectorDb
        access.Property(a => a.Status).HasConversion(EnumText.Converter<CsmAccessStatus>());
    }
}
