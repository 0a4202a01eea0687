using Connector.Web.Connect.Tenants;
using Connector.Web.Csm;

namespace Connector.Web.Connections;

public enum BuildOutcome
{
    Created,
    AlreadyPresent,
    TypeClash,
    Failed,
}

public sealed record BuildLine(CsmEntity Entity, string Field, CsmFieldType Type, BuildOutcome Outcome, string? Detail = null);

/// <summary>
/// Step 1, Build: creates the CSM detail fields the mapping needs and that do not exist yet.
/// Running it again creates nothing; a field that exists with another type is reported, never
/// deleted or changed, because other tools may depend on it.
/// </summary>
public sealed class FieldBuilder(CsmClient csm)
{
    public async Task<IReadOnlyList<BuildLine>> BuildAsync(Tenant tenant, CsmAccess access, Connection connection, CancellationToken cancellationToken)
    {
        var lines = new List<BuildLine>();
        foreach (var entity in new[] { CsmEntity.Customer, CsmEntity.Organization })
        {
            var needed = Needed(connection, entity);
            if (needed.Count == 0) continue;
            var existing = await csm.FieldsAsync(tenant, access, entity, cancellationToken);
            foreach (var field in needed)
            {
                var match = existing.FirstOrDefault(e => string.Equals(e.Name, field.Field, StringComparison.OrdinalIgnoreCase));
                if (match is not null)
                {
                    lines.Add(match.Type == field.Type
                        ? new BuildLine(entity, field.Field, field.Type, BuildOutcome.AlreadyPresent)
                        : new BuildLine(entity, field.Field, field.Type, BuildOutcome.TypeClash,
                            $"It already exists as {match.Type}. Change the mapping's type to {match.Type}, or rename the field in the mapping."));
                    continue;
                }
                var problem = await csm.CreateFieldAsync(tenant, access, field, cancellationToken);
                lines.Add(new BuildLine(entity, field.Field, field.Type, problem is null ? BuildOutcome.Created : BuildOutcome.Failed, problem));
            }
        }
        return lines;
    }

    static List<DetailMapping> Needed(Connection connection, CsmEntity entity)
    {
        var wanted = entity == CsmEntity.Customer ? connection.ImportsCustomers : connection.ImportsOrganizations;
        if (!wanted) return [];
        var fields = connection.Mapping.Details.Where(d => d.Entity == entity).DistinctBy(d => d.Field.ToLowerInvariant()).ToList();
        if (entity == CsmEntity.Customer && connection.DeactivationPolicy == DeactivationPolicy.MarkInactive
            && !fields.Any(f => string.Equals(f.Field, FieldMapping.StatusField, StringComparison.OrdinalIgnoreCase)))
            fields.Add(new DetailMapping(CsmEntity.Customer, FieldMapping.StatusField, CsmFieldType.TEXT, ""));
        return fields;
    }
}
