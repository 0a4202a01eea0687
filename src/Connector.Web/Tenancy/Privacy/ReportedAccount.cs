using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Tenancy.Privacy;

/// <summary>When an account the tenant's data mentions was last reported to Atlassian.</summary>
public sealed class ReportedAccount : ITenantOwned
{
    public Guid TenantId { get; set; }
    public required string AccountId { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
}

sealed class ReportedAccountConfiguration : IEntityTypeConfiguration<ReportedAccount>
{
    public void Configure(EntityTypeBuilder<ReportedAccount> account)
    {
        account.ToTable("personal_data_reports");
        account.HasKey(a => new { a.TenantId, a.AccountId });
    }
}
