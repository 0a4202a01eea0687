using System.Collections.Concurrent;
using Connector.Web.Connect.Tenants;
using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Platform.Database;
using Connector.Web.Sources;
using Connector.Web.Sources.Jira;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Imports;

/// <summary>
/// Executes one run: streams the source from the run's checkpoint, writes what changed to CSM, and
/// commits each page's outcome with the next checkpoint. Memory is bounded by one page (plus the
/// site's organizations by name), whatever the source's size.
/// </summary>
public sealed class ImportRunner(
    ConnectorDb db, TenantContext tenantContext, RunLedger ledger, SourceAdapters adapters, ExternalSources sources,
    CsmClient csm, Notifications.Alerts alerts, Quartz.ISchedulerFactory schedulers, ImportMetrics metrics, ILogger<ImportRunner> logger)
{
    public const int PageSize = 100;
    public const int TestRecords = 10;
    const int PagesAhead = 2;
    const int Parallelism = 8;
    const string CustomerEntity = "customer";
    const string OrganizationEntity = "organization";

    public async Task RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var tenant = tenantContext.RequiredTenant;
        if (!await ledger.ClaimAsync(runId, tenant.Id, ImportRunSweeper.StaleAfter, cancellationToken)) return;
        var run = await db.Set<ImportRun>().AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        var connection = await db.Set<Connection>().Include(c => c.Source).AsNoTracking().SingleAsync(c => c.Id == run.ConnectionId, cancellationToken);
        var retries = new RetryLog();
        using var observing = RetryLog.Observe(retries);
        try
        {
            var access = await db.Set<CsmAccess>().AsNoTracking().SingleOrDefaultAsync(cancellationToken)
                ?? throw new ImportStoppedException("Set up CSM access on the Settings page before importing.");
            var (status, summary) = await ImportAsync(tenant, run, connection, access, retries, cancellationToken);
            await FinishAsync(tenant, run, connection, status, summary, [new("info", "finished", null, summary)]);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The app is stopping: hand the run back; it resumes from its last checkpoint elsewhere or later.
            await ledger.ReleaseAsync(run.Id);
            throw;
        }
        catch (Exception e) when (e is ImportStoppedException or CsmUnavailableException or SourceReadException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            var reason = e is Polly.CircuitBreaker.BrokenCircuitException
                ? "Your Atlassian site failed most of our calls for a while (it was probably being updated), so the import stopped rather than keep calling it. Run it again later: what was already imported is not written again."
                : e.Message;
            if (run.Trigger == RunTrigger.Schedule && IsSiteUnavailable(e))
                reason += await NextAttemptAsync(tenant, connection);
            logger.LogWarning("Import {RunId} stopped: {Reason}", run.Id, reason);
            await FinishAsync(tenant, run, connection, RunStatus.Failed, reason, Retries(retries).Append(new("error", "stopped", null, reason)).ToList());
        }
    }

    // Not cancellable: once the outcome is known it is recorded, even while the app stops.
    async Task FinishAsync(Tenant tenant, ImportRun run, Connection connection, RunStatus status, string summary, IReadOnlyList<RunEvent> lastEvents)
    {
        await ledger.AppendEventsAsync(tenant.Id, run.Id, lastEvents, CancellationToken.None);
        var finishedAt = await ledger.FinishAsync(run.Id, status, summary, CancellationToken.None);
        metrics.RunFinished(run, status, finishedAt);
        await TellAdminsAsync(run, connection, status, summary);
    }

    static bool IsSiteUnavailable(Exception e) =>
        e is Polly.CircuitBreaker.BrokenCircuitException || e is CsmUnavailableException { Status: 502 or 503 or 504 };

    /// <summary>A scheduled run that met a site update tries again in half an hour, and says when.</summary>
    async Task<string> NextAttemptAsync(Tenant tenant, Connection connection)
    {
        var at = await Schedules.ConnectionSchedules.ScheduleRetryAsync(await schedulers.GetScheduler(), tenant, connection.Id, RetryAfterSiteUpdate, CancellationToken.None);
        var local = TimeZoneInfo.ConvertTime(at, TenantClock.ZoneOf(tenant));
        return $" Atlassian updates sites in these night hours; the next attempt is at {local:yyyy-MM-dd HH:mm} site time.";
    }

    public static readonly TimeSpan RetryAfterSiteUpdate = TimeSpan.FromMinutes(30);

    /// <summary>A failed run opens an incident (one per connection, however often it fails); a clean run closes it.</summary>
    async Task TellAdminsAsync(ImportRun run, Connection connection, RunStatus status, string summary)
    {
        var (failedKey, recordsKey, link) = ($"run-failed:{connection.Id}", $"record-errors:{connection.Id}", $"/runs/{run.Id}");
        switch (status)
        {
            case RunStatus.Failed:
                await alerts.RaiseAsync(failedKey, Notifications.AlertKind.RunFailed, $"The import of “{connection.Name}” failed", summary, link, CancellationToken.None);
                break;
            case RunStatus.Partial:
                await alerts.ResolveAsync(failedKey, $"“{connection.Name}” imports again.", CancellationToken.None);
                await alerts.RaiseAsync(recordsKey, Notifications.AlertKind.RecordErrors, $"Some records of “{connection.Name}” could not be imported", summary, link, CancellationToken.None);
                break;
            case RunStatus.Succeeded:
                await alerts.ResolveAsync(failedKey, $"The import of “{connection.Name}” succeeded again: {summary}", CancellationToken.None);
                await alerts.ResolveAsync(recordsKey, $"The latest import of “{connection.Name}” had no record errors: {summary}", CancellationToken.None);
                break;
        }
    }

    async Task<(RunStatus Status, string Summary)> ImportAsync(
        Tenant tenant, ImportRun run, Connection connection, CsmAccess access, RetryLog retries, CancellationToken cancellationToken)
    {
        await RequireBuiltFieldsAsync(tenant, access, connection, cancellationToken);
        var source = connection.Source!;
        var sourceAccess = new SourceAccess(tenant.Id, source.Settings, sources.StoredSecret(source));
        var organizations = connection.Mapping.OrganizationName is null ? null : await csm.OrganizationsAsync(tenant, cancellationToken);
        var totals = new PageTally(run.RecordsRead, run.Created, run.Updated, run.Unchanged, run.Skipped, run.Failed);
        var remaining = run.Kind == RunKind.Test ? TestRecords - run.RecordsRead : int.MaxValue;
        var totalHint = run.Kind == RunKind.Test ? TestRecords : source.Settings.RowCount;
        var cancelled = false;

        await foreach (var page in adapters.For(source.Type).ReadAsync(sourceAccess, run.Cursor, PageSize, cancellationToken).Ahead(PagesAhead, cancellationToken))
        {
            if (remaining <= 0) break;
            var records = page.Records.Take(remaining).ToList();
            // last_seen_run_id only matters to the deactivation policies: with Ignore, an unchanged record costs no write at all.
            var result = new PageWork(logEveryRecord: run.Kind == RunKind.Test, recordUnchanged: connection.DeactivationPolicy != DeactivationPolicy.Ignore);
            foreach (var problem in page.Problems.Take(Math.Max(0, remaining - records.Count)))
                result.Skip(problem.Where, $"{problem.Where}: {problem.Problem}");
            await WritePageAsync(tenant, connection, access, organizations, records.Select(r => RecordMapper.Map(r, connection)).ToList(), result, cancellationToken);

            var tally = result.Tally(records.Count + result.SourceProblems);
            remaining -= tally.Read;
            totals = Add(totals, tally);
            cancelled = await ledger.CommitPageAsync(tenant.Id, run.Id, connection.Id, page.NextCursor, totalHint, tally, result.Writes.ToList(),
                Retries(retries).Concat(result.Events).ToList(), cancellationToken);
            if (cancelled) break;
        }

        if (cancelled) return (RunStatus.Cancelled, $"Cancelled after {totals.Read:N0} records. {Describe(totals)}");
        if (run.Kind == RunKind.Full && connection.DeactivationPolicy != DeactivationPolicy.Ignore && connection.ImportsCustomers)
            await DeactivateVanishedAsync(tenant, connection, access, run.Id, cancellationToken);
        var status = totals.Failed > 0 ? RunStatus.Partial : RunStatus.Succeeded;
        return (status, $"{totals.Read:N0} records read. {Describe(totals)}");
    }

    async Task WritePageAsync(Tenant tenant, Connection connection, CsmAccess access, Dictionary<string, string>? organizations,
        IReadOnlyList<MappedRecord> mapped, PageWork work, CancellationToken cancellationToken)
    {
        List<MappedOrganization> pageOrganizations = organizations is null ? [] : OrganizationsOf(connection, mapped);
        IEnumerable<RecordKey> customerKeys = connection.ImportsCustomers ? mapped.Where(m => m.Customer is not null).Select(m => new RecordKey(CustomerEntity, m.IdentityKey)) : [];
        // One lookup for the page's organizations and customers: on a re-run with few changes these round trips are most of the time.
        var known = await ledger.KnownAsync(connection.Id,
            pageOrganizations.Select(o => new RecordKey(OrganizationEntity, o.IdentityKey)).Concat(customerKeys).Distinct().ToList(), cancellationToken);
        var organizationIds = await EnsureOrganizationsAsync(tenant, connection, access, organizations, pageOrganizations, known, work, cancellationToken);
        if (!connection.ImportsCustomers)
        {
            foreach (var record in mapped.Where(r => r.Organization is null)) work.Fail(record.IdentityKey, string.Join("; ", record.Problems));
            return;
        }

        // Only records with something to write go to the parallel writers; the rest are settled here.
        var changed = new List<(MappedRecord Record, MappedCustomer Customer, string Hash, KnownRecord? Before)>();
        foreach (var record in mapped)
        {
            if (record.Customer is not { } customer)
            {
                work.Skip(record.IdentityKey, $"{record.SourceId} {string.Join("; ", record.Problems)}");
                continue;
            }
            if (record.Problems.Count > 0)
            {
                work.Fail(record.IdentityKey, $"{record.IdentityKey} {string.Join("; ", record.Problems)}");
                continue;
            }
            var hash = record.ContentHash;
            var before = known.GetValueOrDefault(new RecordKey(CustomerEntity, record.IdentityKey));
            if (before?.ContentHash == hash) work.Unchanged(new RecordWrite(CustomerEntity, record.IdentityKey, before.CsmId, hash));
            else changed.Add((record, customer, hash, before));
        }

        var memberships = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        await Parallel.ForEachAsync(changed, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var (record, customer, hash, before) = item;
            var (id, created, problem) = before is null
                ? await csm.EnsureCustomerAsync(tenant, customer, ct)
                : (before.CsmId, false, null);
            if (id is null)
            {
                work.Fail(record.IdentityKey, $"{record.IdentityKey}: the customer could not be created ({problem})");
                return;
            }
            var problems = new List<string>();
            foreach (var (field, values) in customer.Details)
                if (await csm.SetDetailAsync(tenant, access, CsmEntity.Customer, id, field, values, ct) is { } detailProblem) problems.Add(detailProblem);
            if (record.Organization is { } organization && organizationIds.TryGetValue(organization.IdentityKey, out var organizationId))
                memberships.GetOrAdd(organizationId, _ => []).Add(id);

            // A record with a refused value keeps an empty hash, so the next run tries it again.
            var write = new RecordWrite(CustomerEntity, record.IdentityKey, id, problems.Count == 0 ? hash : "");
            if (problems.Count > 0) work.Fail(record.IdentityKey, $"{record.IdentityKey}: {string.Join("; ", problems)}", write);
            else if (created) work.Created(write);
            else work.Updated(write);
        });

        foreach (var (organizationId, members) in memberships)
            if (await csm.SetMembersAsync(tenant, organizationId, members.Distinct().ToList(), add: true, cancellationToken) is { } problem)
                work.Event("warning", "membership_failed", organizationId, $"Customers could not be added to organization {organizationId}: {problem}");
    }

    /// <summary>The page's organizations, once each (an organization-only import keeps those whose customer part has problems).</summary>
    static List<MappedOrganization> OrganizationsOf(Connection connection, IReadOnlyList<MappedRecord> mapped) =>
        mapped.Where(m => m.Organization is not null && (m.Problems.Count == 0 || !connection.ImportsCustomers))
            .Select(m => m.Organization!).DistinctBy(o => o.IdentityKey).ToList();

    /// <summary>Creates (or finds) each organization of the page once, sets its details when they changed.</summary>
    async Task<Dictionary<string, string>> EnsureOrganizationsAsync(Tenant tenant, Connection connection, CsmAccess access,
        Dictionary<string, string>? byName, IReadOnlyList<MappedOrganization> organizations, Dictionary<RecordKey, KnownRecord> known,
        PageWork work, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        if (byName is null) return ids;
        foreach (var organization in organizations)
        {
            var hash = new MappedRecord(organization.IdentityKey, null, organization, []).ContentHash;
            if (known.TryGetValue(new RecordKey(OrganizationEntity, organization.IdentityKey), out var before) && before.ContentHash == hash)
            {
                ids[organization.IdentityKey] = before.CsmId;
                if (!connection.ImportsCustomers) work.Unchanged(new RecordWrite(OrganizationEntity, organization.IdentityKey, before.CsmId, hash));
                continue;
            }
            var created = false;
            var id = before?.CsmId ?? byName.GetValueOrDefault(organization.Name);
            if (id is null)
            {
                var (newId, problem) = await csm.CreateOrganizationAsync(tenant, organization.Name, cancellationToken);
                if (newId is null)
                {
                    work.Fail(organization.IdentityKey, $"Organization {organization.Name} could not be created: {problem}");
                    continue;
                }
                (id, created) = (newId, true);
                byName[organization.Name] = id;
            }
            var problems = new List<string>();
            if (connection.ImportsOrganizations)
                foreach (var (field, values) in organization.Details)
                    if (await csm.SetDetailAsync(tenant, access, CsmEntity.Organization, id, field, values, cancellationToken) is { } detailProblem)
                        problems.Add(detailProblem);
            ids[organization.IdentityKey] = id;
            var write = new RecordWrite(OrganizationEntity, organization.IdentityKey, id, problems.Count == 0 ? hash : "");
            if (problems.Count > 0) work.Fail(organization.IdentityKey, $"Organization {organization.Name}: {string.Join("; ", problems)}", write);
            else if (!connection.ImportsCustomers && created) work.Created(write);
            else if (!connection.ImportsCustomers) work.Updated(write);
            else work.Record(write);
        }
        return ids;
    }

    /// <summary>Stops before writing anything when the mapping needs detail fields that Build has not created.</summary>
    async Task RequireBuiltFieldsAsync(Tenant tenant, CsmAccess access, Connection connection, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var entity in new[] { CsmEntity.Customer, CsmEntity.Organization })
        {
            var wanted = connection.Mapping.Details.Where(d => d.Entity == entity).Select(d => d.Field).ToList();
            if (entity == CsmEntity.Customer && connection.DeactivationPolicy == DeactivationPolicy.MarkInactive) wanted.Add(FieldMapping.StatusField);
            if (entity == CsmEntity.Customer ? !connection.ImportsCustomers : !connection.ImportsOrganizations) continue;
            if (wanted.Count == 0) continue;
            var existing = (await csm.FieldsAsync(tenant, access, entity, cancellationToken)).Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            missing.AddRange(wanted.Where(w => !existing.Contains(w)).Distinct(StringComparer.OrdinalIgnoreCase));
        }
        if (missing.Count > 0)
            throw new ImportStoppedException($"Run Build first: the detail field{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} do{(missing.Count == 1 ? "es" : "")} not exist in CSM yet.");
    }

    async Task DeactivateVanishedAsync(Tenant tenant, Connection connection, CsmAccess access, Guid runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var vanished = await ledger.VanishedAsync(connection.Id, CustomerEntity, runId, PageSize, cancellationToken);
            if (vanished.Count == 0) return;
            var events = new List<RunEvent>();
            foreach (var (key, csmId) in vanished)
            {
                var problem = connection.DeactivationPolicy == DeactivationPolicy.MarkInactive
                    ? await csm.SetDetailAsync(tenant, access, CsmEntity.Customer, csmId, FieldMapping.StatusField, ["Inactive"], cancellationToken)
                    : await csm.LeaveOrganizationsAsync(tenant, access, csmId, cancellationToken);
                events.Add(problem is null
                    ? new RunEvent("info", "deactivated", key, $"{key} is no longer in the source: {(connection.DeactivationPolicy == DeactivationPolicy.MarkInactive ? "marked Inactive" : "removed from its organizations")}.")
                    : new RunEvent("error", "deactivation_failed", key, $"{key} is no longer in the source, but: {problem}"));
            }
            await ledger.MarkDeactivatedAsync(connection.Id, CustomerEntity, vanished.Select(v => v.IdentityKey).ToList(), cancellationToken);
            await ledger.AppendEventsAsync(tenant.Id, runId, events, cancellationToken);
        }
    }

    static IEnumerable<RunEvent> Retries(RetryLog retries) => retries.Drain().Select(r => new RunEvent("warning", "retry", null, r));

    static PageTally Add(PageTally a, PageTally b) =>
        new(a.Read + b.Read, a.Created + b.Created, a.Updated + b.Updated, a.Unchanged + b.Unchanged, a.Skipped + b.Skipped, a.Failed + b.Failed);

    static string Describe(PageTally t) =>
        $"{t.Created:N0} created, {t.Updated:N0} updated, {t.Unchanged:N0} unchanged, {t.Skipped:N0} skipped, {t.Failed:N0} failed.";

    /// <summary>What one page did, gathered from parallel workers.</summary>
    sealed class PageWork(bool logEveryRecord, bool recordUnchanged)
    {
        readonly ConcurrentQueue<RecordWrite> writes = new();
        readonly ConcurrentQueue<RunEvent> events = new();
        int created, updated, unchanged, skipped, failed, sourceProblems;

        public IEnumerable<RecordWrite> Writes => writes;
        public IEnumerable<RunEvent> Events => events;
        public int SourceProblems => sourceProblems;

        public void Created(RecordWrite write) { Interlocked.Increment(ref created); Done(write, "created"); }
        public void Updated(RecordWrite write) { Interlocked.Increment(ref updated); Done(write, "updated"); }
        public void Unchanged(RecordWrite write)
        {
            Interlocked.Increment(ref unchanged);
            if (recordUnchanged || logEveryRecord) Done(write, "unchanged");
        }

        // A Test run shows every record's outcome; a full run logs only problems, or 100,000 records would write 100,000 lines.
        void Done(RecordWrite write, string outcome)
        {
            writes.Enqueue(write);
            if (logEveryRecord) events.Enqueue(new RunEvent("info", $"record_{outcome}", write.IdentityKey, $"{write.IdentityKey}: {outcome}."));
        }
        public void Record(RecordWrite write) => writes.Enqueue(write);

        public void Skip(string key, string why)
        {
            if (key.StartsWith("line ")) Interlocked.Increment(ref sourceProblems);
            Interlocked.Increment(ref skipped);
            events.Enqueue(new RunEvent("warning", "record_skipped", key, why.Trim()));
        }

        public void Fail(string key, string why, RecordWrite? partial = null)
        {
            Interlocked.Increment(ref failed);
            if (partial is not null) writes.Enqueue(partial);
            events.Enqueue(new RunEvent("error", "record_failed", key, why));
        }

        public void Event(string level, string kind, string? key, string message) => events.Enqueue(new RunEvent(level, kind, key, message));

        public PageTally Tally(int read) => new(read, created, updated, unchanged, skipped, failed);
    }
}
