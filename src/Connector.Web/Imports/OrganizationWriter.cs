using Connector.Web.Connections;
using Connector.Web.Csm;

namespace Connector.Web.Imports;

/// <summary>Creates (or finds) each organization of a page once, and sets its details when they changed.</summary>
public sealed class OrganizationWriter(CsmClient csm, JsmClient jsm)
{
    /// <returns>The CSM id of each organization the page refers to, by its identity key.</returns>
    public async Task<Dictionary<string, string>> EnsureAsync(RunScope scope, IReadOnlyList<MappedOrganization> organizations,
        Dictionary<RecordKey, KnownRecord> known, PageWork work, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        if (scope.Organizations is null) return ids;
        foreach (var organization in organizations)
        {
            var hash = organization.ContentHash;
            var before = known.GetValueOrDefault(new RecordKey(CsmEntity.Organization, organization.IdentityKey));
            if (before?.ContentHash == hash)
            {
                ids[organization.IdentityKey] = before.CsmId;
                if (!scope.Connection.ImportsCustomers)
                    work.Unchanged(new RecordWrite(CsmEntity.Organization, organization.IdentityKey, before.CsmId, hash, before.FieldHashes), organization.Name);
                continue;
            }
            if (await WriteAsync(scope, organization, before, work, cancellationToken) is { } id) ids[organization.IdentityKey] = id;
        }
        return ids;
    }

    async Task<string?> WriteAsync(RunScope scope, MappedOrganization organization, KnownRecord? before, PageWork work, CancellationToken cancellationToken)
    {
        var (id, created) = (before?.CsmId ?? scope.Organizations!.GetValueOrDefault(organization.Name), false);
        if (id is null)
        {
            var (newId, refusal) = await jsm.CreateOrganizationAsync(scope.Destination, organization.Name, cancellationToken);
            if (newId is null)
            {
                work.Fail(organization.Name, $"The organization could not be created: {refusal}");
                return null;
            }
            (id, created) = (newId, true);
            scope.Organizations![organization.Name] = id;
        }
        // An organization found by name (created by someone else) gets every value once; one we wrote, only what changed.
        var delta = DetailDelta.Plan(organization.Details, before?.FieldHashes, scope.Connection.MappedFields(CsmEntity.Organization));
        var refusals = scope.Connection.ImportsOrganizations
            ? await csm.SetDetailsAsync(scope.Destination, CsmEntity.Organization, id, delta.Writes, cancellationToken)
            : [];
        var hashes = scope.Connection.ImportsOrganizations ? delta.HashesAfter(refusals) : null;
        Record(scope.Connection, work, new RecordWrite(CsmEntity.Organization, organization.IdentityKey, id, refusals.Count == 0 ? organization.ContentHash : "", hashes),
            organization.Name, created, refusals);
        return id;
    }

    /// <summary>An organization counts as a record of its own only in an organization-only import.</summary>
    static void Record(Connection connection, PageWork work, RecordWrite write, string name, bool created, List<CsmRefusal> refusals)
    {
        if (refusals.Count > 0) work.Fail(name, $"Organization: {string.Join("; ", refusals)}", write);
        else if (connection.ImportsCustomers) work.Touched(write);
        else if (created) work.Created(write, name);
        else work.Updated(write, name);
    }
}
