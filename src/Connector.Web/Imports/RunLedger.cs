using Connector.Web.Csm;
using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Imports;

/// <summary>
/// A run's bookkeeping in PostgreSQL, a page at a time: one query to learn what the page's records
/// looked like last time, one transaction to record what this page did together with its checkpoint.
/// A page is either fully recorded or not at all, so a resumed run repeats at most one page. Everything
/// goes through <see cref="ConnectorDb"/>, so the run's tenant filter applies to every statement.
/// </summary>
public sealed class RunLedger(ConnectorDb db, TimeProvider time, ImportMetrics metrics)
{
    /// <summary>Takes the run unless another worker holds it (its heartbeat is fresh).</summary>
    public async Task<bool> ClaimAsync(Guid runId, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stale = now - staleAfter;
        return await db.Set<ImportRun>()
            .Where(r => r.Id == runId && (r.Status == RunStatus.Queued
                || (r.Status == RunStatus.Running && (r.HeartbeatAt == null || r.HeartbeatAt < stale))))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now)
                .SetProperty(r => r.HeartbeatAt, now), cancellationToken) == 1;
    }

    /// <summary>What the connection last wrote for these records (any entity), in one round trip per page.</summary>
    public async Task<Dictionary<RecordKey, KnownRecord>> KnownAsync(Guid connectionId, IReadOnlyCollection<RecordKey> keys,
        CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return [];
        var wanted = keys.ToHashSet();
        var rows = await Rows(connectionId, keys).AsNoTracking().ToListAsync(cancellationToken);
        return rows.Where(r => wanted.Contains(new RecordKey(r.Entity, r.IdentityKey)))
            .ToDictionary(r => new RecordKey(r.Entity, r.IdentityKey), r => new KnownRecord(r.CsmId, r.ContentHash));
    }

    /// <returns>Whether an admin asked the run to stop.</returns>
    public async Task<bool> CommitPageAsync(ImportRun run, string? cursor, int? totalHint, PageTally tally,
        IReadOnlyList<RecordWrite> writes, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RecordWritesAsync(run, writes, cancellationToken);
        db.AddRange(events.Select(e => Event(run.Id, now, e)));
        await db.SaveChangesAsync(cancellationToken);
        await db.Set<ImportRun>().Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Cursor, cursor)
            .SetProperty(r => r.RecordsRead, r => r.RecordsRead + tally.Read)
            .SetProperty(r => r.Created, r => r.Created + tally.Created)
            .SetProperty(r => r.Updated, r => r.Updated + tally.Updated)
            .SetProperty(r => r.Unchanged, r => r.Unchanged + tally.Unchanged)
            .SetProperty(r => r.Skipped, r => r.Skipped + tally.Skipped)
            .SetProperty(r => r.Failed, r => r.Failed + tally.Failed)
            .SetProperty(r => r.TotalHint, r => totalHint ?? r.TotalHint)
            .SetProperty(r => r.HeartbeatAt, now), cancellationToken);
        var cancelRequested = await db.Set<ImportRun>().Where(r => r.Id == run.Id).Select(r => r.CancelRequested).SingleAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear(); // the run's context lives as long as the run: keep it one page deep
        metrics.PageCommitted(tally);
        return cancelRequested;
    }

    /// <summary>Updates the rows the page touched and adds the new ones; a record written twice in a page keeps its last write.</summary>
    async Task RecordWritesAsync(ImportRun run, IReadOnlyList<RecordWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0) return;
        var latest = writes.GroupBy(w => w.Key).Select(g => g.Last()).ToList();
        var stored = (await Rows(run.ConnectionId, latest.Select(w => w.Key).ToList()).ToListAsync(cancellationToken))
            .ToDictionary(r => new RecordKey(r.Entity, r.IdentityKey));
        foreach (var write in latest)
        {
            if (!stored.TryGetValue(write.Key, out var row))
                db.Add(row = new ImportedRecord { ConnectionId = run.ConnectionId, Entity = write.Entity, IdentityKey = write.IdentityKey, CsmId = "", ContentHash = "" });
            (row.CsmId, row.ContentHash, row.LastSeenRunId, row.Deactivated) = (write.CsmId, write.ContentHash, run.Id, false);
        }
    }

    IQueryable<ImportedRecord> Rows(Guid connectionId, IReadOnlyCollection<RecordKey> keys)
    {
        var entities = keys.Select(k => k.Entity).Distinct().ToList();
        var identityKeys = keys.Select(k => k.IdentityKey).Distinct().ToList();
        return db.Set<ImportedRecord>().Where(r => r.ConnectionId == connectionId && entities.Contains(r.Entity) && identityKeys.Contains(r.IdentityKey));
    }

    public async Task AppendEventsAsync(Guid runId, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var now = time.GetUtcNow();
        db.AddRange(events.Select(e => Event(runId, now, e)));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <returns>When the run finished.</returns>
    public async Task<DateTimeOffset> FinishAsync(Guid runId, RunStatus status, string? message, CancellationToken cancellationToken)
    {
        var finishedAt = time.GetUtcNow();
        await db.Set<ImportRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Message, message)
            .SetProperty(r => r.FinishedAt, finishedAt)
            .SetProperty(r => r.HeartbeatAt, finishedAt), cancellationToken);
        return finishedAt;
    }

    /// <summary>Hands a run back to the queue (the app is stopping); the sweeper gives it to the next worker.</summary>
    public Task ReleaseAsync(Guid runId) =>
        db.Set<ImportRun>().Where(r => r.Id == runId && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Queued));

    /// <summary>Customers this connection imported before that the finished full run did not see again.</summary>
    public Task<List<KnownCustomer>> VanishedAsync(Guid connectionId, Guid runId, int limit, CancellationToken cancellationToken) =>
        db.Set<ImportedRecord>()
            .Where(r => r.ConnectionId == connectionId && r.Entity == CsmEntity.Customer && r.LastSeenRunId != runId && !r.Deactivated)
            .OrderBy(r => r.IdentityKey).Take(limit)
            .Select(r => new KnownCustomer(r.IdentityKey, r.CsmId))
            .ToListAsync(cancellationToken);

    public Task MarkDeactivatedAsync(Guid connectionId, IReadOnlyList<string> customerKeys, CancellationToken cancellationToken) =>
        db.Set<ImportedRecord>()
            .Where(r => r.ConnectionId == connectionId && r.Entity == CsmEntity.Customer && customerKeys.Contains(r.IdentityKey))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Deactivated, true), cancellationToken);

    static ImportEvent Event(Guid runId, DateTimeOffset at, RunEvent e) =>
        new() { RunId = runId, OccurredAt = at, Level = e.Level, Kind = e.Kind, RecordKey = e.RecordKey, Message = e.Message };
}

public sealed record KnownCustomer(string IdentityKey, string CsmId);
