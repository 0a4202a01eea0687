using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Imports;

/// <summary>One Test or Full Import of a connection, with its checkpoint and counters.</summary>
public sealed class ImportRun : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ConnectionId { get; set; }
    public RunKind Kind { get; set; }
    public RunTrigger Trigger { get; set; }
    public string? RequestedBy { get; set; }
    public RunStatus Status { get; set; } = RunStatus.Queued;

    /// <summary>The source cursor after the last committed page: where a resumed run continues.</summary>
    public string? Cursor { get; set; }

    /// <summary>A Full Import reading only what changed: the change token it reads from. Null: it reads everything.</summary>
    public string? ChangesSince { get; set; }

    /// <summary>What the source gave with its last page: where the next read of only what changed starts.</summary>
    public string? ChangeToken { get; set; }

    public bool ReadsChangesOnly => ChangesSince is not null;

    public int RecordsRead { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }

    /// <summary>How many records the source says it has, when it knows (for the progress bar).</summary>
    public int? TotalHint { get; set; }

    /// <summary>The total is the previous Full Import's count (shown as "~"), not the source's own.</summary>
    public bool TotalEstimated { get; set; }

    public string? Message { get; set; }
    public bool CancelRequested { get; set; }

    /// <summary>An admin confirmed the deactivation the safety stop paused for: the resumed run goes straight to it.</summary>
    public bool DeactivationConfirmed { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? HeartbeatAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Queued, running, or paused for confirmation: the connection's one run in flight (the partial unique index says the same).</summary>
    public static readonly RunStatus[] ActiveStatuses = [RunStatus.Queued, RunStatus.Running, RunStatus.Paused];

    public bool IsActive => ActiveStatuses.Contains(Status);
}

/// <summary>How many records a run expects to read, and whether that is a guess.</summary>
public sealed record RunTotal(int Count, bool Estimated);

public enum RunKind
{
    Test,
    Full,

    /// <summary>Preview changes: reads the whole source and says what a Full Import would change; writes nothing.</summary>
    Preview,
}

public enum RunTrigger
{
    User,
    Schedule,
}

public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Partial,
    Failed,
    Cancelled,

    /// <summary>Read to the end, but would deactivate more than the connection's safety stop allows: waits for an admin.</summary>
    Paused,
}

sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> run)
    {
        run.ToTable("import_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Kind).HasConversion(EnumText.Converter<RunKind>());
        run.Property(r => r.Trigger).HasConversion(EnumText.Converter<RunTrigger>());
        run.Property(r => r.Status).HasConversion(EnumText.Converter<RunStatus>());
        run.Ignore(r => r.IsActive);
        run.Ignore(r => r.ReadsChangesOnly);
    }
}
