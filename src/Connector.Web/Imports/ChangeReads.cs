using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connector.Web.Connections;
using Connector.Web.Platform.Database;
using Connector.Web.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Connector.Web.Imports;

/// <summary>
/// Incremental reads. A Full Import of a source that can report changes reads only what changed since the connection's
/// last successful read, unless everything must be read: the first time, after the source's settings or the mapping
/// changed, and at least every <see cref="ImportsOptions.FullReadEvery"/>, because only reading everything finds the
/// records a source deleted (which the deactivation policy acts on). A run that failed to write a record does not move
/// the mark: the next run reads those changes again.
/// </summary>
public sealed class ChangeReads(ConnectorDb db, ExternalSources sources, IOptions<ImportsOptions> options, TimeProvider time)
{
    /// <summary>The change token a starting Full Import reads from, or null when it must read everything.</summary>
    public async Task<string?> SinceAsync(ImportRun run, Connection connection, CancellationToken cancellationToken)
    {
        if (run.Kind != RunKind.Full || !sources.ReadsChanges(connection.Source!)) return null;
        var mark = await db.Set<ChangeMark>().AsNoTracking().SingleOrDefaultAsync(m => m.ConnectionId == connection.Id, cancellationToken);
        if (mark is null || mark.Basis != BasisOf(connection) || mark.FullReadAt <= time.GetUtcNow() - options.Value.FullReadEvery) return null;
        return mark.ChangeToken;
    }

    /// <summary>
    /// Before a Full Import that wrote everything it read is recorded as finished (so the next run, which may start the
    /// moment it is, finds it): its last page's change token is where the next one starts.
    /// </summary>
    public async Task RememberAsync(RunOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Run.Kind != RunKind.Full || outcome.Status != RunStatus.Succeeded) return;
        var run = await db.Set<ImportRun>().AsNoTracking().SingleAsync(r => r.Id == outcome.Run.Id, cancellationToken);
        if (run.ChangeToken is null) return;
        var mark = await db.Set<ChangeMark>().SingleOrDefaultAsync(m => m.ConnectionId == run.ConnectionId, cancellationToken);
        if (mark is null) db.Add(mark = new ChangeMark { ConnectionId = run.ConnectionId, ChangeToken = run.ChangeToken, Basis = "" });
        mark.ChangeToken = run.ChangeToken;
        mark.Basis = BasisOf(outcome.Connection);
        if (run.ChangesSince is null) mark.FullReadAt = run.StartedAt ?? time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>What a read's records depend on: the source's settings and the connection's mapping and destination.</summary>
    static string BasisOf(Connection connection)
    {
        var basis = JsonSerializer.Serialize(new { connection.Source!.Type, connection.Source.Settings, connection.Mapping, connection.Destination });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(basis)))[..32];
    }
}

/// <summary>Where a connection's next read of only what changed starts.</summary>
public sealed class ChangeMark : ITenantOwned
{
    public Guid ConnectionId { get; set; }
    public Guid TenantId { get; set; }
    public required string ChangeToken { get; set; }
    public required string Basis { get; set; }
    public DateTimeOffset FullReadAt { get; set; }
}

sealed class ChangeMarkConfiguration : IEntityTypeConfiguration<ChangeMark>
{
    public void Configure(EntityTypeBuilder<ChangeMark> mark)
    {
        mark.ToTable("change_marks");
        mark.HasKey(m => m.ConnectionId);
    }
}
