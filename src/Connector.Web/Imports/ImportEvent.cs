using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Imports;

public enum EventLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>What a run's log entry is about; the run page filters and the failures export select by it.</summary>
public enum EventKind
{
    Finished,
    Stopped,
    Retry,
    RecordCreated,
    RecordUpdated,
    RecordUnchanged,
    RecordSkipped,
    RecordFailed,
    MembershipFailed,
    Deactivated,
    DeactivationFailed,
    Paused,

    /// <summary>The Full Import reads only what changed in the source since the last one.</summary>
    ChangesOnly,
}

/// <summary>Something a run did or met; append-only, written in batches with the page it belongs to.</summary>
public sealed class ImportEvent : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RunId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public EventLevel Level { get; set; }
    public EventKind Kind { get; set; }
    public string? RecordKey { get; set; }
    public required string Message { get; set; }

    /// <summary>Entries an admin must look at: problems, not progress or the retries that went well.</summary>
    public bool IsFailure => Level != EventLevel.Info && Kind != EventKind.Retry;
}

/// <summary>An event as the run produces it, before it has an id and a time.</summary>
public sealed record RunEvent(EventLevel Level, EventKind Kind, string? RecordKey, string Message);

sealed class ImportEventConfiguration : IEntityTypeConfiguration<ImportEvent>
{
    public void Configure(EntityTypeBuilder<ImportEvent> importEvent)
    {
        importEvent.ToTable("import_events");
        importEvent.HasKey(e => e.Id);
        importEvent.Property(e => e.Id).UseSerialColumn();
        importEvent.Property(e => e.Level).HasConversion(EnumText.Converter<EventLevel>());
        importEvent.Property(e => e.Kind).HasConversion(EnumText.Converter<EventKind>());
        importEvent.Ignore(e => e.IsFailure);
    }
}
