using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Http;
using Connector.Web.Sources;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Product;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Connector.Web.Imports;

/// <summary>
/// Executes one run: claims it, streams the source from the run's checkpoint a page at a time, has each
/// page written and committed with the next checkpoint, and reports how it ended to the observers.
/// Memory is bounded by a few pages (plus the site's organizations by name), whatever the source's size.
/// </summary>
public sealed class ImportRunner(
    ConnectorDb db, TenantContext tenantContext, RunLedger ledger, ExternalSources sources, CsmDestinations destinations, JsmClient jsm,
    FieldBuilder fields, PageWriter writer, Deactivation deactivation, IEnumerable<IRunObserver> observers, ImportMetrics metrics,
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
        catch (Exception e) when (FailureOf(e) is { } failure)
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
        var organizations = connection.Mapping.OrganizationName is null ? null : await jsm.OrganizationsAsync(tenant, cancellationToken);
        return new RunScope(run, connection, destination, organizations);
    }

    async Task<(RunStatus Status, string Summary)> ImportAsync(RunScope scope, OutgoingCallLog calls, CancellationToken cancellationToken)
    {
        var (run, source) = (scope.Run, scope.Connection.Source!);
        var totals = new PageTally(run.RecordsRead, run.Created, run.Updated, run.Unchanged, run.Skipped, run.Failed);
        var remaining = run.Kind == RunKind.Test ? TestRecords - run.RecordsRead : int.MaxValue;
        var total = await TotalAsync(run, source, cancellationToken);
        await foreach (var page in sources.ReadAsync(source, run.Cursor, PageSize, cancellationToken).Ahead(PagesAhead, cancellationToken))
        {
            if (remaining <= 0) break;
            var (tally, cancelled) = await ImportPageAsync(scope, page, remaining, total, calls, cancellationToken);
            (remaining, totals) = (remaining - tally.Read, totals + tally);
            if (cancelled) return (RunStatus.Cancelled, $"Cancelled after {totals.Read:N0} records. {totals.Describe()}");
        }
        if (Deactivation.Applies(run, scope.Connection)) await deactivation.RunAsync(scope, cancellationToken);
        return (totals.Failed > 0 ? RunStatus.Partial : RunStatus.Succeeded, $"{totals.Read:N0} records read. {totals.Describe()}");
    }

    /// <summary>For the progress bar: a Test reads 10; a CSV file knows its rows; other sources are estimated from the previous Full Import.</summary>
    async Task<RunTotal?> TotalAsync(ImportRun run, ExternalSource source, CancellationToken cancellationToken)
    {
        if (run.Kind == RunKind.Test) return new RunTotal(TestRecords, Estimated: false);
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
        await writer.WriteAsync(scope, records.Select(r => RecordMapper.Map(r, connection)).ToList(), work, cancellationToken);

        var tally = work.Tally(records.Count);
        var cancelled = await ledger.CommitPageAsync(run, page.NextCursor, total, tally, work.Writes.ToList(),
            Retries(calls).Concat(work.Events).ToList(), cancellationToken);
        logger.LogInformation("Import {RunId} committed a page: {Read} read, {Created} created, {Updated} updated, {Unchanged} unchanged, {Skipped} skipped, {Failed} failed",
            run.Id, tally.Read, tally.Created, tally.Updated, tally.Unchanged, tally.Skipped, tally.Failed);
        return (tally, cancelled);
    }

    // Not cancellable: once the outcome is known it is recorded, even while the app stops.
    async Task FinishAsync(RunOutcome outcome, OutgoingCallLog calls)
    {
        foreach (var observer in observers)
            if (await observer.AddToSummaryAsync(outcome, CancellationToken.None) is { } addition)
                outcome = outcome with { Summary = $"{outcome.Summary} {addition}" };
        var last = outcome.Failure is null
            ? new RunEvent(EventLevel.Info, EventKind.Finished, null, outcome.Summary)
            : new RunEvent(EventLevel.Error, EventKind.Stopped, null, outcome.Summary);
        await ledger.AppendEventsAsync(outcome.Run.Id, Retries(calls).Append(last).ToList(), CancellationToken.None);
        var finishedAt = await ledger.FinishAsync(outcome.Run.Id, outcome.Status, outcome.Summary, CancellationToken.None);
        metrics.RunFinished(outcome.Run, outcome.Status, finishedAt);
        foreach (var observer in observers) await observer.RecordedAsync(outcome, CancellationToken.None);
    }

    static RunFailure? FailureOf(Exception e) => e switch
    {
        RunStoppedException stopped => stopped.Failure,
        CsmUnavailableException unavailable => new RunFailure(StopCause.DestinationUnavailable, unavailable.Problem),
        SourceReadException source => new RunFailure(StopCause.SourceFailed, SourceMessage: source.Message),
        BrokenCircuitException => new RunFailure(StopCause.SiteKeptFailing),
        ProductAccessLapsedException lapsed => new RunFailure(StopCause.AccessLapsed, LapsedAt: lapsed.LapsedAt),
        _ when OutgoingCall.IsUnanswered(e) => new RunFailure(StopCause.NoAnswer),
        _ => null,
    };

    static RunStoppedException Stop(RunFailure failure) => new(failure);

    static IEnumerable<RunEvent> Retries(OutgoingCallLog calls) =>
        calls.Drain().Select(r => new RunEvent(EventLevel.Warning, EventKind.Retry, null, RunMessages.Retried(r)));
}
