using System.Text.Json;
using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Tenancy.Audit;

/// <summary>One thing someone did to the tenant's configuration or runs; append-only, never holding a secret.</summary>
public sealed class AuditEntry : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public DateTimeOffset At { get; set; }
    public AuditActor Actor { get; set; }

    /// <summary>The admin who acted (null for the operator); erased when Atlassian reports the account closed.</summary>
    public string? ActorAccountId { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>What was acted on, by the name it had then: a source's or connection's name, an alert's title.</summary>
    public required string Subject { get; set; }

    public List<AuditChange> Changes { get; set; } = [];
}

/// <summary>One field's value before and after; null on the side where it did not exist.</summary>
public sealed record AuditChange(string Field, string? Before, string? After);

public enum AuditActor
{
    Admin,
    Operator,
}

/// <summary>Every action the trail records, grouped by the area an admin filters on (<see cref="AuditActions.AreaOf"/>).</summary>
public enum AuditAction
{
    SourceCreated,
    SourceEdited,
    SourceDeleted,
    ConnectionCreated,
    ConnectionEdited,
    ConnectionDeleted,
    FieldsBuilt,
    RunStarted,
    RunCancelled,
    DeactivationConfirmed,
    DestinationAccessChanged,
    NotificationsChanged,
    AlertAcknowledged,
    EditionChanged,
}

public enum AuditArea
{
    Sources,
    Connections,
    Runs,
    Settings,
    Alerts,
    Edition,
}

public static class AuditActions
{
    public static AuditArea AreaOf(AuditAction action) => action switch
    {
        AuditAction.SourceCreated or AuditAction.SourceEdited or AuditAction.SourceDeleted => AuditArea.Sources,
        AuditAction.ConnectionCreated or AuditAction.ConnectionEdited or AuditAction.ConnectionDeleted or AuditAction.FieldsBuilt => AuditArea.Connections,
        AuditAction.RunStarted or AuditAction.RunCancelled or AuditAction.DeactivationConfirmed => AuditArea.Runs,
        AuditAction.DestinationAccessChanged or AuditAction.NotificationsChanged => AuditArea.Settings,
        AuditAction.AlertAcknowledged => AuditArea.Alerts,
        _ => AuditArea.Edition,
    };

    public static IReadOnlyList<AuditAction> In(AuditArea area) => Enum.GetValues<AuditAction>().Where(a => AreaOf(a) == area).ToList();
}

sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).UseSerialColumn();
        entry.Property(e => e.Actor).HasConversion(EnumText.Converter<AuditActor>());
        entry.Property(e => e.Action).HasConversion(EnumText.Converter<AuditAction>());
        entry.Property(e => e.Changes).HasColumnType("jsonb").HasConversion(
            changes => JsonSerializer.Serialize(changes, JsonSerializerOptions.Web),
            json => JsonSerializer.Deserialize<List<AuditChange>>(json, JsonSerializerOptions.Web)!);
    }
}
