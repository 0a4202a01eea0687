using Connector.Web.Connections;
using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Quartz;

namespace Connector.Web.Imports;

public sealed record StartOutcome(ImportRun Run, bool AlreadyRunning);

/// <summary>Starting, finding and cancelling runs. PostgreSQL decides who wins a race to start.</summary>
public sealed class ImportRuns(ConnectorDb db, ISchedulerFactory schedulers, TimeProvider time)
{
    public async Task<StartOutcome> StartAsync(Connection connection, RunKind kind, RunTrigger trigger, string? requestedBy,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var run = new ImportRun
            {
                ConnectionId = connection.Id, Kind = kind, Trigger = trigger, RequestedBy = requestedBy, QueuedAt = time.GetUtcNow(),
            };
            db.Add(run);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await ImportRunJob.ScheduleAsync(await schedulers.GetScheduler(cancellationToken), run, cancellationToken);
                return new StartOutcome(run, AlreadyRunning: false);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "import_runs_one_active" })
            {
                db.Entry(run).State = EntityState.Detached;
                if (await ActiveAsync(connection.Id, cancellationToken) is { } active) return new StartOutcome(active, AlreadyRunning: true);
                if (attempt > 3) throw; // the active run keeps finishing just as we look; give up rather than spin
            }
        }
    }

    public Task<ImportRun?> ActiveAsync(Guid connectionId, CancellationToken cancellationToken) =>
        db.Set<ImportRun>().FirstOrDefaultAsync(r => r.ConnectionId == connectionId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken);

    public Task<ImportRun?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<ImportRun>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>The latest run of every connection, in one query.</summary>
    public async Task<Dictionary<Guid, ImportRun>> LatestByConnectionAsync(CancellationToken cancellationToken) =>
        (await db.Set<ImportRun>().GroupBy(r => r.ConnectionId).Select(g => g.OrderByDescending(r => r.QueuedAt).First()).ToListAsync(cancellationToken))
            .ToDictionary(r => r.ConnectionId);

    /// <summary>Asks a run to stop at its next page boundary, so what it wrote stays consistent.</summary>
    public async Task<bool> RequestCancelAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<ImportRun>().Where(r => r.Id == id && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), cancellationToken) > 0;
}
