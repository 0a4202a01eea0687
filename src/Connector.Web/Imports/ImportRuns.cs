using Connector.Web.Connections;
using Connector.Web.Platform.Database;
using Connector.Web.Tenancy.Audit;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Connector.Web.Imports;

public sealed record StartOutcome(ImportRun Run, bool AlreadyRunning);

/// <summary>When a connection last finished a Test and a Full Import that wrote what it read (succeeded or partial).</summary>
public sealed record StepsDone(DateTimeOffset? Tested, DateTimeOffset? Imported);

/// <summary>
/// Starting, finding and cancelling runs. PostgreSQL decides who wins a race to start: a partial unique
/// index admits one queued or running run per connection, and a start that loses simply inserts nothing.
/// </summary>
public sealed class ImportRuns(ConnectorDb db, ISchedulerFactory schedulers, AuditTrail audit, TimeProvider time)
{
    static readonly string Queued = EnumText.Of(RunStatus.Queued), Running = EnumText.Of(RunStatus.Running), Paused = EnumText.Of(RunStatus.Paused);

    public async Task<StartOutcome> StartAsync(Connection connection, RunKind kind, RunTrigger trigger, string? requestedBy,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var run = new ImportRun
            {
                TenantId = db.TenantForSql, ConnectionId = connection.Id, Kind = kind, Trigger = trigger, RequestedBy = requestedBy, QueuedAt = time.GetUtcNow(),
            };
            if (await InsertAsync(run, cancellationToken))
            {
                await ImportRunJob.ScheduleAsync(await schedulers.GetScheduler(cancellationToken), run, cancellationToken);
                // Scheduled runs are in the run history; the trail records what people did.
                if (trigger == RunTrigger.User)
                    await audit.RecordAsync(AuditAction.RunStarted, connection.Name, [new AuditChange("Kind", null, KindWords(kind))], cancellationToken);
                return new StartOutcome(run, AlreadyRunning: false);
            }
            if (await ActiveAsync(connection.Id, cancellationToken) is { } active) return new StartOutcome(active, AlreadyRunning: true);
            if (attempt > 3) throw new InvalidOperationException("The active run of a connection kept finishing just as another was started.");
        }
    }

    async Task<bool> InsertAsync(ImportRun run, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            insert into import_runs (id, tenant_id, connection_id, kind, trigger, requested_by, status, queued_at)
            values ({run.Id}, {run.TenantId}, {run.ConnectionId}, {EnumText.Of(run.Kind)}, {EnumText.Of(run.Trigger)},
                    {SqlValue.Text(run.RequestedBy)}, {Queued}, {run.QueuedAt})
            on conflict (connection_id) where status in ('queued', 'running', 'paused') do nothing
            """, cancellationToken) == 1;

    public Task<ImportRun?> ActiveAsync(Guid connectionId, CancellationToken cancellationToken) =>
        db.Set<ImportRun>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.ConnectionId == connectionId && ImportRun.ActiveStatuses.Contains(r.Status), cancellationToken);

    public Task<ImportRun?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<ImportRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>The latest run of every connection, in one query.</summary>
    public async Task<Dictionary<Guid, ImportRun>> LatestByConnectionAsync(CancellationToken cancellationToken) =>
        (await db.Set<ImportRun>().AsNoTracking().GroupBy(r => r.ConnectionId).Select(g => g.OrderByDescending(r => r.QueuedAt).First())
            .ToListAsync(cancellationToken)).ToDictionary(r => r.ConnectionId);

    /// <summary>Steps 2 and 3 of every connection, in one query.</summary>
    public async Task<Dictionary<Guid, StepsDone>> StepsDoneAsync(CancellationToken cancellationToken) =>
        (await db.Set<ImportRun>().AsNoTracking()
            .Where(r => r.Status == RunStatus.Succeeded || r.Status == RunStatus.Partial)
            .GroupBy(r => r.ConnectionId)
            .Select(g => new
            {
                ConnectionId = g.Key,
                Tested = g.Where(r => r.Kind == RunKind.Test).Max(r => r.FinishedAt),
                Imported = g.Where(r => r.Kind == RunKind.Full).Max(r => r.FinishedAt),
            })
            .ToListAsync(cancellationToken)).ToDictionary(s => s.ConnectionId, s => new StepsDone(s.Tested, s.Imported));

    /// <summary>
    /// Asks a run to stop at its next page boundary, so what it wrote stays consistent. A run paused at the safety stop
    /// has no worker to ask: it is cancelled at once, with nobody deactivated.
    /// </summary>
    public async Task<bool> RequestCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var asked = await db.Database.ExecuteSqlAsync($"""
            update import_runs set cancel_requested = true,
                status = case when status = {Paused} then {EnumText.Of(RunStatus.Cancelled)} else status end,
                message = case when status = {Paused} then {RunMessages.PausedRunCancelled} else message end,
                finished_at = case when status = {Paused} then {now} else finished_at end
            where id = {id} and tenant_id = {db.TenantForSql} and status in ({Queued}, {Running}, {Paused})
            """, cancellationToken) > 0;
        if (asked) await AuditAsync(AuditAction.RunCancelled, id, cancellationToken);
        return asked;
    }

    /// <summary>An admin confirms the deactivation a run paused for: it is queued again and goes straight to deactivating.</summary>
    public async Task<bool> ConfirmDeactivationAsync(Guid id, CancellationToken cancellationToken)
    {
        var confirmed = await db.Database.ExecuteSqlAsync($"""
            update import_runs set deactivation_confirmed = true, status = {Queued}
            where id = {id} and tenant_id = {db.TenantForSql} and status = {Paused}
            """, cancellationToken) > 0;
        if (!confirmed) return false;
        var run = await db.Set<ImportRun>().AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken);
        await ImportRunJob.ScheduleAsync(await schedulers.GetScheduler(cancellationToken), run, cancellationToken);
        await AuditAsync(AuditAction.DeactivationConfirmed, id, cancellationToken);
        return true;
    }

    async Task AuditAsync(AuditAction action, Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.Set<ImportRun>().AsNoTracking().Where(r => r.Id == runId)
            .Join(db.Set<Connection>(), r => r.ConnectionId, c => c.Id, (r, c) => new { r.Kind, c.Name }).SingleAsync(cancellationToken);
        await audit.RecordAsync(action, run.Name, [new AuditChange("Kind", null, KindWords(run.Kind))], cancellationToken);
    }

    public static string KindWords(RunKind kind) => kind switch
    {
        RunKind.Test => "Test",
        RunKind.Preview => "Preview changes",
        _ => "Full Import",
    };
}
