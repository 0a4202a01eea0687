using System.Collections.Concurrent;
using Connector.Web.Connections;
using Connector.Web.Csm;

namespace Connector.Web.Imports;

/// <summary>
/// Preview changes, a page at a time: what a Full Import would do with each record, counted like a run and logged per
/// record (created with its values; updated with each value old → new, as the directory holds it now; organizations it
/// would join), without writing to the directory or the ledger. A customer the connection never wrote but the directory
/// already holds (same email) is an update, as the Full Import would link it and write its values. Records it saw are
/// marked, so the customers a Full Import would deactivate can be listed at the end.
/// </summary>
public sealed class PreviewWriter(CsmClient csm, JsmClient jsm, RunLedger ledger)
{
    const int Parallelism = 8, DeactivationPage = 500;
    int organizationMoves;

    public async Task WriteAsync(RunScope scope, IReadOnlyList<MappedRecord> mapped, PageWork work, CancellationToken cancellationToken)
    {
        var connection = scope.Connection;
        var entity = connection.ImportsCustomers ? CsmEntity.Customer : CsmEntity.Organization;
        var unique = connection.ImportsCustomers ? PageWriter.FirstOfEachIdentity(mapped, work) : mapped.DistinctBy(r => r.IdentityKey).ToList();
        var keys = unique.Select(r => new RecordKey(entity, KeyOf(r, entity))).ToList();
        var known = await ledger.KnownAsync(connection.Id, keys, cancellationToken);
        await Parallel.ForEachAsync(unique, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (record, ct) => await PreviewAsync(scope, record, known.GetValueOrDefault(new RecordKey(entity, KeyOf(record, entity))), work, ct));
        await ledger.MarkPreviewedAsync(connection.Id, scope.Run.Id, keys, cancellationToken);
    }

    static string KeyOf(MappedRecord record, CsmEntity entity) => entity == CsmEntity.Customer ? record.IdentityKey : record.Organization?.IdentityKey ?? record.IdentityKey;

    async Task PreviewAsync(RunScope scope, MappedRecord record, KnownRecord? before, PageWork work, CancellationToken cancellationToken)
    {
        var nothing = new RecordWrite(CsmEntity.Customer, record.IdentityKey, before?.CsmId ?? "", "");
        var hash = scope.Connection.ImportsCustomers ? record.ContentHash : record.Organization?.ContentHash;
        if (scope.Connection.ImportsCustomers && record.Customer is null) work.Skip(record.ShownAs, string.Join("; ", record.Problems));
        else if (record.Problems.Count > 0) work.Fail(record.ShownAs, "Would fail: " + string.Join("; ", record.Problems));
        else if (before is null && await HeldByDirectoryAsync(scope, record, cancellationToken) is { } held)
        {
            work.Updated(nothing);
            work.Note(EventLevel.Info, EventKind.RecordUpdated, record.ShownAs,
                "Already in the directory, would be linked to this connection: " + await ChangesAsync(scope, record, held, cancellationToken));
        }
        else if (before is null)
        {
            work.Created(nothing);
            work.Note(EventLevel.Info, EventKind.RecordCreated, record.ShownAs, "Would be created: " + Values(record));
        }
        else if (before.ContentHash == hash) work.Unchanged(nothing);
        else
        {
            work.Updated(nothing);
            work.Note(EventLevel.Info, EventKind.RecordUpdated, record.ShownAs, "Would change: " + await ChangesAsync(scope, record, before, cancellationToken));
        }
    }

    /// <summary>The directory's customer with the record's email, as a record the connection never wrote a value of; null when there is none.</summary>
    async Task<KnownRecord?> HeldByDirectoryAsync(RunScope scope, MappedRecord record, CancellationToken cancellationToken) =>
        scope.Connection.ImportsCustomers && record.Customer is { } customer && await jsm.FindCustomerAsync(scope.Destination, customer.Email, cancellationToken) is { } accountId
            ? new KnownRecord(accountId, ContentHash: "")
            : null;

    static string Values(MappedRecord record)
    {
        var values = new List<string>();
        if (record.Customer is { } customer) values.Add($"name {customer.DisplayName}");
        values.AddRange((record.Customer?.Details ?? record.Organization?.Details ?? new Dictionary<string, IReadOnlyList<string>>())
            .Select(d => $"{d.Key} {string.Join(", ", d.Value)}"));
        if (record.Organization is { } organization) values.Add($"organization {organization.Name}");
        return string.Join("; ", values) + ".";
    }

    /// <summary>Each value that would change, old (as the directory holds it now) → new.</summary>
    async Task<string> ChangesAsync(RunScope scope, MappedRecord record, KnownRecord before, CancellationToken cancellationToken)
    {
        if (record.Customer is not { } customer) return "its organization details.";
        var now = await csm.CustomerAsync(scope.Destination, before.CsmId, cancellationToken);
        var changes = new List<string>();
        if (now?.Name is { } name && name != customer.DisplayName) changes.Add($"Name: {name} → {customer.DisplayName}");
        foreach (var (field, values) in DetailDelta.Plan(customer.Details, before.FieldHashes, scope.Connection.MappedFields(CsmEntity.Customer)).Writes)
            changes.Add($"{field}: {Shown(now?.Details.GetValueOrDefault(field))} → {(values.Count == 0 ? "(cleared)" : string.Join(", ", values))}");
        if (record.Organization is { } organization && now is not null && !now.Organizations.Contains(organization.Name, StringComparer.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref organizationMoves);
            // An import adds members; it does not take them out of other organizations.
            changes.Add($"Added to organization {organization.Name} (now in {(now.Organizations.Count == 0 ? "none" : string.Join(", ", now.Organizations))})");
        }
        return changes.Count == 0 ? "its values as the source now has them." : string.Join("; ", changes) + ".";
    }

    static string Shown(IReadOnlyList<string>? values) => values is { Count: > 0 } ? string.Join(", ", values) : "(empty)";

    /// <summary>Lists the customers a Full Import would deactivate, and says what the whole preview found.</summary>
    public async Task<string> FinishAsync(RunScope scope, PageTally totals, CancellationToken cancellationToken)
    {
        var (connection, run) = (scope.Connection, scope.Run);
        var vanished = 0;
        if (connection.DeactivationPolicy != DeactivationPolicy.Ignore && connection.ImportsCustomers)
        {
            var what = connection.DeactivationPolicy == DeactivationPolicy.MarkInactive ? "Would be marked Inactive" : "Would be removed from its organizations";
            List<KnownCustomer> page;
            do
            {
                page = await ledger.PreviewVanishedAsync(connection.Id, run.Id, vanished, DeactivationPage, cancellationToken);
                await ledger.AppendEventsAsync(run.Id, page.Select(c => new RunEvent(EventLevel.Info, EventKind.Deactivated, c.IdentityKey, $"{what}: no longer in the source.")).ToList(), cancellationToken);
                vanished += page.Count;
            }
            while (page.Count == DeactivationPage);
        }
        return RunMessages.Preview(totals, organizationMoves, vanished, await ledger.CustomersInDirectoryAsync(connection.Id, cancellationToken), connection);
    }
}
