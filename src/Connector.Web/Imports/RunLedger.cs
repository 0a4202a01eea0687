using System.Text.Json;
using Connector.Web.Csm;
using Connector.Web.Platform.Database;
using Connector.Web.Sources;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Imports;

/// <summary>
/// A run's bookkeeping in PostgreSQL, a page at a time: one query to learn what the page's records looked
/// like last time, one statement to record what the page did together with its checkpoint. A page is
/// recorded whole or not at all, so a resumed run repeats at most one page. The import tables are written
/// only with SQL, here and in <see cref="ImportRuns"/>, through <see cref="ConnectorDb"/>: every statement
/// names <see cref="ConnectorDb.TenantForSql"/>, and every read is wrapped by the tenant filter.
/// </summary>
public sealed class RunLedger(ConnectorDb db, TimeProvider time, ImportMetrics metrics)
{
    static readonly string Queued = EnumText.Of(RunStatus.Queued), Running = EnumText.Of(RunStatus.Running);

    /// <summary>Takes the run unless another worker holds it (its heartbeat is fresh).</summary>
    public async Task<bool> ClaimAsync(Guid runId, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        var (now, tenant) = (time.GetUtcNow(), db.TenantForSql);
        return await db.Database.ExecuteSqlAsync($"""
            update import_runs set status = {Running}, started_at = coalesce(started_at, {now}), heartbeat_at = {now}
            where id = {runId} and tenant_id = {tenant}
              and (status = {Queued} or (status = {Running} and (heartbeat_at is null or heartbeat_at < {now - staleAfter})))
            """, cancellationToken) == 1;
    }

