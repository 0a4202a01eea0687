using Connector.Web.Csm;

namespace Connector.Web.Connections;

public enum BuildOutcome
{
    Created,
    AlreadyPresent,
    TypeClash,
    Failed,
}

/// <summary>What Build did with one field. For a clash, <see cref="Existing"/> is the type CSM already has.</summary>
public sealed record BuildLine(CsmField Field, BuildOutcome Outcome, CsmFieldType? Existing = null, CsmRefusal? Refusal = null);

/// <summary>
/// Step 1, Build: creates the CSM detail fields the mapping needs and that do not exist yet.
/// Running it again creates nothing; a field that exists with another type is reported, never
/// deleted or changed, because other tools may depend on it. When every field is there afterwards, the
/// connection remembers that Build is done for its current mapping (steps 2 and 3 open up).
/// </summary>
public sealed class FieldBuilder(CsmClient csm, ConnectionStore connections)
{
    public async Task<IReadOnlyList<BuildLine>> BuildAsync(CsmDestination destination, Connection connection, CancellationToken cancellationToken)
    {
        var lines = new List<BuildLine>();
        foreach (var entity in Enum.GetValues<CsmEntity>())
        {
            var needed = connection.RequiredFields(entity);
            if (needed.Count == 0) continue;
            var existing = await csm.FieldsAsync(destination, entity, cancellationToken);
            foreach (var field in needed)
                lines.Add(await BuildAsync(destination, field, existing, cancellationToken));
        }
        if (lines.All(line => line.Outcome is BuildOutcome.Created or BuildOutcome.AlreadyPresent))
            await connections.MarkBuiltAsync(connection, cancellationToken);
        return lines;
    }

    async Task<BuildLine> BuildAsync(CsmDestination destination, CsmField field, IReadOnlyList<CsmField> existing, CancellationToken cancellationToken)
    {
        if (existing.FirstOrDefault(e => string.Equals(e.Name, field.Name, StringComparison.OrdinalIgnoreCase)) is { } match)
            return match.Type == field.Type ? new BuildLine(field, BuildOutcome.AlreadyPresent) : new BuildLine(field, BuildOutcome.TypeClash, match.Type);
        var refusal = await csm.CreateFieldAsync(destination, field, cancellationToken);
        return refusal is null ? new BuildLine(field, BuildOutcome.Created) : new BuildLine(field, BuildOutcome.Failed, Refusal: refusal);
    }

    /// <summary>The fields the connection needs that CSM does not have yet (an import stops before writing when there are any).</summary>
    public async Task<IReadOnlyList<string>> MissingAsync(CsmDestination destination, Connection connection, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var entity in Enum.GetValues<CsmEntity>())
        {
            var needed = connection.RequiredFields(entity);
            if (needed.Count == 0) continue;
            var existing = (await csm.FieldsAsync(destination, entity, cancellationToken)).Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            missing.AddRange(needed.Select(f => f.Name).Where(name => !existing.Contains(name)));
        }
        return missing;
    }
}
