using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace Connector.Web.Imports;

/// <summary>The "Retention" configuration section: how much run history is kept.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Run log and source history entries older than this are deleted (the runs' counters and messages stay).</summary>
    public int RunEventDays { get; set; } = 180;

    /// <summary>Finished runs kept per connection, newest first; older ones go with their log.</summary>
    public int RunsPerConnection { get; set; } = 100;

    /// <summary>Audit trail entries are kept longer than run logs: reviews look back a year or two.</summary>
    public int AuditDays { get; set; } = 730;
}

/// <summary>
/// Keeps history from growing without bound: old run log entries, source check entries and audit entries, and finished runs
/// beyond the count per connection. Runs for every tenant, so its SQL names no tenant: it only ever deletes by age and rank.
/// Active runs are never touched.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RunRetention(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RunRetention> logger)
    : IJob
{
    public static readonly JobKey Key = new("run-retention");
    static readonly string[] Finished = [EnumText.Of(RunStatus.Succeeded), EnumText.Of(RunStatus.Partial), EnumText.Of(RunStatus.Failed), EnumText.Of(RunStatus.Cancelled)];

    /// <returns>How many log entries and runs were deleted.</returns>
    public async Task<(int Events, int Runs)> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorDb>();
        var cutoff = now.AddDays(-options.Value.RunEventDays);
        var events = await db.Database.ExecuteSqlAsync($"delete from import_events where occurred_at < {cutoff}", cancellationToken);
        // A source's own history (saved, rechecked daily) ages the same way.
        events += await db.Database.ExecuteSqlAsync($"delete from source_events where occurred_at < {cutoff}", cancellationToken);
        events += await db.Database.ExecuteSqlAsync($"delete from audit_entries where at < {now.AddDays(-options.Value.AuditDays)}", cancellationToken);
        // Log entries of deleted runs go with them (ON DELETE CASCADE).
        var runs = await db.Database.ExecuteSqlAsync($"""
            delete from import_runs r using (
                select id, row_number() over (partition by connection_id order by queued_at desc) as newer
                from import_runs where status = any({Finished})) ranked
            where r.id = ranked.id and ranked.newer > {options.Value.RunsPerConnection}
            """, cancellationToken);
        if (events + runs > 0) logger.LogInformation("Retention deleted {Events} log entries older than {Cutoff} and {Runs} old runs", events, cutoff, runs);
        return (events, runs);
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await RunOnceAsync(time.GetUtcNow(), cancellationToken);
}
