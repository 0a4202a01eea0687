using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Http;
using Connector.Web.Sources;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connector.Web.Imports;

/// <summary>
/// Executes one run: claims it, streams the source from the run's checkpoint a page at a time, has each
/// page written and committed with the next checkpoint, and reports how it ended to the observers.
/// Memory is bounded by a few pages (plus the site's organizations by name), whatever the source's size.
/// </summary>
public sealed class ImportRunner(
    ConnectorDb db, TenantContext tenantContext, RunLedger ledger, ExternalSources sources, CsmDestinations destinations, JsmClient jsm,
    FieldBuilder fields, PageWriter writer, PreviewWriter preview, Deactivation deactivation, ChangeReads changeReads, IEnumerable<IRunObserver> observers,
    ImportMetrics metrics,
    IOptions<ImportsOptions> options, ILogger<ImportRunner> logger)
{
    public const int PageSize = 100;
    public const int TestRecords = 10;
    const int PagesAhead = 2;

    public async Task RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (!await ledger.ClaimAsync(runId, options.Value.StaleRunAfter, cancellationToken)) return;
        var run = await db.Set<ImportRun>().AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        var connection = await db.Set<Connection>().Include(c => c.Source).AsNoTracking().SingleAsync(c => c.Id == run.ConnectionId, cancellationToken);
        var calls = new OutgoingCallLog();
        using var observing = OutgoingCallLog.Observe(calls);
        RunOutcome outcome;
        try
        {
            var (status, summary) = await ImportAsync(await OpenAsync(run, connection, cancellationToken), calls, cancellationToken);
            outcome = new RunOutcome(run, connection, status, summary);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The app is stopping: hand the run back; it resumes from its last checkpoint elsewhere or later.
            await ledger.ReleaseAsync(run.Id);
            throw;
        }
        catch (Exception e) when (RunFailure.Of(e) is { } failure)
        {
            logger.LogWarning("Import {RunId} stopped: {Cause} {Problem}", run.Id, failure.Cause, failure.Problem);
            outcome = new RunOutcome(run, connection, RunStatus.Failed, RunMessages.Describe(failure), failure);
        }
        await FinishAsync(outcome, calls);
    }

    /// <summary>Everything a run needs before its first page; stops before writing anything when it cannot succeed.</summary>
    async Task<RunScope> OpenAsync(ImportRun run, Connection connection, CancellationToken cancellationToken)
    {
        var tenant = tenantContext.RequiredTenant;
        var destination = await destinations.FindAsync(tenant, cancellationToken) ?? throw Stop(new RunFailure(StopCause.NoDestination));
        if (await fields.MissingAsync(destination, connection, cancellationToken) is { Count: > 0 } missing)
            throw Stop(new RunFailure(StopCause.FieldsMissing, MissingFields: missing));
        var organizations = connection.Mapping.OrganizationName is null ? null : await jsm.OrganizationsAsync(destination, cancellationToken);
        await DecideReadAsync(run, connection, cancellationToken);
        return new RunScope(run, connection, destination, organizations);
    }

    /// <summary>Before the first page: whether this Full Import reads everything or only what changed (kept when it resumes).</summary>
    async Task DecideReadAsync(ImportRun run, Connection connection, CancellationToken cancellationToken)
    {
        if (run.ReadsChangesOnly || run.Cursor is not null || run.RecordsRead > 0 || run.DeactivationConfirmed) return;
        if (await changeReads.SinceAsync(run, connection, cancellationToken) is not { } since) return;
        await ledger.ReadChangesSinceAsync(run.Id, since, cancellationToken);
        await ledger.AppendEventsAsync(run.Id, [new RunEvent(EventLevel.Info, EventKind.ChangesOnly, null, RunMessages.ChangesOnly(options.Value.FullReadEvery))],
            cancellationToken);
        run.ChangesSince = since;
    }

    async Task<(RunStatus Status, string Summary)> ImportAsync(RunScope scope, OutgoingCallLog calls, CancellationToken cancellationToken)
    {
        var (run, source) = (scope.Run, scope.Connection.Source!);
        var totals = new PageTally(run.RecordsRead, run.Created, run.Updated, run.Unchanged, run.Skipped, run.Failed);
        // Confirmed at the safety stop: the source was read to the end before the pause; only deactivation is left.
        if (run.DeactivationConfirmed) return await DeactivateAsync(scope, totals, cancellationToken);
        var remaining = run.Kind == RunKind.Test ? TestRecords - run.RecordsRead : int.MaxValue;
        var total = await TotalAsync(run, source, cancellationToken);
        var pages = run.ChangesSince is { } since
            ? sources.ReadChangesAsync(source, since, run.Cursor, PageSize, cancellationToken)
            : sources.ReadAsync(source, run.Cursor, PageSize, cancellationToken);
        await foreach (var page in pages.Ahead(PagesAhead, cancellationToken))
        {
            if (remaining <= 0) break;
            var (tally, cancelled) = await ImportPageAsync(scope, page, remaining, total, calls, cancellationToken);
            (remaining, totals) = (remaining - tally.Read, totals + tally);
            if (cancelled) return (RunStatus.Cancelled, $"Cancelled after {totals.Read:N0} records. {totals.Describe()}");
        }
        if (run.Kind == RunKind.Preview) return (RunStatus.Succeeded, await preview.FinishAsync(scope, totals, cancellationToken));
        if (Deactivation.Applies(run, scope.Connection) && await deactivation.HoldAsync(scope, cancellationToken) is { } hold)
            return (RunStatus.Paused, hold);
        return await DeactivateAsync(scope, totals, cancellationToken);
    }

    async Task<(RunStatus Status, string Summary)> DeactivateAsync(RunScope scope, PageTally totals, CancellationToken cancellationToken)
    {
        if (Deactivation.Applies(scope.Run, scope.Connection)) await deactivation.RunAsync(scope, cancellationToken);
        var read = scope.Run.ReadsChangesOnly ? $"Only what changed was read: {totals.Read:N0} records." : $"{totals.Read:N0} records read.";
        return (totals.Failed > 0 ? RunStatus.Partial : RunStatus.Succeeded, $"{read} {totals.Describe()}");
    }

    /// <summary>
    /// For the progress bar: a Test reads 10; a CSV file knows its rows; other sources are estimated from the previous Full
    /// Import that read everything; how much changed is not known before it is read.
    /// </summary>
    async Task<RunTotal?> TotalAsync(ImportRun run, ExternalSource source, CancellationToken cancellationToken)
    {
        if (run.Kind == RunKind.Test) return new RunTotal(TestRecords, Estimated: false);
        if (run.ReadsChangesOnly) return null;
        if (source.Settings.RowCount is { } rows) return new RunTotal(rows, Estimated: false);
        return await ledger.LastFullReadAsync(run.ConnectionId, cancellationToken) is > 0 and var previous ? new RunTotal(previous, Estimated: true) : null;
    }

    /// <returns>What the page did, and whether an admin asked the run to stop.</returns>
    async Task<(PageTally Tally, bool Cancelled)> ImportPageAsync(RunScope scope, SourcePage page, int remaining, RunTotal? total, OutgoingCallLog calls,
        CancellationToken cancellationToken)
    {
        var (run, connection) = (scope.Run, scope.Connection);
        var records = page.Records.Take(remaining).ToList();
        // last_seen_run_id only matters to the deactivation policies: with Ignore, an unchanged record costs no write at all.
        var work = new PageWork(logEveryRecord: run.Kind == RunKind.Test, recordUnchanged: connection.DeactivationPolicy != DeactivationPolicy.Ignore);
        foreach (var problem in page.Problems.Take(Math.Max(0, remaining - records.Count))) work.SkipUnreadable(problem.Where, problem.Problem);
        var mapped = records.Select(r => RecordMapper.Map(r, connection)).ToList();
        await (run.Kind == RunKind.Preview ? preview.WriteAsync(scope, mapped, work, cancellationToken) : writer.WriteAsync(scope, mapped, work, cancellationToken));

        var tally = work.Tally(records.Count);
        // A preview's counters, log and checkpoint are kept like any run's; the ledger is not touched.
        var cancelled = await ledger.CommitPageAsync(run, page, total, tally, run.Kind == RunKind.Preview ? [] : work.Writes.ToList(),
            Retries(calls).Concat(work.Events).ToList(), cancellationToken);
        logger.LogInformation("Import {RunId} committed a page: {Read} read, {Created} created, {Updated} updated, {Unchanged} unchanged, {Skipped} skipped, {Failed} failed",
            run.Id, tally.Read, tally.Created, tally.Updated, tally.Unchanged, tally.Skipped, tally.Failed);
        return (tally, cancelled);
    }

    // Not cancellable: once the outcome is known it is recorded, even while the app stops. A paused run is recorded as
    // waiting (no finish time, no metrics): it ends when an admin confirms or cancels.
    async Task FinishAsync(RunOutcome outcome, OutgoingCallLog calls)
    {
        foreach (var observer in observers)
            if (await observer.AddToSummaryAsync(outcome, CancellationToken.None) is { } addition)
                outcome = outcome with { Summary = $"{outcome.Summary} {addition}" };
        await ledger.AppendEventsAsync(outcome.Run.Id, Retries(calls).Append(LastEvent(outcome)).ToList(), CancellationToken.None);
        await changeReads.RememberAsync(outcome, CancellationToken.None);
        if (outcome.Status == RunStatus.Paused) await ledger.PauseAsync(outcome.Run.Id, outcome.Summary, CancellationToken.None);
        else metrics.RunFinished(outcome.Run, outcome.Status, await ledger.FinishAsync(outcome.Run.Id, outcome.Status, outcome.Summary, CancellationToken.None));
        foreach (var observer in observers) await observer.RecordedAsync(outcome, CancellationToken.None);
    }

    static RunEvent LastEvent(RunOutcome outcome) => outcome switch
    {
        { Status: RunStatus.Paused } => new(EventLevel.Warning, EventKind.Paused, null, outcome.Summary),
        { Failure: not null } => new(EventLevel.Error, EventKind.Stopped, null, outcome.Summary),
        _ => new(EventLevel.Info, EventKind.Finished, null, outcome.Summary),
    };

    static RunStoppedException Stop(RunFailure failure) => new(failure);

    static IEnumerable<RunEvent> Retries(OutgoingCallLog calls) =>
        calls.Drain().Select(r => new RunEvent(EventLevel.Warning, EventKind.Retry, null, RunMessages.Retried(r)));
}
