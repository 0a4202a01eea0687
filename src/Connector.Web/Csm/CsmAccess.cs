using Connector.Web.Platform.Database;
using Connector.Web.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Csm;

/// <summary>
/// The credential the tenant gave us for its CSM API: a Jira administrator's email and API token.
/// Connect apps cannot call CSM with their JWT (ATLASSIAN-APIS.md §1.1); a Forge Remote system token
/// would replace this behind <see cref="CsmClient"/> without the features noticing.
/// </summary>
public sealed class CsmAccess : ITenantOwned
{
    public Guid TenantId { get; set; }
    public required string Email { get; set; }
    public required string TokenProtected { get; set; }
    public SourceStatus Status { get; set; }
    public string? StatusReason { get; set; }
    public DateTimeOffset? CheckedAt { get; set; }
    public required string UpdatedByName { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

sealed class CsmAccessConfiguration : IEntityTypeConfiguration<CsmAccess>
{
    public void Configure(EntityTypeBuilder<CsmAccess> access)
    {
        access.ToTable("csm_access");
        access.HasKey(a => a.TenantId);
        access.Property(a => a.TenantId).ValueGeneratedNever(); // it is the tenant's id, stamped by ConnectorDb
        access.Property(a => a.Status).HasConversion(EnumText.Converter<SourceStatus>());
    }
}
