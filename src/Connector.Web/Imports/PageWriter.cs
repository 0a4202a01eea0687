using System.Collections.Concurrent;
using Connector.Web.Connections;
using Connector.Web.Csm;

namespace Connector.Web.Imports;

/// <summary>
/// Writes one page of mapped records to the customer directory: its organizations once each, then the
/// customers that changed (in parallel), then the page's memberships in one call per organization.
/// Records whose content hash equals the last import's cost no write at all.
/// </summary>
public sealed class PageWriter(CsmClient csm, JsmClient jsm, RunLedger ledger, OrganizationWriter organizations)
{
    const int Parallelism = 8;

    public async Task WriteAsync(RunScope scope, IReadOnlyList<MappedRecord> mapped, PageWork work, CancellationToken cancellationToken)
    {
        var connection = scope.Connection;
        // Organization-only imports meet the same company on many rows, and write it once (below).
        var unique = connection.ImportsCustomers ? FirstOfEachIdentity(mapped, work) : mapped;
        var pageOrganizations = scope.Organizations is null ? [] : OrganizationsOf(connection, unique);
        var known = await ledger.KnownAsync(connection.Id,
            pageOrganizations.Select(o => new RecordKey(CsmEntity.Organization, o.IdentityKey)).Concat(CustomerKeys(connection, unique)).Distinct().ToList(),
            cancellationToken);
        var organizationIds = await organizations.EnsureAsync(scope, pageOrganizations, known, work, cancellationToken);
        if (!connection.ImportsCustomers)
        {
            foreach (var record in unique.Where(r => r.Organization is null)) work.Fail(record.ShownAs, string.Join("; ", record.Problems));
            return;
        }
        var changed = Settle(unique, known, work);
        var memberships = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        await Parallel.ForEachAsync(changed, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (item, ct) => await WriteCustomerAsync(scope, item, organizationIds, memberships, work, ct));
        await AddMembersAsync(scope, memberships, work, cancellationToken);
    }

    /// <summary>A source that lists someone twice on one page: the first is imported, the others are skipped and said so.</summary>
    internal static List<MappedRecord> FirstOfEachIdentity(IReadOnlyList<MappedRecord> mapped, PageWork work)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<MappedRecord>(mapped.Count);
        foreach (var record in mapped)
        {
            if (seen.Add(record.IdentityKey)) unique.Add(record);
            else work.Skip(record.ShownAs, "Appears more than once in the source; only the first was imported.");
        }
        return unique;
    }

    static IEnumerable<RecordKey> CustomerKeys(Connection connection, IEnumerable<MappedRecord> mapped) => connection.ImportsCustomers
        ? mapped.Where(m => m.Customer is not null).Select(m => new RecordKey(CsmEntity.Customer, m.IdentityKey))
        : [];

    /// <summary>The page's organizations, once each (an organization-only import keeps those whose customer part has problems).</summary>
    static List<MappedOrganization> OrganizationsOf(Connection connection, IReadOnlyList<MappedRecord> mapped) =>
        mapped.Where(m => m.Organization is not null && (m.Problems.Count == 0 || !connection.ImportsCustomers))
            .Select(m => m.Organization!).DistinctBy(o => o.IdentityKey).ToList();

    /// <summary>Settles what needs no write here; returns the customers to write.</summary>
    static List<CustomerChange> Settle(IEnumerable<MappedRecord> mapped, Dictionary<RecordKey, KnownRecord> known, PageWork work)
    {
        var changed = new List<CustomerChange>();
        foreach (var record in mapped)
        {
            if (record.Customer is not { } customer) work.Skip(record.ShownAs, string.Join("; ", record.Problems));
            else if (record.Problems.Count > 0) work.Fail(record.ShownAs, string.Join("; ", record.Problems));
            else if (known.GetValueOrDefault(new RecordKey(CsmEntity.Customer, record.IdentityKey)) is { } before && before.ContentHash == record.ContentHash)
                work.Unchanged(new RecordWrite(CsmEntity.Customer, record.IdentityKey, before.CsmId, before.ContentHash, before.FieldHashes));
            else changed.Add(new CustomerChange(record, customer, known.GetValueOrDefault(new RecordKey(CsmEntity.Customer, record.IdentityKey))));
        }
        return changed;
    }

    sealed record CustomerChange(MappedRecord Record, MappedCustomer Customer, KnownRecord? Before);

    async Task WriteCustomerAsync(RunScope scope, CustomerChange change, IReadOnlyDictionary<string, string> organizationIds,
        ConcurrentDictionary<string, ConcurrentBag<string>> memberships, PageWork work, CancellationToken cancellationToken)
    {
        var (record, customer, before) = change;
        var outcome = before is null
            ? await jsm.EnsureCustomerAsync(scope.Destination, customer.Email, customer.DisplayName, cancellationToken)
            : new CustomerOutcome(before.CsmId, false, null);
        if (outcome.Id is not { } id)
        {
            work.Fail(record.ShownAs, $"the customer could not be created ({outcome.Refusal})");
            return;
        }
        // A customer found rather than created (written by someone else) gets every value once; one we wrote, only what changed.
        var delta = DetailDelta.Plan(customer.Details, before?.FieldHashes, scope.Connection.MappedFields(CsmEntity.Customer));
        var refusals = await csm.SetDetailsAsync(scope.Destination, CsmEntity.Customer, id, delta.Writes, cancellationToken);
        if (record.Organization is { } organization && organizationIds.TryGetValue(organization.IdentityKey, out var organizationId))
            memberships.GetOrAdd(organizationId, _ => []).Add(id);

        // A record with a refused value keeps an empty hash, so the next run tries it again.
        var write = new RecordWrite(CsmEntity.Customer, record.IdentityKey, id, refusals.Count == 0 ? record.ContentHash : "",
            delta.HashesAfter(refusals));
        if (refusals.Count > 0) work.Fail(record.ShownAs, string.Join("; ", refusals), write);
        else if (outcome.Created) work.Created(write);
        else work.Updated(write);
    }

    async Task AddMembersAsync(RunScope scope, ConcurrentDictionary<string, ConcurrentBag<string>> memberships, PageWork work,
        CancellationToken cancellationToken)
    {
        foreach (var (organizationId, members) in memberships)
            if (await jsm.SetMembersAsync(scope.Destination, organizationId, members.Distinct().ToList(), add: true, cancellationToken) is { } refusal)
                work.Note(EventLevel.Warning, EventKind.MembershipFailed, scope.OrganizationName(organizationId),
                    $"Customers could not be added to the organization: {refusal}");
    }
}