    /// <summary>What the connection last wrote for these records (any entity), in one round trip per page.</summary>
    public async Task<Dictionary<RecordKey, KnownRecord>> KnownAsync(Guid connectionId, IReadOnlyCollection<RecordKey> keys,
        CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return [];
        var rows = await db.Set<ImportedRecord>().FromSql($"""
                select r.* from imported_records r
                join unnest({keys.Select(k => EnumText.Of(k.Entity)).ToArray()}::text[], {keys.Select(k => k.IdentityKey).ToArray()}::text[])
                  as wanted(entity, identity_key) using (entity, identity_key)
                where r.connection_id = {connectionId}
                """)
            .Select(r => new { r.Entity, r.IdentityKey, r.CsmId, r.ContentHash, r.FieldHashes })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => new RecordKey(r.Entity, r.IdentityKey), r => new KnownRecord(r.CsmId, r.ContentHash,
            r.FieldHashes is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(r.FieldHashes)));
    }

    /// <summary>How many records the connection's last finished Full Import read: the estimate for a source that cannot count.</summary>
    public Task<int?> LastFullReadAsync(Guid connectionId, CancellationToken cancellationToken) =>
        db.Set<ImportRun>().AsNoTracking()
            .Where(r => r.ConnectionId == connectionId && r.Kind == RunKind.Full && r.ChangesSince == null && (r.Status == RunStatus.Succeeded || r.Status == RunStatus.Partial))
            .OrderByDescending(r => r.FinishedAt).Select(r => (int?)r.RecordsRead).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The page's records, its log entries and the run's counters and checkpoint, in one statement.</summary>
    /// <returns>Whether an admin asked the run to stop.</returns>
    public async Task<bool> CommitPageAsync(ImportRun run, SourcePage page, RunTotal? total, PageTally tally,
        IReadOnlyList<RecordWrite> writes, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        var (now, tenant) = (time.GetUtcNow(), db.TenantForSql);
        // A record written twice on one page keeps its last write (an upsert cannot touch one row twice).
        var latest = writes.GroupBy(w => w.Key).Select(g => g.Last()).ToList();
        var statement = new SqlText().Append($"""
            with written as (
                insert into imported_records (tenant_id, connection_id, entity, identity_key, csm_id, content_hash, field_hashes, last_seen_run_id, deactivated)
                select {tenant}, {run.ConnectionId}, w.entity, w.identity_key, w.csm_id, w.content_hash, w.field_hashes::jsonb, {run.Id}, false
                from unnest({latest.Select(w => EnumText.Of(w.Entity)).ToArray()}::text[], {latest.Select(w => w.IdentityKey).ToArray()}::text[],
                            {latest.Select(w => w.CsmId).ToArray()}::text[], {latest.Select(w => w.ContentHash).ToArray()}::text[],
                            {latest.Select(w => w.FieldHashes is null ? null : JsonSerializer.Serialize(w.FieldHashes)).ToArray()}::text[])
                  as w(entity, identity_key, csm_id, content_hash, field_hashes)
                on conflict (connection_id, entity, identity_key) do update set
                    csm_id = excluded.csm_id, content_hash = excluded.content_hash,
                    field_hashes = coalesce(excluded.field_hashes, imported_records.field_hashes),
                    last_seen_run_id = excluded.last_seen_run_id, deactivated = false
                where imported_records.tenant_id = excluded.tenant_id
            ), logged as (
            """).Append(EventsInsert(run.Id, now, events)).Append($"""
            )
            update import_runs set cursor = {SqlValue.Text(page.NextCursor)}, change_token = coalesce({SqlValue.Text(page.ChangeToken)}, change_token),
                heartbeat_at = {now}, total_hint = coalesce({SqlValue.Integer(total?.Count)}, total_hint),
                total_estimated = {total?.Estimated ?? false},
                records_read = records_read + {tally.Read}, created = created + {tally.Created}, updated = updated + {tally.Updated},
                unchanged = unchanged + {tally.Unchanged}, skipped = skipped + {tally.Skipped}, failed = failed + {tally.Failed}
            where id = {run.Id} and tenant_id = {tenant}
            returning cancel_requested as "Value"
            """);
        // Not composed further: PostgreSQL allows a data-modifying WITH only at the top of a statement.
        var answer = await db.Database.SqlQueryRaw<bool>(statement.Text, statement.Arguments).ToListAsync(cancellationToken);
        metrics.PageCommitted(tally);
        return answer.SingleOrDefault();
    }

    /// <summary>Fixes, before the first page, whether the run reads only what changed since <paramref name="changesSince"/>.</summary>
    public Task ReadChangesSinceAsync(Guid runId, string changesSince, CancellationToken cancellationToken) => db.Database.ExecuteSqlAsync($"""
        update import_runs set changes_since = {changesSince} where id = {runId} and tenant_id = {db.TenantForSql}
        """, cancellationToken);

    public async Task AppendEventsAsync(Guid runId, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var statement = new SqlText().Append(EventsInsert(runId, time.GetUtcNow(), events));
        await db.Database.ExecuteSqlRawAsync(statement.Text, statement.Arguments, cancellationToken);
    }

    FormattableString EventsInsert(Guid runId, DateTimeOffset at, IReadOnlyList<RunEvent> events) => $"""
        insert into import_events (tenant_id, run_id, occurred_at, level, kind, record_key, message)
        select {db.TenantForSql}, {runId}, {at}, e.level, e.kind, e.record_key, e.message
        from unnest({events.Select(e => EnumText.Of(e.Level)).ToArray()}::text[], {events.Select(e => EnumText.Of(e.Kind)).ToArray()}::text[],
                    {events.Select(e => e.RecordKey).ToArray()}::text[], {events.Select(e => e.Message).ToArray()}::text[])
          as e(level, kind, record_key, message)
        """;

    /// <returns>When the run finished.</returns>
    public async Task<DateTimeOffset> FinishAsync(Guid runId, RunStatus status, string? message, CancellationToken cancellationToken)
    {
        var finishedAt = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            update import_runs set status = {EnumText.Of(status)}, message = {SqlValue.Text(message)}, finished_at = {finishedAt}, heartbeat_at = {finishedAt}
            where id = {runId} and tenant_id = {db.TenantForSql}
            """, cancellationToken);
        return finishedAt;
    }

    /// <summary>Hands a run back to the queue (the app is stopping); the sweeper gives it to the next worker.</summary>
    public Task ReleaseAsync(Guid runId) => db.Database.ExecuteSqlAsync(
        $"update import_runs set status = {Queued} where id = {runId} and tenant_id = {db.TenantForSql} and status = {Running}");

    /// <summary>Customers this connection imported before that the finished full run did not see again.</summary>
    public Task<List<KnownCustomer>> VanishedAsync(Guid connectionId, Guid runId, int limit, CancellationToken cancellationToken) =>
        db.Set<ImportedRecord>()
            .Where(r => r.ConnectionId == connectionId && r.Entity == CsmEntity.Customer && r.LastSeenRunId != runId && !r.Deactivated)
            .OrderBy(r => r.IdentityKey).Take(limit)
            .Select(r => new KnownCustomer(r.IdentityKey, r.CsmId))
            .ToListAsync(cancellationToken);

    /// <summary>How many customers the connection has in the directory (not deactivated), and how many of them the run did not see.</summary>
    public async Task<(int Customers, int Vanished)> DeactivationShareAsync(Guid connectionId, Guid runId, CancellationToken cancellationToken) =>
        (await CustomersInDirectory(connectionId).CountAsync(cancellationToken),
         await CustomersInDirectory(connectionId).CountAsync(r => r.LastSeenRunId != runId, cancellationToken));

    public Task<int> CustomersInDirectoryAsync(Guid connectionId, CancellationToken cancellationToken) =>
        CustomersInDirectory(connectionId).CountAsync(cancellationToken);

    IQueryable<ImportedRecord> CustomersInDirectory(Guid connectionId) =>
        db.Set<ImportedRecord>().Where(r => r.ConnectionId == connectionId && r.Entity == CsmEntity.Customer && !r.Deactivated);

    /// <summary>Marks the records a Preview saw (in its own column: the ledger's last_seen_run_id belongs to Full Imports).</summary>
    public Task MarkPreviewedAsync(Guid connectionId, Guid runId, IReadOnlyList<RecordKey> keys, CancellationToken cancellationToken) =>
        keys.Count == 0 ? Task.CompletedTask : db.Database.ExecuteSqlAsync($"""
            update imported_records r set last_previewed_run_id = {runId}
            from unnest({keys.Select(k => EnumText.Of(k.Entity)).ToArray()}::text[], {keys.Select(k => k.IdentityKey).ToArray()}::text[]) as seen(entity, identity_key)
            where r.tenant_id = {db.TenantForSql} and r.connection_id = {connectionId} and r.entity = seen.entity and r.identity_key = seen.identity_key
            """, cancellationToken);

    /// <summary>Customers in the directory (not deactivated) that the Preview did not see: a Full Import would deactivate them.</summary>
    public Task<List<KnownCustomer>> PreviewVanishedAsync(Guid connectionId, Guid runId, int skip, int take, CancellationToken cancellationToken) =>
        CustomersInDirectory(connectionId).Where(r => r.LastPreviewedRunId != runId)
            .OrderBy(r => r.IdentityKey).Skip(skip).Take(take)
            .Select(r => new KnownCustomer(r.IdentityKey, r.CsmId))
            .ToListAsync(cancellationToken);

    /// <summary>Holds a run that read everything before it deactivates; no worker holds it until an admin decides.</summary>
    public Task PauseAsync(Guid runId, string message, CancellationToken cancellationToken) => db.Database.ExecuteSqlAsync($"""
        update import_runs set status = {EnumText.Of(RunStatus.Paused)}, message = {message}, heartbeat_at = {time.GetUtcNow()}
        where id = {runId} and tenant_id = {db.TenantForSql}
        """, cancellationToken);

    public Task MarkDeactivatedAsync(Guid connectionId, IReadOnlyList<string> customerKeys, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            update imported_records set deactivated = true
            where tenant_id = {db.TenantForSql} and connection_id = {connectionId} and entity = {EnumText.Of(CsmEntity.Customer)}
              and identity_key = any({customerKeys.ToArray()})
            """, cancellationToken);
}

public sealed record KnownCustomer(string IdentityKey, string CsmId);
