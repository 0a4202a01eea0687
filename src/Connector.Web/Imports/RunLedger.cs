using Connector.Web.Platform.Database;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Web.Imports;

public readonly record struct RecordKey(string Entity, string IdentityKey);

public sealed record KnownRecord(string CsmId, string ContentHash);

public sealed record RecordWrite(string Entity, string IdentityKey, string CsmId, string ContentHash);

public sealed record RunEvent(string Level, string Kind, string? RecordKey, string Message);

public sealed record PageTally(int Read, int Created, int Updated, int Unchanged, int Skipped, int Failed);

/// <summary>
/// A run's bookkeeping in PostgreSQL, a page at a time: one query to learn what the page's records
/// looked like last time, one transaction to record what this page did together with its checkpoint.
/// A page is either fully recorded or not at all, so a resumed run repeats at most one page.
/// </summary>
public sealed class RunLedger(NpgsqlDataSource dataSource, TimeProvider time, ImportMetrics metrics)
{
    /// <summary>Takes the run unless another worker holds it (its heartbeat is fresh).</summary>
    public async Task<bool> ClaimAsync(Guid runId, Guid tenantId, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            update import_runs set status = 'running', started_at = coalesce(started_at, $3), heartbeat_at = $3
            where id = $1 and tenant_id = $2
              and (status = 'queued' or (status = 'running' and (heartbeat_at is null or heartbeat_at < $4)))
            """);
        command.Parameters.Add(new() { Value = runId });
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = now - staleAfter });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>What the connection last wrote for these records (any entity), in one round trip per page.</summary>
    public async Task<Dictionary<RecordKey, KnownRecord>> KnownAsync(Guid connectionId, IReadOnlyCollection<RecordKey> keys,
        CancellationToken cancellationToken)
    {
        var known = new Dictionary<RecordKey, KnownRecord>();
        if (keys.Count == 0) return known;
        await using var command = dataSource.CreateCommand("""
            select r.entity, r.identity_key, r.csm_id, r.content_hash
            from imported_records r
            join unnest($2::text[], $3::text[]) as wanted(entity, identity_key) using (entity, identity_key)
            where r.connection_id = $1
            """);
        command.Parameters.Add(new() { Value = connectionId });
        command.Parameters.Add(new() { Value = keys.Select(k => k.Entity).ToArray() });
        command.Parameters.Add(new() { Value = keys.Select(k => k.IdentityKey).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            known[new RecordKey(reader.GetString(0), reader.GetString(1))] = new KnownRecord(reader.GetString(2), reader.GetString(3));
        return known;
    }

    /// <returns>Whether an admin asked the run to stop.</returns>
    public async Task<bool> CommitPageAsync(Guid tenantId, Guid runId, Guid connectionId, string? cursor, int? totalHint, PageTally tally,
        IReadOnlyList<RecordWrite> writes, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new NpgsqlBatch(connection, transaction);

        if (writes.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand("""
                insert into imported_records (tenant_id, connection_id, entity, identity_key, csm_id, content_hash, last_seen_run_id, deactivated)
                select $1, $2, w.entity, w.identity_key, w.csm_id, w.content_hash, $3, false
                from unnest($4::text[], $5::text[], $6::text[], $7::text[]) as w(entity, identity_key, csm_id, content_hash)
                on conflict (connection_id, entity, identity_key) do update set
                    csm_id = excluded.csm_id, content_hash = excluded.content_hash,
                    last_seen_run_id = excluded.last_seen_run_id, deactivated = false
                """);
            upsert.Parameters.Add(new() { Value = tenantId });
            upsert.Parameters.Add(new() { Value = connectionId });
            upsert.Parameters.Add(new() { Value = runId });
            upsert.Parameters.Add(new() { Value = writes.Select(w => w.Entity).ToArray() });
            upsert.Parameters.Add(new() { Value = writes.Select(w => w.IdentityKey).ToArray() });
            upsert.Parameters.Add(new() { Value = writes.Select(w => w.CsmId).ToArray() });
            upsert.Parameters.Add(new() { Value = writes.Select(w => w.ContentHash).ToArray() });
            batch.BatchCommands.Add(upsert);
        }
        if (events.Count > 0) batch.BatchCommands.Add(EventsCommand(tenantId, runId, now, events));

        var counters = new NpgsqlBatchCommand("""
            update import_runs set cursor = $2, records_read = records_read + $3, created = created + $4, updated = updated + $5,
                unchanged = unchanged + $6, skipped = skipped + $7, failed = failed + $8, heartbeat_at = $9,
                total_hint = coalesce($10, total_hint)
            where id = $1
            returning cancel_requested
            """);
        counters.Parameters.Add(new() { Value = runId });
        counters.Parameters.Add(new() { Value = (object?)cursor ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        counters.Parameters.Add(new() { Value = tally.Read });
        counters.Parameters.Add(new() { Value = tally.Created });
        counters.Parameters.Add(new() { Value = tally.Updated });
        counters.Parameters.Add(new() { Value = tally.Unchanged });
        counters.Parameters.Add(new() { Value = tally.Skipped });
        counters.Parameters.Add(new() { Value = tally.Failed });
        counters.Parameters.Add(new() { Value = now });
        counters.Parameters.Add(new() { Value = (object?)totalHint ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        batch.BatchCommands.Add(counters);

        var cancelRequested = false;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken)) cancelRequested = reader.GetBoolean(0);
            } while (await reader.NextResultAsync(cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        metrics.PageCommitted(tally);
        return cancelRequested;
    }

    public async Task AppendEventsAsync(Guid tenantId, Guid runId, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var batch = new NpgsqlBatch(connection) { BatchCommands = { EventsCommand(tenantId, runId, time.GetUtcNow(), events) } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>When the run finished.</returns>
    public async Task<DateTimeOffset> FinishAsync(Guid runId, RunStatus status, string? message, CancellationToken cancellationToken)
    {
        var finishedAt = time.GetUtcNow();
        await using var command = dataSource.CreateCommand(
            "update import_runs set status = $2, message = $3, finished_at = $4, heartbeat_at = $4 where id = $1");
        command.Parameters.Add(new() { Value = runId });
        command.Parameters.Add(new() { Value = ConnectorDb.SnakeCase(status.ToString()) }); // as EnumText stores it
        command.Parameters.Add(new() { Value = (object?)message ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = finishedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return finishedAt;
    }

    /// <summary>Hands a run back to the queue (the app is stopping); the sweeper gives it to the next worker.</summary>
    public async Task ReleaseAsync(Guid runId)
    {
        await using var command = dataSource.CreateCommand("update import_runs set status = 'queued' where id = $1 and status = 'running'");
        command.Parameters.Add(new() { Value = runId });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Records this connection imported before that the finished full run did not see again.</summary>
    public async Task<List<(string IdentityKey, string CsmId)>> VanishedAsync(Guid connectionId, string entity, Guid runId, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select identity_key, csm_id from imported_records
            where connection_id = $1 and entity = $2 and last_seen_run_id <> $3 and not deactivated
            order by identity_key limit $4
            """);
        command.Parameters.Add(new() { Value = connectionId });
        command.Parameters.Add(new() { Value = entity });
        command.Parameters.Add(new() { Value = runId });
        command.Parameters.Add(new() { Value = limit });
        var vanished = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) vanished.Add((reader.GetString(0), reader.GetString(1)));
        return vanished;
    }

    public async Task MarkDeactivatedAsync(Guid connectionId, string entity, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "update imported_records set deactivated = true where connection_id = $1 and entity = $2 and identity_key = any($3)");
        command.Parameters.Add(new() { Value = connectionId });
        command.Parameters.Add(new() { Value = entity });
        command.Parameters.Add(new() { Value = keys.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static NpgsqlBatchCommand EventsCommand(Guid tenantId, Guid runId, DateTimeOffset now, IReadOnlyList<RunEvent> events)
    {
        var insert = new NpgsqlBatchCommand("""
            insert into import_events (tenant_id, run_id, occurred_at, level, kind, record_key, message)
            select $1, $2, $3, e.level, e.kind, e.record_key, e.message
            from unnest($4::text[], $5::text[], $6::text[], $7::text[]) as e(level, kind, record_key, message)
            """);
        insert.Parameters.Add(new() { Value = tenantId });
        insert.Parameters.Add(new() { Value = runId });
        insert.Parameters.Add(new() { Value = now });
        insert.Parameters.Add(new() { Value = events.Select(e => e.Level).ToArray() });
        insert.Parameters.Add(new() { Value = events.Select(e => e.Kind).ToArray() });
        insert.Parameters.Add(new() { Value = events.Select(e => e.RecordKey).ToArray() });
        insert.Parameters.Add(new() { Value = events.Select(e => e.Message).ToArray() });
        return insert;
    }
}
