using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Notifications;

public enum AlertKind
{
    RunFailed,
    RecordErrors,
    SafetyStop,
    Credentials,
    Expiry,
}

/// <summary>One incident the tenant's admins are told about: open until it recovers, shown until acknowledged.</summary>
public sealed class Alert : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string IncidentKey { get; set; }
    public AlertKind Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? LinkPath { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public int Occurrences { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public bool Emailed { get; set; }
}

/// <summary>Notify Me: the addresses to tell, and about what.</summary>
public sealed class NotificationSettings : ITenantOwned
{
    public Guid TenantId { get; set; }
    public List<string> Emails { get; set; } = [];
    public bool OnRunFailed { get; set; } = true;
    public bool OnRecordErrors { get; set; } = true;
    public bool OnCredentials { get; set; } = true;
    public bool OnExpiry { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }

    public bool Wants(AlertKind kind) => kind switch
    {
        AlertKind.RunFailed or AlertKind.SafetyStop => OnRunFailed,
        AlertKind.RecordErrors => OnRecordErrors,
        AlertKind.Credentials => OnCredentials,
        _ => OnExpiry,
    };
}

sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> alert)
    {
        alert.ToTable("alerts");
        alert.HasKey(a => a.Id);
        alert.Property(a => a.Kind).HasConversion(EnumText.Converter<AlertKind>());
    }
}

sealed class NotificationSettingsConfiguration : IEntityTypeConfiguration<NotificationSettings>
{
    public void Configure(EntityTypeBuilder<NotificationSettings> settings)
    {
        settings.ToTable("notification_settings");
        settings.HasKey(s => s.TenantId);
        settings.Property(s => s.TenantId).ValueGeneratedNever();
    }
}
